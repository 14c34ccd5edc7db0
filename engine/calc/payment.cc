// payment.cc — the one payment split: the person's charge first toward daily living costs, the
// rest toward care; the council pays the rest of B; top-ups apart; metering toward the cap.
#include "payment.h"

#include "check.h"

namespace caremeter::calc {

Metering metering(const Assessment& a) {
  if (!a.reform.applies) return Metering{Money::zero(), MeterBasis::kNone};
  if (a.reform.meter_full_cost.value()) return Metering{max(Money::zero(), a.B() - a.D()), MeterBasis::kFullCost};
  if (a.self_arranged) return Metering{max(Money::zero(), a.B() - a.D()), MeterBasis::kSelfFunder};
  return Metering{max(Money::zero(), a.A() - a.D()), MeterBasis::kCouncilMet};
}

namespace {

// The cheap checks that only a bug can fail: the parts add up to B and to the fee.
void check_adds_up(const Assessment& a, const PaymentSplit& s) {
  const WeeklyFigures& w = s.weekly;
  CM_CHECK(w.person_pays == s.toward_dlc + s.toward_care + s.own_top_up, "the person's payment is its parts");
  CM_CHECK(s.toward_dlc + s.toward_care + w.council_pays == a.B(),
           "what the person pays toward B and what the council pays make B");
  CM_CHECK(w.person_pays + w.council_pays + s.third_party_top_up == a.B() + a.top_up,
           "the person, the council and a third party together pay B and the top-up");
  CM_CHECK(a.top_up == max(Money::zero(), a.F() - a.B()), "the top-up is the fee above B");
  CM_CHECK(!w.person_pays.is_negative() && !w.council_pays.is_negative() && !w.accruing.is_negative(),
           "nobody pays less than nothing and nothing meters below zero");
}

}  // namespace

PaymentSplit split_payment(const Assessment& a, CapStage stage, Exact to_reach_cap) {
  CM_CHECK(stage == CapStage::kBelowCap || a.reform.applies, "the cap applies only under the reform");
  PaymentSplit s;
  s.stage = stage;
  s.meter = metering(a);
  // The person's charge goes first toward daily living costs, the rest toward care.
  s.toward_dlc = min(a.A(), a.D());
  Money care_charge = a.A() - s.toward_dlc;
  switch (stage) {
    case CapStage::kBelowCap:
      s.toward_care = care_charge;
      s.weekly.accruing = s.meter.weekly;
      break;
    case CapStage::kCrossingDay: {
      // Only the part needed to reach the cap counts and is charged.
      Money part = Money::pence(to_reach_cap.in_sevenths());
      CM_CHECK(part.in_pence() > 0 && part <= s.meter.weekly, "the crossing day needs at most a day's metering");
      s.toward_care = min(care_charge, part);
      s.weekly.accruing = part;
      break;
    }
    case CapStage::kReached:
      break;  // from the day after the cap is reached: daily living costs and any top-up only
  }
  (a.self_arranged ? s.own_top_up : s.third_party_top_up) = a.top_up;

  WeeklyFigures& w = s.weekly;
  w.personal_budget = a.B();
  w.weekly_fee = a.F();
  w.assessed_charge = a.A();
  w.daily_living_costs = a.D();
  w.top_up = a.top_up;
  w.person_pays = s.toward_dlc + s.toward_care + s.own_top_up;
  w.council_pays = a.B() - s.toward_dlc - s.toward_care;
  check_adds_up(a, s);
  return s;
}

}  // namespace caremeter::calc
