// rules.h — the rule data the engine reads: dated, sourced parameters for England, councils'
// rates and charging options, income treatments, pension-credit age, and named scenarios.
//
// Rules are data (rules/*.json), never code. Each value carries its date range, its source
// and whether it is confirmed, derived or illustrative, so every figure the engine shows can
// name where it came from. A value asked for on a date no entry covers is an error, not zero.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/names.h"
#include "caremeter/model/status.h"

namespace caremeter {

enum class SourceStatus { kConfirmed, kDerived, kIllustrative };
inline constexpr NameTable<SourceStatus, 3> kSourceStatusNames{{{
    {SourceStatus::kConfirmed, "confirmed"},
    {SourceStatus::kDerived, "derived"},
    {SourceStatus::kIllustrative, "illustrative"},
}}};
const char* source_status_name(SourceStatus s);

enum class ParameterKind {
  kMoney,    // value in pence
  kPercent,  // value in hundredths of a percent ("100.00" → 10000)
  kBoolean,  // 0 or 1
  kCount,    // a plain whole number
};

struct DatedValue {
  DateRange range;
  int64_t value = 0;
  std::string source;
  SourceStatus status = SourceStatus::kConfirmed;
  std::string pointer;  // where it was read, e.g. "/parameters/means_test.personal_expenses_allowance/values/3"
};

// One parameter's values over time, ordered, not overlapping (the loader checks).
class Timeline {
 public:
  Timeline() = default;
  explicit Timeline(std::vector<DatedValue> values, bool from_reform_start = false)
      : values_(std::move(values)), from_reform_start_(from_reform_start) {}

  // The entry covering d, or nullptr (before the first date, in a gap, after an end).
  const DatedValue* at(Date d) const;
  // The first date after d on which what at() returns may differ; Date::max() if never.
  Date next_change_after(Date d) const;

  const std::vector<DatedValue>& values() const { return values_; }
  bool empty() const { return values_.empty(); }
  // A plain value for a reform parameter: it applies from the scenario's reform start, which
  // only the scenario knows. Its single entry's range is then a placeholder.
  bool from_reform_start() const { return from_reform_start_; }

