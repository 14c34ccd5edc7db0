// prepared_scenario.cc — a scenario laid over a rule set once: reform values placed at the
// reform start, overrides applied, and the dates on which any rule changes.
#include "caremeter/calc/prepared_scenario.h"

#include <algorithm>

namespace caremeter {
namespace {

void add_changes(const Timeline& t, std::vector<Date>& out) {
  for (const DatedValue& v : t.values()) {
    out.push_back(v.range.first);
    if (!v.range.open()) out.push_back(v.range.last.next());
  }
}

void sort_unique(std::vector<Date>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// A plain reform value (one entry, no dates of its own) applies from this scenario's reform
// start; under current law it never applies.
Timeline placed_at_reform_start(const Timeline& source, const std::optional<Date>& reform_start) {
  if (!reform_start || source.values().empty()) return Timeline();
  DatedValue v = source.values().front();
  v.range = DateRange{*reform_start, Date::max()};
  return Timeline({v});
}

}  // namespace

bool PreparedScenario::concerns_only_some_people(Param p) {
  switch (p) {
    case Param::kFncStandardRate:
    case Param::kFncHigherRate:
    case Param::kDeferredPaymentDisposableIncomeAllowance:
    case Param::kDeferredPaymentMaximumInterestRate:
    case Param::kAttendanceAllowanceHigher:
    case Param::kAttendanceAllowanceLower:
    case Param::kDlaCareHighest:
    case Param::kDlaCareMiddle:
    case Param::kPipDailyLivingEnhanced:
    case Param::kPipDailyLivingStandard:
      return true;
    default:
      return false;
  }
}

Result<PreparedScenario> PreparedScenario::prepare(const RuleSet& rules, const Scenario& scenario) {
  PreparedScenario p;
  p.rules_ = &rules;
  p.scenario_ = scenario;
  for (std::size_t i = 0; i < kParamCount; ++i) {
    Param param = static_cast<Param>(i);
    auto over = scenario.overrides.find(param);
    const Timeline& source = over != scenario.overrides.end() ? over->second : rules[param];
    p.params_[i] = source.from_reform_start() ? placed_at_reform_start(source, scenario.reform_start) : source;
    if (concerns_only_some_people(param)) {
      add_changes(p.params_[i], p.param_changes_[i]);
      sort_unique(p.param_changes_[i]);
    } else {
      add_changes(p.params_[i], p.national_changes_);
    }
  }
  sort_unique(p.national_changes_);
  for (const auto& [id, council] : rules.councils) {
    std::vector<Date>& changes = p.council_changes_[id];
    for (const Timeline& t : council.params) add_changes(t, changes);
    sort_unique(changes);
  }
  return p;
}

const std::vector<Date>& PreparedScenario::council_changes(const std::string& council) const {
  static const std::vector<Date> kNone;  // immutable, so sharing it between threads is safe
  auto it = council_changes_.find(council);
  return it == council_changes_.end() ? kNone : it->second;
}

}  // namespace caremeter
