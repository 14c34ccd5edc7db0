// calculate_test.cc — each charging and metering rule (Care Act 2014 ss14–15, SI 2014/2672,
// doc/decisions.md), one behaviour a test, on people built in code against the real England
// rule files. Expected figures are worked by hand in the comments.
#include "caremeter/calc/calculate.h"

#include <gtest/gtest.h>

#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::england_rules;

Date D(const char* s) { return *parse_date(s); }
Money M(const char* s) { return *parse_money(s); }

// A single pensioner entering a permanent residential place on `from`.
Person care_home_person(const char* from, const char* savings, const char* budget = "700.00",
                        ArrangedBy by = ArrangedBy::kCouncil) {
  Person p;
  p.id = "T-1";
  p.birth_date = D("1940-07-01");
  p.needs.push_back(NeedsRecord{DateRange{D(from)}, "", "/needs/0"});
  CareRecord c;
  c.range = DateRange{D(from)};
  c.setting = Setting::kCareHome;
  c.category = CareHomeCategory::kResidential;
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

const Scenario& named(const char* name) {
  const Scenario* s = england_rules().scenario(name);
  EXPECT_NE(s, nullptr) << name;
  return *s;
}

AccountResult run(const Person& p, const Scenario& s, const char* as_of, CalculationRequest req = {}) {
  req.as_of = D(as_of);
  auto r = calculate(p, england_rules(), s, req);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().to_string());
  return r.ok() ? *r : AccountResult{};
}

const Period* period_on(const AccountResult& r, const char* on) {
  for (const Period& p : r.periods) {
    if (p.range.contains(D(on))) return &p;
  }
  return nullptr;
}

Timeline plain(Money v) { return Timeline({DatedValue{DateRange{Date::min()}, v.in_pence(), "test", SourceStatus::kIllustrative, ""}}, true); }
Timeline switch_value(bool v) { return Timeline({DatedValue{DateRange{Date::min()}, v ? 1 : 0, "test", SourceStatus::kIllustrative, ""}}, true); }

TEST(Capital, TwelveWeekPropertyDisregardThenTheHomeCounts) {
  Person p = care_home_person("2024-05-01", "5000.00");
  p.finances[0].home = Home{M("200000.00"), M("0.00"), false};
  AccountResult r = run(p, named("current-law"), "2024-12-31");
  const Period* first = period_on(r, "2024-05-01");
  const Period* after = period_on(r, "2024-07-24");  // day 85
  ASSERT_NE(first, nullptr);
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(first->range.last, D("2024-07-23"));    // 84 days disregarded
  EXPECT_EQ(first->weekly.assessed_charge, M("200.00") - M("30.15"));
  EXPECT_EQ(after->weekly.assessed_charge, M("700.00"));  // £205,000: a self-funder
}

TEST(Capital, ReturningWithin52WeeksGetsOnlyWhatIsLeftOfTwelveWeeks) {
  Person p = care_home_person("2024-05-01", "5000.00");
  p.finances[0].home = Home{M("200000.00"), M("0.00"), false};
  p.care[0].range.last = D("2024-05-30");  // 30 days, then home, then back
  CareRecord back = p.care[0];
  back.range = DateRange{D("2024-09-01")};
  back.pointer = "/care/1";
  p.care.push_back(back);
  AccountResult r = run(p, named("current-law"), "2024-12-31");
  const Period* second = period_on(r, "2024-09-01");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->range.last, D("2024-09-01") + Days(53));  // 84 − 30 = 54 days left
  EXPECT_EQ(period_on(r, "2024-10-25")->weekly.assessed_charge, M("700.00"));
}

TEST(Capital, HomeDisregardedForTemporaryStaysAndQualifyingRelatives) {
  Person p = care_home_person("2024-05-01", "5000.00");
  p.finances[0].home = Home{M("200000.00"), M("0.00"), false};
  p.care[0].stay = Stay::kTemporary;
  EXPECT_EQ(run(p, named("current-law"), "2024-12-31").account.current_weekly->assessed_charge, M("169.85"));
  p.care[0].stay = Stay::kPermanent;
  p.finances[0].home->qualifying_relative_lives_there = true;
  EXPECT_EQ(run(p, named("current-law"), "2024-12-31").account.current_weekly->assessed_charge, M("169.85"));
}

