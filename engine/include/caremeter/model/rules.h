// rules.h — the rule data the engine reads: dated, sourced parameters for England, councils'
// rates and charging options, income treatments, pension-credit age, and named scenarios.
//
// Rules are data (rules/*.json), never code. Each value carries its date range, its source
// and whether it is confirmed, announced, derived or illustrative, so every figure the engine
// shows can name where it came from. A value asked for on a date no entry covers is an error,
// not zero. A figure reviewed every year is known only to the day before its next review
// (rules/README.md, "Known spans"): past that day it is unpublished, which a calculation
// refuses, carries forward or projects as its caller asks, never silently.
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

// kAnnounced: a government announcement gives the figure, but the instrument that makes it
// law was not seen; used like a confirmed figure, and shown as announced.
enum class SourceStatus { kConfirmed, kDerived, kIllustrative, kAnnounced };
inline constexpr NameTable<SourceStatus, 4> kSourceStatusNames{{{
    {SourceStatus::kConfirmed, "confirmed"},
    {SourceStatus::kDerived, "derived"},
    {SourceStatus::kIllustrative, "illustrative"},
    {SourceStatus::kAnnounced, "announced"},
}}};
const char* source_status_name(SourceStatus s);

enum class ParameterKind {
  kMoney,    // value in pence
  kPercent,  // value in hundredths of a percent ("100.00" → 10000)
  kBoolean,  // 0 or 1
  kCount,    // a plain whole number
};

// How often a parameter's figure is reviewed (a rule file's "review"). A figure reviewed
// yearly or half-yearly is known only to the day before its next review; one that changes only
// when the law (or the council's own policy) changes stays open; a plain reform value applies
// from each scenario's reform start.
enum class Review : uint8_t { kOnChange, kYearly, kHalfYearly, kScenario };
inline constexpr NameTable<Review, 4> kReviewNames{{{
    {Review::kOnChange, "on_change"},
    {Review::kYearly, "yearly"},
    {Review::kHalfYearly, "half_yearly"},
    {Review::kScenario, "scenario"},
}}};
constexpr bool reviewed_periodically(Review r) { return r == Review::kYearly || r == Review::kHalfYearly; }

// A day of the year on which a figure is reviewed ("04-06": 6 April).
struct ReviewDay {
  unsigned month = 0;  // 0: none
  unsigned day = 0;
  constexpr bool operator==(const ReviewDay&) const = default;
};
// The review days of a parameter: one for yearly, two for half-yearly, in calendar order.
using ReviewDays = std::array<ReviewDay, 2>;
// The first review day strictly after d.
Date next_review_after(const ReviewDays& days, Date d);

struct DatedValue {
  DateRange range;
  int64_t value = 0;
  std::string source;
  SourceStatus status = SourceStatus::kConfirmed;
  std::string pointer;  // where it was read, e.g. "/parameters/means_test.personal_expenses_allowance/values/3"
};

// One parameter's values over time, ordered, not overlapping (the loader checks), and the days
// past what is known: after the last day a yearly figure is known to, up to a later figure a
// scenario gives (or for ever). On those days at() finds nothing and unpublished_on() says why.
class Timeline {
 public:
  Timeline() = default;
  explicit Timeline(std::vector<DatedValue> values, bool from_reform_start = false)
      : values_(std::move(values)), from_reform_start_(from_reform_start) {}

  // The entry covering d, or nullptr (before the first date, in a gap, after an end, or past
  // what is known).
  const DatedValue* at(Date d) const {
    if (d >= unpublished_.first && d <= unpublished_.last) [[unlikely]] return nullptr;
    return entry_covering(d);
  }
  // The first date after d on which what at() returns may differ; Date::max() if never.
  Date next_change_after(Date d) const;

  const std::vector<DatedValue>& values() const { return values_; }
  bool empty() const { return values_.empty(); }
  // A plain value for a reform parameter: it applies from the scenario's reform start, which
  // only the scenario knows. Its single entry's range is then a placeholder.
  bool from_reform_start() const { return from_reform_start_; }

  // How the figure is reviewed (the rule file's "review", or the parameter table's least
  // review for a file that does not say).
  Review review() const { return review_; }
  // The days each year a yearly or half-yearly figure is reviewed (none otherwise).
  const ReviewDays& review_days() const { return review_days_; }
  void set_review(Review r, const ReviewDays& days = {}) {
    review_ = r;
    review_days_ = days;
  }
  // What a projected value of the figure is rounded to, as its published values are (the
  // rule file's "rounded_to"; a penny unless it says otherwise).
  Money rounded_to() const { return rounded_to_; }
  void set_rounded_to(Money step) { rounded_to_ = step; }
  // The figure is known only to `known_to`: later days, up to `known_again_from` (a value a
  // scenario gives from then), are unpublished. Only a timeline with values can be.
  void set_known_to(Date known_to, Date known_again_from = Date::max().next());
  // Whether d is past what is known; known_to() and last_known() then give the last day known
  // and the value in force on it (what carrying forward would use).
  bool unpublished_on(Date d) const { return d >= unpublished_.first && d <= unpublished_.last; }
  // The last day known: Date::max() when the figure is never unpublished.
  Date known_to() const { return has_unpublished() ? unpublished_.first.prev() : Date::max(); }
  bool has_unpublished() const { return unpublished_.first <= unpublished_.last; }
  // The last unpublished day (a later value is a scenario's own); meaningful when has_unpublished().
  Date unpublished_until() const { return unpublished_.last; }
  const DatedValue* last_known() const { return entry_covering(known_to()); }

