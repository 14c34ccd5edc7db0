// explain.h — explanations of a result's figures, written from the walk's traces afterwards
// (engine-internal). The arithmetic never writes text; this file never computes a figure.
//
// A trace holds typed facts only: the records in force, each figure with the reason it takes
// its form (ChargeBasis, BudgetSource, MeterBasis, CapStage) and the dated rule values and
// inputs that produced it. These explanations are one reading of it, in the domain's words; a
// plain-English reading for families ("You pay the full fee because your capital (£38,000.00) is
// above the upper limit (£23,250.00).") would be another function over the same PeriodTrace.
#pragma once

#include <vector>

#include "caremeter/calc/calculate.h"
#include "deferred_payment.h"
#include "walk.h"

namespace caremeter::calc {

// One explanation of each figure of each period, in period order: for a charged period B, F,
// counted income, tariff income, A, D, what accrues, the top-up, what the person and the council
// pay, each with its formula, inputs and the rule values it used; for an excluded period, why.
// `traces` holds one trace a period (the walk's), in the same order as `periods`.
std::vector<Explanation> explain(const Person& person, const std::vector<Period>& periods,
                                 const std::vector<PeriodTrace>& traces);

// A deferred payment agreement's balance as at as_of: what it is made of, the interest rates
// and the equity limit's rule values.
Explanation explain_deferred_payment(const DeferredPaymentAccount& account, const DeferredPaymentTrace& trace);

}  // namespace caremeter::calc
