// rules.cc — lookups over rule data: dated timelines, the name tables shared by rule files,
// person documents and scenarios, and pension-credit age by date of birth.
#include "caremeter/model/rules.h"

#include <algorithm>

namespace caremeter {

const DatedValue* Timeline::entry_covering(Date d) const {
  // Values are ordered and do not overlap (the loader guarantees it), so the only candidate is
  // the last entry starting on or before d.
  auto it = std::upper_bound(values_.begin(), values_.end(), d,
                             [](Date day, const DatedValue& v) { return day < v.range.first; });
  if (it == values_.begin()) return nullptr;
  --it;
  return it->range.contains(d) ? &*it : nullptr;
}

void Timeline::set_known_to(Date known_to, Date known_again_from) {
  if (values_.empty() || known_to >= Date::max() || known_again_from <= known_to.next()) {
    unpublished_ = DateRange{Date::max(), Date::min()};
    return;
  }
  unpublished_ = DateRange{known_to.next(), std::min(known_again_from.prev(), Date::max())};
}

Date Timeline::next_change_after(Date d) const {
  // A from-reform-start placeholder covers every date; the switch at the reform start is the
  // scenario's to make, not the timeline's.
  if (from_reform_start_ || d >= Date::max()) return Date::max();
  Date next = Date::max();
  if (has_unpublished()) {
    if (d < unpublished_.first) next = unpublished_.first;
    else if (d <= unpublished_.last && unpublished_.last < Date::max()) next = unpublished_.last.next();
  }
  auto it = std::upper_bound(values_.begin(), values_.end(), d,
                             [](Date day, const DatedValue& v) { return day < v.range.first; });
  if (it != values_.end()) next = std::min(next, it->range.first);
  if (it != values_.begin()) {
    const DatedValue& covering = *std::prev(it);
    if (covering.range.contains(d) && covering.range.last < Date::max()) {
      next = std::min(next, covering.range.last.next());
    }
  }
  return next;
}

const char* source_status_name(SourceStatus s) { return kSourceStatusNames.name(s); }

Date next_review_after(const ReviewDays& days, Date d) {
  // Review days are real days of every year (the loader refuses 29 February), so the first one
  // after d is in d's year or the next.
  Date best = Date::max();
  for (int year : {d.year(), d.year() + 1}) {
    for (const ReviewDay& r : days) {
      if (r.month == 0) continue;
      Date candidate = Date::from_ymd(year, r.month, r.day);
      if (candidate > d && candidate < best) best = candidate;
    }
  }
  return best;
}

namespace {

using K = ParameterKind;
using R = Review;

// Least review (rules/README.md, "Known spans"): the figures the law reviews every year may not
// be declared on_change. Plain reform values apply from each scenario's reform start
// (scenario); dated reform values are then reviewed at least yearly.

constexpr ParamInfo kParams[] = {
    {Param::kUpperCapitalLimit, "means_test.upper_capital_limit", K::kMoney, false, R::kOnChange, kNoReviewDays},
    {Param::kLowerCapitalLimit, "means_test.lower_capital_limit", K::kMoney, false, R::kOnChange, kNoReviewDays},
    {Param::kTariffStep, "means_test.tariff_step", K::kMoney, false, R::kOnChange, kNoReviewDays},
    {Param::kTariffPerStep, "means_test.tariff_per_step", K::kMoney, false, R::kOnChange, kNoReviewDays},
    {Param::kPersonalExpensesAllowance, "means_test.personal_expenses_allowance", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kMigSingle18To24, "mig.single_18_24", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kMigSingle25ToPensionCreditAge, "mig.single_25_to_pension_credit_age", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kMigSinglePensionCreditAge, "mig.single_pension_credit_age", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kMigLoneParent, "mig.lone_parent", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kMigCouple18, "mig.couple_18", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kMigCouplePensionCreditAge, "mig.couple_pension_credit_age", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kMigDependentChild, "mig.dependent_child", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kDisabilityPremiumSingle, "mig.disability_premium_single", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kEnhancedDisabilityPremiumSingle, "mig.enhanced_disability_premium_single", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kDisabilityPremiumCouple, "mig.disability_premium_couple", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kEnhancedDisabilityPremiumCouple, "mig.enhanced_disability_premium_couple", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kCarerPremium, "mig.carer_premium", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kSavingsCreditDisregardSingle, "income.savings_credit_disregard_single", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kSavingsCreditDisregardCouple, "income.savings_credit_disregard_couple", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kWarWidowsPensionDisregard, "income.war_widows_pension_disregard", K::kMoney, false, R::kOnChange, kNoReviewDays},
    {Param::kDeferredPaymentPropertyShareExcluded, "deferred_payment.property_share_excluded", K::kPercent,
     false, R::kOnChange, kNoReviewDays},
    {Param::kDeferredPaymentDisposableIncomeAllowance, "deferred_payment.disposable_income_allowance", K::kMoney,
     false, R::kOnChange, kNoReviewDays},
    {Param::kDeferredPaymentMaximumInterestRate, "deferred_payment.maximum_interest_rate", K::kPercent, false, R::kHalfYearly, kHalfYears},
    {Param::kFncStandardRate, "fnc.standard_rate", K::kMoney, false, R::kYearly, kFinancialYear},
    {Param::kFncHigherRate, "fnc.higher_rate", K::kMoney, false, R::kYearly, kFinancialYear},
    {Param::kAttendanceAllowanceHigher, "benefit_rates.attendance_allowance_higher", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kAttendanceAllowanceLower, "benefit_rates.attendance_allowance_lower", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kDlaCareHighest, "benefit_rates.dla_care_highest", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kDlaCareMiddle, "benefit_rates.dla_care_middle", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kPipDailyLivingEnhanced, "benefit_rates.pip_daily_living_enhanced", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kPipDailyLivingStandard, "benefit_rates.pip_daily_living_standard", K::kMoney, false, R::kYearly, kChargingYear},
    {Param::kReformCap, "reform.cap", K::kMoney, true, R::kScenario, kNoReviewDays},
    {Param::kReformUpperCapitalLimit, "reform.upper_capital_limit", K::kMoney, true, R::kScenario, kNoReviewDays},
    {Param::kReformLowerCapitalLimit, "reform.lower_capital_limit", K::kMoney, true, R::kScenario, kNoReviewDays},
    {Param::kReformDailyLivingCosts, "reform.daily_living_costs", K::kMoney, true, R::kScenario, kNoReviewDays},
    {Param::kReformMeterFullCost, "reform.meter_full_cost", K::kBoolean, true, R::kScenario, kNoReviewDays},
    {Param::kReformUprateAccruedWithCap, "reform.uprate_accrued_with_cap", K::kBoolean, true, R::kScenario, kNoReviewDays},
};
static_assert(std::size(kParams) == kParamCount, "one table row per Param");
constexpr bool params_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kParams); ++i) {
    if (static_cast<std::size_t>(kParams[i].param) != i) return false;
  }
  return true;
}
static_assert(params_in_enum_order(), "the table is indexed by Param");

