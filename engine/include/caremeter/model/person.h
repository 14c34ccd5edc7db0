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
// Which NHS-funded nursing care rate the NHS pays for a nursing placement: the standard rate, or
// the higher rate kept by people on the high band when the bands were merged in October 2007.
enum class FncRate { kStandard, kHigher };
// Why a qualifying relative stopped living in the home (SI 2014/2672 Sch 2; Care and Support
// Statutory Guidance Annex B): a fresh 12-week disregard is mandatory only after a death or a
// move into a care home.
enum class RelativeLeftReason { kDied, kMovedToCareHome, kOther };

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

inline constexpr NameTable<FncRate, 2> kFncRateNames{{{
    {FncRate::kStandard, "standard"},
    {FncRate::kHigher, "higher"},
}}};
inline constexpr NameTable<RelativeLeftReason, 3> kRelativeLeftReasonNames{{{
    {RelativeLeftReason::kDied, "died"},
    {RelativeLeftReason::kMovedToCareHome, "moved_to_care_home"},
    {RelativeLeftReason::kOther, "other"},
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
// Owners of a jointly held asset (SI 2014/2672 reg 24: equal shares): a home may be the
// person's alone (1); a joint capital item has at least two owners.
constexpr int kMaxOwners = 20;
constexpr int kMinJointOwners = 2;
constexpr bool valid_home_owners(int64_t n) { return n >= 1 && n <= kMaxOwners; }
constexpr bool valid_joint_owners(int64_t n) { return n >= kMinJointOwners && n <= kMaxOwners; }
// A deferred payment agreement's own interest rate, in hundredths of a percent a year: from 0
// to 100.00 (the national maximum caps it anyway).
constexpr Hundredths kMaxInterestRate{100 * 100};
constexpr bool valid_interest_rate(Hundredths h) { return h.value >= 0 && h <= kMaxInterestRate; }
// Amounts of money a document may give are those MoneyParseOptions{} allows (money.h): not
// negative, at most £1,000,000,000.

// ---- Keys: the fields of each object, in the order doc/person-document.md gives them --------
// Each enum indexes its kKeys; a reader refuses (strict) or gives up on (fast) any other key.

struct PersonKeys {
  enum Key : std::size_t {
    kId, kBirthDate, kDeathDate, kHousehold, kNeeds, kCare, kFinances, kExclusions, kNotionalCapital,
    kDeferredPayments, kCount
  };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "id",       "birth_date", "death_date", "household",        "needs",
      "care",     "finances",   "exclusions", "notional_capital", "deferred_payments"};
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
    kFrom, kTo, kSetting, kCategory, kStay, kHoursPerWeek, kArrangedBy, kPersonalBudget, kWeeklyFee,
    kWeeklyFeeIncludesFnc, kFncRate, kNightCareArranged, kCount
  };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "from",       "to",          "setting",         "category",   "stay",
      "hours_per_week", "arranged_by", "personal_budget", "weekly_fee", "weekly_fee_includes_fnc",
      "fnc_rate",   "night_care_arranged"};
};
struct FinancesKeys {
  enum Key : std::size_t {
    kFrom, kTo, kSavings, kOtherCapital, kJointCapital, kHome, kIncome, kHousingCosts,
    kDisabilityRelatedExpenditure, kCount
  };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "from", "to", "savings", "other_capital", "joint_capital", "home", "income", "housing_costs",
      "disability_related_expenditure"};
};
struct HomeKeys {
  enum Key : std::size_t {
    kValue, kSecuredDebt, kOwners, kQualifyingRelativeLivesThere, kRelativeLeftReason,
    kRelativeLivedThereBeforeAdmission, kCount
  };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "value", "secured_debt", "owners", "qualifying_relative_lives_there", "relative_left_reason",
      "relative_lived_there_before_admission"};
};
struct JointCapitalKeys {
  enum Key : std::size_t { kAmount, kOwners, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"amount", "owners"};
};
struct IncomeKeys {
  enum Key : std::size_t { kType, kWeekly, kHalfPaidToSpouse, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"type", "weekly", "half_paid_to_spouse"};
};
struct ExclusionKeys {
  enum Key : std::size_t { kFrom, kTo, kReason, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"from", "to", "reason"};
};
struct NotionalCapitalKeys {
  enum Key : std::size_t { kFrom, kAmount, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"from", "amount"};
};
struct DeferredPaymentKeys {
  enum Key : std::size_t {
    kFrom, kTo, kPropertyValue, kSecuredDebt, kInterestRate, kSetupFee, kFees, kDisposableIncomeAllowance, kCount
  };
  static constexpr std::array<std::string_view, kCount> kKeys{
      "from", "to", "property_value", "secured_debt", "interest_rate", "setup_fee", "fees",
      "disposable_income_allowance"};
};
struct DeferredPaymentFeeKeys {
  enum Key : std::size_t { kOn, kAmount, kCount };
  static constexpr std::array<std::string_view, kCount> kKeys{"on", "amount"};
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
  // Nursing placements: weekly_fee is a gross quote that includes the NHS-funded nursing care
  // the NHS pays the home (which is then taken off); and which FNC rate the NHS pays.
  bool weekly_fee_includes_fnc = false;
  FncRate fnc_rate = FncRate::kStandard;
  // Care outside a care home: night-time care is arranged (a council's night-time disregard of
  // disability benefits then does not apply).
  bool night_care_arranged = false;
  bool operator==(const CareRecord&) const = default;
};

