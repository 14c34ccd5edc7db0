// deferred_payment_test.cc — deferred payment agreements (Care Act 2014 ss34–36; SI 2014/2671):
// what is deferred, interest by half-year compounded at each half-year's end, fees, the equity
// limit and the day it is reached. Expected figures are worked by hand in comments.
#include <gtest/gtest.h>

#include "law_fixtures.h"

namespace caremeter {
namespace {

using namespace law_test;

// A permanent resident from 2022-10-03 (council-arranged, B £700, pension £200, no savings)
// whose £60,000 home counts after the 12-week disregard, so from 2022-12-26 A = B = 700. An
// agreement from 2023-01-01 to 2024-03-31 (when the council stopped deferring), the national
// maximum rate, a £500 set-up fee and a £100 fee on 2024-01-15.
Person with_agreement() {
  Person p = resident("2022-10-03", "0.00", "700.00", ArrangedBy::kCouncil);
  p.finances[0].home = Home{M("60000.00"), M("0.00"), false};
  DeferredPayment d;
  d.range = DateRange{D("2023-01-01"), D("2024-03-31")};
  d.property_value = M("60000.00");
  d.setup_fee = M("500.00");
  d.fees.push_back(DeferredPaymentFee{D("2024-01-15"), M("100.00"), "/deferred_payments/0/fees/0"});
  d.pointer = "/deferred_payments/0";
  p.deferred_payments.push_back(d);
  return p;
}

// Deferred a week: the charge 700 less what income meets after the £144 disposable income
// allowance, 700 − (200 − 144) = 644: £92.00 a day.
// Equity limit: 60,000 − 10% (6,000) − 14,250 = 39,750.
// Interest on each day's closing balance at the half-year's maximum over 365 days, added on
// 30 June and 31 December (amounts in pence; the interest of n pence-days at r hundredths of a
// percent is n × r / 3,650,000 pence, rounded half up once at the half-year's end):
//  2023 H1, 181 days at 3.18%: balances 50,000 + 9,200k (k = 1…181):
//    181 × 50,000 + 9,200 × 181 × 182 / 2 = 9,050,000 + 151,533,200 = 160,583,200;
//    × 318 / 3,650,000 = 13,990.54 → 139.91. Balance 500 + 16,652 + 139.91 = 17,291.91.
//  2023 H2, 184 days at 3.43%: 184 × 1,729,191 + 9,200 × 184 × 185 / 2 = 318,171,144 +
//    156,584,000 = 474,755,144; × 343 / 3,650,000 = 44,613.97 → 446.14.
//    Balance 17,291.91 + 16,928 + 446.14 = 34,666.05.
//  2024 H1, 182 days at 4.65%; deferring days 1–91 (to 31 March), the fee on day 15:
//    days 1–91: 91 × 3,466,605 + 9,200 × 91 × 92 / 2 + 10,000 × 77 = 315,461,055 +
//    38,511,200 + 770,000 = 354,742,255; days 92–182: 91 × 4,313,805 = 392,556,255;
//    747,298,510 × 465 / 3,650,000 = 95,203.78 → 952.04. Balance 44,090.09.
//  2024 H2, 184 days at 4.05%: 184 × 4,409,009 × 405 / 3,650,000 = 90,016.26 → 900.16.
//    Balance 44,990.25 = deferred 92 × 456 days (41,952.00) + fees 600 + interest 2,438.25.
// The equity limit is reached on the first day the balance with the half-year's interest so far
// reaches 39,750.00: in 2024 H1 on day k the closing balance is 3,466,605 + 9,200k + 10,000
// (k ≥ 15) and the interest so far Σ balances × 465 / 3,650,000:
//    k = 51: 3,945,805 + round(189,366,055 × 465 / 3,650,000 = 24,124.7) 24,125 = 3,969,930 < 3,975,000;
//    k = 52: 3,955,005 + round(193,321,060 × 465 / 3,650,000 = 24,628.6) 24,629 = 3,979,634 ≥ 3,975,000:
//    day 52 of 2024, 21 February 2024.
TEST(DeferredPayment, AcrossFourHalfYearsReachingItsEquityLimit) {
  RuleSet rules = england_with_new_figures();
  AccountResult r = run(with_agreement(), rules, "current-law", "2024-12-31");
  ASSERT_EQ(r.deferred_payments.size(), 1u);
  const DeferredPaymentAccount& a = r.deferred_payments[0];
  EXPECT_EQ(a.agreement, "/deferred_payments/0");
  EXPECT_EQ(a.equity_limit, M("39750.00"));
  EXPECT_EQ(a.deferred, Exact::from(M("41952.00")));
  EXPECT_EQ(a.fees, M("600.00"));
  EXPECT_EQ(a.interest, M("2438.25"));
  EXPECT_EQ(a.balance, Exact::from(M("44990.25")));
  EXPECT_EQ(a.equity_limit_reached_on, D("2024-02-21"));
  EXPECT_FALSE(a.weekly_deferred.has_value());  // no longer deferring on as_of
  // The person's payments are what the means test says; the agreement only finances them.
  EXPECT_EQ(period_on(r, "2023-06-01")->weekly.person_pays, M("700.00"));
}

TEST(DeferredPayment, MidHalfYearTheInterestSoFarIsShownAndTheAllowanceKept) {
  // As of 2023-03-31 (day 90 of 2023 H1): balances 50,000 + 9,200k, k = 1…90:
  // 90 × 50,000 + 9,200 × 90 × 91 / 2 = 4,500,000 + 37,674,000 = 42,174,000; × 318 / 3,650,000
  // = 3,674.35 → 36.74. Deferred 92 × 90 = 8,280; balance 500 + 8,280 + 36.74 = 8,816.74.
  RuleSet rules = england_with_new_figures();
  AccountResult r = run(with_agreement(), rules, "current-law", "2023-03-31");
  const DeferredPaymentAccount& a = r.deferred_payments.at(0);
  EXPECT_EQ(a.interest, M("36.74"));
  EXPECT_EQ(a.balance, Exact::from(M("8816.74")));
  EXPECT_FALSE(a.equity_limit_reached_on.has_value());
  EXPECT_EQ(a.weekly_deferred, M("644.00"));
  EXPECT_EQ(a.disposable_income_allowance, M("144.00"));
}

TEST(DeferredPayment, TheCouncilsRateNeverAboveTheMaximum) {
  // A 2.00% rate is below 2023 H1's 3.18%: 160,583,200 × 200 / 3,650,000 = 8,799.08 → 87.99.
  // A 5.00% rate is capped at 3.18%: 139.91, as above.
  RuleSet rules = england_with_new_figures();
  Person p = with_agreement();
  p.deferred_payments[0].interest_rate = Hundredths{200};
  EXPECT_EQ(run(p, rules, "current-law", "2023-06-30").deferred_payments.at(0).interest, M("87.99"));
  p.deferred_payments[0].interest_rate = Hundredths{500};
  EXPECT_EQ(run(p, rules, "current-law", "2023-06-30").deferred_payments.at(0).interest, M("139.91"));
}

TEST(DeferredPayment, AKeptAllowanceBelowTheMaximumDefersLess) {
  // Keeping £100 a week: 700 − (200 − 100) = 600 deferred a week. Above £144 is refused.
  RuleSet rules = england_with_new_figures();
  Person p = with_agreement();
  p.deferred_payments[0].disposable_income_allowance = M("100.00");
  EXPECT_EQ(run(p, rules, "current-law", "2023-03-31").deferred_payments.at(0).weekly_deferred, M("600.00"));
  p.deferred_payments[0].disposable_income_allowance = M("144.01");
  CalculationRequest req;
  req.as_of = D("2023-03-31");
  auto refused = calculate(p, rules, named(rules, "current-law"), req);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().pointer, "/deferred_payments/0/disposable_income_allowance");
}

TEST(DeferredPayment, RefusedWhereTheMaximumRateIsNotKnownNamingIt) {
  // england/2025-04 as shipped has no maximum rates: interest cannot be worked out.
  CalculationRequest req;
  req.as_of = D("2023-03-31");
  RuleSet without = england_with_new_figures();
  without.params[static_cast<std::size_t>(Param::kDeferredPaymentMaximumInterestRate)] = Timeline();
  auto refused = calculate(with_agreement(), without, named(without, "current-law"), req);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kMissingRule);
  EXPECT_EQ(refused.error().pointer, "/deferred_payments/0");
  EXPECT_NE(refused.error().message.find("deferred_payment.maximum_interest_rate"), std::string::npos);
}

TEST(DeferredPayment, ExplainedWithTheRatesUsed) {
  RuleSet rules = england_with_new_figures();
  CalculationRequest req;
  req.explain = true;
  AccountResult r = run(with_agreement(), rules, "current-law", "2024-12-31", req);
  const Explanation* e = nullptr;
  for (const Explanation& x : r.explain) {
    if (x.figure == "deferred_payment_balance") e = &x;
  }
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->value, "44990.25");
  int rates = 0;
  for (const RuleCitation& c : e->rules) rates += c.parameter == "deferred_payment.maximum_interest_rate";
  EXPECT_EQ(rates, 4);  // 2023 H1, H2, 2024 H1, H2
}

}  // namespace
}  // namespace caremeter
