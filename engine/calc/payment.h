// payment.h — who pays what on a chargeable day, and what meters toward the cap (engine-internal).
//
// One split for every day: an ordinary day, the day the cap is reached, and the days after it.
// It starts from the means test's figures (B, F, A, D) and the day's place against the cap,
// and says what the person pays (toward daily living costs, toward care, their own top-up), what
// the council pays, what a third party pays, and what accrues toward the cap and why.
// Care Act 2014 s14 (charging), s15 as amended by the Health and Care Act 2022 s166 (the cap
// and what counts toward it).
#pragma once

#include "caremeter/calc/calculate.h"
#include "means_test.h"

namespace caremeter::calc {

// Where a day stands against the cap.
enum class CapStage {
  kBelowCap,     // an ordinary day (and every day under current law or before the reform start)
  kCrossingDay,  // the accrued total reaches the cap during this day
  kReached,      // the cap was reached on an earlier day
};

// Why what meters is what it is.
enum class MeterBasis {
  kNone,        // current law, or before the reform start: nothing meters
  kFullCost,    // reform.meter_full_cost: B − D for everyone (the 2014 wording)
  kSelfFunder,  // the independent personal budget less daily living costs, B − D
  kCouncilMet,  // what the council charges the person toward care, max(0, A − D)
};

// What would accrue a week while below the cap.
struct Metering {
  Money weekly;
  MeterBasis basis = MeterBasis::kNone;
};

struct PaymentSplit {
  WeeklyFigures weekly;  // the figures shown; a crossing day's are that day's exact weekly equivalents
  CapStage stage = CapStage::kBelowCap;
  Metering meter;        // the rate below the cap (on a crossing day, weekly.accruing is less)
  // The person's payment in its parts: weekly.person_pays = toward_dlc + toward_care + own_top_up.
  Money toward_dlc;
  Money toward_care;
  Money own_top_up;
  Money third_party_top_up;  // a top-up on council-arranged care, paid by someone else
};

// What meters a week while below the cap.
Metering metering(const Assessment& a);

// The split of a day in `stage`. On the crossing day `to_reach_cap` is what is left to the cap
// (less than one day's metering); a day's amount in sevenths of a penny equals a weekly figure in
// pence, so the crossing day is shown with exact weekly figures.
PaymentSplit split_payment(const Assessment& a, CapStage stage, Exact to_reach_cap = Exact::zero());

}  // namespace caremeter::calc
