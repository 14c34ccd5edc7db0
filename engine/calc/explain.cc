// explain.cc — each figure of a period as a formula in the domain's words, its inputs and the
// rule values it used, read from the period's trace.
#include "explain.h"

#include <string>
#include <utility>

#include "check.h"

namespace caremeter::calc {
namespace {

std::string shown(Money m) { return to_string(m); }
std::string shown(Exact e) { return to_string(e.round_half_up()); }
std::string shown(Percent p) { return to_string(Hundredths{p.hundredths}) + "%"; }
std::string shown(bool b) { return b ? "true" : "false"; }

template <class T>
RuleCitation cite(const RuleValue<T>& v) {
  return RuleCitation{std::string(param_info(v.param()).name), shown(v.value()), v.entry().range, v.entry().source,
                      v.entry().status, v.use()};
}
template <class T>
RuleCitation cite(const CouncilValue<T>& v) {
  return RuleCitation{std::string(council_param_info(v.param()).name) + "@" + v.council(), shown(v.value()),
                      v.entry().range, v.entry().source, v.entry().status, v.use()};
}

const char* household_name(HouseholdType t) {
  switch (t) {
    case HouseholdType::kCouple: return "couple";
    case HouseholdType::kLoneParent: return "lone_parent";
    case HouseholdType::kSingle: break;
  }
  return "single";
}

const char* premium_name(Premium p) {
  switch (p) {
    case Premium::kDisability: return "disability";
    case Premium::kEnhancedDisability: return "enhanced_disability";
    case Premium::kCarer: return "carer";
    case Premium::kCount: break;
  }
  return "?";
}

Explanation excluded(DateRange period, const Exclusion& x) {
  return Explanation{period, "status", "excluded",
                     std::string("care excluded from charging: ") + exclusion_reason_name(x.reason),
                     {{"exclusion", x.pointer}}, {}};
}

Explanation personal_budget(DateRange period, const Assessment& a) {
  const PersonalBudget& b = a.budget;
  Explanation e{period, "personal_budget", shown(b.weekly), {}, {}, {}};
  switch (b.source) {
    case BudgetSource::kCareRecord: e.formula = "given on the care record"; break;
    case BudgetSource::kCareHomeRate:
      e.formula = std::string("the council's weekly rate for ") + category_name(a.care->category) + " care";
      break;
    case BudgetSource::kHomeCareHours:
      e.formula = "hours a week × the council's hourly rate, rounded half up to the penny";
      e.inputs.emplace_back("hours_per_week", to_string(b.hours_per_week));
      break;
  }
  if (b.rate) e.rules.push_back(cite(b.rate));
  if (b.rates_of_previous_council) {
    e.inputs.emplace_back("rates_of_previous_council", b.rate.council());
    e.inputs.emplace_back("rates_as_on", to_string(b.rates_as_on));
  }
  if (b.limited_to_fee) {
    e.formula = "the provider's weekly fee, below " + e.formula +
                " (" + shown(b.before_fee) + "): a charge may cover only the cost the council incurs (Care Act 2014 s14(4))";
    e.inputs.emplace_back("weekly_fee", shown(a.F()));
  }
  e.inputs.emplace_back("care", a.care->pointer);
  return e;
}

Explanation weekly_fee(DateRange period, const Assessment& a) {
  Explanation e{period, "weekly_fee", shown(a.F()),
                a.fee.given ? "given on the care record" : "the provider's fee defaults to B", {}, {}};
  if (a.fee.included_fnc) {
    e.formula = "the gross fee given on the care record less NHS-funded nursing care, which the NHS pays the home";
    e.inputs.emplace_back("gross_fee", shown(a.fee.gross));
    e.rules.push_back(cite(a.nursing_care.rate));
  }
  return e;
}

// NHS-funded nursing care on a nursing placement, when the rule set has the rate.
Explanation nhs_nursing_care(DateRange period, const Assessment& a) {
  Explanation e{period, "nhs_nursing_care", shown(a.nursing_care.rate.value()),
                "paid by the NHS to the nursing home for the registered nurse's care (NHS-funded nursing care): "
                "never the person's or the council's cost, never in B or the fee, never metered",
                {{"fnc_rate", kFncRateNames.name(a.care->fnc_rate)}}, {cite(a.nursing_care.rate)}};
  return e;
}

Explanation counted_income(DateRange period, const Assessment& a, const std::vector<IncomeLine>& lines) {
  Explanation e{period, "counted_income", shown(a.counted_income),
                "the sum of income items, each counted, disregarded or counted less a disregard as the rule file says",
                {}, {}};
  for (const IncomeLine& line : lines) {
    if (line.disregard) e.rules.push_back(cite(line.disregard));
    std::string how = shown(line.item->weekly) + " → " + shown(line.counted);
    if (!line.half_to_spouse.is_zero()) {
      how += " (half, " + shown(line.half_to_spouse) + ", paid to a spouse or civil partner at home: disregarded)";
    }
    if (line.night_care_rule) {
      how += " (night-time part above the lower rate, " + shown(line.night_care) +
             ", disregarded: no night care arranged)";
      e.rules.push_back(cite(line.night_care_rule));
      e.rules.push_back(cite(line.higher_rate));
      e.rules.push_back(cite(line.lower_rate));
    }
    e.inputs.emplace_back(line.item->pointer + " " + std::string(income_type_name(line.item->type)), how);
  }
  return e;
}

const char* home_treatment_words(HomeTreatment t) {
  switch (t) {
    case HomeTreatment::kNoHome: return "no home";
    case HomeTreatment::kCareOutsideACareHome: return "disregarded: care outside a care home";
    case HomeTreatment::kTemporaryStay: return "disregarded: a temporary stay";
    case HomeTreatment::kRelativeLivesThere: return "disregarded: a qualifying relative lives there";
    case HomeTreatment::kTwelveWeeks: return "disregarded: the first 12 weeks of a permanent stay";
    case HomeTreatment::kRelativeLeftMandatory:
      return "disregarded: 12 weeks after the qualifying relative died or moved into a care home";
    case HomeTreatment::kRelativeLeftDiscretionary:
      return "disregarded: 12 weeks after the qualifying relative left, at the council's discretion";
    case HomeTreatment::kCounted: return "counted";
  }
  return "";
}

// The capital the law's newer rules add, as inputs of tariff income: equal shares of joint
// capital and of a jointly owned home, why the home is or is not counted after a relative left,
// and notional capital.
void add_capital_details(Explanation& e, const Assessment& a) {
  const CountedCapital& c = a.capital;
  const FinancesRecord& fin = *a.finances;
  if (!fin.joint_capital.empty()) e.inputs.emplace_back("joint_capital_shares", shown(c.joint_shares));
  if (fin.home && (fin.home->owners > 1 || fin.home->relative_left_reason)) {
    e.inputs.emplace_back("home_share", shown(c.home_share));
    e.inputs.emplace_back("home", home_treatment_words(c.home));
  }
  if (c.discretion) e.rules.push_back(cite(c.discretion));
  if (!c.notional.is_zero()) {
    e.inputs.emplace_back("notional_capital", shown(c.notional));
    e.inputs.emplace_back("assessed_charge_without_notional_capital", shown(a.notional.charge_without));
  }
}

Explanation tariff_income(DateRange period, const Assessment& a) {
  Explanation e{period, "tariff_income", shown(a.tariff.weekly),
                "£1 a week for every £250 or part of £250 of capital above the lower capital limit, up to the upper",
                {{"capital", shown(a.capital.amount)}, {"home_counted", shown(a.capital.home_counted)}},
                {}};
  if (a.tariff.step) e.rules.push_back(cite(a.tariff.step));
  if (a.tariff.per_step) e.rules.push_back(cite(a.tariff.per_step));
  e.rules.push_back(cite(a.limits.lower_by_law));
  e.rules.push_back(cite(a.limits.upper_by_law));
  if (a.limits.council_upper) e.rules.push_back(cite(a.limits.council_upper));
  if (a.limits.council_lower) e.rules.push_back(cite(a.limits.council_lower));
  add_capital_details(e, a);
  return e;
}

// The minimum income guarantee's parts, as inputs and rule values of the charge at home.
void add_minimum_income_guarantee(Explanation& e, const Person& person, const MinimumIncomeGuarantee& m) {
  e.rules.push_back(cite(m.basic));
  if (m.per_child) e.rules.push_back(cite(m.per_child));
  for (const auto& premium : m.premiums) {
    if (premium) e.rules.push_back(cite(premium));
  }
  const Household& h = person.household;
  e.inputs.emplace_back("household", household_name(h.type));
  e.inputs.emplace_back("pension_credit_age_from", to_string(m.pension_credit_age_from));
  e.inputs.emplace_back("dependent_children", std::to_string(h.dependent_children));
  std::string premiums;
  for (std::size_t i = 0; i < kPremiumCount; ++i) {
    if (h.premiums[i]) premiums += (premiums.empty() ? "" : ",") + std::string(premium_name(static_cast<Premium>(i)));
  }
  e.inputs.emplace_back("premiums", premiums);
}

Explanation assessed_charge(DateRange period, const Person& person, const Assessment& a) {
  Explanation e{period, "assessed_charge", shown(a.A()), {}, {}, {}};
  if (a.allowance.personal_expenses) e.rules.push_back(cite(a.allowance.personal_expenses));
  if (a.allowance.mig.basic) add_minimum_income_guarantee(e, person, a.allowance.mig);
  const AssessedCharge& c = a.charge;
  switch (c.basis) {
    case ChargeBasis::kAboveUpperLimit:
      e.formula = "capital above the upper capital limit: the person pays the full cost B";
      e.inputs.emplace_back("capital", shown(a.capital.amount));
      e.rules.push_back(cite(a.limits.upper_by_law));
      break;
    case ChargeBasis::kCareHome:
      e.formula = "min(B, max(0, counted income + tariff income − personal expenses allowance))";
      break;
    case ChargeBasis::kCommunity:
      if (c.percentage_rule) e.rules.push_back(cite(c.percentage_rule));
      e.formula =
          "min(B, round(charging percentage × max(0, counted income + tariff income − minimum income guarantee − "
          "housing costs − disability-related expenditure)))";
      e.inputs.emplace_back("charging_percentage", shown(c.percentage));
      e.inputs.emplace_back("housing_costs", shown(a.finances->housing_costs));
      e.inputs.emplace_back("disability_related_expenditure", shown(a.allowance.dre.weekly));
      if (a.allowance.dre.standard) {
        e.inputs.emplace_back("disability_related_expenditure_from", "the council's standard allowance");
        e.rules.push_back(cite(a.allowance.dre.standard));
      }
      e.inputs.emplace_back("minimum_income_guarantee", shown(a.allowance.mig.weekly));
      break;
  }
  e.inputs.emplace_back("B", shown(a.B()));
  e.inputs.emplace_back("counted_income", shown(a.counted_income));
  e.inputs.emplace_back("tariff_income", shown(a.tariff.weekly));
  e.inputs.emplace_back("finances", a.finances->pointer);
  return e;
}

Explanation daily_living_costs(DateRange period, const Assessment& a) {
  Explanation e{period, "daily_living_costs", shown(a.D()), {}, {}, {}};
  if (a.reform.daily_living_costs) e.rules.push_back(cite(a.reform.daily_living_costs));
  e.formula = !a.reform.applies ? "no daily living costs before the reform"
              : a.in_care_home  ? "min(daily living costs, B) for care-home residents"
                                : "no daily living costs outside care homes";
  return e;
}

const char* meter_formula(MeterBasis basis) {
  switch (basis) {
    case MeterBasis::kNone: return "nothing is metered before the reform or under current law";
    case MeterBasis::kFullCost: return "B − daily living costs (reform.meter_full_cost)";
    case MeterBasis::kSelfFunder: return "self-funder: B − daily living costs (the independent personal budget less DLC)";
    case MeterBasis::kCouncilMet: return "council-met needs: max(0, A − daily living costs)";
  }
  return "";
}

// What accrues a week while below the cap (the period's own `accruing` shows the day's figure).
Explanation accruing(DateRange period, const Assessment& a, const PaymentSplit& s) {
  Explanation e{period, "accruing", shown(s.meter.weekly), meter_formula(s.meter.basis), {}, {}};
  if (a.reform.applies) {
    e.rules.push_back(cite(a.reform.cap));
    e.rules.push_back(cite(a.reform.meter_full_cost));
  }
  return e;
}

const char* person_pays_formula(const Assessment& a, const PaymentSplit& s) {
  switch (s.stage) {
    case CapStage::kReached:
      return "after the cap is reached: min(A, daily living costs), plus the top-up when self-arranged";
    case CapStage::kCrossingDay:
      return "the day the cap is reached: min(A, daily living costs) and only the part of the charge toward care "
             "needed to reach the cap, plus the top-up when self-arranged";
    case CapStage::kBelowCap: break;
  }
  if (a.A() > s.cost) return "the fee: a person who arranges their own care pays the provider's fee, never more";
  return "A, plus the top-up when the person arranged the care themselves";
}

void add_payments(std::vector<Explanation>& out, DateRange period, const Assessment& a, const PaymentSplit& s) {
  const WeeklyFigures& w = s.weekly;
  out.push_back(Explanation{period, "top_up", shown(w.top_up), "weekly fee − B, when above zero; never metered", {}, {}});
  Explanation person{period, "person_pays", shown(w.person_pays), person_pays_formula(a, s), {}, {}};
  Explanation council{period, "council_pays", shown(w.council_pays),
                      s.cost < a.B() ? "the fee − what the person pays" : "B − what the person pays toward B", {}, {}};
  bool top_up_unpaid = a.self_arranged && !s.parts.third_party_top_up.is_zero();
  if (!s.parts.met_by_council.is_zero() || top_up_unpaid) {
    // Spend-down: the day capital runs out, or days with none left.
    person.formula += "; capital has run out: the person pays only what their income and the capital left can meet";
    person.inputs.emplace_back("met_by_council", shown(s.parts.met_by_council));
    if (top_up_unpaid) {
      person.inputs.emplace_back("top_up_paid_by_a_third_party", shown(s.parts.third_party_top_up));
      person.formula += "; a council never pays a top-up, so what they cannot pay of it falls to a third party";
    }
    if (!s.parts.met_by_council.is_zero()) council.formula += ", and what the person could not pay of their charge";
  }
  out.push_back(std::move(person));
  out.push_back(std::move(council));
}

void explain_charged(std::vector<Explanation>& out, DateRange period, const Person& person, const PeriodTrace& t) {
  const Assessment& a = *t.assessment;
  out.push_back(personal_budget(period, a));
  out.push_back(weekly_fee(period, a));
  if (a.nursing_care.rate) out.push_back(nhs_nursing_care(period, a));
  out.push_back(counted_income(period, a, t.income));
  out.push_back(tariff_income(period, a));
  out.push_back(assessed_charge(period, person, a));
  out.push_back(daily_living_costs(period, a));
  out.push_back(accruing(period, a, t.split));
  add_payments(out, period, a, t.split);
}

}  // namespace

Explanation explain_deferred_payment(const DeferredPaymentAccount& account, const DeferredPaymentTrace& trace) {
  const DeferredPayment& agreement = *trace.agreement;
  Explanation e{account.range, "deferred_payment_balance", shown(account.balance),
                "charges deferred (what the person pays beyond their income less the disposable income allowance) "
                "+ fees + interest at the agreement's rate, never above the national maximum for each half-year, "
                "accrued daily on a 365-day year and added at the end of each half-year",
                {}, {}};
  e.inputs.emplace_back("agreement", agreement.pointer);
  e.inputs.emplace_back("deferred", shown(account.deferred));
  e.inputs.emplace_back("fees", shown(account.fees));
  e.inputs.emplace_back("interest", shown(account.interest));
  e.inputs.emplace_back("interest_rate", agreement.interest_rate ? to_string(*agreement.interest_rate) + "%"
                                                                 : std::string("the national maximum"));
  e.inputs.emplace_back("equity_limit", shown(account.equity_limit) + " (property value − " +
                                            shown(trace.share_excluded.value()) + " of it − the lower capital limit − " +
                                            "secured debt " + shown(agreement.secured_debt) + ")");
  e.inputs.emplace_back("equity_limit_reached_on",
                        account.equity_limit_reached_on ? to_string(*account.equity_limit_reached_on) : "not reached");
  e.rules.push_back(cite(trace.share_excluded));
  e.rules.push_back(cite(trace.lower_capital_limit));
  for (const RuleValue<Percent>& rate : trace.maximum_rates) e.rules.push_back(cite(rate));
  if (!trace.deferrals.empty()) e.rules.push_back(cite(trace.deferrals.back().most_allowance));
  return e;
}

std::vector<Explanation> explain(const Person& person, const std::vector<Period>& periods,
                                 const std::vector<PeriodTrace>& traces) {
  std::vector<Explanation> out;
  std::size_t next = 0;  // the first trace of period i
  for (std::size_t i = 0; i < periods.size(); ++i) {
    CM_CHECK(next < traces.size() && traces[next].days.first == periods[i].range.first,
             "each period opens with a stretch of its own");
    const PeriodTrace& t = traces[next];
    while (next < traces.size() && traces[next].days.first <= periods[i].range.last) ++next;
    if (t.records.status == DayStatus::kExcluded) {
      out.push_back(excluded(periods[i].range, *t.records.exclusion));
    } else {
      CM_CHECK(t.assessment.has_value(), "a charged period has its means test");
      explain_charged(out, periods[i].range, person, t);
    }
  }
  return out;
}

}  // namespace caremeter::calc