TEST(Capital, SecuredDebtReducesTheHomesValue) {
  Person p = care_home_person("2024-05-01", "0.00");
  p.finances[0].home = Home{M("30000.00"), M("14000.00"), false};  // £16,000 net → tariff on £1,750 = £7
  AccountResult r = run(p, named("current-law"), "2024-12-31");
  EXPECT_EQ(r.account.current_weekly->assessed_charge, M("200.00") + M("7.00") - M("30.15"));
}

TEST(Tariff, PartStepsRoundUpAndTheReformUsesItsOwnLimits) {
  Person p = care_home_person("2024-05-01", "17050.91");
  // Current law: 2,800.91 over £14,250 → £12 a week.
  EXPECT_EQ(run(p, named("current-law"), "2024-06-01").account.current_weekly->assessed_charge,
            M("200.00") + M("12.00") - M("30.15"));
  // Reform: below the £20,000 lower limit, no tariff income.
  EXPECT_EQ(run(p, named("reform-2023-10"), "2024-06-01").account.current_weekly->assessed_charge,
            M("200.00") - M("30.15"));
}

TEST(Charge, NeverMoreThanB) {
  Person p = care_home_person("2024-05-01", "0.00", "100.00");
  EXPECT_EQ(run(p, named("current-law"), "2024-06-01").account.current_weekly->assessed_charge, M("100.00"));
}

TEST(TopUp, CouncilArrangedTopUpIsAThirdPartysAndNeverMetered) {
  Person p = care_home_person("2024-05-01", "0.00", "700.00");
  p.care[0].weekly_fee = M("800.00");
  WeeklyFigures w = *run(p, named("reform-2023-10"), "2024-06-01").account.current_weekly;
  EXPECT_EQ(w.top_up, M("100.00"));
  EXPECT_EQ(w.person_pays, M("169.85"));              // A only
  EXPECT_EQ(w.council_pays, M("700.00") - M("169.85"));
  EXPECT_EQ(w.accruing, Money::zero());               // A 169.85 < DLC 200: nothing toward care
}

TEST(TopUp, SelfArrangedPersonPaysTheWholeFee) {
  Person p = care_home_person("2024-05-01", "300000.00", "700.00", ArrangedBy::kSelf);
  p.care[0].weekly_fee = M("950.00");
  WeeklyFigures w = *run(p, named("reform-2023-10"), "2024-06-01").account.current_weekly;
  EXPECT_EQ(w.person_pays, M("950.00"));
  EXPECT_EQ(w.accruing, M("500.00"));  // B − DLC; the £250 top-up is never metered
}

TEST(Metering, CouncilMetNeedsMeterWhatThePersonIsChargedTowardCare) {
  Person p = care_home_person("2024-05-01", "50000.00", "700.00");  // below the reform UCL
  // A = 200 + tariff((50,000 − 20,000)/250 = 120) − 30.15 = 289.85; toward care 89.85.
  WeeklyFigures w = *run(p, named("reform-2023-10"), "2024-06-01").account.current_weekly;
  EXPECT_EQ(w.assessed_charge, M("289.85"));
  EXPECT_EQ(w.accruing, M("89.85"));
  Scenario full = named("reform-2023-10");
  full.overrides[Param::kReformMeterFullCost] = switch_value(true);
  EXPECT_EQ(run(p, full, "2024-06-01").account.current_weekly->accruing, M("500.00"));
}

TEST(Metering, NothingAccruesAtHomeBeyondTheCharge) {
  Person p = care_home_person("2024-05-01", "0.00", "300.00");
  p.care[0].setting = Setting::kHomeCare;
  WeeklyFigures w = *run(p, named("reform-2023-10"), "2024-06-01").account.current_weekly;
  EXPECT_EQ(w.daily_living_costs, Money::zero());
  EXPECT_EQ(w.accruing, w.assessed_charge);
}

// Followed past 5 April 2026, the day the rule files know the yearly figures to: the tests of
// metering and the cap carry the last known figures forward (what a policy run asks for).
CalculationRequest carrying_forward() {
  CalculationRequest req;
  req.unpublished = Unpublished::kCarryForward;
  return req;
}

