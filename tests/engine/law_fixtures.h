// law_fixtures.h — what the tests of nursing care funding, fees below the usual rate, the
// property disregard after a relative leaves, joint and notional capital, deferred payments and
// councils' charging options share: England's shipped rules with the figures these rules need
// added in code (the shipped england/2025-04 has none of them), each the published figure.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "support/test_support.h"

namespace caremeter::law_test {

inline Date D(const char* s) { return *parse_date(s); }
inline Money M(const char* s) { return *parse_money(s); }

// One dated value; `to` nullptr for open-ended. `stored` in the parameter's unit (pence,
// hundredths of a percent, 0/1).
inline DatedValue dated(const char* from, const char* to, int64_t stored, const char* source) {
  return DatedValue{DateRange{D(from), to ? D(to) : Date::max()}, stored, source, SourceStatus::kConfirmed, ""};
}
inline int64_t pence(const char* money) { return M(money).in_pence(); }

// England's rules with FNC, the deferred payment interest maxima and allowance, and DWP's
// disability benefit rates, as published (the sources are those of the 2026 rule version).
inline RuleSet england_with_new_figures() {
  RuleSet r = test_support::england_rules();
  auto set = [&](Param p, std::vector<DatedValue> v) { r.params[static_cast<std::size_t>(p)] = Timeline(std::move(v)); };
  const char* fnc = "DHSC NHS-funded nursing care rate announcements";
  // Standard and higher rates from 1 April of each year from 2017.
  const char* const standard[] = {"155.05", "158.16", "180.31", "183.92", "187.60",
                                  "209.19", "219.71", "235.88", "254.06", "267.68"};
  const char* const higher[] = {"213.32", "217.59", "248.06", "253.02", "258.08",
                                "287.78", "302.25", "324.50", "349.50", "368.24"};
  std::vector<DatedValue> standard_rates, higher_rates;
  for (int i = 0; i < 10; ++i) {
    const std::string from = std::to_string(2017 + i) + "-04-01", to = std::to_string(2018 + i) + "-03-31";
    standard_rates.push_back(dated(from.c_str(), to.c_str(), pence(standard[i]), fnc));
    higher_rates.push_back(dated(from.c_str(), to.c_str(), pence(higher[i]), fnc));
  }
  set(Param::kFncStandardRate, standard_rates);
  set(Param::kFncHigherRate, higher_rates);
  // The national maximum for each half-year from 2018 H1 to 2025 H1, in hundredths of a percent.
  const char* dpa = "SI 2014/2671 reg 9: OBR gilt rate + 0.15%, as quoted by councils";
  const int64_t maxima[] = {145, 185, 165, 165, 145, 105, 45, 75, 95, 155, 318, 343, 465, 405, 425};
  std::vector<DatedValue> maximum_rates;
  for (int i = 0; i < 15; ++i) {
    const std::string y = std::to_string(2018 + i / 2);
    maximum_rates.push_back(i % 2 == 0 ? dated((y + "-01-01").c_str(), (y + "-06-30").c_str(), maxima[i], dpa)
                               : dated((y + "-07-01").c_str(), (y + "-12-31").c_str(), maxima[i], dpa));
  }
  set(Param::kDeferredPaymentMaximumInterestRate, maximum_rates);
  set(Param::kDeferredPaymentDisposableIncomeAllowance,
      {dated("2015-04-01", nullptr, pence("144.00"), "SI 2014/2671: up to £144 a week")});
  const char* dwp = "DWP benefit and pension rates";
  auto rates = [&](Param p, const char* a, const char* b, const char* c) {
    set(p, {dated("2024-04-08", "2025-04-06", pence(a), dwp), dated("2025-04-07", "2026-04-05", pence(b), dwp),
            dated("2026-04-06", "2027-04-05", pence(c), dwp)});
  };
  rates(Param::kAttendanceAllowanceHigher, "108.55", "110.40", "114.60");
  rates(Param::kAttendanceAllowanceLower, "72.65", "73.90", "76.70");
  rates(Param::kDlaCareHighest, "108.55", "110.40", "114.60");
  rates(Param::kDlaCareMiddle, "72.65", "73.90", "76.70");
  rates(Param::kPipDailyLivingEnhanced, "108.55", "110.40", "114.60");
  rates(Param::kPipDailyLivingStandard, "72.65", "73.90", "76.70");
  return r;
}

// A council option set from a date in a copy of the rules (illustrative: no real council's).
inline void set_council_option(RuleSet& r, const std::string& council, CouncilParam p, const char* from,
                               int64_t stored) {
  r.councils.at(council).params[static_cast<std::size_t>(p)] =
      Timeline({dated(from, nullptr, stored, "set by the test")});
}

inline const Scenario& named(const RuleSet& r, const char* name) {
  const Scenario* s = r.scenario(name);
  EXPECT_NE(s, nullptr) << name;
  return *s;
}

inline AccountResult run(const Person& p, const RuleSet& rules, const char* scenario, const char* as_of,
                         CalculationRequest req = {}) {
  req.as_of = D(as_of);
  // The law's figures are worked by hand with the last known charging figures held past
  // 5 April 2026 (what is tested here is not what is published).
  req.unpublished = Unpublished::kCarryForward;
  auto r = calculate(p, rules, named(rules, scenario), req);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? *r : AccountResult{};
}

inline const Period* period_on(const AccountResult& r, const char* on) {
  for (const Period& p : r.periods) {
    if (p.range.contains(D(on))) return &p;
  }
  return nullptr;
}

// A single pensioner (born 1940, state pension £200 a week, no other capital unless given) in a
// permanent care-home place from `from` with B given.
inline Person resident(const char* from, const char* savings, const char* budget, ArrangedBy by,
                       CareHomeCategory category = CareHomeCategory::kResidential) {
  Person p;
  p.id = "L-1";
  p.birth_date = D("1940-07-01");
  p.needs.push_back(NeedsRecord{DateRange{D(from)}, "example-shire", "/needs/0"});
  CareRecord c;
  c.range = DateRange{D(from)};
  c.setting = Setting::kCareHome;
  c.category = category;
  c.stay = Stay::kPermanent;
  c.arranged_by = by;
  c.personal_budget = M(budget);
  c.pointer = "/care/0";
  p.care.push_back(c);
  FinancesRecord f;
  f.range = DateRange{D(from)};
  f.savings = M(savings);
  f.income.push_back(IncomeItem{IncomeType::kStatePension, M("200.00"), "/finances/0/income/0"});
  f.pointer = "/finances/0";
  p.finances.push_back(f);
  return p;
}

}  // namespace caremeter::law_test
