// projection_test.cc — a scenario's projection (its uprating assumptions): how it is read, how
// a figure is uprated and rounded, and what a calculation asked to project does with it past
// what the rules know (5 April 2026 for the shipped charging figures). Figures worked by hand.
#include <gtest/gtest.h>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::england_rules;

Date D(const char* s) { return *parse_date(s); }
Money M(const char* s) { return *parse_money(s); }

Scenario scenario(const std::string& text) {
  auto json = parse_json_strict(text);
  EXPECT_TRUE(json) << text;
  auto s = scenario_from_json(*json, england_rules(), "/scenario");
  EXPECT_TRUE(s) << s.error().to_string();
  return s ? *s : Scenario{};
}

Error scenario_error(const std::string& text) {
  auto s = scenario_from_json(*parse_json_strict(text), england_rules(), "/scenario");
  EXPECT_FALSE(s) << text;
  return s ? Error{} : s.error();
}

// ------------------------------------------------------------------ uprating one figure

TEST(Uprated, RoundsHalfUpToTheStepThePublishedFiguresMoveIn) {
  // 30.65 × 1.02 = 31.263 → 31.25 (nearest 5p); 31.25 × 1.02 = 31.875 → 31.90 (half up).
  EXPECT_EQ(uprated(M("30.65"), Hundredths{200}, M("0.05")), M("31.25"));
  EXPECT_EQ(uprated(M("31.25"), Hundredths{200}, M("0.05")), M("31.90"));
  // 1071.20 × 1.035 = 1108.692 → 1108.69 (a penny); 200 × 1.04 = 208.00 exactly.
  EXPECT_EQ(uprated(M("1071.20"), Hundredths{350}, M("0.01")), M("1108.69"));
  EXPECT_EQ(uprated(M("200.00"), Hundredths{400}, M("0.01")), M("208.00"));
  EXPECT_EQ(uprated(M("86000.00"), Hundredths{350}, M("0.01")), M("89010.00"));
  EXPECT_EQ(uprated(M("10.00"), Hundredths{0}, M("0.05")), M("10.00"));
}

// ------------------------------------------------------------------ reading a projection

TEST(ProjectionJson, OneFigureOrOnePerIncomeTypeAndKeysReplaceTheBases) {
  Scenario s = scenario(R"({"base": "current-law", "projection": {"national_figures": "2.5", "incomes": "3.00"}})");
  ASSERT_TRUE(s.projection);
  EXPECT_EQ(s.projection->national_figures, Hundredths{250});
  for (const auto& i : s.projection->incomes) EXPECT_EQ(i, Hundredths{300});
  // Keys not given are the base's (current law's documented default: fees 3.50%).
  EXPECT_EQ(s.projection->fees, Hundredths{350});
  EXPECT_NE(s.projection->source.find("changed by the request"), std::string::npos) << s.projection->source;

  Scenario per_type = scenario(R"({"base": "current-law", "projection": {"incomes": {"state_pension": 4}}})");
  EXPECT_EQ(per_type.projection->incomes[static_cast<std::size_t>(IncomeType::kStatePension)], Hundredths{400});
  EXPECT_FALSE(per_type.projection->incomes[static_cast<std::size_t>(IncomeType::kPrivatePension)])
      << "a type left out is not uprated";

  Scenario none = scenario(R"({"base": "current-law", "projection": null})");
  EXPECT_FALSE(none.projection);
}

TEST(ProjectionJson, BadProjectionsNameTheField) {
  Error unknown = scenario_error(R"({"base": "current-law", "projection": {"incomes": {"state_pensoin": "4"}}})");
  EXPECT_EQ(unknown.pointer, "/scenario/projection/incomes/state_pensoin");
  Error too_big = scenario_error(R"({"base": "current-law", "projection": {"fees": "150"}})");
  EXPECT_EQ(too_big.pointer, "/scenario/projection/fees");
  Error misspelt = scenario_error(R"({"base": "current-law", "projection": {"national_figure": "2"}})");
  EXPECT_EQ(misspelt.pointer, "/scenario/projection/national_figure");
}

// Named scenarios carry documented default projections (rules/README.md, "Default
// projections"); a rule file's projection must name its source.
TEST(ProjectionJson, NamedScenariosHaveDocumentedDefaults) {
  for (const char* name : {"current-law", "reform-2023-10", "reform-2025-10"}) {
    const Scenario* s = england_rules().scenario(name);
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->projection) << name;
    EXPECT_EQ(s->projection->national_figures, Hundredths{200}) << name;
    EXPECT_EQ(s->projection->cap_and_dlc, Hundredths{350}) << name;
    EXPECT_EQ(s->projection->incomes[static_cast<std::size_t>(IncomeType::kStatePension)], Hundredths{400});
    EXPECT_FALSE(s->projection->incomes[static_cast<std::size_t>(IncomeType::kPrivatePension)]);
    EXPECT_NE(s->projection->source.find("illustrative"), std::string::npos);
  }
  EXPECT_FALSE(england_rules("2025-04").scenario("current-law")->projection) << "published before projections";
}

