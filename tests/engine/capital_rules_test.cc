// capital_rules_test.cc — the home after a qualifying relative leaves (SI 2014/2672 Sch 2; Care
// and Support Statutory Guidance Annex B), jointly held capital (reg 24), notional capital and
// the diminishing notional capital rule (regs 22–23; Annex E), and half of a pension paid to a
// spouse (Sch 1; Annex C). Expected figures are worked by hand in comments.
#include <gtest/gtest.h>

#include "law_fixtures.h"

namespace caremeter {
namespace {

using namespace law_test;

// PEA: £30.15 from 2024-04-08, £30.65 from 2025-04-07 (the shipped england/2025-04).
// Limits: £23,250 / £14,250; tariff £1 a week per £250 or part.

// A permanent resident from 2024-05-01 (council-arranged, B £700, savings £5,000, pension £200)
// whose £200,000 home a qualifying relative lives in; from 2025-01-06 (a new finances record)
// the relative no longer does, for `why`.
Person relative_leaves(RelativeLeftReason why, bool lived_there_before) {
  Person p = resident("2024-05-01", "5000.00", "700.00", ArrangedBy::kCouncil);
  p.finances[0].range.last = D("2025-01-05");
  p.finances[0].has_explicit_to = true;
  p.finances[0].home = Home{M("200000.00"), M("0.00"), true};
  FinancesRecord after = p.finances[0];
  after.range = DateRange{D("2025-01-06")};
  after.has_explicit_to = false;
  after.home->qualifying_relative_lives_there = false;
  after.home->relative_left_reason = why;
  after.home->relative_lived_there_before_admission = lived_there_before;
  after.pointer = "/finances/1";
  p.finances.push_back(after);
  return p;
}

// While the home is disregarded: A = 200 − 30.15 = 169.85 (savings below the lower limit).
// Counted: £205,000 is above the upper limit, A = B = 700.
// A fresh 12 weeks from 2025-01-06 is 84 days, to 2025-03-30 (Jan 6 + 83 days: 25 to Jan 31,
// 28 in February, 30 in March).

void expect_fresh_twelve_weeks(const AccountResult& r) {
  const Period* fresh = period_on(r, "2025-01-06");
  ASSERT_NE(fresh, nullptr);
  EXPECT_EQ(fresh->range.last, D("2025-03-30"));
  EXPECT_EQ(fresh->weekly.assessed_charge, M("169.85"));
  const Period* counted = period_on(r, "2025-03-31");
  ASSERT_NE(counted, nullptr);
  EXPECT_EQ(counted->range.first, D("2025-03-31"));
  EXPECT_EQ(counted->weekly.assessed_charge, M("700.00"));
}

void expect_counted_at_once(const AccountResult& r) {
  EXPECT_EQ(period_on(r, "2025-01-05")->weekly.assessed_charge, M("169.85"));
  const Period* counted = period_on(r, "2025-01-06");
  ASSERT_NE(counted, nullptr);
  EXPECT_EQ(counted->range.first, D("2025-01-06"));
  EXPECT_EQ(counted->weekly.assessed_charge, M("700.00"));
}

TEST(RelativeLeft, DiedHavingLivedThereBeforeTheAdmissionGivesAFreshTwelveWeeks) {
  RuleSet rules = england_with_new_figures();
  expect_fresh_twelve_weeks(run(relative_leaves(RelativeLeftReason::kDied, true), rules, "current-law", "2025-05-31"));
}

TEST(RelativeLeft, MovedIntoACareHomeGivesAFreshTwelveWeeks) {
  RuleSet rules = england_with_new_figures();
  expect_fresh_twelve_weeks(
      run(relative_leaves(RelativeLeftReason::kMovedToCareHome, true), rules, "current-law", "2025-05-31"));
}

TEST(RelativeLeft, AnotherReasonCountsTheHomeAtOnceUnlessTheCouncilUsesItsDiscretion) {
  RuleSet rules = england_with_new_figures();
  Person p = relative_leaves(RelativeLeftReason::kOther, true);
  expect_counted_at_once(run(p, rules, "current-law", "2025-05-31"));
  set_council_option(rules, "example-shire", CouncilParam::kFreshPropertyDisregardDiscretionary, "2015-04-01", 1);
  expect_fresh_twelve_weeks(run(p, rules, "current-law", "2025-05-31"));
  set_council_option(rules, "example-shire", CouncilParam::kFreshPropertyDisregardDiscretionary, "2015-04-01", 0);
  expect_counted_at_once(run(p, rules, "current-law", "2025-05-31"));
}

TEST(RelativeLeft, ARelativeWhoMovedInAfterTheAdmissionIsNotMandatory) {
  RuleSet rules = england_with_new_figures();
  Person p = relative_leaves(RelativeLeftReason::kDied, false);
  expect_counted_at_once(run(p, rules, "current-law", "2025-05-31"));
  set_council_option(rules, "example-shire", CouncilParam::kFreshPropertyDisregardDiscretionary, "2015-04-01", 1);
  expect_fresh_twelve_weeks(run(p, rules, "current-law", "2025-05-31"));
}

TEST(RelativeLeft, ANewAssessmentDuringTheTwelveWeeksDoesNotEndThem) {
  // A further finances record from 2025-02-03 (savings now £4,000) leaves the fresh 12 weeks,
  // which belong to the relative's death, running to 2025-03-30: A stays 169.85.
  RuleSet rules = england_with_new_figures();
  Person p = relative_leaves(RelativeLeftReason::kDied, true);
  FinancesRecord later = p.finances[1];
  later.range = DateRange{D("2025-02-03")};
  later.savings = M("4000.00");
  later.home->relative_left_reason.reset();
  later.home->relative_lived_there_before_admission = false;
  later.pointer = "/finances/2";
  p.finances.push_back(later);
  ASSERT_TRUE(normalise_person(p).ok());
  AccountResult r = run(p, rules, "current-law", "2025-05-31");
  EXPECT_EQ(period_on(r, "2025-03-30")->weekly.assessed_charge, M("169.85"));
  EXPECT_EQ(period_on(r, "2025-03-31")->weekly.assessed_charge, M("700.00"));
}

// --- Jointly held capital: equal shares (reg 24).

TEST(JointCapital, CountsAsAnEqualShareOverTheWeeks) {
  // Savings £10,000 of the person's own and £30,000 held with others, from 2025-05-05.
  //   Two owners: 10,000 + 15,000 = 25,000 > 23,250: A = B = 700.
  //   Three owners: 10,000 + 10,000 = 20,000: tariff ceil(5,750 / 250) = 23; A = 200 + 23 − 30.65
  //   = 192.35, every week to the as-of date (8 weeks: 56 days × 192.35 / 7 = 1,538.80).
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "10000.00", "700.00", ArrangedBy::kCouncil);
  p.finances[0].joint_capital.push_back(JointCapital{M("30000.00"), 2, "/finances/0/joint_capital/0"});
  EXPECT_EQ(run(p, rules, "current-law", "2025-06-29").account.current_weekly->assessed_charge, M("700.00"));
  p.finances[0].joint_capital[0].owners = 3;
  AccountResult r = run(p, rules, "current-law", "2025-06-29");
  ASSERT_EQ(r.periods.size(), 1u);
  EXPECT_EQ(r.periods[0].weekly.assessed_charge, M("192.35"));
  EXPECT_EQ(r.totals.person_paid, Exact::from(M("1538.80")));
}

TEST(JointCapital, AJointlyOwnedHomeCountsItsEqualShareOfTheEquity) {
  // A £300,000 home owned with one other person, £20,000 secured on it: the share of the
  // equity is (300,000 − 20,000) / 2 = 140,000 (a matter for valuation: the document may give
  // the valued share instead, owners 1). No savings. After the 12 weeks (from 2025-07-28, 84
  // days after 2025-05-05) capital is 140,000 > 23,250: A = B = 700.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "0.00", "700.00", ArrangedBy::kCouncil);
  p.finances[0].home = Home{M("300000.00"), M("20000.00"), false};
  p.finances[0].home->owners = 2;
  AccountResult r = run(p, rules, "current-law", "2025-08-31");
  EXPECT_EQ(period_on(r, "2025-07-27")->weekly.assessed_charge, M("169.35"));
  const Period* counted = period_on(r, "2025-07-28");
  ASSERT_NE(counted, nullptr);
  EXPECT_EQ(counted->capital, Exact::from(M("140000.00")));
  EXPECT_EQ(counted->weekly.assessed_charge, M("700.00"));
}

TEST(JointCapital, AnOddPennyShareRoundsDown) {
  // £28,500.01 held by two: a share of £14,250.005 counts as £14,250.00, at the lower limit:
  // no tariff income; A = 200 − 30.65 = 169.35.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "0.00", "700.00", ArrangedBy::kCouncil);
  p.finances[0].joint_capital.push_back(JointCapital{M("28500.01"), 2, "/finances/0/joint_capital/0"});
  EXPECT_EQ(run(p, rules, "current-law", "2025-06-29").account.current_weekly->assessed_charge, M("169.35"));
}

// --- Notional capital and the diminishing notional capital rule (regs 22–23).

TEST(NotionalCapital, DiminishesByTheChargeItCausesAndTheMeansTestFollowsEachStep) {
  // A council placement from 2025-05-05, B £700, pension £200, savings £14,250 (the lower
  // limit: no tariff of their own), and £10,000 notional capital from the same day.
  //  1. Capital 24,250 > 23,250: A = B = 700. Without the notional capital A would be
  //     200 − 30.65 = 169.35. The rule reduces it by 700 − 169.35 = 530.65 a week.
  //     It reaches the upper limit after ceil(1,000 / (530.65 / 7)) = ceil(13.19) = 14 days:
  //     2025-05-05 to 2025-05-18, having fallen 14 × 530.65 / 7 = 1,061.30 → 23,188.70.
  //  2. From 2025-05-19: tariff ceil((23,188.70 − 14,250) / 250) = ceil(35.75) = 36:
  //     A = 200 + 36 − 30.65 = 205.35, the reduction 205.35 − 169.35 = 36.00 a week. The next
  //     step is at 14,250 + 35 × 250 = 23,000: ceil(188.70 / (36 / 7)) = ceil(36.69) = 37 days,
  //     to 2025-06-24, falling 37 × 36 / 7 = 190.2857…
  //  3. From 2025-06-25: tariff 35: A = 204.35, the reduction 35.00 a week.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "14250.00", "700.00", ArrangedBy::kCouncil);
  p.notional_capital.push_back(NotionalCapital{D("2025-05-05"), M("10000.00"), "/notional_capital/0"});
  AccountResult r = run(p, rules, "current-law", "2025-07-31");
  ASSERT_GE(r.periods.size(), 3u);
  EXPECT_EQ(r.periods[0].range, (DateRange{D("2025-05-05"), D("2025-05-18")}));
  EXPECT_EQ(r.periods[0].weekly.assessed_charge, M("700.00"));
  EXPECT_EQ(r.periods[0].capital, Exact::from(M("24250.00")));
  EXPECT_EQ(r.periods[1].range, (DateRange{D("2025-05-19"), D("2025-06-24")}));
  EXPECT_EQ(r.periods[1].weekly.assessed_charge, M("205.35"));
  EXPECT_EQ(r.periods[1].capital, Exact::from(M("23188.70")));
  EXPECT_EQ(r.periods[2].range.first, D("2025-06-25"));
  EXPECT_EQ(r.periods[2].weekly.assessed_charge, M("204.35"));
  EXPECT_EQ(r.periods[2].capital, Exact::from(M("23188.70")) - accrue(M("36.00"), Days(37)));
}

TEST(NotionalCapital, StopsDiminishingOnceItNoLongerChangesTheCharge) {
  // Savings £23,200 (tariff ceil(8,950 / 250) = 36: A = 205.35) and £100 notional capital from
  // 2025-05-05: 23,300 > 23,250: A = B = 700; without it 205.35; the reduction 494.65 a week.
  // It reaches the upper limit after ceil(50 / (494.65 / 7)) = 1 day (70.66 > 50): 2025-05-05
  // alone, leaving 100 − 70.664… = 29.33…; from 2025-05-06 capital 23,229.33…: tariff 36,
  // A = 205.35 = A without it, so the reduction is nothing and the £29.33… stays, counted.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "23200.00", "700.00", ArrangedBy::kCouncil);
  p.notional_capital.push_back(NotionalCapital{D("2025-05-05"), M("100.00"), "/notional_capital/0"});
  AccountResult r = run(p, rules, "current-law", "2025-06-30");
  ASSERT_EQ(r.periods.size(), 2u);
  EXPECT_EQ(r.periods[0].range, (DateRange{D("2025-05-05"), D("2025-05-05")}));
  EXPECT_EQ(r.periods[1].weekly.assessed_charge, M("205.35"));
  EXPECT_EQ(r.periods[1].capital, Exact::from(M("23300.00")) - daily(M("494.65")));
}

// --- Half of an occupational or personal pension paid to a spouse (Sch 1; Annex C).

TEST(PensionToSpouse, HalfIsDisregardedInACareHomeOnly) {
  // A resident from 2025-05-05 with a private pension of £80.01 a week, half of which they pay
  // to their wife at home: the half, 40.005, rounds half up to 40.01 disregarded, 40.00 counted.
  // A = 200 + 40.00 − 30.65 = 209.35; without the flag 200 + 80.01 − 30.65 = 249.36.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "0.00", "700.00", ArrangedBy::kCouncil);
  p.household.type = HouseholdType::kCouple;
  p.finances[0].income.push_back(IncomeItem{IncomeType::kPrivatePension, M("80.01"), "/finances/0/income/1", true});
  EXPECT_EQ(run(p, rules, "current-law", "2025-06-30").account.current_weekly->assessed_charge, M("209.35"));
  p.finances[0].income[1].half_paid_to_spouse = false;
  EXPECT_EQ(run(p, rules, "current-law", "2025-06-30").account.current_weekly->assessed_charge, M("249.36"));
  // At home the couple's income is assessed as a couple's: the flag does nothing. Home care,
  // B £300: income 280.01 − the couple pension-age MIG − nothing else; compared with and
  // without the flag, the same.
  p.care[0].setting = Setting::kHomeCare;
  p.care[0].hours_per_week = Hundredths{1000};
  WeeklyFigures without = *run(p, rules, "current-law", "2025-06-30").account.current_weekly;
  p.finances[0].income[1].half_paid_to_spouse = true;
  WeeklyFigures with = *run(p, rules, "current-law", "2025-06-30").account.current_weekly;
  EXPECT_EQ(with.assessed_charge, without.assessed_charge);
}

}  // namespace
}  // namespace caremeter
