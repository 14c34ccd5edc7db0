// calculate_property_test.cc — invariants over many generated people (issue: the engine).
//
//  * every day, what the person pays + what the council pays = B + the person's own top-up
//    (a third party pays a council-arranged top-up);
//  * the accrued total never decreases and never exceeds the cap;
//  * splitting the period at any date gives the same totals, exactly;
//  * the same input gives byte-identical output.
#include <gtest/gtest.h>

#include <random>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::england_rules;

// A small deterministic generator of plausible people (not the county generator: this one
// aims at edge cases — short stays, gaps, moves between settings, deaths, NHS spells).
class PersonGen {
 public:
  explicit PersonGen(uint64_t seed) : rng_(seed) {}

  Person next(int n) {
    Person p;
    p.id = "G-" + std::to_string(n);
    p.birth_date = Date::from_ymd(1925 + pick(0, 40), 1 + pick(0, 11), 1 + pick(0, 27));
    p.household.type = pick(0, 9) == 0 ? HouseholdType::kCouple : HouseholdType::kSingle;
    Date d = Date::from_ymd(2019 + pick(0, 6), 1 + pick(0, 11), 1 + pick(0, 27));
    p.needs.push_back(NeedsRecord{DateRange{d}, "example-shire", "/needs/0"});
    FinancesRecord f;
    f.range = DateRange{d};
    f.savings = Money::pounds(pick(0, 4) == 0 ? pick(100000, 400000) : pick(0, 60000));
    if (pick(0, 1) == 0) f.home = Home{Money::pounds(pick(80000, 400000)), Money::pounds(pick(0, 50000)), pick(0, 9) == 0};
    f.income.push_back(IncomeItem{IncomeType::kStatePension, Money::pence(pick(15000, 23000)), "/finances/0/income/0"});
    if (pick(0, 1)) f.income.push_back(IncomeItem{IncomeType::kPrivatePension, Money::pence(pick(0, 30000)), "/finances/0/income/1"});
    f.housing_costs = Money::pence(pick(0, 3000));
    f.pointer = "/finances/0";
    p.finances.push_back(f);
    int records = pick(1, 5);
    for (int i = 0; i < records; ++i) {
      CareRecord c;
      int len = pick(1, 900);
      c.range = DateRange{d, d + Days(len - 1)};
      bool home = pick(0, 2) != 0;
      c.setting = home ? Setting::kCareHome : Setting::kHomeCare;
      c.category = pick(0, 1) ? CareHomeCategory::kResidential : CareHomeCategory::kNursing;
      c.stay = pick(0, 5) == 0 ? Stay::kTemporary : Stay::kPermanent;
      c.arranged_by = pick(0, 2) == 0 ? ArrangedBy::kSelf : ArrangedBy::kCouncil;
      Money b = home ? Money::pence(pick(60000, 140000)) : Money::pence(pick(5000, 60000));
      c.personal_budget = b;
      if (pick(0, 2) == 0) c.weekly_fee = b + Money::pence(pick(0, 50000));
      c.pointer = "/care/" + std::to_string(i);
      p.care.push_back(c);
      d = c.range.last + Days(pick(1, 3) == 1 ? 1 : pick(1, 120));
    }
    p.care.back().range.last = pick(0, 1) ? Date::max() : p.care.back().range.last;
    if (pick(0, 3) == 0) {
      Date x = p.care.front().range.first + Days(pick(0, 600));
      p.exclusions.push_back(Exclusion{DateRange{x, x + Days(pick(0, 60))}, ExclusionReason::kNhsContinuingHealthcare, "/exclusions/0"});
    }
    if (pick(0, 3) == 0) p.death_date = p.care.front().range.first + Days(pick(30, 3000));
    return p;
  }

 private:
  int pick(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<uint64_t>(hi - lo + 1)); }
  std::mt19937_64 rng_;
};

const char* kScenarios[] = {"current-law", "reform-2023-10", "reform-2025-10"};

