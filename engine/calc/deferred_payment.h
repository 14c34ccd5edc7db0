// deferred_payment.h — deferred payment agreements (engine-internal): what is deferred each
// stretch, and the deferred balance with interest, the equity limit and the day it is reached.
//
// The law: Care Act 2014 ss34–36; the Care and Support (Deferred Payment) Regulations 2014
// (SI 2014/2671): reg 9 (interest: at most the OBR's weighted average gilt rate plus 0.15%, set
// for each half-year from 1 January and 1 July), reg 10 (administrative costs added to the
// amount deferred), the adult's contribution from income leaving a disposable income allowance
// of up to £144 a week; Care and Support Statutory Guidance chapter 9 (the equity limit).
// The choices the law leaves open (what is deferred, how interest compounds) are in
// doc/decisions.md, "Deferred payments".
#pragma once

#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/model/person.h"
#include "means_test.h"
#include "payment.h"
#include "rule_lookup.h"

namespace caremeter::calc {

// What an agreement defers a week over a stretch of chargeable days: the person's payment less
// what their income can meet once they keep the disposable income allowance,
// max(0, person pays − max(0, counted income − allowance)).
struct Deferral {
  DateRange days;
  Money weekly;
  Money allowance;                  // the disposable income allowance kept a week
  RuleValue<Money> most_allowance;  // the national maximum in force
};

// One list of deferrals per agreement of the person, in date order (the walk fills it).
using DeferralLog = std::vector<std::vector<Deferral>>;

Deferral deferral_on(const DeferredPayment& agreement, DateRange days, const Assessment& a, const PaymentSplit& s,
                     RuleLookup& rules);

// The rule values an agreement's figures used, for explanations.
struct DeferredPaymentTrace {
  const DeferredPayment* agreement = nullptr;
  std::vector<RuleValue<Percent>> maximum_rates;  // each half-year's national maximum used
  RuleValue<Percent> share_excluded;
  RuleValue<Money> lower_capital_limit;
  std::vector<Deferral> deferrals;
};

// Equity limit (guidance chapter 9): the property's value less the share left out (10%), the
// lower capital limit and the debt secured on it, never below zero.
Money equity_limit(Money property_value, Money secured_debt, Percent share_excluded, Money lower_capital_limit);

// The agreement as at the end of as_of: charges deferred, fees and interest, the balance, the
// equity limit and the day the balance first reaches it. Interest accrues each day on the balance
// at the end of the day at the agreement's rate, never above the national maximum for that
// half-year, over a 365-day year; it is added to the balance (compounded) at the end of each
// half-year, 30 June and 31 December. `trace` is filled when given.
DeferredPaymentAccount deferred_payment_account(const DeferredPayment& agreement, const std::vector<Deferral>& deferrals,
                                                Date as_of, RuleLookup& rules, DeferredPaymentTrace* trace);

}  // namespace caremeter::calc
