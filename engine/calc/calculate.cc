// calculate.cc — the entry points: a person and a prepared scenario in, the account result out.
//
// The flow (doc/engine-map.md): the person's own facts (records.h) → the walk over stretches
// (walk.h), which runs the means test (means_test.h) and the payment split (payment.h) for each
// and builds periods, totals and the account → explanations from the walk's traces (explain.h),
// and their plain-English reading (plain.h).
#include "caremeter/calc/calculate.h"

#include <algorithm>
#include <utility>

#include "check.h"
#include "deferred_payment.h"
#include "explain.h"
#include "plain.h"
#include "records.h"
#include "rule_lookup.h"
#include "walk.h"

namespace caremeter {

PeriodAmounts& PeriodAmounts::operator+=(const PeriodAmounts& o) {
  personal_budget += o.personal_budget;
  weekly_fee += o.weekly_fee;
  assessed_charge += o.assessed_charge;
  daily_living_costs += o.daily_living_costs;
  accruing += o.accruing;
  person_pays += o.person_pays;
  council_pays += o.council_pays;
  top_up += o.top_up;
  if (o.nhs_nursing_care) nhs_nursing_care = nhs_nursing_care.value_or(Exact::zero()) + *o.nhs_nursing_care;
  return *this;
}

namespace {

using calc::fail;

// The totals and periods window: from the request, else from the earliest record to as_of. A
// person whose records all start after the window has an empty history, not an error.
DateRange totals_window(const Person& person, const CalculationRequest& request) {
  std::optional<Date> earliest;
  auto consider = [&](const auto& list) {
    for (const auto& r : list) earliest = earliest ? std::min(*earliest, r.range.first) : r.range.first;
  };
  consider(person.care);
  consider(person.needs);
  consider(person.finances);
  consider(person.exclusions);
  Date last = request.to.value_or(request.as_of);
  Date first = request.from.value_or(std::min(earliest.value_or(last), last));
  if (last < first) {
    fail(ErrorCode::kInvalidInput, request.to ? "/to" : "/as_of",
         "the period asked for ends (" + to_string(last) + ") before it starts (" + to_string(first) + ")");
  }
  return DateRange{first, last};
}

// Each deferred payment agreement as at as_of, with its explanation when asked for.
void add_deferred_payments(const Person& person, const calc::DeferralLog& deferrals, const CalculationRequest& request,
                           calc::RuleLookup& rules, AccountResult& out) {
  for (std::size_t i = 0; i < person.deferred_payments.size(); ++i) {
    calc::DeferredPaymentTrace trace;
    out.deferred_payments.push_back(calc::deferred_payment_account(person.deferred_payments[i], deferrals[i],
                                                                   request.as_of, rules,
                                                                   request.explain ? &trace : nullptr));
    if (request.explain) out.explain.push_back(calc::explain_deferred_payment(out.deferred_payments.back(), trace));
  }
}

AccountResult run(const Person& person, const PreparedScenario& scenario, const CalculationRequest& request) {
  AccountResult out;
  out.person_id = person.id;
  out.as_of = request.as_of;
  out.scenario_name = scenario.scenario().name;
  out.reform_start = scenario.reform_start();
  out.rules = scenario.rules().ref;
  // The plain reading comes with the technical one (calculate.h, CalculationRequest::plain).
  const bool explain = request.explain || request.plain;
  out.explained = explain;
  out.plain = request.plain;
  out.totals.range = totals_window(person, request);
  calc::PersonFacts facts(person, scenario.rules());
  calc::RuleLookup rules(scenario, request.unpublished);
  std::vector<calc::PeriodTrace> traces;
  calc::DeferralLog deferrals;
  calc::walk(calc::WalkInputs{person, scenario, request, facts, out.totals.range}, rules, out,
             explain ? &traces : nullptr, deferrals);
  if (explain) out.explain = calc::explain(person, out.periods, traces);
  add_deferred_payments(person, deferrals, request, rules, out);
  if (request.plain) out.why = calc::plain_reading(calc::PlainInputs{person, scenario, request, facts, out, traces});
  if (request.list_past_known) {
    out.provisional = rules.provisional();
    out.projected = rules.projected();
  }
  for (const CouncilRules* c : rules.councils_used()) out.councils.push_back(c->ref);
  std::sort(out.councils.begin(), out.councils.end(),
            [](const RuleFileRef& a, const RuleFileRef& b) { return a.id < b.id; });
  return out;
}

}  // namespace

Result<AccountResult> calculate(const Person& person, const PreparedScenario& scenario,
                                const CalculationRequest& request) {
  try {
    return run(person, scenario, request);
  } catch (calc::CalcFailure& f) {
    return std::move(f.error);
  } catch (const MoneyOverflow& e) {
    return Error{ErrorCode::kOverflow, std::string("an amount is too large to calculate exactly: ") + e.what(), "", ""};
  }
}

Result<AccountResult> calculate(const Person& person, const RuleSet& rules, const Scenario& scenario,
                                const CalculationRequest& request) {
  auto prepared = PreparedScenario::prepare(rules, scenario);
  if (!prepared) return std::move(prepared).error();
  return calculate(person, *prepared, request);
}

Result<Money> deferred_payment_equity_limit(const RuleSet& rules, Date on, Money property_value, Money secured_debt) {
  try {
    auto share = calc::value_on(rules[Param::kDeferredPaymentPropertyShareExcluded],
                                calc::rule::kDeferredPaymentPropertyShareExcluded, on);
    auto lcl = calc::value_on(rules[Param::kLowerCapitalLimit], calc::rule::kLowerCapitalLimit, on);
    if (!share || !lcl) {
      return Error{ErrorCode::kMissingRule,
                   "rule set " + rules.ref.id + " " + rules.ref.version +
                       " has no deferred payment share or lower capital limit on " + to_string(on),
                   "", ""};
    }
    return calc::equity_limit(property_value, secured_debt, share.value(), lcl.value());
  } catch (const MoneyOverflow& e) {
    return Error{ErrorCode::kOverflow, e.what(), "", ""};
  } catch (calc::CalcFailure& f) {
    return std::move(f.error);
  }
}

}  // namespace caremeter