constexpr CouncilParamInfo kCouncilParams[] = {
    {CouncilParam::kResidential, "rates.residential", K::kMoney, R::kYearly, kFinancialYear},
    {CouncilParam::kResidentialEnhanced, "rates.residential_enhanced", K::kMoney, R::kYearly, kFinancialYear},
    {CouncilParam::kNursing, "rates.nursing", K::kMoney, R::kYearly, kFinancialYear},
    {CouncilParam::kNursingEnhanced, "rates.nursing_enhanced", K::kMoney, R::kYearly, kFinancialYear},
    {CouncilParam::kHomeCareHourly, "rates.home_care_hourly", K::kMoney, R::kYearly, kFinancialYear},
    {CouncilParam::kFairCostResidential, "fair_cost_of_care.residential", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kFairCostResidentialEnhanced, "fair_cost_of_care.residential_enhanced", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kFairCostNursing, "fair_cost_of_care.nursing", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kFairCostNursingEnhanced, "fair_cost_of_care.nursing_enhanced", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kFairCostHomeCareHourly, "fair_cost_of_care.home_care_hourly", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kChargingPercentage, "charging.percentage", K::kPercent, R::kOnChange, kNoReviewDays},
    {CouncilParam::kCommunityUpperCapitalLimit, "charging.community_upper_capital_limit", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kCommunityLowerCapitalLimit, "charging.community_lower_capital_limit", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kDisregardNightCare, "charging.disregard_night_care", K::kBoolean, R::kOnChange, kNoReviewDays},
    {CouncilParam::kStandardDreAllowance, "charging.standard_dre_allowance", K::kMoney, R::kOnChange, kNoReviewDays},
    {CouncilParam::kFreshPropertyDisregardDiscretionary, "charging.fresh_property_disregard_discretionary", K::kBoolean, R::kOnChange, kNoReviewDays},
};
static_assert(std::size(kCouncilParams) == kCouncilParamCount, "one table row per CouncilParam");
constexpr bool council_params_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kCouncilParams); ++i) {
    if (static_cast<std::size_t>(kCouncilParams[i].param) != i) return false;
  }
  return true;
}
static_assert(council_params_in_enum_order(), "the table is indexed by CouncilParam");

}  // namespace

const ParamInfo* const detail::kParamTable = kParams;

std::optional<Param> param_by_name(std::string_view name) {
  for (const auto& info : kParams) {
    if (info.name == name) return info.param;
  }
  return std::nullopt;
}

std::string_view income_type_name(IncomeType t) { return kIncomeTypeNames.name(t); }

std::optional<IncomeType> income_type_by_name(std::string_view name) { return kIncomeTypeNames.find(name); }

const CouncilParamInfo* const detail::kCouncilParamTable = kCouncilParams;

std::optional<CouncilParam> council_param_by_name(std::string_view name) {
  for (const auto& info : kCouncilParams) {
    if (info.name == name) return info.param;
  }
  return std::nullopt;
}

const Scenario* RuleSet::scenario(std::string_view name) const {
  auto it = scenarios.find(std::string(name));
  return it == scenarios.end() ? nullptr : &it->second;
}

const CouncilRules* RuleSet::council(std::string_view id) const {
  auto it = councils.find(std::string(id));
  return it == councils.end() ? nullptr : &it->second;
}

Result<Date> RuleSet::pension_credit_age_date(Date birth) const {
  // Bands are ordered by birth date and contiguous (the loader checks), so one search finds it.
  auto it = std::upper_bound(pension_age.begin(), pension_age.end(), birth,
                             [](Date b, const PensionAgeBand& band) { return b < band.born.first; });
  if (it != pension_age.begin()) {
    const PensionAgeBand& band = *std::prev(it);
    if (band.born.contains(birth)) {
      if (band.reached_on) return *band.reached_on;
      return add_years_months(birth, band.years, band.months);
    }
  }
  return Error{ErrorCode::kMissingRule,
               "rule set " + ref.id + " " + ref.version + " gives no pension-credit age for people born on " +
                   to_string(birth),
               "/birth_date", {}};
}

}  // namespace caremeter