// ------------------------------------------------------------------ projecting a calculation

// A pensioner in a care home arranged by the council from 2025-01-01: B £700 a week given in
// the document, a £200 state pension, no capital.
Person care_home_person() {
  Person p;
  p.id = "T-1";
  p.birth_date = D("1940-07-01");
  p.needs.push_back(NeedsRecord{DateRange{D("2025-01-01")}, "", "/needs/0"});
  CareRecord c;
  c.range = DateRange{D("2025-01-01")};
  c.setting = Setting::kCareHome;
  c.category = CareHomeCategory::kResidential;
  c.stay = Stay::kPermanent;
  c.arranged_by = ArrangedBy::kCouncil;
  c.personal_budget = M("700.00");
  c.pointer = "/care/0";
  p.care.push_back(c);
  FinancesRecord f;
  f.range = DateRange{D("2025-01-01")};
  f.income.push_back(IncomeItem{IncomeType::kStatePension, M("200.00"), "/finances/0/income/0"});
  f.income.push_back(IncomeItem{IncomeType::kPrivatePension, M("50.00"), "/finances/0/income/1"});
  f.pointer = "/finances/0";
  p.finances.push_back(f);
  return p;
}

Result<AccountResult> project(const Person& p, const Scenario& s, const char* as_of, const char* from = nullptr) {
  CalculationRequest req;
  req.as_of = D(as_of);
  if (from) req.from = D(from);
  req.unpublished = Unpublished::kProject;
  return calculate(p, england_rules(), s, req);
}

const Period* period_on(const AccountResult& r, const char* on) {
  for (const Period& p : r.periods) {
    if (p.range.contains(D(on))) return &p;
  }
  return nullptr;
}

const std::string kProjection =
    R"({"base": "current-law", "projection": {"national_figures": "2.00", "council_rates": "3.00",
        "incomes": {"state_pension": "4.00"}, "source": "test assumptions"}})";

TEST(Projecting, FiguresAndAmountsRiseOnEachSixthOfAprilAfterWhatIsKnown) {
  auto r = project(care_home_person(), scenario(kProjection), "2027-06-30", "2026-01-01");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  // To 5 April 2026 as published: A = 200 + 50 − 30.65 = 219.35; the council pays 700 − A.
  const Period* known = period_on(*r, "2026-04-05");
  ASSERT_NE(known, nullptr);
  EXPECT_EQ(known->weekly.assessed_charge, M("219.35"));
  EXPECT_EQ(known->rules_used, RuleUse::kKnown);
  // 2026/27: PEA 30.65 × 1.02 → 31.25; state pension 200 × 1.04 = 208.00; the private pension
  // is not uprated; B 700 × 1.03 = 721.00. A = 208 + 50 − 31.25 = 226.75; council 494.25.
  const Period* first = period_on(*r, "2026-04-06");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->range.first, D("2026-04-06"));
  EXPECT_EQ(first->rules_used, RuleUse::kProjected);
  EXPECT_EQ(first->weekly.personal_budget, M("721.00"));
  EXPECT_EQ(first->weekly.assessed_charge, M("226.75"));
  EXPECT_EQ(first->weekly.council_pays, M("494.25"));
  // 2027/28: PEA 31.25 × 1.02 = 31.875 → 31.90; pension 208 × 1.04 = 216.32; B 721 × 1.03 =
  // 742.63. A = 216.32 + 50 − 31.90 = 234.42.
  const Period* second = period_on(*r, "2027-04-06");
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(second->range.first, D("2027-04-06"));
  EXPECT_EQ(second->weekly.personal_budget, M("742.63"));
  EXPECT_EQ(second->weekly.assessed_charge, M("234.42"));

  // Every projected value is listed once, with the day its figure is known to.
  auto listed = [&](const std::string& parameter, const std::string& value) {
    for (const UnpublishedValue& v : r->projected) {
      if (v.parameter == parameter && v.value == value) return &v;
    }
    return static_cast<const UnpublishedValue*>(nullptr);
  };
  const UnpublishedValue* pea = listed("means_test.personal_expenses_allowance", "31.25");
  ASSERT_NE(pea, nullptr);
  EXPECT_EQ(pea->known_to, D("2026-04-05"));
  EXPECT_NE(pea->assumption.find("national_figures: +2.00% a year after 2026-04-05, rounded to 0.05"),
            std::string::npos)
      << pea->assumption;
  EXPECT_NE(listed("means_test.personal_expenses_allowance", "31.90"), nullptr);
  const UnpublishedValue* pension = listed("/finances/0/income/0/weekly", "216.32");
  ASSERT_NE(pension, nullptr);
  EXPECT_EQ(pension->known_to, D("2026-04-05"));
  EXPECT_NE(listed("/care/0/personal_budget", "721.00"), nullptr);
  for (const UnpublishedValue& v : r->projected) EXPECT_NE(v.parameter, "/finances/0/income/1/weekly");
  EXPECT_TRUE(r->provisional.empty());
}

