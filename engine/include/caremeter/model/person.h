// person.h — the person document (interfaces.md section 2) as the engine sees it.
//
// Records keep the JSON Pointer they were read from, so an error found while calculating
// (a gap in finances, a rule missing for a care setting) names the record in the user's file.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter {

enum class HouseholdType { kSingle, kCouple, kLoneParent };
enum class Premium : uint8_t { kDisability, kEnhancedDisability, kCarer, kCount };

struct Household {
  HouseholdType type = HouseholdType::kSingle;
  int dependent_children = 0;
  std::array<bool, static_cast<std::size_t>(Premium::kCount)> premiums{};

  bool has(Premium p) const { return premiums[static_cast<std::size_t>(p)]; }
};

struct NeedsRecord {
  DateRange range;
  std::string council;  // "" when every care record gives personal_budget
  std::string pointer;  // "/needs/0"
};

enum class Setting { kCareHome, kHomeCare, kCommunity };
enum class CareHomeCategory { kResidential, kResidentialEnhanced, kNursing, kNursingEnhanced };
enum class Stay { kPermanent, kTemporary };
enum class ArrangedBy { kCouncil, kSelf };

// Hours of home care a week a document may give: above zero, at most every hour of the week.
// Both person readers (strict and the batch's fast one) check against this one bound.
constexpr Hundredths kMaxHoursPerWeek{168 * 100};
constexpr bool valid_hours_per_week(Hundredths h) { return h.value > 0 && h <= kMaxHoursPerWeek; }

struct CareRecord {
  DateRange range;
  Setting setting = Setting::kCareHome;
  CareHomeCategory category = CareHomeCategory::kResidential;  // care_home only
  Stay stay = Stay::kPermanent;                                // care_home only
  Hundredths hours_per_week;                                   // home_care only
  ArrangedBy arranged_by = ArrangedBy::kCouncil;
  std::optional<Money> personal_budget;  // B given; otherwise derived from council rates
  std::optional<Money> weekly_fee;       // F; defaults to B
  std::string pointer;                   // "/care/1"
};

struct IncomeItem {
  IncomeType type = IncomeType::kOther;
  Money weekly;
  std::string pointer;  // "/finances/0/income/1"
};

struct Home {
  Money value;
  Money secured_debt;
  bool qualifying_relative_lives_there = false;
};

struct FinancesRecord {
  // A finances record runs from `from` to its `to` if given, else to the day before the next
  // record starts (a new assessment replaces the old), else open.
  DateRange range;
  bool has_explicit_to = false;
  Money savings;
  Money other_capital;
  std::optional<Home> home;
  std::vector<IncomeItem> income;
  Money housing_costs;
  Money disability_related_expenditure;
  std::string pointer;  // "/finances/0"
};

enum class ExclusionReason { kNhsContinuingHealthcare, kS117Aftercare, kFreeReablement };

struct Exclusion {
  DateRange range;
  ExclusionReason reason = ExclusionReason::kNhsContinuingHealthcare;
  std::string pointer;
};

// A person's id: 1 to 256 bytes of UTF-8 without control characters (C0, DEL, C1), because it
// is echoed in error lines, logs and listings. Both person readers check against this one bound.
constexpr std::size_t kMaxPersonIdBytes = 256;
constexpr bool valid_person_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxPersonIdBytes) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const auto c = static_cast<unsigned char>(id[i]);
    if (c < 0x20 || c == 0x7f) return false;
    // U+0080..U+009F are 0xC2 0x80..0x9F in UTF-8.
    if (c == 0xc2 && i + 1 < id.size() && static_cast<unsigned char>(id[i + 1]) <= 0x9f) return false;
  }
  return true;
}

struct Person {
  std::string id;
  Date birth_date;
  std::optional<Date> death_date;
  Household household;
  std::vector<NeedsRecord> needs;
  std::vector<CareRecord> care;
  std::vector<FinancesRecord> finances;
  std::vector<Exclusion> exclusions;
};

// Checks what field-by-field parsing cannot: records of one list overlapping (the error names
// both), a record ending before it starts, death before birth. Records running past a death
// date are allowed (councils close them later); the engine stops charging at death. Sorts
// each list by start date and closes finances records (has_explicit_to false) at the next
// one's start. Pointers keep the document's indices.
Status normalise_person(Person& person);

const char* setting_name(Setting s);
const char* category_name(CareHomeCategory c);
const char* exclusion_reason_name(ExclusionReason r);

}  // namespace caremeter