TEST(Cap, CrossingPartWayThroughADayChargesOnlyThePartNeeded) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.01", ArrangedBy::kSelf);
  // £500.01 a week: 86,000 / 500.01 × 7 = 1203.98 days → crosses on day 1204 with a part-day.
  AccountResult r = run(p, named("reform-2023-10"), "2027-03-31", carrying_forward());
  ASSERT_TRUE(r.account.cap_reached_on.has_value());
  EXPECT_EQ(*r.account.cap_reached_on, D("2027-01-16"));
  const Period* day = period_on(r, "2027-01-16");
  ASSERT_NE(day, nullptr);
  EXPECT_EQ(day->range, (DateRange{D("2027-01-16"), D("2027-01-16")}));
  Exact before = Exact::from(M("86000.00")) - accrue(M("500.01"), Days(1203));
  EXPECT_EQ(day->amount.accruing, before);
  EXPECT_EQ(day->amount.person_pays, daily(M("200.00")) + before);
  EXPECT_EQ(day->amount.person_pays + day->amount.council_pays, daily(M("700.01")));
  EXPECT_EQ(r.account.accrued, Exact::from(M("86000.00")));
}

TEST(Cap, RescaledWithTheCapLevelBeforeTheDayAccrues) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  Scenario s = named("reform-2023-10");
  s.overrides[Param::kReformCap] = Timeline({
      DatedValue{DateRange{D("2023-10-01"), D("2024-03-31")}, M("86000.00").in_pence(), "t", SourceStatus::kIllustrative, ""},
      DatedValue{DateRange{D("2024-04-01")}, M("172000.00").in_pence(), "t", SourceStatus::kIllustrative, ""}});
  AccountResult r = run(p, s, "2024-04-01");
  // 183 days to 31 March at £500 a week = 13,071.428…; doubled and rounded half up to the penny,
  // then 1 April accrues 71.428…
  Money doubled = multiply_ratio_to_penny(accrue(M("500.00"), Days(183)), 2, 1, Rounding::kHalfUp);
  EXPECT_EQ(r.account.accrued, Exact::from(doubled) + daily(M("500.00")));
  EXPECT_EQ(*r.account.cap, M("172000.00"));

  s.overrides[Param::kReformUprateAccruedWithCap] = switch_value(false);
  EXPECT_EQ(run(p, s, "2024-04-01").account.accrued, accrue(M("500.00"), Days(184)));
}

TEST(Cap, ACapOfNothingIsReachedOnItsFirstDay) {
  // A scenario with reform.cap 0.00: from the reform start nothing is charged toward care; a
  // self-funder (B 700, D 200) pays only daily living costs, 200; the council the other 500.
  Person p = care_home_person("2025-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  Scenario s = named("reform-2025-10");
  s.overrides[Param::kReformCap] = plain(M("0.00"));
  AccountResult r = run(p, s, "2025-12-31");
  EXPECT_EQ(r.account.cap_reached_on, D("2025-10-01"));
  EXPECT_EQ(r.account.accrued, Exact::zero());
  EXPECT_EQ(r.account.current_weekly->person_pays, M("200.00"));
  EXPECT_EQ(r.account.current_weekly->council_pays, M("500.00"));
  EXPECT_EQ(r.account.current_weekly->accruing, Money::zero());
}

// A cap of £0.00 is reached the day it applies: nothing accrues, the accrued total is 0.00 and
// from that day the person pays only daily living costs. The person: a self-funder in a £700 home
// from 2023-10-01 (B £700, DLC £200), reform-2023-10.
//   From the reform start: reached on 2023-10-01; person pays £200 a week, council £700 − £200 = £500.
//   From 2024-04-01 (a dated change): 183 days accrue first, then the accrued total is rescaled
//   by 0/86,000 to 0.00 and the cap is reached on 2024-04-01.
// (Issue 14, defect 4: the engine once never reached a £0.00 cap from the reform start —
// remaining went negative, −39,071.43 on 2025-03-30, and cap_reached_on stayed null.)
TEST(Cap, ACapOfZeroFromTheReformStartIsReachedAtOnce) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  Scenario s = named("reform-2023-10");
  s.overrides[Param::kReformCap] = plain(M("0.00"));
  AccountResult r = run(p, s, "2025-03-30");
  ASSERT_TRUE(r.account.cap_reached_on.has_value());
  EXPECT_EQ(*r.account.cap_reached_on, D("2023-10-01"));
  EXPECT_EQ(r.account.accrued, Exact::zero());
  ASSERT_TRUE(r.account.remaining.has_value());
  EXPECT_EQ(*r.account.remaining, Exact::zero());
  const Period* later = period_on(r, "2024-06-01");
  ASSERT_NE(later, nullptr);
  EXPECT_EQ(later->weekly.accruing, Money::zero());
  EXPECT_EQ(later->weekly.person_pays, M("200.00"));
  EXPECT_EQ(later->weekly.council_pays, M("500.00"));
}

