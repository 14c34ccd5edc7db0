// county_generator_law.h — `generate --law-2026`: the charging law a council applies every week
// that the county model leaves out (NHS-funded nursing care in nursing fees, council placements
// below the usual rate, a qualifying relative leaving the home, joint and notional capital, half
// a pension paid to a spouse, deferred payment agreements, attendance allowance, night care and
// unassessed disability-related expenditure), drawn in the proportions `generate --help` states.
//
// Its draws come from a stream of their own, so a person's other records are the same bytes with
// and without it; without --law-2026 nothing here runs and nothing of it is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "generator/county_draw.h"

namespace caremeter::county {

struct DeferredPaymentDraw {
  Date from;
  Date to;  // Date::max() = open
  int64_t property_value = 0;
  int64_t secured_debt = 0;
  std::optional<int64_t> interest_rate;  // hundredths of a percent; none: the national maximum
  int64_t setup_fee = 0;
  std::vector<std::pair<Date, int64_t>> fees;  // on, amount (pence)
};

// What --law-2026 adds to a person beyond the changes it makes to the care records and income.
struct LawFeatures {
  int home_owners = 1;
  bool half_to_spouse = false;
  bool dre_left_out = false;
  std::optional<std::pair<int64_t, int>> joint;  // amount (pence), owners
  std::optional<Date> relative_left_on;
  const char* relative_left_reason = nullptr;
  bool relative_lived_there_before = true;
  std::optional<std::pair<Date, int64_t>> notional;  // from, amount (pence)
  std::optional<DeferredPaymentDraw> dpa;
};

// What the county model drew for a person, as far as the law's features depend on it.
struct DrawnPerson {
  bool older = true;
  bool at_home_first = false;
  bool couple = false;
  int64_t entry_prices_bp = 10'000;  // prices when care began, basis points of 2025-26
  Date end;                          // the last day of care (when known)
  Date known_end;                    // end, or the horizon when care runs past it
  bool open = false;                 // care runs past the horizon
  std::optional<int64_t> home_value;
  int64_t secured_debt = 0;
  bool relative = false;             // a qualifying relative lives in the home
  int64_t savings = 0;
  int64_t other_capital = 0;
  int64_t dre = 0;
};

// The stream a person's features are drawn from, for the county's `seed` and the person's own
// stream number (a closed county's index, an open county's candidate): apart from every stream
// of the county model.
Rng law_stream(uint64_t seed, uint64_t stream);

// Draws the features for `person` from `rng`: gross nursing fees, fees below the budget and
// night care go into `care` (the records as they will be written); attendance allowance into
// `income`; the rest is returned.
LawFeatures draw_law_features(Rng rng, const DrawnPerson& person, std::vector<CareSegment>& care,
                              std::vector<std::pair<const char*, int64_t>>& income);

// The pieces the person's writer puts in their places (each nothing when not drawn):
// a care record's fields; a finances record's joint capital; the home's owners; why the relative
// left (a later finances record's home); an income item's half to a spouse; the person's notional
// capital and deferred payment agreements.
void put_law_care(std::string& out, const CareSegment& c);
void put_joint_capital(std::string& out, const LawFeatures& law);
void put_home_owners(std::string& out, const LawFeatures& law);
void put_relative_left(std::string& out, const LawFeatures& law);
bool half_paid_to_spouse(const LawFeatures& law, std::string_view income_type);
void put_law_person(std::string& out, const LawFeatures& law);

}  // namespace caremeter::county
