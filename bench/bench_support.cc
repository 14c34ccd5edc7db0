// bench_support.cc — rules and people for the benchmarks.
#include "bench_support.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include "platform/env.h"
#include "platform/rules_dir.h"

namespace caremeter::bench {

// The shipped rules as the program loads them (platform/rules_dir.h: national versions and
// every council's versions), the latest national version. $CAREMETER_RULES, as for the program,
// names another rules directory: the same code timed on another release's rule data (an older
// release's figures, arranged as this one reads them, cut a person's history at fewer days).
const RuleSet& england_rules() {
  static const RuleSet* rules = [] {
    const char* other = std::getenv("CAREMETER_RULES");
    std::string dir = other != nullptr && *other != '\0' ? other : std::string(CAREMETER_SOURCE_DIR) + "/rules";
    RuleLoadReport report = load_rules_dir(*Env::posix(), dir);
    if (!report.errors.empty() || report.rule_sets.empty()) {
      std::fprintf(stderr, "rules failed to load from %s\n", dir.c_str());
      std::abort();
    }
    return new RuleSet(report.rule_sets.back());
  }();
  return *rules;
}

Person person_with_changes(int years, int changes) {
  Person p;
  p.id = "BENCH";
  p.birth_date = Date::from_ymd(1941, 3, 14);
  Date start = Date::from_ymd(2021, 4, 5);
  p.needs.push_back(NeedsRecord{DateRange{start}, "example-shire", "/needs/0"});
  int64_t span = (Date::from_ymd(2021 + years, 4, 4) - start).count() + 1;
  int records = std::max(1, changes);
  for (int i = 0; i < records; ++i) {
    CareRecord c;
    Date first = start + Days(span * i / records);
    Date last = i + 1 < records ? start + Days(span * (i + 1) / records - 1) : Date::max();
    c.range = DateRange{first, last};
    c.setting = i % 2 == 0 ? Setting::kCareHome : Setting::kHomeCare;
    c.category = CareHomeCategory::kResidential;
    c.stay = Stay::kPermanent;
    c.arranged_by = ArrangedBy::kCouncil;
    c.personal_budget = Money::pence(80000 + 1000 * i);
    c.pointer = "/care/" + std::to_string(i);
    p.care.push_back(c);
    if (i % 2 == 0) {
      FinancesRecord f;
      f.range = DateRange{first};
      f.savings = Money::pounds(18000 + 100 * i);
      f.income.push_back(IncomeItem{IncomeType::kStatePension, Money::pence(22120), ""});
      f.income.push_back(IncomeItem{IncomeType::kPrivatePension, Money::pence(8000), ""});
      f.pointer = "/finances/" + std::to_string(i / 2);
      p.finances.push_back(f);
    }
  }
  if (!normalise_person(p).ok()) std::abort();
  return p;
}

}  // namespace caremeter::bench