TEST(Cap, ACapCutToZeroLaterIsReachedOnTheDayOfTheChange) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  Scenario s = named("reform-2023-10");
  s.overrides[Param::kReformCap] = Timeline({
      DatedValue{DateRange{D("2023-10-01"), D("2024-03-31")}, M("86000.00").in_pence(), "t", SourceStatus::kIllustrative, ""},
      DatedValue{DateRange{D("2024-04-01")}, M("0.00").in_pence(), "t", SourceStatus::kIllustrative, ""}});
  AccountResult r = run(p, s, "2025-03-30");
  ASSERT_TRUE(r.account.cap_reached_on.has_value());
  EXPECT_EQ(*r.account.cap_reached_on, D("2024-04-01"));
  EXPECT_EQ(r.account.accrued, Exact::zero());
}

TEST(Scenarios, MovingTheReformStartAndTheCapLevel) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  Scenario s = named("reform-2025-10");
  s.reform_start = D("2028-04-01");
  s.overrides[Param::kReformCap] = plain(M("100000.00"));
  AccountResult r = run(p, s, "2033-03-31", carrying_forward());
  // £100,000 at £500 a week: exactly 1,400 days from 2028-04-01.
  ASSERT_TRUE(r.account.cap_reached_on.has_value());
  EXPECT_EQ(*r.account.cap_reached_on, D("2028-04-01") + Days(1399));
  EXPECT_EQ(*r.account.cap, M("100000.00"));
  EXPECT_EQ(period_on(r, "2028-03-31")->weekly.accruing, Money::zero());
}

TEST(Events, DeathEndsChargingAndAccrual) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  p.death_date = D("2024-09-30");
  AccountResult r = run(p, named("reform-2023-10"), "2025-03-31");
  EXPECT_EQ(r.periods.back().range.last, D("2024-09-30"));
  EXPECT_EQ(r.account.accrued, accrue(M("500.00"), Days(366)));
  EXPECT_FALSE(r.account.current_weekly.has_value());
  EXPECT_FALSE(r.account.projected_cap_date.has_value());
}

TEST(Events, ExcludedDaysAreNeitherChargedNorMetered) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  p.exclusions.push_back(Exclusion{DateRange{D("2024-01-01"), D("2024-01-31")}, ExclusionReason::kNhsContinuingHealthcare, "/exclusions/0"});
  AccountResult r = run(p, named("reform-2023-10"), "2024-03-31");
  const Period* x = period_on(r, "2024-01-15");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->status, PeriodStatus::kExcluded);
  EXPECT_EQ(x->amount.person_pays, Exact::zero());
  EXPECT_EQ(r.account.accrued, accrue(M("500.00"), Days(183 - 31)));
}

TEST(Councils, BIsDerivedFromTheCouncilsRatesAndMovesKeepTheOldB) {
  Person p = care_home_person("2025-04-07", "0.00");
  p.care[0].personal_budget.reset();
  p.needs[0] = NeedsRecord{DateRange{D("2025-04-07"), D("2025-06-30")}, "example-shire", "/needs/0"};
  AccountResult r = run(p, named("current-law"), "2025-05-01");
  const Period* first = period_on(r, "2025-05-01");
  ASSERT_NE(first, nullptr);
  Money shire = first->weekly.personal_budget;
  EXPECT_GT(shire, Money::zero());
  ASSERT_EQ(r.councils.size(), 1u);
  EXPECT_EQ(r.councils[0].id, "example-shire");
  // Moving to Trafford (whose confirmed rates end in March 2024): the old council's B continues.
  p.needs.push_back(NeedsRecord{DateRange{D("2025-07-01")}, "trafford", "/needs/1"});
  AccountResult moved = run(p, named("current-law"), "2025-09-01");
  EXPECT_EQ(period_on(moved, "2025-08-01")->weekly.personal_budget, shire);
  EXPECT_EQ(period_on(moved, "2025-08-01")->council, "trafford");
}

