// calculate.h — the engine's one entry point: a person's charges and care account on a date.
//
// Inputs (person, rules, scenario, request) are kept apart from the result. There is no
// global evaluation date: as_of is an argument. calculate() is pure and deterministic (no I/O,
// no clock, no globals) and safe to call from many threads with shared const rules.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "caremeter/calc/plain_english.h"
#include "caremeter/calc/prepared_scenario.h"
#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/person.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter {

enum class CapitalMode {
  kAssessed,   // capital changes only when a new finances record starts (finance runs)
  kSpendDown,  // capital falls by what income does not cover (policy runs; doc/decisions.md, spend-down)
};

// What a calculation does with a figure it needs for a day past the day its rule file knows it
// to (doc/law.md, "Past what is known"): refuse (the default, for finance runs: an error naming
// the parameter and the day); carry the last known value forward, listing it in the result's
// `provisional`; or project it with the scenario's assumptions, listing it in `projected`.
enum class Unpublished { kRefuse, kCarryForward, kProject };

struct CalculationRequest {
  Date as_of;
  std::optional<Date> from;  // totals and periods window; default: the earliest record
  std::optional<Date> to;    // default: as_of
  bool explain = false;
  // The plain-English reading too (`why`, plain_english.h); it gives the technical explanation
  // as well, so each sentence can be checked against the figures and rule values it reads.
  bool plain = false;
  CapitalMode capital = CapitalMode::kAssessed;
  Unpublished unpublished = Unpublished::kRefuse;
  // Whether the result lists each value used past what is known (`provisional`, `projected`).
  // A county comparison, which only adds results up, asks not to: the periods still say how
  // their figures stand (Period::rules_used), and listing is a third of a projected run's time.
  bool list_past_known = true;
};

// How a rule value was used: as its file gives it, or past the day the file knows it to.
enum class RuleUse : uint8_t { kKnown, kCarriedForward, kProjected };

// A rule value used past the day its rule file knows it to (the result's `provisional` and
// `projected` lists): one entry per value, whatever the number of days it was used on.
struct UnpublishedValue {
  std::string parameter;   // "means_test.personal_expenses_allowance", "rates.residential"
  std::string council;     // the council's id for a council's figure, else ""
  std::string value;       // as shown: "30.65"
  Date known_to;           // the last day its rule file knows it to
  std::string assumption;  // projected: the scenario's assumption used; "" when carried forward
  auto operator<=>(const UnpublishedValue&) const = default;
};

// The weekly figures in force over a period (`current_weekly` and each period's `weekly`;
// doc/engine-map.md says where each is computed).
struct WeeklyFigures {
  Money personal_budget;    // B
  Money weekly_fee;         // F
  Money assessed_charge;    // A
  Money daily_living_costs; // D (reform, care homes)
  Money accruing;           // metered toward the cap
  Money person_pays;
  Money council_pays;
  Money top_up;             // F − B above zero; paid by the person when self-arranged
  // NHS-funded nursing care the NHS pays a nursing home: shown on nursing placements when the
  // rule set has the rate; never the person's or the council's, never metered.
  std::optional<Money> nhs_nursing_care = std::nullopt;
  bool operator==(const WeeklyFigures&) const = default;
};

// What the person's weekly payment is made of, and what the council met for them (not in the
// JSON; for checks and statements): person_pays = toward_daily_living_costs + toward_care +
// own_top_up.
struct PaymentParts {
  Money toward_daily_living_costs;  // min(A, D) under the reform
  Money toward_care;                // the rest of the person's charge; what meters for council-met needs
  Money own_top_up;                 // the fee above B that the person pays (self-arranged care)
  Money third_party_top_up;         // the fee above B paid by someone else: on council-arranged
                                    // care, and under spend-down the part of a self-arranged
                                    // person's own top-up they can no longer pay
  Money met_by_council;             // spend-down: what the person could not pay of their charge
                                    // once capital ran out (within council_pays)
  bool operator==(const PaymentParts&) const = default;
};

// The same figures summed over a period, exact until shown.
struct PeriodAmounts {
  Exact personal_budget;
  Exact weekly_fee;
  Exact assessed_charge;
  Exact daily_living_costs;
  Exact accruing;
  Exact person_pays;
  Exact council_pays;
  Exact top_up;
  std::optional<Exact> nhs_nursing_care = std::nullopt;
  PeriodAmounts& operator+=(const PeriodAmounts& o);
};

enum class PeriodStatus {
  kCharged,        // chargeable care
  kExcluded,       // NHS continuing healthcare, s117 aftercare, free reablement: nothing charged
};

struct Period {
  DateRange range;
  PeriodStatus status = PeriodStatus::kCharged;
  std::optional<ExclusionReason> exclusion;
  std::string council;      // the responsible council ("" when none was needed)
  // The care record the period's figures come from: its setting, who arranged it (a council-
  // invoiced client or a self-funder paying the home) and its JSON Pointer. A period never
  // spans two care records.
  Setting setting = Setting::kCareHome;
  ArrangedBy arranged_by = ArrangedBy::kCouncil;
  std::string care;         // "/care/1"
  WeeklyFigures weekly;
  PaymentParts parts;       // of weekly.person_pays (not in the JSON)
  PeriodAmounts amount;
  Exact accrued_at_end;
  Exact capital;            // counted capital at the start of the period (not in the JSON)
  RuleUse rules_used = RuleUse::kKnown;  // a figure carried forward or projected on its days
};

