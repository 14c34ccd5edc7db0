// nursing_care_test.cc — NHS-funded nursing care (the National Framework for NHS Continuing
// Healthcare and NHS-funded Nursing Care; Care Act 2014 s22) and council placements whose fee is
// below the usual rate (Care Act 2014 s14(4)). Expected figures are worked by hand in comments.
#include <gtest/gtest.h>

#include "law_fixtures.h"

namespace caremeter {
namespace {

using namespace law_test;

// FNC standard rate: £254.06 a week in 2025/26, £267.68 from 1 April 2026.
// PEA £30.65 from 2025-04-07 (the shipped england/2025-04).

TEST(NursingCare, ShownApartWhenTheFeeExcludesItAndChangesOnFirstApril) {
  // A council nursing placement from 2026-03-02, B £900 given (excluding FNC, as the invoice
  // shows), no fee given (F = B), no capital, pension £200: A = 200 − 30.65 = 169.35; the
  // council pays 900 − 169.35 = 730.65. FNC is shown beside them: 254.06 in March, 267.68 from
  // 1 April — a new period on that day though nothing else changes.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2026-03-02", "0.00", "900.00", ArrangedBy::kCouncil, CareHomeCategory::kNursing);
  AccountResult r = run(p, rules, "current-law", "2026-04-30");
  const Period* march = period_on(r, "2026-03-31");
  const Period* april = period_on(r, "2026-04-01");
  ASSERT_NE(march, nullptr);
  ASSERT_NE(april, nullptr);
  EXPECT_EQ(march->range, (DateRange{D("2026-03-02"), D("2026-03-31")}));
  EXPECT_EQ(april->range.first, D("2026-04-01"));
  EXPECT_EQ(march->weekly.nhs_nursing_care, M("254.06"));
  EXPECT_EQ(april->weekly.nhs_nursing_care, M("267.68"));
  for (const Period* x : {march, april}) {
    EXPECT_EQ(x->weekly.weekly_fee, M("900.00"));
    EXPECT_EQ(x->weekly.person_pays, M("169.35"));
    EXPECT_EQ(x->weekly.council_pays, M("730.65"));
  }
  // 30 days of March: 254.06 × 30 / 7 exactly; the person's and council's totals exclude it:
  // 60 days × (169.35 + 730.65) / 7 = 60 × 900 / 7.
  EXPECT_EQ(march->amount.nhs_nursing_care, accrue(M("254.06"), Days(30)));
  EXPECT_EQ(r.totals.person_paid + r.totals.council_paid, accrue(M("900.00"), Days(60)));
}

TEST(NursingCare, AGrossFeeHasTheFncInForceEachDayTakenOff) {
  // The same placement with a gross quote of £1,200 including FNC
  // (weekly_fee_includes_fnc). March: F = 1,200 − 254.06 = 945.94, a top-up of 45.94 over B
  // (a third party's, council-arranged); April: F = 1,200 − 267.68 = 932.32, top-up 32.32.
  // The person and the council pay the same as without the top-up: 169.35 and 730.65.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2026-03-02", "0.00", "900.00", ArrangedBy::kCouncil, CareHomeCategory::kNursing);
  p.care[0].weekly_fee = M("1200.00");
  p.care[0].weekly_fee_includes_fnc = true;
  AccountResult r = run(p, rules, "current-law", "2026-04-30");
  const Period* march = period_on(r, "2026-03-31");
  const Period* april = period_on(r, "2026-04-01");
  ASSERT_NE(march, nullptr);
  ASSERT_NE(april, nullptr);
  EXPECT_EQ(march->weekly.weekly_fee, M("945.94"));
  EXPECT_EQ(march->weekly.top_up, M("45.94"));
  EXPECT_EQ(march->parts.third_party_top_up, M("45.94"));
  EXPECT_EQ(april->weekly.weekly_fee, M("932.32"));
  EXPECT_EQ(april->weekly.top_up, M("32.32"));
  EXPECT_EQ(april->weekly.person_pays, M("169.35"));
  EXPECT_EQ(april->weekly.council_pays, M("730.65"));
  EXPECT_EQ(april->weekly.nhs_nursing_care, M("267.68"));
}

TEST(NursingCare, NeverMeteredAcrossTheReformStartAndTheAprilChange) {
  // reform-2025-10. A self-funder (capital £300,000) arranging their own nursing place from
  // 2025-09-01: B (the independent personal budget, excluding FNC) £1,000; a gross quote of
  // £1,300 including FNC. A = B = 1,000; D = 200.
  //   2025/26: F = 1,300 − 254.06 = 1,045.94: the person pays A + their top-up 45.94 = 1,045.94.
  //   From 2026-04-01: F = 1,300 − 267.68 = 1,032.32: they pay 1,032.32.
  //   Before 2025-10-01 nothing meters; from then B − D = 800 a week, the FNC never.
  // Accrued on 2026-04-30: 2025-10-01 to 2026-04-30 is 212 days: 800 × 212 / 7.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-09-01", "300000.00", "1000.00", ArrangedBy::kSelf, CareHomeCategory::kNursing);
  p.care[0].weekly_fee = M("1300.00");
  p.care[0].weekly_fee_includes_fnc = true;
  AccountResult r = run(p, rules, "reform-2025-10", "2026-04-30");
  const Period* before = period_on(r, "2025-09-30");
  const Period* reform = period_on(r, "2026-03-31");
  const Period* april = period_on(r, "2026-04-01");
  ASSERT_NE(before, nullptr);
  ASSERT_NE(reform, nullptr);
  ASSERT_NE(april, nullptr);
  EXPECT_EQ(before->weekly.accruing, Money::zero());
  EXPECT_EQ(before->weekly.person_pays, M("1045.94"));
  EXPECT_EQ(reform->range, (DateRange{D("2025-10-01"), D("2026-03-31")}));
  EXPECT_EQ(reform->weekly.accruing, M("800.00"));
  EXPECT_EQ(reform->weekly.person_pays, M("1045.94"));
  EXPECT_EQ(reform->weekly.council_pays, Money::zero());
  EXPECT_EQ(reform->weekly.nhs_nursing_care, M("254.06"));
  EXPECT_EQ(april->weekly.person_pays, M("1032.32"));
  EXPECT_EQ(april->weekly.accruing, M("800.00"));
  EXPECT_EQ(april->weekly.nhs_nursing_care, M("267.68"));
  EXPECT_EQ(r.account.accrued, accrue(M("800.00"), Days(212)));
}

TEST(NursingCare, TheHigherRateWhenTheRecordSaysSo) {
  // fnc_rate higher: £368.24 from 2026-04-01; a gross £1,300 gives F = 931.76.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2026-04-01", "0.00", "900.00", ArrangedBy::kCouncil, CareHomeCategory::kNursingEnhanced);
  p.care[0].weekly_fee = M("1300.00");
  p.care[0].weekly_fee_includes_fnc = true;
  p.care[0].fnc_rate = FncRate::kHigher;
  WeeklyFigures w = *run(p, rules, "current-law", "2026-04-30").account.current_weekly;
  EXPECT_EQ(w.nhs_nursing_care, M("368.24"));
  EXPECT_EQ(w.weekly_fee, M("931.76"));
}

TEST(NursingCare, AGrossFeeNeedsTheRateAndIsRefusedWithoutItNamingTheParameter) {
  // england/2025-04 as shipped has no FNC figures. Without the flag nothing needs them: the
  // result leaves nhs_nursing_care out. With it, the calculation refuses, naming the parameter.
  const RuleSet& without_fnc = test_support::england_rules("2025-04");
  Person p = resident("2025-09-01", "0.00", "900.00", ArrangedBy::kCouncil, CareHomeCategory::kNursing);
  AccountResult r = run(p, without_fnc, "current-law", "2025-10-31");
  ASSERT_TRUE(r.account.current_weekly.has_value());
  EXPECT_FALSE(r.account.current_weekly->nhs_nursing_care.has_value());
  p.care[0].weekly_fee = M("1200.00");
  p.care[0].weekly_fee_includes_fnc = true;
  CalculationRequest req;
  req.as_of = D("2025-10-31");
  auto refused = calculate(p, without_fnc, named(without_fnc, "current-law"), req);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kMissingRule);
  EXPECT_EQ(refused.error().pointer, "/care/0");
  EXPECT_NE(refused.error().message.find("fnc.standard_rate"), std::string::npos) << refused.error().message;
}

TEST(NursingCare, AGrossFeeBelowTheFncIsRefused) {
  RuleSet rules = england_with_new_figures();
  Person p = resident("2026-04-01", "0.00", "900.00", ArrangedBy::kCouncil, CareHomeCategory::kNursing);
  p.care[0].weekly_fee = M("200.00");  // below 267.68
  p.care[0].weekly_fee_includes_fnc = true;
  CalculationRequest req;
  req.as_of = D("2026-04-30");
  auto r = calculate(p, rules, named(rules, "current-law"), req);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, "/care/0/weekly_fee");
}

