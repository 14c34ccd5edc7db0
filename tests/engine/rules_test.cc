// rules_test.cc — timelines, the name tables, and pension-credit age by date of birth.
#include "caremeter/model/rules.h"

#include <gtest/gtest.h>

#include <set>

#include "caremeter/json/rule_loader.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

DatedValue value(Date first, Date last, int64_t v) {
  return DatedValue{DateRange{first, last}, v, "test", SourceStatus::kConfirmed, ""};
}

// 2020 (value 1), a gap in Jan–Feb 2021, then open from 2021-03-01 (value 2).
Timeline gappy() {
  return Timeline({value(D(2020, 1, 1), D(2020, 12, 31), 1), value(D(2021, 3, 1), Date::max(), 2)});
}

TEST(TimelineTest, AtFindsTheCoveringValue) {
  Timeline t = gappy();
  EXPECT_EQ(t.at(D(2019, 12, 31)), nullptr) << "before the first value is not a zero";
  ASSERT_NE(t.at(D(2020, 1, 1)), nullptr);
  EXPECT_EQ(t.at(D(2020, 1, 1))->value, 1);
  EXPECT_EQ(t.at(D(2020, 12, 31))->value, 1);
  EXPECT_EQ(t.at(D(2021, 1, 1)), nullptr) << "in a gap";
  EXPECT_EQ(t.at(D(2021, 2, 28)), nullptr);
  ASSERT_NE(t.at(D(2021, 3, 1)), nullptr);
  EXPECT_EQ(t.at(D(2021, 3, 1))->value, 2);
  EXPECT_EQ(t.at(Date::max())->value, 2) << "an open end runs on";
}

TEST(TimelineTest, AtAfterAClosedEndIsMissing) {
  Timeline t({value(D(2023, 4, 1), D(2024, 3, 31), 5)});
  EXPECT_EQ(t.at(D(2024, 3, 31))->value, 5);
  EXPECT_EQ(t.at(D(2024, 4, 1)), nullptr);
  EXPECT_EQ(Timeline().at(D(2024, 4, 1)), nullptr);
}

TEST(TimelineTest, NextChangeAfter) {
  Timeline t = gappy();
  EXPECT_EQ(t.next_change_after(D(1999, 1, 1)), D(2020, 1, 1)) << "before the first value";
  EXPECT_EQ(t.next_change_after(D(2020, 6, 1)), D(2021, 1, 1)) << "the day after a value ends";
  EXPECT_EQ(t.next_change_after(D(2020, 12, 31)), D(2021, 1, 1));
  EXPECT_EQ(t.next_change_after(D(2021, 1, 1)), D(2021, 3, 1)) << "in a gap: where the next starts";
  EXPECT_EQ(t.next_change_after(D(2021, 3, 1)), Date::max()) << "an open end never changes";
  EXPECT_EQ(t.next_change_after(Date::max()), Date::max());

  Timeline closed({value(D(2023, 4, 1), D(2024, 3, 31), 5)});
  EXPECT_EQ(closed.next_change_after(D(2023, 4, 1)), D(2024, 4, 1));
  EXPECT_EQ(closed.next_change_after(D(2024, 4, 1)), Date::max());
  EXPECT_EQ(Timeline().next_change_after(D(2024, 4, 1)), Date::max());

  // Back-to-back values: the change is the next start.
  Timeline adjacent({value(D(2022, 4, 11), D(2023, 4, 9), 1), value(D(2023, 4, 10), Date::max(), 2)});
  EXPECT_EQ(adjacent.next_change_after(D(2022, 4, 11)), D(2023, 4, 10));
}

TEST(TimelineTest, FromReformStartPlaceholderCoversEveryDate) {
  Timeline t({value(Date::min(), Date::max(), 8600000)}, /*from_reform_start=*/true);
  EXPECT_TRUE(t.from_reform_start());
  ASSERT_NE(t.at(D(2025, 10, 1)), nullptr);
  EXPECT_EQ(t.at(D(2025, 10, 1))->value, 8600000);
  EXPECT_EQ(t.next_change_after(D(2025, 10, 1)), Date::max());
}