// Spend-down (policy runs): capital over one stretch of chargeable days with the same figures
// (not in the JSON). Capital falls each day by what the person pays that their income less the
// allowance does not cover, `max(0, person_pays − income_less_allowance) / 7`; never below zero:
// on the day it runs out it falls by what is left, and the person pays only what that and
// their income can meet (the council meets the rest).
struct CapitalStep {
  DateRange days;
  Exact capital_at_start;       // counted capital at the start of the first day
  Exact spent;                  // how far capital fell over the days
  Money person_pays;            // a week, as in the period
  Money income_less_allowance;  // a week: counted income less the allowance; may be negative
};

// One rule value used for a figure, with where it came from.
struct RuleCitation {
  std::string parameter;  // "means_test.personal_expenses_allowance", "rates.residential@example-shire"
  std::string value;      // as shown: "30.15", "100.00%", "true"
  DateRange range;        // the dated entry's own range
  std::string source;
  SourceStatus status = SourceStatus::kConfirmed;
  RuleUse use = RuleUse::kKnown;  // carried forward or projected past the day its file knows it to
};

struct Explanation {
  DateRange period;
  std::string figure;   // "assessed_charge", "personal_budget", "tariff_income", …
  std::string value;    // as shown
  std::string formula;  // in the domain's words
  std::vector<std::pair<std::string, std::string>> inputs;  // name → shown value
  std::vector<RuleCitation> rules;
};

struct Account {
  std::optional<Money> cap;            // nullopt under current law / before the reform
  Exact accrued;
  std::optional<Exact> remaining;
  std::optional<Date> cap_reached_on;
  std::optional<Date> projected_cap_date;
  Exact cost_of_meeting_needs;         // sum of B over chargeable days (since the reform start under a reform)
  Exact daily_living_costs;            // sum of D attributable
  std::optional<WeeklyFigures> current_weekly;  // in force on as_of; nullopt when no care then
};

struct Totals {
  DateRange range;
  Exact person_paid;
  Exact council_paid;
  Exact top_ups;
};

// A deferred payment agreement as at the end of as_of (Care Act 2014 ss34–36; SI 2014/2671;
// doc/decisions.md, "Deferred payments"). Interest is added each half-year (1 January, 1 July).
struct DeferredPaymentAccount {
  std::string agreement;      // the agreement's pointer, "/deferred_payments/0"
  DateRange range;            // the days charges are deferred
  Exact deferred;             // charges deferred up to as_of
  Money fees;                 // set-up and other fees added up to as_of
  Money interest;             // interest up to as_of: the half-years added, and the current one's so far
  Exact balance;              // deferred + fees + interest
  Money equity_limit;
  std::optional<Date> equity_limit_reached_on;       // on or before as_of
  std::optional<Money> weekly_deferred;              // being deferred a week on as_of
  std::optional<Money> disposable_income_allowance;  // kept a week on as_of
};

struct AccountResult {
  std::string person_id;
  Date as_of;
  std::string scenario_name;
  std::optional<Date> reform_start;
  RuleFileRef rules;
  std::vector<RuleFileRef> councils;  // council files whose figures were used
  // Rule values used past the day their files know them to, sorted (never silently: each is
  // listed here, and the periods and explanations that used them say so).
  std::vector<UnpublishedValue> provisional;  // carried forward
  std::vector<UnpublishedValue> projected;
  Account account;
  Totals totals;
  std::vector<Period> periods;        // within the totals window, only where there is care
  std::vector<CapitalStep> capital_history;  // spend-down only: every chargeable stretch walked
  std::vector<DeferredPaymentAccount> deferred_payments;  // one per agreement of the person
  bool explained = false;             // explain was asked for (the key is then always written)
  std::vector<Explanation> explain;   // only when asked
  bool plain = false;                 // the plain reading was asked for (`why` is then always written)
  std::vector<PlainSentence> why;     // only when asked, in order of their first day
};

// The person must have been through normalise_person(). Errors name the record (JSON Pointer
// into the person document) or the rule parameter that was missing.
Result<AccountResult> calculate(const Person& person, const PreparedScenario& scenario,
                                const CalculationRequest& request);
Result<AccountResult> calculate(const Person& person, const RuleSet& rules, const Scenario& scenario,
                                const CalculationRequest& request);

// Deferred payment equity limit (Care and Support Statutory Guidance, chapter 9, deferred
// payment agreements): property value − the excluded share (10%) − the lower capital limit −
// secured debt, not below zero.
Result<Money> deferred_payment_equity_limit(const RuleSet& rules, Date on, Money property_value,
                                            Money secured_debt);

}  // namespace caremeter
