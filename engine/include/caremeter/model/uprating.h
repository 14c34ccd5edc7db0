// uprating.h — one April's uprating of people's incomes (the rates file rules/uprating/<version>.json,
// read by engine/json/uprating_json): for each income type of the person document, whether DWP
// uprates it, the old and new standard weekly rates, and what happens to any other amount.
//
// `uplift` uses it to give each person a finances record from the uprating day with every
// income item uprated; it never guesses: an amount for which no published percentage applies
// (a means-tested award, monthly universal credit) is left as it is and reported.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/names.h"
#include "caremeter/model/rules.h"

namespace caremeter {

// How sure a standard rate is: made law, or announced by the government with the instrument
// not yet seen.
enum class RateStatus { kConfirmed, kAnnounced };
inline constexpr NameTable<RateStatus, 2> kRateStatusNames{{{
    {RateStatus::kConfirmed, "confirmed"},
    {RateStatus::kAnnounced, "announced"},
}}};

// A benefit's published weekly rate in the old year and the new ("attendance allowance, higher
// rate": £110.40 → £114.60).
struct StandardRate {
  std::string name;
  Money old_rate;
  Money new_rate;
  std::string source;
  RateStatus status = RateStatus::kConfirmed;
};

// One income type's uprating.
struct IncomeUprating {
  bool uprated = false;
  std::vector<StandardRate> standard_rates;  // uprated types only
  // An amount that is no old standard rate: multiplied by 1 + percent/100, rounded half up to
  // the penny; nullopt when no published percentage applies (the amount needs reassessment).
  std::optional<Hundredths> percent;
  std::string source;  // why (not uprated, the percentage, or why it must be recalculated)
};

struct UpratingRates {
  RuleFileRef ref;   // id "uprating", the version ("2026-04"), its SHA-256 and file
  Date uprating_day;  // the first day of the new rates (the Monday of uprating week)
  std::array<IncomeUprating, kIncomeTypeCount> by_type;

  const IncomeUprating& operator[](IncomeType t) const { return by_type[static_cast<std::size_t>(t)]; }
};

// What uprating does to one income amount.
enum class UprateHow {
  kNotUprated,         // a type DWP does not uprate (a private pension): unchanged
  kStandardRate,       // an old standard rate: the new one
  kPercent,            // any other amount of an uprated type: by the type's percentage
  kNeedsReassessment,  // no percentage applies: unchanged, and reported
};
inline constexpr NameTable<UprateHow, 4> kUprateHowNames{{{
    {UprateHow::kNotUprated, "not_uprated"},
    {UprateHow::kStandardRate, "standard_rate"},
    {UprateHow::kPercent, "percent"},
    {UprateHow::kNeedsReassessment, "needs_reassessment"},
}}};

struct UpratedAmount {
  Money weekly;
  UprateHow how = UprateHow::kNotUprated;
};

// The new weekly amount of an income item of type `type` that was `weekly` before the uprating
// day. Throws MoneyOverflow only for amounts far beyond any the person document allows.
UpratedAmount uprate(const UpratingRates& rates, IncomeType type, Money weekly);

}  // namespace caremeter