TEST(RuleNamesTest, ParametersRoundTrip) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kParamCount; ++i) {
    Param p = static_cast<Param>(i);
    const ParamInfo& info = param_info(p);
    EXPECT_EQ(info.param, p);
    EXPECT_EQ(param_by_name(info.name), p) << info.name;
    EXPECT_TRUE(names.insert(info.name).second) << "duplicate name " << info.name;
    EXPECT_EQ(info.reform, info.name.substr(0, 7) == "reform.") << info.name;
  }
  EXPECT_EQ(param_by_name("means_test.personal_expenses_allowance"), Param::kPersonalExpensesAllowance);
  EXPECT_EQ(param_by_name("mig.single_25_to_pension_credit_age"), Param::kMigSingle25ToPensionCreditAge);
  EXPECT_EQ(param_by_name("reform.uprate_accrued_with_cap"), Param::kReformUprateAccruedWithCap);
  EXPECT_EQ(param_info(Param::kDeferredPaymentPropertyShareExcluded).kind, ParameterKind::kPercent);
  EXPECT_EQ(param_info(Param::kReformMeterFullCost).kind, ParameterKind::kBoolean);
  EXPECT_EQ(param_info(Param::kReformCap).kind, ParameterKind::kMoney);
  EXPECT_FALSE(param_by_name("reform.Cap"));
  EXPECT_FALSE(param_by_name(""));
}

TEST(RuleNamesTest, IncomeTypesRoundTrip) {
  std::set<std::string_view> names;
  for (std::size_t i = 0; i < kIncomeTypeCount; ++i) {
    IncomeType t = static_cast<IncomeType>(i);
    EXPECT_EQ(income_type_by_name(income_type_name(t)), t);
    names.insert(income_type_name(t));
  }
  EXPECT_EQ(names.size(), 19u);
  EXPECT_EQ(income_type_name(IncomeType::kStatePension), "state_pension");
  EXPECT_EQ(income_type_name(IncomeType::kWarWidowsPension), "war_widows_pension");
  EXPECT_EQ(income_type_name(IncomeType::kOther), "other");
  EXPECT_EQ(income_type_name(IncomeType::kCarersAllowance), "carers_allowance");
  EXPECT_FALSE(income_type_by_name("pension"));
}

TEST(RuleNamesTest, CouncilParametersRoundTrip) {
  for (std::size_t i = 0; i < kCouncilParamCount; ++i) {
    CouncilParam p = static_cast<CouncilParam>(i);
    EXPECT_EQ(council_param_by_name(council_param_info(p).name), p);
  }
  EXPECT_EQ(council_param_by_name("rates.home_care_hourly"), CouncilParam::kHomeCareHourly);
  EXPECT_EQ(council_param_by_name("fair_cost_of_care.nursing_enhanced"), CouncilParam::kFairCostNursingEnhanced);
  EXPECT_EQ(council_param_info(CouncilParam::kChargingPercentage).kind, ParameterKind::kPercent);
  EXPECT_EQ(council_param_by_name("charging.community_lower_capital_limit"), CouncilParam::kCommunityLowerCapitalLimit);
  EXPECT_FALSE(council_param_by_name("rates.residental"));
}

TEST(RuleNamesTest, SourceStatusNames) {
  EXPECT_STREQ(source_status_name(SourceStatus::kConfirmed), "confirmed");
  EXPECT_STREQ(source_status_name(SourceStatus::kDerived), "derived");
  EXPECT_STREQ(source_status_name(SourceStatus::kIllustrative), "illustrative");
}

TEST(RuleSetTest, LooksUpScenariosAndCouncils) {
  RuleSet rs;
  rs.scenarios["current-law"].name = "current-law";
  rs.councils["leeds"].name = "Leeds City Council";
  ASSERT_NE(rs.scenario("current-law"), nullptr);
  EXPECT_EQ(rs.scenario("current-law")->name, "current-law");
  EXPECT_EQ(rs.scenario("reform"), nullptr);
  ASSERT_NE(rs.council("leeds"), nullptr);
  EXPECT_EQ(rs.council("trafford"), nullptr);
}

TEST(PensionCreditAgeTest, MissingBandIsAnErrorNamingTheBirthDate) {
  RuleSet rs;
  rs.ref.id = "england";
  rs.ref.version = "test";
  PensionAgeBand band;
  band.born = DateRange{D(1950, 1, 1), D(1960, 12, 31)};
  band.years = 65;
  rs.pension_age.push_back(band);
  EXPECT_EQ(*rs.pension_credit_age_date(D(1955, 2, 3)), D(2020, 2, 3));
  auto missing = rs.pension_credit_age_date(D(1961, 1, 1));
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kMissingRule);
  EXPECT_NE(missing.error().message.find("1961-01-01"), std::string::npos) << missing.error().message;
  EXPECT_FALSE(rs.pension_credit_age_date(D(1949, 12, 31)));
}

class PensionCreditAgeEnglandTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    report_ = new RuleLoadReport(test_support::load_repository_rules());
  }
  static void TearDownTestSuite() {
    delete report_;
    report_ = nullptr;
  }
  const RuleSet& england() {
    EXPECT_TRUE(report_->errors.empty()) << report_->errors.front().to_string();
    EXPECT_FALSE(report_->rule_sets.empty());
    return report_->rule_sets.back();
  }
  Date reached(Date birth) {
    auto r = england().pension_credit_age_date(birth);
    EXPECT_TRUE(r) << r.error().to_string();
    return r ? *r : Date::min();
  }
  static RuleLoadReport* report_;
};
RuleLoadReport* PensionCreditAgeEnglandTest::report_ = nullptr;

