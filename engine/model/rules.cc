// rules.cc — lookups over rule data: dated timelines, the name tables shared by rule files,
// person documents and scenarios, and pension-credit age by date of birth.
#include "caremeter/model/rules.h"

#include <algorithm>

namespace caremeter {

const DatedValue* Timeline::at(Date d) const {
  // Values are ordered and do not overlap (the loader guarantees it), so the only candidate is
  // the last entry starting on or before d.
  auto it = std::upper_bound(values_.begin(), values_.end(), d,
                             [](Date day, const DatedValue& v) { return day < v.range.first; });
  if (it == values_.begin()) return nullptr;
  --it;
  return it->range.contains(d) ? &*it : nullptr;
}

Date Timeline::next_change_after(Date d) const {
  // A from-reform-start placeholder covers every date; the switch at the reform start is the
  // scenario's to make, not the timeline's.
  if (from_reform_start_ || d >= Date::max()) return Date::max();
  Date next = Date::max();
  auto it = std::upper_bound(values_.begin(), values_.end(), d,
                             [](Date day, const DatedValue& v) { return day < v.range.first; });
  if (it != values_.end()) next = it->range.first;
  if (it != values_.begin()) {
    const DatedValue& covering = *std::prev(it);
    if (covering.range.contains(d) && covering.range.last < Date::max()) {
      next = std::min(next, covering.range.last.next());
    }
  }
  return next;
}

const char* source_status_name(SourceStatus s) { return kSourceStatusNames.name(s); }

namespace {

using K = ParameterKind;

constexpr ParamInfo kParams[] = {
    {Param::kUpperCapitalLimit, "means_test.upper_capital_limit", K::kMoney, false},
    {Param::kLowerCapitalLimit, "means_test.lower_capital_limit", K::kMoney, false},
    {Param::kTariffStep, "means_test.tariff_step", K::kMoney, false},
    {Param::kTariffPerStep, "means_test.tariff_per_step", K::kMoney, false},
    {Param::kPersonalExpensesAllowance, "means_test.personal_expenses_allowance", K::kMoney, false},
    {Param::kMigSingle18To24, "mig.single_18_24", K::kMoney, false},
    {Param::kMigSingle25ToPensionCreditAge, "mig.single_25_to_pension_credit_age", K::kMoney, false},
    {Param::kMigSinglePensionCreditAge, "mig.single_pension_credit_age", K::kMoney, false},
    {Param::kMigLoneParent, "mig.lone_parent", K::kMoney, false},
    {Param::kMigCouple18, "mig.couple_18", K::kMoney, false},
    {Param::kMigCouplePensionCreditAge, "mig.couple_pension_credit_age", K::kMoney, false},
    {Param::kMigDependentChild, "mig.dependent_child", K::kMoney, false},
    {Param::kDisabilityPremiumSingle, "mig.disability_premium_single", K::kMoney, false},
    {Param::kEnhancedDisabilityPremiumSingle, "mig.enhanced_disability_premium_single", K::kMoney, false},
    {Param::kDisabilityPremiumCouple, "mig.disability_premium_couple", K::kMoney, false},
    {Param::kEnhancedDisabilityPremiumCouple, "mig.enhanced_disability_premium_couple", K::kMoney, false},
    {Param::kCarerPremium, "mig.carer_premium", K::kMoney, false},
    {Param::kSavingsCreditDisregardSingle, "income.savings_credit_disregard_single", K::kMoney, false},
    {Param::kSavingsCreditDisregardCouple, "income.savings_credit_disregard_couple", K::kMoney, false},
    {Param::kWarWidowsPensionDisregard, "income.war_widows_pension_disregard", K::kMoney, false},
    {Param::kDeferredPaymentPropertyShareExcluded, "deferred_payment.property_share_excluded", K::kPercent,
     false},
    {Param::kDeferredPaymentDisposableIncomeAllowance, "deferred_payment.disposable_income_allowance", K::kMoney,
     false},
    {Param::kDeferredPaymentMaximumInterestRate, "deferred_payment.maximum_interest_rate", K::kPercent, false},
    {Param::kFncStandardRate, "fnc.standard_rate", K::kMoney, false},
    {Param::kFncHigherRate, "fnc.higher_rate", K::kMoney, false},
    {Param::kAttendanceAllowanceHigher, "benefit_rates.attendance_allowance_higher", K::kMoney, false},
    {Param::kAttendanceAllowanceLower, "benefit_rates.attendance_allowance_lower", K::kMoney, false},
    {Param::kDlaCareHighest, "benefit_rates.dla_care_highest", K::kMoney, false},
    {Param::kDlaCareMiddle, "benefit_rates.dla_care_middle", K::kMoney, false},
    {Param::kPipDailyLivingEnhanced, "benefit_rates.pip_daily_living_enhanced", K::kMoney, false},
    {Param::kPipDailyLivingStandard, "benefit_rates.pip_daily_living_standard", K::kMoney, false},
    {Param::kReformCap, "reform.cap", K::kMoney, true},
    {Param::kReformUpperCapitalLimit, "reform.upper_capital_limit", K::kMoney, true},
    {Param::kReformLowerCapitalLimit, "reform.lower_capital_limit", K::kMoney, true},
    {Param::kReformDailyLivingCosts, "reform.daily_living_costs", K::kMoney, true},
    {Param::kReformMeterFullCost, "reform.meter_full_cost", K::kBoolean, true},
    {Param::kReformUprateAccruedWithCap, "reform.uprate_accrued_with_cap", K::kBoolean, true},
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
    {CouncilParam::kResidential, "rates.residential", K::kMoney},
    {CouncilParam::kResidentialEnhanced, "rates.residential_enhanced", K::kMoney},
    {CouncilParam::kNursing, "rates.nursing", K::kMoney},
    {CouncilParam::kNursingEnhanced, "rates.nursing_enhanced", K::kMoney},
    {CouncilParam::kHomeCareHourly, "rates.home_care_hourly", K::kMoney},
    {CouncilParam::kFairCostResidential, "fair_cost_of_care.residential", K::kMoney},
    {CouncilParam::kFairCostResidentialEnhanced, "fair_cost_of_care.residential_enhanced", K::kMoney},
    {CouncilParam::kFairCostNursing, "fair_cost_of_care.nursing", K::kMoney},
    {CouncilParam::kFairCostNursingEnhanced, "fair_cost_of_care.nursing_enhanced", K::kMoney},
    {CouncilParam::kFairCostHomeCareHourly, "fair_cost_of_care.home_care_hourly", K::kMoney},
    {CouncilParam::kChargingPercentage, "charging.percentage", K::kPercent},
    {CouncilParam::kCommunityUpperCapitalLimit, "charging.community_upper_capital_limit", K::kMoney},
    {CouncilParam::kCommunityLowerCapitalLimit, "charging.community_lower_capital_limit", K::kMoney},
    {CouncilParam::kDisregardNightCare, "charging.disregard_night_care", K::kBoolean},
    {CouncilParam::kStandardDreAllowance, "charging.standard_dre_allowance", K::kMoney},
    {CouncilParam::kFreshPropertyDisregardDiscretionary, "charging.fresh_property_disregard_discretionary", K::kBoolean},
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

const ParamInfo& param_info(Param p) { return kParams[static_cast<std::size_t>(p)]; }

std::optional<Param> param_by_name(std::string_view name) {
  for (const auto& info : kParams) {
    if (info.name == name) return info.param;
  }
  return std::nullopt;
}

std::string_view income_type_name(IncomeType t) { return kIncomeTypeNames.name(t); }

std::optional<IncomeType> income_type_by_name(std::string_view name) { return kIncomeTypeNames.find(name); }

const CouncilParamInfo& council_param_info(CouncilParam p) {
  return kCouncilParams[static_cast<std::size_t>(p)];
}

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