 private:
  const DatedValue* entry_covering(Date d) const;

  std::vector<DatedValue> values_;
  bool from_reform_start_ = false;
  Review review_ = Review::kOnChange;
  ReviewDays review_days_{};
  Money rounded_to_ = Money::pence(1);
  DateRange unpublished_{Date::max(), Date::min()};
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

// Review days of the parameter tables: a yearly figure's day, a half-yearly figure's two.
inline constexpr ReviewDays kNoReviewDays{};
inline constexpr ReviewDays kChargingYear{{{4, 6}, {}}};    // England's charging figures: 6 April
inline constexpr ReviewDays kFinancialYear{{{4, 1}, {}}};   // FNC, councils' rates: 1 April
inline constexpr ReviewDays kHalfYears{{{1, 1}, {7, 1}}};   // deferred payment interest

struct ParamInfo {
  Param param;
  std::string_view name;  // "means_test.upper_capital_limit"
  ParameterKind kind;
  bool reform;            // a reform.* parameter (plain values apply from the reform start)
  // The least review a rule file may declare (a file cannot call a yearly figure a law figure),
  // and the days the law reviews it on: what a file that declares no review is read with.
  Review least_review;
  ReviewDays review_days;
};
namespace detail {
extern const ParamInfo* const kParamTable;  // rules.cc: one row per Param, in enum order
}  // namespace detail
// Inline: every rule look-up checks its handle's unit against the row.
inline const ParamInfo& param_info(Param p) { return detail::kParamTable[static_cast<std::size_t>(p)]; }
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
  kCarersAllowance,
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
    {IncomeType::kCarersAllowance, "carers_allowance"},
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
  // False for a type the rule file gives no treatment (a type added after a format-1 file was
  // published): a person with income of that type cannot be calculated with it.
  bool given = false;
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

// Council parameters (rules/councils/<id>/<version>.json).
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
  Review least_review;    // as ParamInfo's
  ReviewDays review_days;
};
namespace detail {
extern const CouncilParamInfo* const kCouncilParamTable;  // rules.cc: one row per CouncilParam, in enum order
}  // namespace detail
inline const CouncilParamInfo& council_param_info(CouncilParam p) {
  return detail::kCouncilParamTable[static_cast<std::size_t>(p)];
}
std::optional<CouncilParam> council_param_by_name(std::string_view name);

struct RuleFileRef {
  std::string id;
  std::string version;
  std::string sha256;  // of the file's bytes, lowercase hex
  std::string file;    // path it was read from (for messages)
};

struct CouncilRules {
  RuleFileRef ref;
  int format = 1;
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
// A scenario's uprating assumptions (its "projection"): yearly percentages that project figures
// past what the rule files know, used only when a calculation asks to project (unpublished:
// project). Each is applied on every yearly change date after the figure's last known value
// and rounded as the figure's published values are (doc/law.md, "Projections").
struct Projection {
  std::optional<Hundredths> national_figures;  // PEA, MIG and premiums, disregards, FNC
  std::optional<Hundredths> council_rates;     // councils' rates, and personal budgets given in a person document
  std::optional<Hundredths> fees;              // what homes and providers charge (a care record's weekly_fee)
  std::optional<Hundredths> cap_and_dlc;       // the reform's cap and daily living costs
  std::array<std::optional<Hundredths>, kIncomeTypeCount> incomes{};  // by income type; none: not uprated
  std::string source;  // where the assumptions come from ("" for a request's own)
  bool operator==(const Projection&) const = default;
};

struct Scenario {
  std::string name;                 // "reform-2025-10", or the name given to an object scenario
  std::string base;                 // the named scenario it was built on ("" for a named one)
  std::optional<Date> reform_start; // nullopt: no reform (current law)
  RateBasis rate_basis = RateBasis::kUsual;
  // Parameters replaced by the scenario; a plain value for reform.* applies from reform_start.
  std::map<Param, Timeline> overrides;
  std::string description;
  std::optional<Projection> projection;  // none: `project` refuses
};

struct RuleSet {
  RuleFileRef ref;  // id "england", version "2025-04"
  int format = 1;   // the rule file's "format": 1 (no review marks) or 2
  std::string description;
  std::array<Timeline, kParamCount> params;
  std::array<IncomeTreatment, kIncomeTypeCount> income;
  std::vector<PensionAgeBand> pension_age;
  std::map<std::string, Scenario> scenarios;   // by name
  // By id: for each council, its latest version not later than this rule set's version.
  std::map<std::string, CouncilRules> councils;

  const Timeline& operator[](Param p) const { return params[static_cast<std::size_t>(p)]; }
  const Scenario* scenario(std::string_view name) const;
  const CouncilRules* council(std::string_view id) const;
  // The date a person born on `birth` reaches pension-credit age, or an error naming the gap.
  Result<Date> pension_credit_age_date(Date birth) const;
};

}  // namespace caremeter