 private:
  std::vector<DatedValue> values_;
  bool from_reform_start_ = false;
};

// National parameters. The names (param_info) are the keys of rule files and of scenario
// `parameters`; those a scenario may change are part of the request format (doc/service.md)
// and do not change.
enum class Param : uint8_t {
  kUpperCapitalLimit,
  kLowerCapitalLimit,
  kTariffStep,
  kTariffPerStep,
  kPersonalExpensesAllowance,
  kMigSingle18To24,
  kMigSingle25ToPensionCreditAge,
  kMigSinglePensionCreditAge,
  kMigLoneParent,
  kMigCouple18,
  kMigCouplePensionCreditAge,
  kMigDependentChild,
  kDisabilityPremiumSingle,
  kEnhancedDisabilityPremiumSingle,
  kDisabilityPremiumCouple,
  kEnhancedDisabilityPremiumCouple,
  kCarerPremium,
  kSavingsCreditDisregardSingle,
  kSavingsCreditDisregardCouple,
  kWarWidowsPensionDisregard,
  kDeferredPaymentPropertyShareExcluded,
  kDeferredPaymentDisposableIncomeAllowance,
  kDeferredPaymentMaximumInterestRate,
  kFncStandardRate,                       // NHS-funded nursing care, paid by the NHS to the home
  kFncHigherRate,
  // DWP's rates of the disability benefits, for a council's night-time disregard (the part of
  // the benefit above the lower rate).
  kAttendanceAllowanceHigher,
  kAttendanceAllowanceLower,
  kDlaCareHighest,
  kDlaCareMiddle,
  kPipDailyLivingEnhanced,
  kPipDailyLivingStandard,
  kReformCap,
  kReformUpperCapitalLimit,
  kReformLowerCapitalLimit,
  kReformDailyLivingCosts,
  kReformMeterFullCost,
  kReformUprateAccruedWithCap,
  kCount
};
constexpr std::size_t kParamCount = static_cast<std::size_t>(Param::kCount);

struct ParamInfo {
  Param param;
  std::string_view name;  // "means_test.upper_capital_limit"
  ParameterKind kind;
  bool reform;            // a reform.* parameter (plain values apply from the reform start)
};
const ParamInfo& param_info(Param p);
std::optional<Param> param_by_name(std::string_view name);

// Income types of the person document (doc/person-document.md).
enum class IncomeType : uint8_t {
  kStatePension,
  kPrivatePension,
  kPensionCreditGuarantee,
  kSavingsCredit,
  kAttendanceAllowance,
  kDlaCare,
  kDlaMobility,
  kPipDailyLiving,
  kPipMobility,
  kEsa,
  kUniversalCredit,
  kIncomeSupport,
  kEarnings,
  kWarPension,
  kWarWidowsPension,
  kGuaranteedIncomePayment,
  kCharitable,
  kOther,
  kCount
};
constexpr std::size_t kIncomeTypeCount = static_cast<std::size_t>(IncomeType::kCount);
inline constexpr NameTable<IncomeType, kIncomeTypeCount> kIncomeTypeNames{{{
    {IncomeType::kStatePension, "state_pension"},
    {IncomeType::kPrivatePension, "private_pension"},
    {IncomeType::kPensionCreditGuarantee, "pension_credit_guarantee"},
    {IncomeType::kSavingsCredit, "savings_credit"},
    {IncomeType::kAttendanceAllowance, "attendance_allowance"},
    {IncomeType::kDlaCare, "dla_care"},
    {IncomeType::kDlaMobility, "dla_mobility"},
    {IncomeType::kPipDailyLiving, "pip_daily_living"},
    {IncomeType::kPipMobility, "pip_mobility"},
    {IncomeType::kEsa, "esa"},
    {IncomeType::kUniversalCredit, "universal_credit"},
    {IncomeType::kIncomeSupport, "income_support"},
    {IncomeType::kEarnings, "earnings"},
    {IncomeType::kWarPension, "war_pension"},
    {IncomeType::kWarWidowsPension, "war_widows_pension"},
    {IncomeType::kGuaranteedIncomePayment, "guaranteed_income_payment"},
    {IncomeType::kCharitable, "charitable"},
    {IncomeType::kOther, "other"},
}}};
static_assert(kIncomeTypeNames.in_enum_order(), "one name per IncomeType, in enum order");
std::string_view income_type_name(IncomeType t);
std::optional<IncomeType> income_type_by_name(std::string_view name);

enum class IncomeTreatmentKind { kCounted, kDisregarded, kCountedLessDisregard };
inline constexpr NameTable<IncomeTreatmentKind, 3> kIncomeTreatmentNames{{{
    {IncomeTreatmentKind::kCounted, "counted"},
    {IncomeTreatmentKind::kDisregarded, "disregarded"},
    {IncomeTreatmentKind::kCountedLessDisregard, "counted_less_disregard"},
}}};

struct IncomeTreatment {
  IncomeTreatmentKind kind = IncomeTreatmentKind::kCounted;
  // For kCountedLessDisregard: the weekly amount disregarded (at most the item itself).
  // Savings credit has one for single people and one for couples.
  std::optional<Param> disregard_single;
  std::optional<Param> disregard_couple;
  std::string source;
  std::string pointer;
};

// Pension-credit qualifying age follows state pension age by date of birth.
struct PensionAgeBand {
  DateRange born;
  // Either an age (years + months after birth) or a fixed date for the whole band.
  int years = 0;
  int months = 0;
  std::optional<Date> reached_on;
  std::string source;
  std::string pointer;
};

// Council parameters (rules/councils/<id>.json).
enum class CouncilParam : uint8_t {
  kResidential,
  kResidentialEnhanced,
  kNursing,
  kNursingEnhanced,
  kHomeCareHourly,
  kFairCostResidential,
  kFairCostResidentialEnhanced,
  kFairCostNursing,
  kFairCostNursingEnhanced,
  kFairCostHomeCareHourly,
  kChargingPercentage,            // of the at-home charge; 100% when the council sets none
  kCommunityUpperCapitalLimit,    // councils may set higher limits for care outside care homes
  kCommunityLowerCapitalLimit,
  kDisregardNightCare,            // disregard the night-time part of AA / DLA care / PIP daily living
  kStandardDreAllowance,          // a standard disability-related expenditure allowance
  kFreshPropertyDisregardDiscretionary,  // a fresh 12 weeks also when the law does not require it
  kCount
};
constexpr std::size_t kCouncilParamCount = static_cast<std::size_t>(CouncilParam::kCount);

struct CouncilParamInfo {
  CouncilParam param;
  std::string_view name;  // "rates.residential", "charging.percentage"
  ParameterKind kind;
};
const CouncilParamInfo& council_param_info(CouncilParam p);
std::optional<CouncilParam> council_param_by_name(std::string_view name);

struct RuleFileRef {
  std::string id;
  std::string version;
  std::string sha256;  // of the file's bytes, lowercase hex
  std::string file;    // path it was read from (for messages)
};

struct CouncilRules {
  RuleFileRef ref;
  std::string name;
  SourceStatus status = SourceStatus::kConfirmed;  // kIllustrative for made-up councils
  std::array<Timeline, kCouncilParamCount> params;

  const Timeline& operator[](CouncilParam p) const { return params[static_cast<std::size_t>(p)]; }
};

enum class RateBasis { kUsual, kFairCostOfCare };
inline constexpr NameTable<RateBasis, 2> kRateBasisNames{{{
    {RateBasis::kUsual, "usual"},
    {RateBasis::kFairCostOfCare, "fair_cost_of_care"},
}}};

// A scenario: current law, or the reform from a start date with some parameters changed.
struct Scenario {
  std::string name;                 // "reform-2025-10", or the name given to an object scenario
  std::string base;                 // the named scenario it was built on ("" for a named one)
  std::optional<Date> reform_start; // nullopt: no reform (current law)
  RateBasis rate_basis = RateBasis::kUsual;
  // Parameters replaced by the scenario; a plain value for reform.* applies from reform_start.
  std::map<Param, Timeline> overrides;
  std::string description;
};

struct RuleSet {
  RuleFileRef ref;  // id "england", version "2025-04"
  std::string description;
  std::array<Timeline, kParamCount> params;
  std::array<IncomeTreatment, kIncomeTypeCount> income;
  std::vector<PensionAgeBand> pension_age;
  std::map<std::string, Scenario> scenarios;   // by name
  std::map<std::string, CouncilRules> councils;  // by id

  const Timeline& operator[](Param p) const { return params[static_cast<std::size_t>(p)]; }
  const Scenario* scenario(std::string_view name) const;
  const CouncilRules* council(std::string_view id) const;
  // The date a person born on `birth` reaches pension-credit age, or an error naming the gap.
  Result<Date> pension_credit_age_date(Date birth) const;
};

}  // namespace caremeter
