// council_options_test.cc — councils' charging options (Care Act 2014 s14: charging is a power,
// so a council may charge less): the night-time part of disability benefits disregarded where no
// night care is arranged, and a standard disability-related expenditure allowance. Each changes
// the means test only for that council's people. Expected figures are worked by hand.
#include <gtest/gtest.h>

#include "law_fixtures.h"

namespace caremeter {
namespace {

using namespace law_test;

// A single pensioner at home from 2025-05-05 (example-shire, council-arranged, B £300): state
// pension £200 and attendance allowance at the higher rate, £110.40 (2025/26). MIG for a single
// person at pension-credit age from 2025-04-07: £232.60; charging percentage 100%.
// Without any option: A = 200 + 110.40 − 232.60 = 77.80.
Person at_home_with_attendance_allowance() {
  Person p = resident("2025-05-05", "0.00", "300.00", ArrangedBy::kCouncil);
  p.care[0].setting = Setting::kHomeCare;
  p.care[0].hours_per_week = Hundredths{1000};
  p.finances[0].income.push_back(IncomeItem{IncomeType::kAttendanceAllowance, M("110.40"), "/finances/0/income/1"});
  return p;
}

// The rules with example-shire's options on from 2024-04-01 (a standard DRE allowance of £10.85,
// an illustrative figure), and "other-shire", the same council without them.
RuleSet rules_with_options(bool night, bool standard_dre) {
  RuleSet rules = england_with_new_figures();
  CouncilRules other = rules.councils.at("example-shire");
  other.ref.id = "other-shire";
  rules.councils.emplace("other-shire", other);
  if (night) set_council_option(rules, "example-shire", CouncilParam::kDisregardNightCare, "2024-04-01", 1);
  if (standard_dre) {
    set_council_option(rules, "example-shire", CouncilParam::kStandardDreAllowance, "2024-04-01", pence("10.85"));
  }
  return rules;
}

Money charge(const Person& p, const RuleSet& rules) {
  return run(p, rules, "current-law", "2025-06-30").account.current_weekly->assessed_charge;
}

TEST(NightCare, TheNightTimePartIsDisregardedWhereNoNightCareIsArranged) {
  // The part of AA above the lower rate: 110.40 − 73.90 = 36.50 disregarded:
  // A = 200 + 73.90 − 232.60 = 41.30.
  Person p = at_home_with_attendance_allowance();
  EXPECT_EQ(charge(p, rules_with_options(false, false)), M("77.80"));
  RuleSet rules = rules_with_options(true, false);
  EXPECT_EQ(charge(p, rules), M("41.30"));
  // With night care arranged the whole benefit counts.
  p.care[0].night_care_arranged = true;
  EXPECT_EQ(charge(p, rules), M("77.80"));
}

TEST(NightCare, PipDailyLivingAndDlaCareLikewise) {
  RuleSet rules = rules_with_options(true, false);
  Person p = at_home_with_attendance_allowance();
  p.finances[0].income[1].type = IncomeType::kPipDailyLiving;  // enhanced 110.40, standard 73.90
  EXPECT_EQ(charge(p, rules), M("41.30"));
  p.finances[0].income[1].type = IncomeType::kDlaCare;  // highest 110.40, middle 73.90
  EXPECT_EQ(charge(p, rules), M("41.30"));
  // At the lower rate there is no night-time part: 200 + 73.90 − 232.60 = 41.30 either way.
  p.finances[0].income[1].weekly = M("73.90");
  EXPECT_EQ(charge(p, rules), M("41.30"));
}

TEST(NightCare, NotInACareHome) {
  // A resident (B 700, PEA 30.65) keeps the whole AA counted: 200 + 110.40 − 30.65 = 279.75.
  RuleSet rules = rules_with_options(true, false);
  Person p = resident("2025-05-05", "0.00", "700.00", ArrangedBy::kCouncil);
  p.finances[0].income.push_back(IncomeItem{IncomeType::kAttendanceAllowance, M("110.40"), "/finances/0/income/1"});
  EXPECT_EQ(charge(p, rules), M("279.75"));
}

TEST(StandardDre, UsedWhenNoAssessedDisabilityRelatedExpenditureIsGiven) {
  // A = 77.80 − 10.85 = 66.95; with the night-time disregard too, 41.30 − 10.85 = 30.45.
  Person p = at_home_with_attendance_allowance();
  EXPECT_EQ(charge(p, rules_with_options(false, true)), M("66.95"));
  EXPECT_EQ(charge(p, rules_with_options(true, true)), M("30.45"));
  // An assessed figure, even nothing, replaces it: 77.80 with 0.00; 77.80 − 20 = 57.80 with 20.
  p.finances[0].disability_related_expenditure = M("0.00");
  EXPECT_EQ(charge(p, rules_with_options(false, true)), M("77.80"));
  p.finances[0].disability_related_expenditure = M("20.00");
  EXPECT_EQ(charge(p, rules_with_options(false, true)), M("57.80"));
}

TEST(StandardDre, OnlyForPeopleReceivingADisabilityBenefit) {
  // Pension £250 and no disability benefit: A = 250 − 232.60 = 17.40, no allowance.
  Person p = at_home_with_attendance_allowance();
  p.finances[0].income.pop_back();
  p.finances[0].income[0].weekly = M("250.00");
  EXPECT_EQ(charge(p, rules_with_options(true, true)), M("17.40"));
}

TEST(CouncilOptions, ChangeTheMeansTestOnlyForThatCouncilsPeople) {
  Person p = at_home_with_attendance_allowance();
  p.needs[0].council = "other-shire";
  EXPECT_EQ(charge(p, rules_with_options(true, true)), M("77.80"));
}

}  // namespace
}  // namespace caremeter