TEST(NursingCare, NotShownForResidentialCare) {
  RuleSet rules = england_with_new_figures();
  Person p = resident("2026-04-01", "0.00", "900.00", ArrangedBy::kCouncil);
  EXPECT_FALSE(run(p, rules, "current-law", "2026-04-30").account.current_weekly->nhs_nursing_care.has_value());
}

// --- Care Act 2014 s14(4): a council placement whose fee is below its usual rate.

TEST(FeeBelowUsualRate, BForCouncilArrangedCareIsTheFee) {
  // Example-shire's usual residential rate from 2025-04-01 is £1,030.00 (its rule file); the
  // council arranges a place at £980. B = min(1,030, 980) = 980. No capital, pension £200:
  // A = 169.35; the council pays 980 − 169.35 = 810.65 (not 1,030 − 169.35); no top-up.
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "0.00", "1.00", ArrangedBy::kCouncil);
  p.care[0].personal_budget.reset();
  p.care[0].weekly_fee = M("980.00");
  CalculationRequest req;
  req.explain = true;
  AccountResult r = run(p, rules, "current-law", "2025-06-30", req);
  WeeklyFigures w = *r.account.current_weekly;
  EXPECT_EQ(w.personal_budget, M("980.00"));
  EXPECT_EQ(w.person_pays, M("169.35"));
  EXPECT_EQ(w.council_pays, M("810.65"));
  EXPECT_EQ(w.top_up, Money::zero());
  bool explained = false;
  for (const Explanation& e : r.explain) {
    if (e.figure != "personal_budget") continue;
    explained = true;
    EXPECT_NE(e.formula.find("s14(4)"), std::string::npos) << e.formula;
    EXPECT_NE(e.formula.find("1030.00"), std::string::npos) << e.formula;
  }
  EXPECT_TRUE(explained);
}

