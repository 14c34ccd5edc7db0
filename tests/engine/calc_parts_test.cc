// calc_parts_test.cc — the calculation's parts through their own (engine-internal) headers: the
// bug check, typed rule look-ups, the one payment split, and when the reform applies.
#include <gtest/gtest.h>

#include <algorithm>
#include <concepts>
#include <map>
#include <string>

#include "calc/check.h"
#include "calc/payment.h"
#include "calc/rule_lookup.h"
#include "support/test_support.h"

namespace caremeter::calc {
namespace {

using test_support::england_rules;

Money M(const char* s) { return *parse_money(s); }
Date D(const char* s) { return *parse_date(s); }

const PreparedScenario& prepared(const char* name) {
  static std::map<std::string, PreparedScenario> cache;
  auto it = cache.find(name);
  if (it == cache.end()) {
    it = cache.emplace(name, *PreparedScenario::prepare(england_rules(), *england_rules().scenario(name))).first;
  }
  return it->second;
}

TEST(Check, AFailedCheckIsAnInternalErrorNamingTheCheck) {
  try {
    CM_CHECK(1 + 1 == 3, "arithmetic holds");
    FAIL() << "the check did not fire";
  } catch (const CalcFailure& f) {
    EXPECT_EQ(f.error.code, ErrorCode::kInternal);
    EXPECT_NE(f.error.message.find("arithmetic holds"), std::string::npos) << f.error.message;
    EXPECT_NE(f.error.message.find("1 + 1 == 3"), std::string::npos) << f.error.message;
    EXPECT_NE(f.error.message.find("calc_parts_test.cc:"), std::string::npos) << f.error.message;
  }
  EXPECT_NO_THROW(CM_CHECK(1 + 1 == 2, "arithmetic holds"));
}

// Asking for a parameter in a unit other than its handle's does not compile.
template <class T, class Handle>
concept readable_as = requires(RuleLookup& l, Handle h, Date d, const std::string& s) {
  { l.template require<T>(h, d, s) } -> std::same_as<RuleValue<T>>;
};
static_assert(readable_as<Money, decltype(rule::kUpperCapitalLimit)>);
static_assert(!readable_as<Percent, decltype(rule::kUpperCapitalLimit)>);
static_assert(!readable_as<bool, decltype(rule::kUpperCapitalLimit)>);
static_assert(readable_as<Percent, decltype(rule::kDeferredPaymentPropertyShareExcluded)>);
static_assert(!readable_as<Money, decltype(rule::kDeferredPaymentPropertyShareExcluded)>);
static_assert(readable_as<bool, decltype(rule::kReformMeterFullCost)>);
static_assert(!readable_as<Money, decltype(rule::kReformMeterFullCost)>);

TEST(RuleLookup, AHandleMadeWithTheWrongUnitFailsLoudly) {
  RuleLookup rules(prepared("current-law"), Unpublished::kRefuse);
  NationalParam<Percent> wrong{Param::kUpperCapitalLimit};  // a money parameter
  try {
    (void)rules.require(wrong, D("2024-06-01"), "/finances/0");
    FAIL() << "a money parameter was read as a percentage";
  } catch (const CalcFailure& f) {
    EXPECT_EQ(f.error.code, ErrorCode::kInternal);
  }
  EXPECT_EQ(rules.require(rule::kUpperCapitalLimit, D("2024-06-01"), "/finances/0").value(), M("23250.00"));
}

// A calculation's look-ups remember the entry each parameter last gave and the value it carried
// forward: any day, in any order, gets what the timeline has on it, and every use past what is
// known is counted (a piece using one is provisional) though the value is listed once.
TEST(RuleLookup, AnyDayInAnyOrderGetsTheTimelinesValueAndEveryCarriedUseCounts) {
  const PreparedScenario& scenario = prepared("reform-2025-10");
  RuleLookup rules(scenario, Unpublished::kCarryForward);
  const Timeline& pea = scenario[Param::kPersonalExpensesAllowance];
  const CouncilRules& shire = *scenario.rules().council("example-shire");
  const Timeline& residential = shire[CouncilParam::kResidential];
  const char* days[] = {"2024-06-01", "2019-06-01", "2024-06-01", "2024-04-07", "2024-04-06", "2016-01-01",
                        "2025-04-06", "2025-04-05", "2023-12-31", "2021-04-12", "2015-04-01"};
  for (const char* day : days) {
    Date d = D(day);
    ASSERT_FALSE(pea.unpublished_on(d)) << day;
    EXPECT_EQ(&rules.find(rule::kPersonalExpensesAllowance, d).entry(), pea.at(d)) << day;
    CouncilValue<Money> rate = rules.council_find(shire.ref.id, rule::kResidential, d, "/care/0");
    EXPECT_EQ(rate ? &rate.entry() : nullptr, residential.at(d)) << day;
  }
  ASSERT_TRUE(pea.has_unpublished());
  Date past = pea.known_to() + Days(30);
  EXPECT_EQ(rules.past_known_uses(), 0u);
  for (int i = 1; i <= 3; ++i) {
    RuleValue<Money> v = rules.find(rule::kPersonalExpensesAllowance, past + Days(i), "/finances/0");
    EXPECT_EQ(&v.entry(), pea.last_known());
    EXPECT_EQ(v.use(), RuleUse::kCarriedForward);
    EXPECT_EQ(rules.past_known_uses(), static_cast<std::size_t>(i));
  }
  // Back to a known day after carrying forward: the known value again, not the carried one.
  EXPECT_EQ(&rules.find(rule::kPersonalExpensesAllowance, D("2024-06-01")).entry(), pea.at(D("2024-06-01")));
  std::vector<UnpublishedValue> listed = rules.provisional();
  EXPECT_EQ(std::count_if(listed.begin(), listed.end(),
                          [](const UnpublishedValue& u) { return u.parameter == "means_test.personal_expenses_allowance"; }),
            1);
}

template <class T>
void expect_unit(NationalParam<T> h) {
  EXPECT_EQ(param_info(h.param).kind, kind_of<T>) << param_info(h.param).name;
}
template <class T>
void expect_unit(CouncilParamOf<T> h) {
  EXPECT_EQ(council_param_info(h.param).kind, kind_of<T>) << council_param_info(h.param).name;
}

TEST(RuleLookup, EveryHandleHasItsParametersUnit) {
  using namespace rule;
  expect_unit(kUpperCapitalLimit), expect_unit(kLowerCapitalLimit), expect_unit(kTariffStep);
  expect_unit(kTariffPerStep), expect_unit(kPersonalExpensesAllowance), expect_unit(kMigSingle18To24);
  expect_unit(kMigSingle25ToPensionCreditAge), expect_unit(kMigSinglePensionCreditAge), expect_unit(kMigLoneParent);
  expect_unit(kMigCouple18), expect_unit(kMigCouplePensionCreditAge), expect_unit(kMigDependentChild);
  expect_unit(kDisabilityPremiumSingle), expect_unit(kEnhancedDisabilityPremiumSingle);
  expect_unit(kDisabilityPremiumCouple), expect_unit(kEnhancedDisabilityPremiumCouple), expect_unit(kCarerPremium);
  expect_unit(kDeferredPaymentPropertyShareExcluded), expect_unit(kReformCap), expect_unit(kReformUpperCapitalLimit);
  expect_unit(kReformLowerCapitalLimit), expect_unit(kReformDailyLivingCosts), expect_unit(kReformMeterFullCost);
  expect_unit(kReformUprateAccruedWithCap);
  expect_unit(kResidential), expect_unit(kResidentialEnhanced), expect_unit(kNursing), expect_unit(kNursingEnhanced);
  expect_unit(kHomeCareHourly), expect_unit(kFairCostResidential), expect_unit(kFairCostResidentialEnhanced);
  expect_unit(kFairCostNursing), expect_unit(kFairCostNursingEnhanced), expect_unit(kFairCostHomeCareHourly);
  expect_unit(kChargingPercentage), expect_unit(kCommunityUpperCapitalLimit), expect_unit(kCommunityLowerCapitalLimit);
}

TEST(PreparedScenario, OwnsWhenTheReformApplies) {
  const PreparedScenario& reform = prepared("reform-2025-10");
  EXPECT_FALSE(reform.reform_applies_on(D("2025-09-30")));
  EXPECT_TRUE(reform.reform_applies_on(D("2025-10-01")));
  EXPECT_TRUE(reform.reform_applies_on(D("2060-01-01")));
  // A plain reform value is placed at this scenario's reform start.
  EXPECT_EQ(reform[Param::kReformCap].at(D("2025-09-30")), nullptr);
  ASSERT_NE(reform[Param::kReformCap].at(D("2025-10-01")), nullptr);
  const PreparedScenario& current = prepared("current-law");
  EXPECT_FALSE(current.reform_applies_on(D("2060-01-01")));
  EXPECT_TRUE(current[Param::kReformCap].empty());
}

// The split of a day in `stage`, returned.
PaymentSplit split_of(const Assessment& a, CapStage stage, Exact to_reach_cap = Exact::zero()) {
  PaymentSplit s;
  split_payment(a, stage, s, to_reach_cap);
  return s;
}

// An assessment made by hand: only the figures the split reads.
Assessment assessed(const char* B, const char* F, const char* A, const char* D_, bool self_arranged,
                    bool reform = true) {
  static const DatedValue kOff{DateRange{Date::min()}, 0, "test", SourceStatus::kIllustrative, ""};
  Assessment a;
  a.budget.weekly = M(B);
  a.fee.weekly = M(F);
  a.top_up = max(Money::zero(), a.F() - a.B());
  a.charge.weekly = M(A);
  a.self_arranged = self_arranged;
  a.reform.applies = reform;
  if (reform) a.reform.meter_full_cost = RuleValue<bool>(Param::kReformMeterFullCost, &kOff);
  a.reform.D = M(D_);
  return a;
}

TEST(PaymentSplit, AnOrdinaryDayCouncilMet) {
  // B 700, A 289.85, D 200: the person's charge goes first toward DLC (200.00), the rest toward
  // care (89.85), which is what meters; the council pays 700 − 289.85 = 410.15.
  PaymentSplit s = split_of(assessed("700.00", "700.00", "289.85", "200.00", false), CapStage::kBelowCap);
  EXPECT_EQ(s.parts.toward_daily_living_costs, M("200.00"));
  EXPECT_EQ(s.parts.toward_care, M("89.85"));
  EXPECT_EQ(s.weekly.person_pays, M("289.85"));
  EXPECT_EQ(s.weekly.council_pays, M("410.15"));
  EXPECT_EQ(s.weekly.accruing, M("89.85"));
  EXPECT_EQ(s.meter.basis, MeterBasis::kCouncilMet);
}

TEST(PaymentSplit, TheCrossingDayAndTheDaysAfterUseTheSameSplit) {
  // A self-arranged self-funder: B 1030, F 1100 (top-up 70, theirs), A = B, D 200; meters
  // B − D = 830 a week. 25,000/7 pence left to the cap is a day's share of a weekly 250.00.
  Assessment a = assessed("1030.00", "1100.00", "1030.00", "200.00", true);
  PaymentSplit ordinary = split_of(a, CapStage::kBelowCap);
  EXPECT_EQ(ordinary.weekly.accruing, M("830.00"));
  EXPECT_EQ(ordinary.weekly.person_pays, M("1100.00"));
  PaymentSplit crossing = split_of(a, CapStage::kCrossingDay, Exact::sevenths(25000));
  EXPECT_EQ(crossing.weekly.accruing, M("250.00"));
  EXPECT_EQ(crossing.weekly.person_pays, M("520.00"));  // 200 + 250 + 70
  EXPECT_EQ(crossing.weekly.council_pays, M("580.00"));  // 1030 − 450
  PaymentSplit after = split_of(a, CapStage::kReached);
  EXPECT_EQ(after.weekly.accruing, Money::zero());
  EXPECT_EQ(after.weekly.person_pays, M("270.00"));  // 200 + 70
  EXPECT_EQ(after.weekly.council_pays, M("830.00"));
}

TEST(PaymentSplit, CurrentLawPaysAAndAThirdPartyPaysACouncilArrangedTopUp) {
  // Council-arranged, B 700, F 800, A 169.85: the person pays A; the council B − A = 530.15;
  // the top-up of 100 is a third party's; nothing meters.
  PaymentSplit s = split_of(assessed("700.00", "800.00", "169.85", "0.00", false, false), CapStage::kBelowCap);
  EXPECT_EQ(s.weekly.person_pays, M("169.85"));
  EXPECT_EQ(s.weekly.council_pays, M("530.15"));
  EXPECT_EQ(s.parts.third_party_top_up, M("100.00"));
  EXPECT_EQ(s.weekly.accruing, Money::zero());
  EXPECT_EQ(s.meter.basis, MeterBasis::kNone);
}

TEST(PaymentSplit, TheCapOutsideTheReformIsABug) {
  EXPECT_THROW(split_of(assessed("700.00", "700.00", "700.00", "0.00", true, false), CapStage::kReached),
               CalcFailure);
}

}  // namespace
}  // namespace caremeter::calc
