// payment.cc — the one payment split: the person's charge first toward daily living costs, the
// rest toward care; the council pays the rest of the cost; top-ups apart; metering toward the cap.
#include "payment.h"

#include "check.h"

namespace caremeter::calc {

Money cost_of_care(const Assessment& a) { return a.self_arranged ? min(a.B(), a.F()) : a.B(); }

namespace {

// The person's charge: A, but never more than what the care costs.
Money charge_of(const Assessment& a) { return min(a.A(), cost_of_care(a)); }

// What the person is liable to be charged a week with assessed charge `A` on a day in `stage`:
// their charge, and after the cap only its part toward daily living costs.
Money liable_for(const Assessment& a, Money A, CapStage stage) {
  Money charge = min(A, cost_of_care(a));
  return stage == CapStage::kReached ? min(charge, a.D()) : charge;
}

}  // namespace

Money notional_capital_reduction(const Assessment& a, CapStage stage) {
  if (a.notional.left.is_zero()) return Money::zero();
  CM_CHECK(a.notional.charge_without <= a.A(), "less capital never raises the charge");
  return liable_for(a, a.A(), stage) - liable_for(a, a.notional.charge_without, stage);
}

Metering metering(const Assessment& a) {
  if (!a.reform.applies) return Metering{Money::zero(), MeterBasis::kNone};
  Money independent_budget_less_dlc = max(Money::zero(), a.B() - a.D());
  if (a.reform.meter_full_cost.value()) return Metering{independent_budget_less_dlc, MeterBasis::kFullCost};
  Money charge = charge_of(a);
  if (charge == cost_of_care(a)) return Metering{independent_budget_less_dlc, MeterBasis::kSelfFunder};
  return Metering{charge - min(charge, a.D()), MeterBasis::kCouncilMet};
}

namespace {

// The person's charge toward care on a day in `stage`. On the crossing day only the part needed
// to reach the cap is charged: the part, up to the day's charge toward care. Under
// reform.meter_full_cost the council's share of the cost meters too, so the part needed is
// shared: the person is charged toward care the share of the day before the cap is reached,
// care_charge × part / the day's metering, rounded half up (doc/decisions.md).
Money toward_care_on(CapStage stage, Money care_charge, const Metering& meter, Money part) {
  switch (stage) {
    case CapStage::kBelowCap: return care_charge;
    case CapStage::kReached: return Money::zero();
    case CapStage::kCrossingDay:
      CM_CHECK(part.in_pence() > 0 && part <= meter.weekly, "the crossing day needs at most a day's metering");
      if (meter.basis != MeterBasis::kFullCost) return min(care_charge, part);
      return multiply_ratio(care_charge, part.in_pence(), meter.weekly.in_pence(), Rounding::kHalfUp);
  }
  return care_charge;
}

// Spend-down, when capital runs out: the person pays only what their income and what is left of
// their capital can meet, their charge before their own top-up. What they cannot pay of their
// top-up is a third party's (a council never pays a top-up); the council meets the rest of their
// charge, toward care first, then toward daily living costs (doc/decisions.md, spend-down).
void meet_what_the_person_cannot(PaymentParts& p, Money can_pay) {
  Money pays = p.toward_daily_living_costs + p.toward_care + p.own_top_up;
  if (pays <= can_pay) return;
  Money short_by = pays - can_pay;
  Money top_up_unpaid = min(short_by, p.own_top_up);
  p.own_top_up -= top_up_unpaid;
  p.third_party_top_up += top_up_unpaid;
  short_by -= top_up_unpaid;
  p.met_by_council = short_by;
  for (Money* part : {&p.toward_care, &p.toward_daily_living_costs}) {
    Money taken = min(short_by, *part);
    *part -= taken;
    short_by -= taken;
  }
  CM_CHECK(short_by.is_zero(), "the person's payment covers what they cannot pay");
}

// What accrues on the day: nothing after the cap; the ordinary day's metering, or on the
// crossing day the part needed to reach the cap, for a self-funder (or under meter_full_cost);
// otherwise what the council charges the person toward care, never its own money.
Money accrues(const PaymentSplit& s, Money part) {
  if (s.stage == CapStage::kReached || s.meter.basis == MeterBasis::kNone) return Money::zero();
  bool whole_cost_meters = s.meter.basis == MeterBasis::kFullCost ||
                           (s.meter.basis == MeterBasis::kSelfFunder && s.parts.met_by_council.is_zero());
  if (!whole_cost_meters) return s.parts.toward_care;
  return s.stage == CapStage::kCrossingDay ? part : s.meter.weekly;
}

// The cheap checks that only a bug can fail: the parts add up to the cost and to the fee, the
// council never pays a top-up or NHS-funded nursing care, and the council's money never meters
// unless the scenario says so.
void check_adds_up(const Assessment& a, const PaymentSplit& s) {
  const WeeklyFigures& w = s.weekly;
  const PaymentParts& p = s.parts;
  CM_CHECK(w.person_pays == p.toward_daily_living_costs + p.toward_care + p.own_top_up,
           "the person's payment is its parts");
  CM_CHECK(w.person_pays + w.council_pays + p.third_party_top_up == s.cost + a.top_up,
           "the person, the council and a third party together pay the cost and the top-up");
  CM_CHECK(w.person_pays + w.council_pays + p.third_party_top_up == a.F(),
           "they pay the fee, net of NHS-funded nursing care, and no more");
  CM_CHECK(p.own_top_up + p.third_party_top_up == a.top_up && (a.self_arranged || p.own_top_up.is_zero()),
           "a top-up is the person's or a third party's, never the council's");
  CM_CHECK(w.council_pays + p.toward_daily_living_costs + p.toward_care == s.cost,
           "the council pays only toward the cost of meeting needs");
  CM_CHECK(w.accruing <= a.B(), "what meters is never more than the cost of meeting needs");
  CM_CHECK(w.person_pays <= (a.self_arranged ? a.F() : a.B()), "nobody pays more than the fee");
  CM_CHECK(!w.person_pays.is_negative() && !w.council_pays.is_negative() && !w.accruing.is_negative(),
           "nobody pays less than nothing and nothing meters below zero");
  CM_CHECK(w.council_pays.is_zero() || s.meter.basis == MeterBasis::kFullCost || w.accruing <= p.toward_care,
           "the council's own money never meters");
}

}  // namespace

void split_payment(const Assessment& a, CapStage stage, PaymentSplit& s, Exact to_reach_cap,
                   std::optional<Money> person_can_pay) {
  CM_CHECK(stage == CapStage::kBelowCap || a.reform.applies, "the cap applies only under the reform");
  s = PaymentSplit{};
  s.stage = stage;
  s.cost = cost_of_care(a);
  s.meter = metering(a);
  PaymentParts& p = s.parts;
  // The person's charge goes first toward daily living costs, the rest toward care.
  Money charge = charge_of(a);
  p.toward_daily_living_costs = min(charge, a.D());
  Money part = Money::pence(to_reach_cap.in_sevenths());
  p.toward_care = toward_care_on(stage, charge - p.toward_daily_living_costs, s.meter, part);
  (a.self_arranged ? p.own_top_up : p.third_party_top_up) = a.top_up;
  if (person_can_pay) meet_what_the_person_cannot(p, *person_can_pay);

  WeeklyFigures& w = s.weekly;
  w.personal_budget = a.B();
  w.weekly_fee = a.F();
  w.assessed_charge = a.A();
  w.daily_living_costs = a.D();
  w.top_up = a.top_up;
  w.nhs_nursing_care = a.nursing_care.weekly();
  w.person_pays = p.toward_daily_living_costs + p.toward_care + p.own_top_up;
  // The council pays the rest of the cost (never a top-up).
  w.council_pays = s.cost - p.toward_daily_living_costs - p.toward_care;
  w.accruing = accrues(s, part);
  check_adds_up(a, s);
}

}  // namespace caremeter::calc
