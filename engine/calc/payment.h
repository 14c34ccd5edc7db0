// payment.h — who pays what on a chargeable day, and what meters toward the cap (engine-internal).
//
// One split for every day: an ordinary day, the day the cap is reached, the days after it, and
// the day a person's capital runs out under spend-down. It starts from the means test's figures
// (B, F, A, D) and the day's place against the cap, and says what the person pays (toward daily
// living costs, toward care, their own top-up), what the council pays, what a third party pays,
// and what accrues toward the cap and why. The law: Care Act 2014 s14 (charging; s14(4): a
// charge covers only the cost incurred), s15 as amended by the Health and Care Act 2022 s166
// (the cap; s15(2): what counts toward it); doc/decisions.md.
#pragma once

#include <optional>

#include "caremeter/calc/calculate.h"
#include "means_test.h"

namespace caremeter::calc {

// Where a day stands against the cap.
enum class CapStage {
  kBelowCap,     // an ordinary day (and every day under current law or before the reform start)
  kCrossingDay,  // the accrued total reaches the cap during this day
  kReached,      // the cap was reached on an earlier day
};

// Why what meters is what it is (Care Act 2014 s15(2) as amended).
enum class MeterBasis {
  kNone,        // current law, or before the reform start: nothing meters
  kFullCost,    // reform.meter_full_cost: B − D for everyone (the 2014 wording)
  kSelfFunder,  // the person pays the whole cost (needs met by someone other than the council,
                // s15(2)(b)): what meeting them would have cost the council, B, less D
  kCouncilMet,  // the council pays part (s15(2)(a)): what it charges the person toward care,
                // max(0, A − D); the council's own money never meters
};

// What would accrue a week on an ordinary day below the cap, and why.
struct Metering {
  Money weekly;
  MeterBasis basis = MeterBasis::kNone;
};

struct PaymentSplit {
  WeeklyFigures weekly;  // the figures shown; a one-day piece's are that day's exact weekly equivalents
  PaymentParts parts;    // the person's payment in its parts, and what the council met for them
  CapStage stage = CapStage::kBelowCap;
  Metering meter;        // the ordinary day's (on a crossing day weekly.accruing is less)
  Money cost;            // what meeting the needs costs that day (see cost_of_care())
};

// What meeting the needs costs on a day: what the person's charge and the council's share add
// up to. B; but for care the person arranges themselves never more than the provider's fee F,
// since nobody pays more than the fee. For council-arranged care B is already never more than
// the fee: the means test sets B = min(usual rate, fee) (Care Act 2014 s14(4): a charge may
// cover only the cost the council incurs), because A, D and what meters follow from B itself.
// F and B exclude NHS-funded nursing care, so it is never in this cost.
Money cost_of_care(const Assessment& a);

// The diminishing notional capital rule (SI 2014/2672 reg 23): notional capital falls each week
// by what the person is charged because of it — the charge with it less the charge without it,
// each never more than the cost, and after the cap only toward daily living costs.
Money notional_capital_reduction(const Assessment& a, CapStage stage);

// What meters a week on an ordinary day below the cap.
Metering metering(const Assessment& a);

// The split of a day in `stage`.
//  - On the crossing day `to_reach_cap` is what is left to the cap (at most one day's metering):
//    it is what meters, and the person is charged toward care only that part (up to the day's
//    charge; under reform.meter_full_cost, their share of it). A day's amount in sevenths of a
//    penny equals a weekly figure in pence, so the day is shown with exact weekly figures.
//  - `person_can_pay` (spend-down, when capital runs out): the most the person can pay a week
//    that day. A council never pays a top-up (the Care and Support and After-care (Choice of
//    Accommodation) Regulations 2014, SI 2014/2670: the council pays B − A): what the person
//    cannot pay of their own top-up falls to a third party; the council meets the rest of their
//    charge — toward care first, then toward daily living costs.
// Into `out`, whatever it held (in place, as the means test fills its figures: the walk splits
// every stretch, and a split returned and copied would be read back through memory just written).
void split_payment(const Assessment& a, CapStage stage, PaymentSplit& out, Exact to_reach_cap = Exact::zero(),
                   std::optional<Money> person_can_pay = std::nullopt);

}  // namespace caremeter::calc
