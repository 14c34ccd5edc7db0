// person.h — the person document (doc/person-document.md) as the engine sees it, and the one
// description of its schema: the keys of each object, the names of each enum value and the
// bounds of numbers, which the strict reader (engine/json) and the batch's fast reader
// (service/batch) both read through, so the two cannot disagree on a word or a limit.
//
// Records keep the JSON Pointer they were read from, so an error found while calculating
// (a gap in finances, a rule missing for a care setting) names the record in the user's file.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/names.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter {

enum class HouseholdType { kSingle, kCouple, kLoneParent };
enum class Premium : uint8_t { kDisability, kEnhancedDisability, kCarer, kCount };

enum class Setting { kCareHome, kHomeCare, kCommunity };
enum class CareHomeCategory { kResidential, kResidentialEnhanced, kNursing, kNursingEnhanced };
enum class Stay { kPermanent, kTemporary };
enum class ArrangedBy { kCouncil, kSelf };
enum class ExclusionReason { kNhsContinuingHealthcare, kS117Aftercare, kFreeReablement };

// ---- Names: the document's word for each value (income types are in rules.h) ---------------

inline constexpr NameTable<HouseholdType, 3> kHouseholdTypeNames{{{
    {HouseholdType::kSingle, "single"},
    {HouseholdType::kCouple, "couple"},
    {HouseholdType::kLoneParent, "lone_parent"},
}}};
inline constexpr NameTable<Premium, 3> kPremiumNames{{{
    {Premium::kDisability, "disability"},
    {Premium::kEnhancedDisability, "enhanced_disability"},
    {Premium::kCarer, "carer"},
}}};
static_assert(kPremiumNames.size() == static_cast<std::size_t>(Premium::kCount) && kPremiumNames.in_enum_order());
inline constexpr NameTable<Setting, 3> kSettingNames{{{
    {Setting::kCareHome, "care_home"},
    {Setting::kHomeCare, "home_care"},
    {Setting::kCommunity, "community"},
}}};
inline constexpr NameTable<CareHomeCategory, 4> kCareHomeCategoryNames{{{
    {CareHomeCategory::kResidential, "residential"},
    {CareHomeCategory::kResidentialEnhanced, "residential_enhanced"},
    {CareHomeCategory::kNursing, "nursing"},
    {CareHomeCategory::kNursingEnhanced, "nursing_enhanced"},
}}};
inline constexpr NameTable<Stay, 2> kStayNames{{{
    {Stay::kPermanent, "permanent"},
    {Stay::kTemporary, "temporary"},
}}};
inline constexpr NameTable<ArrangedBy, 2> kArrangedByNames{{{
    {ArrangedBy::kCouncil, "council"},
    {ArrangedBy::kSelf, "self"},
}}};
inline constexpr NameTable<ExclusionReason, 3> kExclusionReasonNames{{{
    {ExclusionReason::kNhsContinuingHealthcare, "nhs_continuing_healthcare"},
    {ExclusionReason::kS117Aftercare, "s117_aftercare"},
    {ExclusionReason::kFreeReablement, "free_reablement"},
}}};

const char* setting_name(Setting s);
const char* category_name(CareHomeCategory c);
const char* exclusion_reason_name(ExclusionReason r);

// ---- Bounds: each written once, checked by both readers -----------------------------------

// Hours of home care a week a document may give: above zero, at most every hour of the week.
constexpr Hundredths kMaxHoursPerWeek{168 * 100};
constexpr bool valid_hours_per_week(Hundredths h) { return h.value > 0 && h <= kMaxHoursPerWeek; }
// Dependent children of a household: a whole number from 0 to this.
constexpr int kMaxDependentChildren = 20;
constexpr bool valid_dependent_children(int64_t n) { return n >= 0 && n <= kMaxDependentChildren; }
// Amounts of money a document may give are those MoneyParseOptions{} allows (money.h): not
// negative, at most £1,000,000,000.

// ---- Keys: the fields of each object, in the order doc/person-document.md gives them --------
// Each enum indexes its kKeys; a reader refuses (strict) or gives up on (fast) any other key.

struct PersonKeys {
  enum Key : std::size_t { kId, kBirthDate, kDeathDate, kHousehold, kNeeds, kCare, kFinances, kExclusions, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "id", "birth_date", "death_date", "household", "needs", "care", "finances", "exclusions"};
};
struct HouseholdKeys {
  enum Key : std::size_t { kType, kDependentChildren, kPremiums, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"type", "dependent_children", "premiums"};
};
struct NeedsKeys {
  enum Key : std::size_t { kFrom, kTo, kCouncil, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"from", "to", "council"};
};
struct CareKeys {
  enum Key : std::size_t {
    kFrom, kTo, kSetting, kCategory, kStay, kHoursPerWeek, kArrangedBy, kPersonalBudget, kWeeklyFee, kCount
  };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "from", "to", "setting", "category", "stay", "hours_per_week", "arranged_by", "personal_budget", "weekly_fee"};
};
struct FinancesKeys {
  enum Key : std::size_t {
    kFrom, kTo, kSavings, kOtherCapital, kHome, kIncome, kHousingCosts, kDisabilityRelatedExpenditure, kCount
  };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "from", "to", "savings", "other_capital", "home", "income", "housing_costs", "disability_related_expenditure"};
};
struct HomeKeys {
  enum Key : std::size_t { kValue, kSecuredDebt, kQualifyingRelativeLivesThere, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"value", "secured_debt",
                                                              "qualifying_relative_lives_there"};
};
struct IncomeKeys {
  enum Key : std::size_t { kType, kWeekly, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"type", "weekly"};
};
struct ExclusionKeys {
  enum Key : std::size_t { kFrom, kTo, kReason, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"from", "to", "reason"};
};

// ---- The person ------------------------------------------------------------------------------
// Every record compares field by field (operator== is defaulted, so a field added later is
// compared too): the fast and the strict reader are checked to give equal people.

struct Household {
  HouseholdType type = HouseholdType::kSingle;
  int dependent_children = 0;
  std::array<bool, static_cast<std::size_t>(Premium::kCount)> premiums{};

  bool has(Premium p) const { return premiums[static_cast<std::size_t>(p)]; }
  bool operator==(const Household&) const = default;
};

struct NeedsRecord {
  DateRange range;
  std::string council;  // "" when every care record gives personal_budget
  std::string pointer;  // "/needs/0"
  bool operator==(const NeedsRecord&) const = default;
};

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
  bool operator==(const CareRecord&) const = default;
};

struct IncomeItem {
  IncomeType type = IncomeType::kOther;
  Money weekly;
  std::string pointer;  // "/finances/0/income/1"
  bool operator==(const IncomeItem&) const = default;
};

struct Home {
  Money value;
  Money secured_debt;
  bool qualifying_relative_lives_there = false;
  bool operator==(const Home&) const = default;
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
  bool operator==(const FinancesRecord&) const = default;
};

struct Exclusion {
  DateRange range;
  ExclusionReason reason = ExclusionReason::kNhsContinuingHealthcare;
  std::string pointer;
  bool operator==(const Exclusion&) const = default;
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
  bool operator==(const Person&) const = default;
};

// Checks what field-by-field parsing cannot: records of one list overlapping (the error names
// both), a record ending before it starts, death before birth. Records running past a death
// date are allowed (councils close them later); the engine stops charging at death. Sorts
// each list by start date and closes finances records (has_explicit_to false) at the next
// one's start. Pointers keep the document's indices.
Status normalise_person(Person& person);

}  // namespace caremeter