TEST(EngineProperties, PaymentsAddUpAccrualIsMonotoneAndBoundedSplitsAgree) {
  const RuleSet& rules = england_rules();
  PersonGen gen(20261123);
  int checked = 0;
  for (int n = 0; n < 300; ++n) {
    Person p = gen.next(n);
    ASSERT_TRUE(normalise_person(p).ok());
    for (const char* name : kScenarios) {
      const Scenario& sc = *rules.scenario(name);
      for (CapitalMode mode : {CapitalMode::kAssessed, CapitalMode::kSpendDown}) {
        CalculationRequest req;
        req.as_of = Date::from_ymd(2031, 3, 31);
        req.capital = mode;
        auto r = calculate(p, rules, sc, req);
        ASSERT_TRUE(r.ok()) << p.id << " " << name << ": " << r.error().to_string();
        Exact last_accrued;
        for (const Period& period : r->periods) {
          const CareRecord* care = nullptr;
          for (const CareRecord& c : p.care) {
            if (c.range.contains(period.range.first)) care = &c;
          }
          ASSERT_NE(care, nullptr);
          Money own_top_up = care->arranged_by == ArrangedBy::kSelf ? period.weekly.top_up : Money::zero();
          EXPECT_EQ(period.weekly.person_pays + period.weekly.council_pays, period.weekly.personal_budget + own_top_up)
              << p.id << " " << name << " " << to_string(period.range.first);
          Exact own_top_ups = care->arranged_by == ArrangedBy::kSelf ? period.amount.top_up : Exact::zero();
          EXPECT_EQ(period.amount.person_pays + period.amount.council_pays, period.amount.personal_budget + own_top_ups);
          EXPECT_GE(period.weekly.council_pays, Money::zero());
          EXPECT_GE(period.weekly.person_pays, Money::zero());
          EXPECT_GE(period.accrued_at_end, last_accrued) << p.id << " " << name;
          if (r->account.cap) {
            EXPECT_LE(period.accrued_at_end, Exact::from(*r->account.cap));
          }
          last_accrued = period.accrued_at_end;
        }
        if (r->account.cap) {
          EXPECT_LE(r->account.accrued, Exact::from(*r->account.cap));
        }
        ++checked;

        // Splitting the window anywhere gives the same totals, to the seventh of a penny.
        Date first = p.care.front().range.first;
        Date last = Date::from_ymd(2030, 12, 31);
        Date mid = first + Days((last - first).count() * (n % 7 + 1) / 8);
        CalculationRequest whole = req, left = req, right = req;
        whole.from = first;
        whole.to = last;
        left.from = first;
        left.to = mid;
        right.from = mid.next();
        right.to = last;
        auto a = calculate(p, rules, sc, whole), b = calculate(p, rules, sc, left), c = calculate(p, rules, sc, right);
        ASSERT_TRUE(a.ok() && b.ok() && c.ok());
        EXPECT_EQ(a->totals.person_paid, b->totals.person_paid + c->totals.person_paid) << p.id << " " << name;
        EXPECT_EQ(a->totals.council_paid, b->totals.council_paid + c->totals.council_paid) << p.id << " " << name;
        EXPECT_EQ(a->totals.top_ups, b->totals.top_ups + c->totals.top_ups) << p.id << " " << name;
      }
    }
  }
  EXPECT_EQ(checked, 300 * 3 * 2);
}

TEST(EngineProperties, SameInputSameBytes) {
  const RuleSet& rules = england_rules();
  PersonGen gen(7);
  for (int n = 0; n < 50; ++n) {
    Person p = gen.next(n);
    ASSERT_TRUE(normalise_person(p).ok());
    CalculationRequest req;
    req.as_of = Date::from_ymd(2029, 3, 31);
    req.explain = n % 2 == 0;
    auto a = calculate(p, rules, *rules.scenario("reform-2025-10"), req);
    Person copy = p;
    auto b = calculate(copy, rules, *rules.scenario("reform-2025-10"), req);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(account_result_to_json(*a), account_result_to_json(*b));
  }
}

TEST(EngineProperties, TenYearsCostAboutWhatOneYearDoes) {
  // Cost follows changes, not days: the number of stretches, not the horizon, sets the work.
  const RuleSet& rules = england_rules();
  PersonGen gen(99);
  Person p = gen.next(1);
  p.death_date.reset();
  ASSERT_TRUE(normalise_person(p).ok());
  CalculationRequest near, far;
  near.as_of = Date::from_ymd(2031, 3, 31);
  far.as_of = Date::from_ymd(2051, 3, 31);
  auto a = calculate(p, rules, *rules.scenario("current-law"), near);
  auto b = calculate(p, rules, *rules.scenario("current-law"), far);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LE(b->periods.size(), a->periods.size() + 4);
}

}  // namespace
}  // namespace caremeter