TEST(FeeBelowUsualRate, ASelfFunderInACouncilPlacementPaysAndMetersTheFee) {
  // reform-2025-10, capital £300,000, council-arranged at £980 against a £1,030 usual rate:
  // A = B = 980; the person pays 980; D = 200; what meters is B − D = 780 (800 had B stayed
  // 1,030 — the council does not incur 1,030).
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-10-01", "300000.00", "1.00", ArrangedBy::kCouncil);
  p.care[0].personal_budget.reset();
  p.care[0].weekly_fee = M("980.00");
  WeeklyFigures w = *run(p, rules, "reform-2025-10", "2025-12-31").account.current_weekly;
  EXPECT_EQ(w.person_pays, M("980.00"));
  EXPECT_EQ(w.council_pays, Money::zero());
  EXPECT_EQ(w.accruing, M("780.00"));
}

TEST(FeeBelowUsualRate, SelfArrangedCareKeepsTheIndependentPersonalBudget) {
  // A person who arranges their own care at £980 keeps B = 1,030 (what the needs would cost the
  // council, s28) and pays the fee (doc/decisions.md, "Nobody pays more than the fee").
  RuleSet rules = england_with_new_figures();
  Person p = resident("2025-05-05", "300000.00", "1.00", ArrangedBy::kSelf);
  p.care[0].personal_budget.reset();
  p.care[0].weekly_fee = M("980.00");
  WeeklyFigures w = *run(p, rules, "current-law", "2025-06-30").account.current_weekly;
  EXPECT_EQ(w.personal_budget, M("1030.00"));
  EXPECT_EQ(w.person_pays, M("980.00"));
}

}  // namespace
}  // namespace caremeter