TEST_F(PensionCreditAgeEnglandTest, Age60BeforeApril1950) {
  EXPECT_EQ(reached(D(1946, 3, 14)), D(2006, 3, 14));
  EXPECT_EQ(reached(D(1950, 4, 5)), D(2010, 4, 5));
  EXPECT_EQ(reached(D(1800, 1, 1)), D(1860, 1, 1));
}

TEST_F(PensionCreditAgeEnglandTest, PensionsAct1995MonthlyBands) {
  EXPECT_EQ(reached(D(1950, 4, 6)), D(2010, 5, 6));
  EXPECT_EQ(reached(D(1950, 5, 5)), D(2010, 5, 6));
  EXPECT_EQ(reached(D(1950, 5, 6)), D(2010, 7, 6));
  // Born 6 Jan – 5 Feb 1952 is band k = 21: 6 May 2010 + 42 months = 6 November 2013.
  EXPECT_EQ(reached(D(1952, 1, 15)), D(2013, 11, 6));
  EXPECT_EQ(reached(D(1953, 3, 6)), D(2016, 3, 6));
  EXPECT_EQ(reached(D(1953, 4, 5)), D(2016, 3, 6));
}

TEST_F(PensionCreditAgeEnglandTest, PensionsAct2011Bands) {
  EXPECT_EQ(reached(D(1953, 4, 6)), D(2016, 7, 6));
  EXPECT_EQ(reached(D(1953, 5, 10)), D(2016, 11, 6));
  EXPECT_EQ(reached(D(1953, 12, 5)), D(2018, 11, 6));
  EXPECT_EQ(reached(D(1953, 12, 6)), D(2019, 3, 6));
  EXPECT_EQ(reached(D(1954, 10, 5)), D(2020, 9, 6));
}

TEST_F(PensionCreditAgeEnglandTest, AgesInYearsAndMonths) {
  EXPECT_EQ(reached(D(1954, 10, 6)), D(2020, 10, 6));
  EXPECT_EQ(reached(D(1955, 6, 1)), D(2021, 6, 1));
  EXPECT_EQ(reached(D(1960, 4, 6)), D(2026, 5, 6)) << "66 years 1 month";
  EXPECT_EQ(reached(D(1960, 6, 20)), D(2026, 9, 20)) << "66 years 3 months";
  EXPECT_EQ(reached(D(1961, 3, 5)), D(2028, 2, 5)) << "66 years 11 months";
  EXPECT_EQ(reached(D(1961, 3, 6)), D(2028, 3, 6)) << "67";
  EXPECT_EQ(reached(D(1970, 1, 1)), D(2037, 1, 1));
  // Born 29 February 1976: the 67th birthday falls on 1 March 2043.
  EXPECT_EQ(reached(D(1976, 2, 29)), D(2043, 3, 1));
}

// Pensions Act 1995 Sch 4 para 1(7A): the three birth dates whose 66-and-some-months birthday
// does not exist reach the age on the last day of the short month, not the 1st of the next.
TEST_F(PensionCreditAgeEnglandTest, StatuteFixesTheLastDayOfTheShortMonth) {
  EXPECT_EQ(reached(D(1960, 7, 31)), D(2026, 11, 30));
  EXPECT_EQ(reached(D(1960, 12, 31)), D(2027, 9, 30));
  EXPECT_EQ(reached(D(1961, 1, 31)), D(2027, 11, 30));
  // Their neighbours keep the plain age.
  EXPECT_EQ(reached(D(1960, 7, 30)), D(2026, 11, 30));
  EXPECT_EQ(reached(D(1960, 8, 1)), D(2026, 12, 1));
  EXPECT_EQ(reached(D(1961, 1, 1)), D(2027, 10, 1));
  EXPECT_EQ(reached(D(1961, 1, 30)), D(2027, 11, 30));
}

TEST_F(PensionCreditAgeEnglandTest, PensionsAct2007BandsAndAge68) {
  EXPECT_EQ(reached(D(1977, 4, 6)), D(2044, 5, 6));
  EXPECT_EQ(reached(D(1978, 4, 5)), D(2046, 3, 6));
  EXPECT_EQ(reached(D(1978, 4, 6)), D(2046, 4, 6));
  EXPECT_EQ(reached(D(1980, 2, 29)), D(2048, 2, 29));
  EXPECT_EQ(reached(D(1983, 2, 28)), D(2051, 2, 28));
}

}  // namespace
}  // namespace caremeter
