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
  e.inputs.emplace_back("care", a.care->pointer);
  return e;
}

Explanation weekly_fee(DateRange period, const Assessment& a) {
  return Explanation{period, "weekly_fee", shown(a.F()),
                     a.fee.given ? "given on the care record" : "the provider's fee defaults to B", {}, {}};
}

Explanation counted_income(DateRange period, const Assessment& a, const std::vector<IncomeLine>& lines) {
  Explanation e{period, "counted_income", shown(a.counted_income),
                "the sum of income items, each counted, disregarded or counted less a disregard as the rule file says",
                {}, {}};
  for (const IncomeLine& line : lines) {
    if (line.disregard) e.rules.push_back(cite(line.disregard));
    e.inputs.emplace_back(line.item->pointer + " " + std::string(income_type_name(line.item->type)),
                          shown(line.item->weekly) + " → " + shown(line.counted));
  }
  return e;
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
      e.inputs.emplace_back("disability_related_expenditure", shown(a.finances->disability_related_expenditure));
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
  if (!s.parts.met_by_council.is_zero()) {
    // Spend-down: the day capital runs out, or days with none left.
    person.formula += "; capital has run out: the person pays only what their income and the capital left can meet";
    person.inputs.emplace_back("met_by_council", shown(s.parts.met_by_council));
    council.formula += ", and what the person could not pay";
  }
  out.push_back(std::move(person));
  out.push_back(std::move(council));
}

void explain_charged(std::vector<Explanation>& out, DateRange period, const Person& person, const PeriodTrace& t) {
  const Assessment& a = *t.assessment;
  out.push_back(personal_budget(period, a));
  out.push_back(weekly_fee(period, a));
  out.push_back(counted_income(period, a, t.income));
  out.push_back(tariff_income(period, a));
  out.push_back(assessed_charge(period, person, a));
  out.push_back(daily_living_costs(period, a));
  out.push_back(accruing(period, a, t.split));
  add_payments(out, period, a, t.split);
}

}  // namespace

std::vector<Explanation> explain(const Person& person, const std::vector<Period>& periods,
                                 const std::vector<PeriodTrace>& traces) {
  CM_CHECK(periods.size() == traces.size(), "one trace a period");
  std::vector<Explanation> out;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const PeriodTrace& t = traces[i];
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
