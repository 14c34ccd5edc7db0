// charging_inputs.cc — the means test's inputs on one day (see charging_inputs.h).
#include "caremeter/calc/charging_inputs.h"

#include <array>

#include "check.h"
#include "means_test.h"
#include "records.h"
#include "rule_lookup.h"

namespace caremeter {

namespace {

using calc::Assessment;

// The short names officers use for the two allowances; every other parameter by its own name.
std::string national_name(Param p) {
  switch (p) {
    case Param::kPersonalExpensesAllowance: return "PEA";
    case Param::kMigSingle18To24:
    case Param::kMigSingle25ToPensionCreditAge:
    case Param::kMigSinglePensionCreditAge:
    case Param::kMigLoneParent:
    case Param::kMigCouple18:
    case Param::kMigCouplePensionCreditAge: return "MIG";
    default: return std::string(param_info(p).name);
  }
}

class Collector {
 public:
  explicit Collector(std::vector<ChargingInput>& out) : out_(out) {}
  void add(std::string name, int64_t hundredths) { out_.push_back(ChargingInput{std::move(name), hundredths}); }
  template <class T>
  void national(const calc::RuleValue<T>& v) {
    if (v) add(national_name(v.param()), v.entry().value);
  }
  template <class T>
  void council(const calc::CouncilValue<T>& v) {
    if (v) add(std::string(council_param_info(v.param()).name), v.entry().value);
  }

 private:
  std::vector<ChargingInput>& out_;
};

void collect_rules(const Assessment& a, Collector& c) {
  c.national(a.allowance.personal_expenses);
  c.national(a.allowance.mig.basic);
  c.national(a.allowance.mig.per_child);
  for (const auto& premium : a.allowance.mig.premiums) c.national(premium);
  c.national(a.limits.upper_by_law);
  c.national(a.limits.lower_by_law);
  c.national(a.tariff.step);
  c.national(a.tariff.per_step);
  c.national(a.reform.cap);
  c.national(a.reform.daily_living_costs);
  c.national(a.nursing_care.rate);
  c.council(a.budget.rate);
  c.council(a.allowance.dre.standard);
  c.council(a.limits.council_upper);
  c.council(a.limits.council_lower);
  c.council(a.charge.percentage_rule);
}

// The person's income by type (each type once, in the document's order of types), and the
// figures of their records the means test used.
void collect_records(const Assessment& a, Collector& c) {
  if (a.budget.source == calc::BudgetSource::kCareRecord) c.add("personal_budget", a.B().in_pence());
  if (a.budget.source == calc::BudgetSource::kHomeCareHours) c.add("hours_per_week", a.budget.hours_per_week.value);
  if (a.fee.given) c.add("weekly_fee", a.F().in_pence());
  c.add("capital", a.capital.amount.round_half_up().in_pence());
  if (a.finances == nullptr) return;
  std::array<std::optional<Money>, kIncomeTypeCount> by_type{};
  for (const IncomeItem& item : a.finances->income) {
    auto& sum = by_type[static_cast<std::size_t>(item.type)];
    sum = sum.value_or(Money::zero()) + item.weekly;
  }
  for (std::size_t t = 0; t < kIncomeTypeCount; ++t) {
    if (by_type[t]) c.add(std::string(income_type_name(static_cast<IncomeType>(t))), by_type[t]->in_pence());
  }
  if (!a.in_care_home) {
    c.add("housing_costs", a.finances->housing_costs.in_pence());
    c.add("disability_related_expenditure", a.allowance.dre.weekly.in_pence());  // assessed, or the council's standard
  }
}

ChargingInputs run(const Person& person, const PreparedScenario& scenario, Date day, Unpublished unpublished) {
  ChargingInputs out;
  out.day = day;
  calc::DayRecords records = calc::records_on(person, day);
  if (records.status != calc::DayStatus::kCharged) return out;
  out.charged = true;
  calc::PersonFacts facts(person, scenario.rules());
  calc::RuleLookup rules(scenario, unpublished);
  Assessment a;
  // Capital spent down and notional capital diminished are the walk's, not one day's: the
  // reasons name the records and rule values, and the figures' change comes from the walk.
  calc::means_test(calc::MeansTestInputs{day, person, records, facts, Exact::zero(), Exact::zero()}, rules, nullptr, a);
  Collector c(out.inputs);
  collect_rules(a, c);
  collect_records(a, c);
  return out;
}

}  // namespace

Result<ChargingInputs> charging_inputs_on(const Person& person, const PreparedScenario& scenario, Date day,
                                          Unpublished unpublished) {
  try {
    return run(person, scenario, day, unpublished);
  } catch (calc::CalcFailure& f) {
    return std::move(f.error);
  } catch (const MoneyOverflow& e) {
    return Error{ErrorCode::kOverflow, std::string("an amount is too large to calculate exactly: ") + e.what(), "", ""};
  }
}

}  // namespace caremeter