// A record that starts after the horizon is taken in its own year's money: it is uprated on
// the first 6 April after its start, not before.
TEST(Projecting, ARecordStartingAfterWhatIsKnownIsUpratedOnlyAfterItsStart) {
  Person p = care_home_person();
  p.finances[0].range.last = D("2026-04-05");
  FinancesRecord later = p.finances[0];
  later.range = DateRange{D("2026-04-06")};
  later.income = {IncomeItem{IncomeType::kStatePension, M("241.30"), "/finances/1/income/0"}};
  later.pointer = "/finances/1";
  p.finances.push_back(later);
  auto r = project(p, scenario(kProjection), "2027-04-06", "2026-04-06");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  // 2026/27: 241.30 as given; A = 241.30 − 31.25 = 210.05. 2027/28: 241.30 × 1.04 = 250.952 →
  // 250.95; PEA 31.90; A = 250.95 − 31.90 = 219.05.
  EXPECT_EQ(period_on(*r, "2026-04-06")->weekly.assessed_charge, M("210.05"));
  EXPECT_EQ(period_on(*r, "2027-04-06")->weekly.assessed_charge, M("219.05"));
}

// A self-arranged self-funder: the home's fee rises with "fees"; under the reform the cap and
// daily living costs with "cap_and_dlc", from the first 6 April after what is known.
TEST(Projecting, FeesAndTheReformsCapAndDailyLivingCosts) {
  Person p = care_home_person();
  p.care[0].arranged_by = ArrangedBy::kSelf;
  p.care[0].weekly_fee = M("800.00");
  p.finances[0].savings = M("500000.00");
  Scenario s = scenario(R"({"base": "reform-2025-10", "projection": {"fees": "3.50", "cap_and_dlc": "4.00"}})");
  auto r = project(p, s, "2026-04-06");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  // Fee 800 × 1.035 = 828.00; B 700 × 1.035 (the default council_rates) = 724.50; cap
  // 86,000 × 1.04 = 89,440.00; DLC 200 × 1.04 = 208.00.
  ASSERT_TRUE(r->account.current_weekly);
  EXPECT_EQ(r->account.current_weekly->weekly_fee, M("828.00"));
  EXPECT_EQ(r->account.current_weekly->personal_budget, M("724.50"));
  EXPECT_EQ(r->account.current_weekly->daily_living_costs, M("208.00"));
  EXPECT_EQ(r->account.cap, M("89440.00"));
  // On 5 April 2026 nothing is projected: the cap is the design's £86,000.
  auto before = project(p, s, "2026-04-05");
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(before->account.cap, M("86000.00"));
  EXPECT_TRUE(before->projected.empty());
}

// Council rates past the day a council's file knows them to: Example-shire's 2026-04 file knows
// its residential rate (£1,071.20) to 31 March 2027; from 1 April 2027 it is projected.
TEST(Projecting, CouncilRatesFromTheCouncilsOwnReviewDay) {
  Person p = care_home_person();
  p.care[0].personal_budget.reset();
  p.needs[0].council = "example-shire";
  Scenario s = scenario(R"({"base": "current-law", "projection": {"council_rates": "3.50"}})");
  auto r = project(p, s, "2027-04-01");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  // 1071.20 × 1.035 = 1108.692 → 1108.69.
  EXPECT_EQ(r->account.current_weekly->personal_budget, M("1108.69"));
  bool listed = false;
  for (const UnpublishedValue& v : r->projected) {
    if (v.parameter == "rates.residential") {
      EXPECT_EQ(v.council, "example-shire");
      EXPECT_EQ(v.value, "1108.69");
      EXPECT_EQ(v.known_to, D("2027-03-31"));
      listed = true;
    }
  }
  EXPECT_TRUE(listed);
}

TEST(Projecting, WithoutTheProjectionAFigureNeedsItRefusesSayingWhatIsMissing) {
  Scenario s = scenario(R"({"base": "current-law", "projection": null})");
  auto none = project(care_home_person(), s, "2026-04-06");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kRuleNotPublished);
  EXPECT_EQ(none.error().parameter, "means_test.personal_expenses_allowance");
  EXPECT_NE(none.error().message.find("scenario 'current-law+custom' has no projection"), std::string::npos)
      << none.error().message;
  Scenario partial = scenario(R"({"base": "current-law", "name": "fees-only"})");
  partial.projection = Projection{};
  partial.projection->fees = Hundredths{350};
  partial.projection->source = "test";
  auto some = project(care_home_person(), partial, "2026-04-06");
  ASSERT_FALSE(some.ok());
  EXPECT_NE(some.error().message.find("the projection of scenario 'fees-only' gives no \"national_figures\""),
            std::string::npos)
      << some.error().message;
}

}  // namespace
}  // namespace caremeter