TEST(Councils, HomeCareHoursTimesHourlyRate) {
  Person p = care_home_person("2023-06-01", "0.00");
  p.care[0].setting = Setting::kHomeCare;
  p.care[0].personal_budget.reset();
  p.care[0].hours_per_week = Hundredths{1050};
  p.care[0].range.last = D("2024-03-31");
  p.needs[0].council = "trafford";
  AccountResult r = run(p, named("current-law"), "2023-07-01");
  EXPECT_EQ(r.account.current_weekly->personal_budget, M("206.43"));  // 10.5 × £19.66
}

// Trafford's file knows its rates only to 31 March 2024 (its values end with an explicit "to"):
// a later day is past what is known, refused like a figure of a file that ends open, naming the
// parameter, the council, the day and the record that needed it.
TEST(Errors, ARuleNotPublishedNamesTheParameterCouncilDayAndRecord) {
  Person p = care_home_person("2025-04-07", "0.00");
  p.care[0].personal_budget.reset();
  p.needs[0].council = "trafford";  // no confirmed rates for 2025/26
  CalculationRequest req;
  req.as_of = D("2025-05-01");
  auto r = calculate(p, england_rules(), named("current-law"), req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRuleNotPublished);
  EXPECT_EQ(r.error().pointer, "/care/0");
  EXPECT_EQ(r.error().parameter, "rates.residential");
  EXPECT_EQ(r.error().council, "trafford");
  EXPECT_EQ(r.error().date, "2025-04-07");
  EXPECT_NE(r.error().message.find("known only to 2024-03-31"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("councils/trafford/"), std::string::npos) << r.error().message;

  // Asked to, the last known rate (£657.90 a week, 2023/24) is carried forward, and listed.
  req.unpublished = Unpublished::kCarryForward;
  auto carried = calculate(p, england_rules(), named("current-law"), req);
  ASSERT_TRUE(carried.ok()) << carried.error().to_string();
  EXPECT_EQ(carried->account.current_weekly->personal_budget, M("657.90"));
  ASSERT_EQ(carried->provisional.size(), 1u);
  EXPECT_EQ(carried->provisional[0],
            (UnpublishedValue{"rates.residential", "trafford", "657.90", D("2024-03-31"), ""}));
}

// A value no dated entry covers — before a parameter's first figure, or in a gap — is missing,
// not unpublished: nothing can be carried forward. The PEA's first figure is from 7 April 2014.
TEST(Errors, AMissingRuleValueNamesTheParameterAndRecord) {
  Person p = care_home_person("2014-01-06", "0.00");
  CalculationRequest req;
  req.as_of = D("2014-02-01");
  req.unpublished = Unpublished::kCarryForward;
  auto r = calculate(p, england_rules(), named("current-law"), req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMissingRule);
  EXPECT_EQ(r.error().pointer, "/finances/0");
  EXPECT_NE(r.error().message.find("means_test.personal_expenses_allowance"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("2014-01-06"), std::string::npos) << r.error().message;
}

TEST(Errors, ChargeableCareWithoutFinancesIsAnErrorNotAGuess) {
  Person p = care_home_person("2024-05-01", "0.00");
  p.finances[0].range.first = D("2024-06-01");
  CalculationRequest req;
  req.as_of = D("2024-07-01");
  auto r = calculate(p, england_rules(), named("current-law"), req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, "/finances");
  EXPECT_NE(r.error().message.find("2024-05-01"), std::string::npos);
}

TEST(MinimumIncomeGuarantee, FollowsAgeThresholds) {
  Person p = care_home_person("2023-06-01", "0.00", "500.00");
  p.birth_date = D("1999-01-15");  // 25 on 2024-01-15
  p.care[0].setting = Setting::kHomeCare;
  p.finances[0].income[0] = IncomeItem{IncomeType::kEsa, M("150.00"), "/finances/0/income/0"};
  AccountResult r = run(p, named("current-law"), "2024-02-01");
  EXPECT_EQ(period_on(r, "2024-01-14")->weekly.assessed_charge, M("150.00") - M("82.15"));
  EXPECT_EQ(period_on(r, "2024-01-15")->weekly.assessed_charge, M("150.00") - M("103.65"));
}

TEST(SpendDown, ASelfFunderBecomesCouncilSupportedOnTheDayCapitalReachesTheLimit) {
  Person p = care_home_person("2024-05-01", "23950.00", "700.00");
  CalculationRequest req;
  req.capital = CapitalMode::kSpendDown;
  // Pays £700 a week with £200 − £30.15 of income available: capital falls £530.15 a week.
  AccountResult r = run(p, named("current-law"), "2024-08-01", req);
  const Period* first = &r.periods.front();
  EXPECT_EQ(first->weekly.assessed_charge, M("700.00"));
  // £700 over the UCL at 530.15/7 a day: 10 days (9.24 rounded up) until capital ≤ £23,250.
  EXPECT_EQ(first->range.last, D("2024-05-10"));
  EXPECT_LT(r.periods[1].weekly.assessed_charge, M("700.00"));
  EXPECT_LE(r.periods[1].capital, Exact::from(M("23250.00")));
  // Assessed capital never changes without a new finances record.
  AccountResult assessed = run(p, named("current-law"), "2024-08-01");
  EXPECT_EQ(assessed.periods.size(), 1u);
}

// --- Who counts as a self-funder for metering; nobody pays more than the fee; spend-down never
// takes capital below zero; the crossing day's payment under spend-down and meter_full_cost.

// The person of the first two: single, born 1940, state pension £200 a week, a permanent
// residential place arranged by themselves from 2024-04-08 with B £800.
Person self_arranged_800(const char* fee, const char* savings) {
  Person p = care_home_person("2024-04-08", savings, "800.00", ArrangedBy::kSelf);
  p.care[0].weekly_fee = M(fee);
  return p;
}

TEST(SelfFunderForMetering, TheCouncilsContributionNeverMetersForSelfArrangedCare) {
  // Reform from 2023-10-01, on 2024-10-01: capital £60,000 is below the reform's upper limit
  // (£100,000): tariff ceil((60,000 − 20,000) / 250) = £160; A = min(800, 200 + 160 − 30.15)
  // = 329.85; the council pays 800 − 329.85 = 470.15, so the needs are council-met and what
  // meters is the charge toward care, A − D = 329.85 − 200 = 129.85 (not B − D = 600).
  WeeklyFigures w = *run(self_arranged_800("800.00", "60000.00"), named("reform-2023-10"), "2024-10-01")
                         .account.current_weekly;
  EXPECT_EQ(w.assessed_charge, M("329.85"));
  EXPECT_EQ(w.person_pays, M("329.85"));
  EXPECT_EQ(w.council_pays, M("470.15"));
  EXPECT_EQ(w.accruing, M("129.85"));
  // Above the upper limit the person pays the whole cost: a self-funder meters B − D = 600.
  WeeklyFigures rich = *run(self_arranged_800("800.00", "160000.00"), named("reform-2023-10"), "2024-10-01")
                            .account.current_weekly;
  EXPECT_EQ(rich.council_pays, Money::zero());
  EXPECT_EQ(rich.accruing, M("600.00"));
  // reform.meter_full_cost meters B − D for everyone, the council's money too.
  Scenario full = named("reform-2023-10");
  full.overrides[Param::kReformMeterFullCost] = switch_value(true);
  EXPECT_EQ(run(self_arranged_800("800.00", "60000.00"), full, "2024-10-01").account.current_weekly->accruing,
            M("600.00"));
}

TEST(Fee, ASelfFunderWhoseFeeIsBelowBPaysTheFee) {
  // Current law, capital £300,000 > £23,250: A = B = 800, but the home charges £700: the person
  // pays 700, the council nothing, no top-up (700 − 800 < 0).
  Person p = self_arranged_800("700.00", "300000.00");
  CalculationRequest week;
  week.from = D("2024-09-25");
  week.to = D("2024-10-01");
  AccountResult r = run(p, named("current-law"), "2024-10-01", week);
  WeeklyFigures w = *r.account.current_weekly;
  EXPECT_EQ(w.assessed_charge, M("800.00"));
  EXPECT_EQ(w.person_pays, M("700.00"));
  EXPECT_EQ(w.council_pays, Money::zero());
  EXPECT_EQ(w.top_up, Money::zero());
  EXPECT_EQ(r.totals.person_paid, Exact::from(M("700.00")));  // 7 days at £700 a week
  // Under the reform the person still pays the whole cost, so the independent personal budget
  // less DLC meters: 800 − 200 = 600.
  WeeklyFigures reform = *run(p, named("reform-2023-10"), "2024-10-01").account.current_weekly;
  EXPECT_EQ(reform.person_pays, M("700.00"));
  EXPECT_EQ(reform.accruing, M("600.00"));
}

TEST(SpendDown, CapitalNeverGoesBelowZeroAndNoDebtIsTakenFromTheHomeLater) {
  // Current law. A permanent place from 2024-05-01 arranged by the person: B 700, fee 770 (their
  // own top-up 70 a week, £10 a day); savings £95; a £200,000 home, disregarded for 84 days.
  // Income 200 − PEA 30.15 = 169.85 a week; capital below the lower limit: A = 169.85.
  // They pay 169.85 + 70 = 239.85; income less the allowance covers 169.85, so capital falls
  // by 70 a week, £10 a day: nine days take £90, leaving £5.
  Person p = care_home_person("2024-05-01", "95.00", "700.00", ArrangedBy::kSelf);
  p.care[0].weekly_fee = M("770.00");
  p.finances[0].home = Home{M("200000.00"), M("0.00"), false};
  CalculationRequest req;
  req.capital = CapitalMode::kSpendDown;
  AccountResult r = run(p, named("current-law"), "2024-08-31", req);
  const Period* first = period_on(r, "2024-05-01");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->range, (DateRange{D("2024-05-01"), D("2024-05-09")}));
  EXPECT_EQ(first->weekly.person_pays, M("239.85"));
  // 2024-05-10: £5 left, a weekly equivalent of 35.00: they can pay 169.85 + 35 = 204.85, their
  // charge first. The other 35.00 of their top-up is a third party's — a council never pays a
  // top-up (SI 2014/2670; the council pays B − A) — so the council pays 700 − 169.85 = 530.15.
  const Period* last_day = period_on(r, "2024-05-10");
  ASSERT_NE(last_day, nullptr);
  EXPECT_EQ(last_day->range, (DateRange{D("2024-05-10"), D("2024-05-10")}));
  EXPECT_EQ(last_day->capital, Exact::from(M("5.00")));
  EXPECT_EQ(last_day->weekly.person_pays, M("204.85"));
  EXPECT_EQ(last_day->weekly.council_pays, M("530.15"));
  EXPECT_EQ(last_day->parts.own_top_up, M("35.00"));
  EXPECT_EQ(last_day->parts.third_party_top_up, M("35.00"));
  EXPECT_EQ(last_day->parts.met_by_council, Money::zero());
  // No capital left: they pay what income meets, 169.85; the council 700 − 169.85 = 530.15; the
  // whole top-up of 70 is a third party's.
  const Period* none_left = period_on(r, "2024-06-01");
  ASSERT_NE(none_left, nullptr);
  EXPECT_EQ(none_left->capital, Exact::zero());
  EXPECT_EQ(none_left->weekly.person_pays, M("169.85"));
  EXPECT_EQ(none_left->weekly.council_pays, M("530.15"));
  EXPECT_EQ(none_left->parts.third_party_top_up, M("70.00"));
  EXPECT_EQ(none_left->parts.met_by_council, Money::zero());
  // Day 85 (2024-07-24) the home counts: £95 + £200,000 − the £95 spent = £200,000.00 exactly,
  // not less (no debt carried from the days capital could not cover).
  const Period* home = period_on(r, "2024-07-24");
  ASSERT_NE(home, nullptr);
  EXPECT_EQ(home->range.first, D("2024-07-24"));
  EXPECT_EQ(home->capital, Exact::from(M("200000.00")));
  for (const CapitalStep& step : r.capital_history) {
    EXPECT_LE(step.spent, step.capital_at_start) << to_string(step.days.first);
  }
}

TEST(SpendDown, TheCrossingDayTakesOnlyWhatThePersonPaysThatDay) {
  // Reform from 2025-10-01 with a cap of £1,050. A self-arranged place from then: B = fee 700,
  // capital £250,000 (above £100,000: A = B); D 200; meters 500 a week. Income 200 − PEA 30.65
  // = 169.35, so on an ordinary day capital falls by 700 − 169.35 = 530.65 a week.
  // 14 days accrue 14 × 500 / 7 = 1,000.00; 2025-10-15 needs 50.00, a weekly 350.00: the person
  // pays D 200 + 350 = 550.00 that day, and capital falls by 550 − 169.35 = 380.65 / 7.
  Person p = care_home_person("2025-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  Scenario s = named("reform-2025-10");
  s.overrides[Param::kReformCap] = plain(M("1050.00"));
  CalculationRequest req;
  req.capital = CapitalMode::kSpendDown;
  AccountResult r = run(p, s, "2025-10-31", req);
  ASSERT_EQ(r.account.cap_reached_on, D("2025-10-15"));
  const Period* crossing = period_on(r, "2025-10-15");
  ASSERT_NE(crossing, nullptr);
  EXPECT_EQ(crossing->weekly.accruing, M("350.00"));
  EXPECT_EQ(crossing->weekly.person_pays, M("550.00"));
  // 14 days at 530.65 / 7 = 1,061.30; then the crossing day's 380.65 / 7.
  const Period* after = period_on(r, "2025-10-16");
  ASSERT_NE(after, nullptr);
  EXPECT_EQ(after->capital, Exact::from(M("250000.00") - M("1061.30")) - daily(M("380.65")));
}

TEST(Cap, TheCrossingDayUnderMeterFullCostChargesThePersonsShareOfThePartNeeded) {
  // Reform from 2023-10-01 with meter_full_cost and a cap of £1,050. Council-arranged place from
  // 2024-05-01: B 700, capital £50,000: tariff (50,000 − 20,000) / 250 = 120; A = 200 + 120 −
  // 30.15 = 289.85; D 200; the person's charge toward care 89.85. The whole B − D = 500 meters.
  // 14 days accrue 1,000.00; 2024-05-15 needs 50.00, a weekly 350.00: the cap is reached 350/500
  // of the way through the day, so the person is charged toward care 89.85 × 350 / 500 =
  // 62.895 → 62.90 (half up), plus D: 262.90; the council pays 700 − 262.90 = 437.10.
  Person p = care_home_person("2024-05-01", "50000.00", "700.00");
  Scenario s = named("reform-2023-10");
  s.overrides[Param::kReformMeterFullCost] = switch_value(true);
  s.overrides[Param::kReformCap] = plain(M("1050.00"));
  AccountResult r = run(p, s, "2024-05-31");
  ASSERT_EQ(r.account.cap_reached_on, D("2024-05-15"));
  const Period* crossing = period_on(r, "2024-05-15");
  ASSERT_NE(crossing, nullptr);
  EXPECT_EQ(crossing->weekly.accruing, M("350.00"));
  EXPECT_EQ(crossing->weekly.person_pays, M("262.90"));
  EXPECT_EQ(crossing->weekly.council_pays, M("437.10"));
  // From the next day: min(A, D) = 200 only.
  EXPECT_EQ(period_on(r, "2024-05-16")->weekly.person_pays, M("200.00"));
  EXPECT_EQ(r.account.accrued, Exact::from(M("1050.00")));
}

TEST(Window, ARecordStartingAfterAsOfGivesAnEmptyHistory) {
  Person p = care_home_person("2027-01-01", "0.00");
  AccountResult r = run(p, named("reform-2025-10"), "2026-03-31");
  EXPECT_TRUE(r.periods.empty());
  EXPECT_EQ(r.totals.person_paid, Exact::zero());
  EXPECT_EQ(r.totals.range, (DateRange{D("2026-03-31"), D("2026-03-31")}));
  EXPECT_FALSE(r.account.current_weekly.has_value());
  CalculationRequest inverted;
  inverted.as_of = D("2026-03-31");
  inverted.from = D("2026-04-01");
  auto bad = calculate(p, england_rules(), named("current-law"), inverted);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().pointer, "/as_of");
}

TEST(Window, TotalsCoverFromAndTo) {
  Person p = care_home_person("2023-10-01", "250000.00", "700.00", ArrangedBy::kSelf);
  CalculationRequest req;
  req.from = D("2024-01-01");
  req.to = D("2024-01-07");
  AccountResult r = run(p, named("current-law"), "2024-06-01", req);
  EXPECT_EQ(r.totals.person_paid, Exact::from(M("700.00")));  // 7 days at £700 a week
  EXPECT_EQ(r.periods.size(), 1u);
  EXPECT_EQ(r.periods[0].range, (DateRange{D("2024-01-01"), D("2024-01-07")}));
}

}  // namespace
}  // namespace caremeter