struct IncomeItem {
  IncomeType type = IncomeType::kOther;
  Money weekly;
  std::string pointer;  // "/finances/0/income/1"
  // An occupational or personal pension of which a care-home resident pays at least half to a
  // spouse or civil partner not living in the same care home: half is disregarded.
  bool half_paid_to_spouse = false;
  bool operator==(const IncomeItem&) const = default;
};

struct Home {
  Money value;
  Money secured_debt;
  bool qualifying_relative_lives_there = false;
  int owners = 1;  // the person and others, in equal shares
  // The qualifying relative who lived there stopped doing so on the finances record's first day,
  // for this reason; and whether they had lived there since before the care-home admission.
  std::optional<RelativeLeftReason> relative_left_reason = std::nullopt;
  bool relative_lived_there_before_admission = false;
  bool operator==(const Home&) const = default;
};

// Capital the person holds jointly with others: counted as an equal share (SI 2014/2672 reg 24).
struct JointCapital {
  Money amount;  // the whole asset
  int owners = 2;
  std::string pointer;  // "/finances/0/joint_capital/0"
  bool operator==(const JointCapital&) const = default;
};

struct FinancesRecord {
  // A finances record runs from `from` to its `to` if given, else to the day before the next
  // record starts (a new assessment replaces the old), else open.
  DateRange range;
  bool has_explicit_to = false;
  Money savings;
  Money other_capital;
  std::vector<JointCapital> joint_capital;
  std::optional<Home> home;
  std::vector<IncomeItem> income;
  Money housing_costs;
  // Assessed disability-related expenditure; left out, a council's standard allowance may apply.
  std::optional<Money> disability_related_expenditure;
  std::string pointer;  // "/finances/0"
  bool operator==(const FinancesRecord&) const = default;
};

struct Exclusion {
  DateRange range;
  ExclusionReason reason = ExclusionReason::kNhsContinuingHealthcare;
  std::string pointer;
  bool operator==(const Exclusion&) const = default;
};

// Notional capital (SI 2014/2672 reg 22): capital the person deprived themselves of, treated
// as theirs from `from`, diminishing under reg 23 (the engine works out by how much).
struct NotionalCapital {
  Date from;
  Money amount;
  std::string pointer;  // "/notional_capital/0"
  bool operator==(const NotionalCapital&) const = default;
};

// A fee a deferred payment agreement adds to the amount deferred (SI 2014/2671 reg 10).
struct DeferredPaymentFee {
  Date on;
  Money amount;
  std::string pointer;  // "/deferred_payments/0/fees/1"
  bool operator==(const DeferredPaymentFee&) const = default;
};

// A deferred payment agreement (Care Act 2014 ss34–36; SI 2014/2671): charges are deferred from
// `from` to the last day of `range`; interest and fees are added until the as-of date.
struct DeferredPayment {
  DateRange range;
  Money property_value;
  Money secured_debt;
  std::optional<Hundredths> interest_rate;  // the council's; absent: the national maximum
  Money setup_fee;                          // added on the first day
  std::vector<DeferredPaymentFee> fees;     // sorted by date
  std::optional<Money> disposable_income_allowance;  // kept a week; absent: the maximum
  std::string pointer;                      // "/deferred_payments/0"
  bool operator==(const DeferredPayment&) const = default;
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
  std::vector<NotionalCapital> notional_capital;  // sorted by from
  std::vector<DeferredPayment> deferred_payments;
  bool operator==(const Person&) const = default;
};

// Checks what field-by-field parsing cannot: records of one list overlapping (the error names
// both), a record ending before it starts, death before birth, a deferred payment fee before
// its agreement starts. Records running past a death
// date are allowed (councils close them later); the engine stops charging at death. Sorts
// each list by start date and closes finances records (has_explicit_to false) at the next
// one's start. Pointers keep the document's indices.
Status normalise_person(Person& person);

}  // namespace caremeter
