// walk.h — the walk through a person's history (engine-internal): stretches between changes, the
// cap (its level changing, the day it is reached), spend-down, periods, and the account on as_of.
//
// The walk goes from change to change — record boundaries, rule changes, age thresholds, the end
// of a property disregard, the reform start, the window's edges, the cap crossing, a spend-down
// reassessment — never day by day, so ten years of unchanged care cost about what one year does.
// Within a stretch every weekly figure is constant; amounts accumulate exactly in sevenths of a
// penny (weekly pence × days) and are rounded only when shown.
#pragma once

#include <optional>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "deferred_payment.h"
#include "means_test.h"
#include "payment.h"
#include "records.h"
#include "rule_lookup.h"

namespace caremeter::calc {

struct WalkInputs {
  const Person& person;
  const PreparedScenario& scenario;
  const CalculationRequest& request;
  const PersonFacts& facts;
  DateRange window;  // the totals and periods window
};

// What produced a stretch's figures: its records, means test and split (every stretch merged
// into a period has the same weekly figures).
struct PeriodTrace {
  DateRange days;                        // the stretch it was taken on, within one period
  DayRecords records;
  std::optional<Assessment> assessment;  // charged periods
  std::vector<IncomeLine> income;        // each income item as counted
  PaymentSplit split;
};

// Walks from the first care record to the later of as_of and the window's end, filling in the
// result's periods, totals and account. When `traces` is given, one trace a stretch is kept there,
// in order (explanations are built from them afterwards). A period is one or more stretches with
// the same figures, and why they are what they are can change within it (a home's 12 weeks
// ending while it adds nothing to capital), so a reader needs each stretch, not only the first.
// `deferrals` gets, for each of the person's deferred payment agreements, what it defers on each
// chargeable stretch up to as_of.
void walk(const WalkInputs& in, RuleLookup& rules, AccountResult& out, std::vector<PeriodTrace>* traces,
          DeferralLog& deferrals);

}  // namespace caremeter::calc
