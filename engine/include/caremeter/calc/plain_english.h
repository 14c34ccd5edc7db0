// plain_english.h — the plain-English reading of a result (`why`, asked for with
// `"explain": "plain"`): short sentences a family understands, each with its figures and the
// rule it rests on ("You pay the full fee because your capital (£38,000.00) is above the upper
// limit (£23,250.00)."), and how money and dates are written in them.
//
// The sentences are written after the arithmetic, from the walk's typed trace (engine/calc/
// plain.cc), never from the technical explanation's text. Each kind of sentence is one
// PlainReason, named once in kPlainReasonNames (the `reason` a program reads instead of the text).
// No sentence uses the formulas' letters (A, B, D, F) or abbreviations (DLC, PEA, MIG).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/names.h"

namespace caremeter {

enum class PlainReason : uint8_t {
  // Nothing is charged
  kNhsContinuingHealthcare,
  kS117Aftercare,
  kFreeReablement,
  kDeath,
  // The cost of meeting the needs, and the fee
  kPersonalBudgetGiven,
  kCouncilCareHomeRate,
  kHomeCareHours,
  kPreviousCouncilRates,  // after a move between councils
  kPersonalBudgetLimitedToFee,  // council-arranged care costing less than the council's rate
  kNhsNursingCare,              // NHS-funded nursing care in a nursing home
  kOwnTopUp,
  kThirdPartyTopUp,
  // The home
  kHomeCounted,
  kHomeNotCountedOutsideCareHome,
  kHomeNotCountedTemporaryStay,
  kHomeNotCountedRelativeLivesThere,
  kHomeNotCountedFirst12Weeks,
  kHomeNotCountedRelativeLeft,        // a fresh 12 weeks the law gives
  kHomeNotCountedCouncilDiscretion,   // a fresh 12 weeks the council gives
  // Capital and income: what the financial assessment asks the person to pay
  kCapitalAboveUpperLimit,
  kTariffIncome,
  kCapitalAtOrBelowLowerLimit,
  kIncomeLessPersonalExpenses,  // in a care home
  kMinimumIncomeGuarantee,      // elsewhere, with the council's charging percentage
  // Capital spent on care (capital: spend_down)
  kCapitalFallsToUpperLimit,
  kCapitalFallsToLowerLimit,
  kCapitalRunsOut,
  // The reform: the cap on care costs
  kBeforeReform,
  kDailyLivingCosts,
  kMeteredSelfFunder,
  kMeteredCouncilCharge,
  kMeteredFullCost,
  kCapReached,
  kAfterCap,
  kProjectedCapDate,
  // Care account statements
  kStatementAdjustment,
  kCount
};

inline constexpr NameTable<PlainReason, static_cast<std::size_t>(PlainReason::kCount)> kPlainReasonNames{{{
    {PlainReason::kNhsContinuingHealthcare, "nhs_continuing_healthcare"},
    {PlainReason::kS117Aftercare, "s117_aftercare"},
    {PlainReason::kFreeReablement, "free_reablement"},
    {PlainReason::kDeath, "death"},
    {PlainReason::kPersonalBudgetGiven, "personal_budget_given"},
    {PlainReason::kCouncilCareHomeRate, "council_care_home_rate"},
    {PlainReason::kHomeCareHours, "home_care_hours"},
    {PlainReason::kPreviousCouncilRates, "previous_council_rates"},
    {PlainReason::kPersonalBudgetLimitedToFee, "personal_budget_limited_to_fee"},
    {PlainReason::kNhsNursingCare, "nhs_nursing_care"},
    {PlainReason::kOwnTopUp, "own_top_up"},
    {PlainReason::kThirdPartyTopUp, "third_party_top_up"},
    {PlainReason::kHomeCounted, "home_counted"},
    {PlainReason::kHomeNotCountedOutsideCareHome, "home_not_counted_outside_care_home"},
    {PlainReason::kHomeNotCountedTemporaryStay, "home_not_counted_temporary_stay"},
    {PlainReason::kHomeNotCountedRelativeLivesThere, "home_not_counted_relative_lives_there"},
    {PlainReason::kHomeNotCountedFirst12Weeks, "home_not_counted_first_12_weeks"},
    {PlainReason::kHomeNotCountedRelativeLeft, "home_not_counted_relative_left"},
    {PlainReason::kHomeNotCountedCouncilDiscretion, "home_not_counted_council_discretion"},
    {PlainReason::kCapitalAboveUpperLimit, "capital_above_upper_limit"},
    {PlainReason::kTariffIncome, "tariff_income"},
    {PlainReason::kCapitalAtOrBelowLowerLimit, "capital_at_or_below_lower_limit"},
    {PlainReason::kIncomeLessPersonalExpenses, "income_less_personal_expenses"},
    {PlainReason::kMinimumIncomeGuarantee, "minimum_income_guarantee"},
    {PlainReason::kCapitalFallsToUpperLimit, "capital_falls_to_upper_limit"},
    {PlainReason::kCapitalFallsToLowerLimit, "capital_falls_to_lower_limit"},
    {PlainReason::kCapitalRunsOut, "capital_runs_out"},
    {PlainReason::kBeforeReform, "before_reform"},
    {PlainReason::kDailyLivingCosts, "daily_living_costs"},
    {PlainReason::kMeteredSelfFunder, "metered_self_funder"},
    {PlainReason::kMeteredCouncilCharge, "metered_council_charge"},
    {PlainReason::kMeteredFullCost, "metered_full_cost"},
    {PlainReason::kCapReached, "cap_reached"},
    {PlainReason::kAfterCap, "after_cap"},
    {PlainReason::kProjectedCapDate, "projected_cap_date"},
    {PlainReason::kStatementAdjustment, "statement_adjustment"},
}}};
static_assert(kPlainReasonNames.in_enum_order(), "one name per PlainReason, in enum order");

// One sentence of `why`.
struct PlainSentence {
  DateRange days;  // the days it is about: periods with the same sentence merged; one day for an event
  PlainReason reason = PlainReason::kPersonalBudgetGiven;
  std::string text;
  // The figures the sentence shows, by name, as the result shows them ("capital" → "38000.00",
  // "until" → "2026-03-25"), for programs that place them themselves.
  std::vector<std::pair<std::string, std::string>> figures;
  bool operator==(const PlainSentence&) const = default;
};

// "£38,000.00": pounds with thousands separators, always two decimals.
std::string in_pounds(Money m);
// "25 March 2026".
std::string in_words(Date d);

// The sentence a care account statement adds when there was an earlier one: the accrued figure
// that statement showed at its period end, and the same figure worked out again now.
PlainSentence statement_adjustment_sentence(Date previous_period_end, Money shown_then, Money worked_out_now);

}  // namespace caremeter
