// rule_loader_test.cc — the real rules/ directory, every kind of bad rule file, the catalog, and
// scenarios read from JSON.
#include "caremeter/json/rule_loader.h"

#include <gtest/gtest.h>

#include <utility>

#include "caremeter/json/json_io.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

const std::string kPea = "means_test.personal_expenses_allowance";
const std::string kPeaValues = "/parameters/means_test.personal_expenses_allowance/values";

// ------------------------------------------------------------------ the real rules

class RealRulesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    report_ = new RuleLoadReport(test_support::load_repository_rules());
  }
  static void TearDownTestSuite() {
    delete report_;
    report_ = nullptr;
  }
  // The published, frozen 2025-04 (what these checks were written against), and the latest.
  static const RuleSet& england() { return version("2025-04"); }
  static const RuleSet& latest() { return report_->rule_sets.back(); }
  static const RuleSet& version(const std::string& v) {
    for (const RuleSet& rs : report_->rule_sets) {
      if (rs.ref.version == v) return rs;
    }
    ADD_FAILURE() << "no rule set " << v;
    return report_->rule_sets.front();
  }
  static const DatedValue* at(Param p, Date d) { return england()[p].at(d); }
  static int64_t pence(Param p, Date d) {
    const DatedValue* v = at(p, d);
    EXPECT_NE(v, nullptr) << param_info(p).name << " on " << to_string(d);
    return v ? v->value : -1;
  }
  static RuleLoadReport* report_;
};
RuleLoadReport* RealRulesTest::report_ = nullptr;

TEST_F(RealRulesTest, LoadWithoutProblems) {
  for (const Error& e : report_->errors) ADD_FAILURE() << e.to_string();
  ASSERT_EQ(report_->rule_sets.size(), 2u);
  EXPECT_EQ(england().ref.id, "england");
  EXPECT_EQ(england().ref.version, "2025-04");
  EXPECT_EQ(england().ref.sha256.size(), 64u);
  EXPECT_EQ(latest().ref.version, "2026-04");
  ASSERT_EQ(report_->councils.size(), 4u) << "example-shire 2025-04 and 2026-04, leeds, trafford";
  EXPECT_EQ(england().councils.size(), 3u);
  EXPECT_EQ(latest().councils.size(), 3u);
  for (const char* name : {"current-law", "reform-2023-10", "reform-2025-10"}) {
    EXPECT_NE(england().scenario(name), nullptr) << name;
  }
  EXPECT_FALSE(england().scenario("current-law")->reform_start);
  EXPECT_EQ(*england().scenario("reform-2023-10")->reform_start, D(2023, 10, 1));
  EXPECT_EQ(*england().scenario("reform-2025-10")->reform_start, D(2025, 10, 1));
}

TEST_F(RealRulesTest, PersonalExpensesAllowanceByYear) {
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2014, 6, 1)), 2440);
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2018, 6, 1)), 2490);
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2022, 4, 10)), 2490);
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2022, 6, 1)), 2565);
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2023, 6, 1)), 2825);
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2024, 6, 1)), 3015);
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2025, 4, 6)), 3015);
  EXPECT_EQ(pence(Param::kPersonalExpensesAllowance, D(2025, 4, 7)), 3065);
  EXPECT_EQ(at(Param::kPersonalExpensesAllowance, D(2014, 4, 6)), nullptr) << "no figure before 2014/15";
}

TEST_F(RealRulesTest, MinimumIncomeGuaranteeAndPremiums) {
  EXPECT_EQ(pence(Param::kMigSinglePensionCreditAge, D(2023, 6, 1)), 21435);
  EXPECT_EQ(pence(Param::kMigSinglePensionCreditAge, D(2019, 6, 1)), 18900);
  EXPECT_EQ(pence(Param::kMigSingle25ToPensionCreditAge, D(2024, 6, 1)), 11060);
  EXPECT_EQ(at(Param::kMigSingle25ToPensionCreditAge, D(2024, 6, 1))->status, SourceStatus::kDerived);
  EXPECT_EQ(at(Param::kMigSingle25ToPensionCreditAge, D(2023, 6, 1))->status, SourceStatus::kConfirmed);
  EXPECT_EQ(pence(Param::kMigSingle25ToPensionCreditAge, D(2023, 6, 1)), 10365);
  EXPECT_EQ(pence(Param::kDisabilityPremiumSingle, D(2023, 6, 1)), 4575);
  EXPECT_EQ(pence(Param::kEnhancedDisabilityPremiumSingle, D(2023, 6, 1)), 2235);
  EXPECT_EQ(pence(Param::kMigCouplePensionCreditAge, D(2025, 6, 1)), 17755);
  EXPECT_EQ(at(Param::kMigCouplePensionCreditAge, D(2025, 6, 1))->status, SourceStatus::kDerived);
  EXPECT_EQ(pence(Param::kMigDependentChild, D(2022, 6, 1)), 8620);
  // No figures in the specification: no value rather than an invented one.
  EXPECT_TRUE(england()[Param::kCarerPremium].empty());
  EXPECT_TRUE(england()[Param::kEnhancedDisabilityPremiumCouple].empty());
  EXPECT_TRUE(england()[Param::kSavingsCreditDisregardCouple].empty());
}

TEST_F(RealRulesTest, CapitalTariffAndDisregards) {
  EXPECT_EQ(pence(Param::kUpperCapitalLimit, D(2024, 6, 1)), 2325000);
  EXPECT_EQ(pence(Param::kUpperCapitalLimit, D(2010, 4, 1)), 2325000);
  EXPECT_EQ(pence(Param::kLowerCapitalLimit, D(2030, 1, 1)), 1425000);
  EXPECT_EQ(pence(Param::kTariffStep, D(2024, 6, 1)), 25000);
  EXPECT_EQ(pence(Param::kTariffPerStep, D(2024, 6, 1)), 100);
  EXPECT_EQ(pence(Param::kSavingsCreditDisregardSingle, D(2021, 6, 1)), 575);
  EXPECT_EQ(at(Param::kSavingsCreditDisregardSingle, D(2022, 6, 1)), nullptr) << "2022/23 is not in the spec";
  EXPECT_EQ(pence(Param::kSavingsCreditDisregardSingle, D(2023, 6, 1)), 650);
  EXPECT_EQ(pence(Param::kSavingsCreditDisregardSingle, D(2025, 6, 1)), 695);
  EXPECT_EQ(pence(Param::kWarWidowsPensionDisregard, D(2024, 6, 1)), 1000);
  EXPECT_EQ(pence(Param::kDeferredPaymentPropertyShareExcluded, D(2024, 6, 1)), 1000) << "10.00%";
}

TEST_F(RealRulesTest, ReformValuesApplyFromTheReformStart) {
  const Timeline& cap = england()[Param::kReformCap];
  EXPECT_TRUE(cap.from_reform_start());
  ASSERT_EQ(cap.values().size(), 1u);
  EXPECT_EQ(cap.values()[0].value, 8600000);
  EXPECT_FALSE(cap.values()[0].source.empty());
  EXPECT_EQ(england()[Param::kReformUpperCapitalLimit].values()[0].value, 10000000);
  EXPECT_EQ(england()[Param::kReformLowerCapitalLimit].values()[0].value, 2000000);
  EXPECT_EQ(england()[Param::kReformDailyLivingCosts].values()[0].value, 20000);
  EXPECT_EQ(england()[Param::kReformMeterFullCost].values()[0].value, 0);
  EXPECT_EQ(england()[Param::kReformUprateAccruedWithCap].values()[0].value, 1);
}

TEST_F(RealRulesTest, IncomeTreatments) {
  auto treatment = [](IncomeType t) { return england().income[static_cast<std::size_t>(t)]; };
  EXPECT_EQ(treatment(IncomeType::kStatePension).kind, IncomeTreatmentKind::kCounted);
  EXPECT_EQ(treatment(IncomeType::kPipMobility).kind, IncomeTreatmentKind::kDisregarded);
  EXPECT_EQ(treatment(IncomeType::kCharitable).kind, IncomeTreatmentKind::kDisregarded);
  EXPECT_EQ(treatment(IncomeType::kPipDailyLiving).kind, IncomeTreatmentKind::kCounted);
  auto sc = treatment(IncomeType::kSavingsCredit);
  EXPECT_EQ(sc.kind, IncomeTreatmentKind::kCountedLessDisregard);
  EXPECT_EQ(sc.disregard_single, Param::kSavingsCreditDisregardSingle);
  EXPECT_EQ(sc.disregard_couple, Param::kSavingsCreditDisregardCouple);
  auto ww = treatment(IncomeType::kWarWidowsPension);
  EXPECT_EQ(ww.disregard_single, Param::kWarWidowsPensionDisregard);
  EXPECT_EQ(ww.disregard_couple, Param::kWarWidowsPensionDisregard);
  // 2025-04 was published before Carer's Allowance had a type of its own: it gives none, and
  // says so (a person with that income cannot be calculated with it); 2026-04 counts it.
  for (std::size_t i = 0; i < kIncomeTypeCount; ++i) {
    const bool added_later = static_cast<IncomeType>(i) == IncomeType::kCarersAllowance;
    EXPECT_EQ(england().income[i].given, !added_later) << income_type_name(static_cast<IncomeType>(i));
    EXPECT_EQ(england().income[i].source.empty(), added_later);
    EXPECT_TRUE(latest().income[i].given);
    EXPECT_FALSE(latest().income[i].source.empty());
  }
  EXPECT_EQ(latest().income[static_cast<std::size_t>(IncomeType::kCarersAllowance)].kind, IncomeTreatmentKind::kCounted);
}

TEST_F(RealRulesTest, Councils) {
  const CouncilRules* shire = england().council("example-shire");
  ASSERT_NE(shire, nullptr);
  EXPECT_EQ(shire->status, SourceStatus::kIllustrative);
  EXPECT_EQ((*shire)[CouncilParam::kResidential].at(D(2025, 6, 1))->value, 103000);
  EXPECT_EQ((*shire)[CouncilParam::kHomeCareHourly].at(D(2025, 6, 1))->value, 2410);
  EXPECT_EQ((*shire)[CouncilParam::kChargingPercentage].at(D(2025, 6, 1))->value, 10000);
  EXPECT_LT((*shire)[CouncilParam::kResidential].at(D(2016, 6, 1))->value, 103000);
  for (std::size_t i = 0; i <= static_cast<std::size_t>(CouncilParam::kChargingPercentage); ++i) {
    EXPECT_NE(shire->params[i].at(D(2015, 4, 1)), nullptr) << council_param_info(static_cast<CouncilParam>(i)).name;
  }
  const CouncilRules* trafford = england().council("trafford");
  ASSERT_NE(trafford, nullptr);
  EXPECT_EQ(trafford->status, SourceStatus::kConfirmed);
  EXPECT_EQ((*trafford)[CouncilParam::kHomeCareHourly].at(D(2023, 6, 1))->value, 1966);
  EXPECT_EQ((*trafford)[CouncilParam::kResidential].at(D(2023, 6, 1))->value, 65790);
  EXPECT_EQ((*trafford)[CouncilParam::kNursing].at(D(2024, 3, 31))->value, 73543);
  EXPECT_EQ((*trafford)[CouncilParam::kNursing].at(D(2024, 4, 1)), nullptr) << "only 2023/24 is confirmed";
  const CouncilRules* leeds = england().council("leeds");
  ASSERT_NE(leeds, nullptr);
  EXPECT_EQ((*leeds)[CouncilParam::kHomeCareHourly].at(D(2024, 6, 1))->value, 2391);
  EXPECT_EQ((*leeds)[CouncilParam::kResidential].at(D(2024, 6, 1)), nullptr);
}

TEST_F(RealRulesTest, Sha256IsOfTheFileBytes) {
  std::string bytes = test_support::read_source_file("rules/england/2025-04.json");
  ASSERT_FALSE(bytes.empty());
  EXPECT_EQ(england().ref.sha256, sha256_hex(bytes));
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// A published rule version never changes: results name the version and this hash, and a
// council must be able to reproduce last year's figures from them. Correct a figure by adding a
// new version; when a version is published, add its hash here. (england/2025-04 was corrected
// once before the first release: the pension-age bands of Pensions Act 1995 Sch 4 para 1(7A).)
TEST(PublishedRules, VersionsAreFrozen) {
  const std::pair<const char*, const char*> published[] = {
      {"england/2025-04.json", "18cf6dd01e26d78ee0acab569411ab4ecb4cf132e3a321ef585a9eea60694e96"},
      // The council files of 2025-04, moved into their councils' folders byte for byte.
      {"councils/example-shire/2025-04.json", "18472d8d26bef3785337a1c39b81bc387662d0062fa5b0a87ac77547e5f2d239"},
      {"councils/leeds/2025-04.json", "5d23236a2dab7019aca879ad096185bae9cd6bb67f2584a9ef78a634ef8baff7"},
      {"councils/trafford/2025-04.json", "7a996520068db6d0df88b164e214ef83de9861748c9da8507081c8ad9e2a09eb"},
      // The second national version (format 2: known spans, 6 April, projections) and
      // Example-shire's illustrative 2026/27 rates.
      {"england/2026-04.json", "91c41ed2017d5d11243b6b2a750a46e95d51ec88b167b405efd115ee0090da4e"},
      {"councils/example-shire/2026-04.json", "25f24075f9731415fde773f7963a299405215a0792ff9a88f9b122f9980d3b94"},
  };
  for (const auto& [file, sha256] : published) {
    std::string bytes = test_support::read_source_file(std::string("rules/") + file);
    ASSERT_FALSE(bytes.empty()) << file;
    EXPECT_EQ(sha256_hex(bytes), sha256) << "rules/" << file
                                          << " is published and must not change: add a new version instead";
  }
}

TEST_F(RealRulesTest, CatalogFind) {
  RuleCatalog catalog(report_->rule_sets);
  for (const char* spec : {"england/2025-04", "2025-04"}) {
    auto found = catalog.find(spec);
    ASSERT_TRUE(found) << spec;
    EXPECT_EQ((*found)->ref.version, "2025-04");
  }
  for (const char* spec : {"", "england", "england/2026-04", "2026-04"}) {
    auto found = catalog.find(spec);
    ASSERT_TRUE(found) << spec;
    EXPECT_EQ((*found)->ref.version, "2026-04") << "the latest version is the default";
  }
  auto missing = catalog.find("england/2019-04");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnknownRules);
  EXPECT_NE(missing.error().message.find("england/2025-04"), std::string::npos) << missing.error().message;
  EXPECT_FALSE(catalog.find("wales"));
}

// ------------------------------------------------------------------ bad files

// The smallest national file that loads: one parameter, every income type, one pension band.
Json minimal_national(const std::string& version = "2025-04") {
  Json doc = Json::object();
  doc["id"] = "england";
  doc["version"] = version;
  doc["parameters"][kPea]["values"] = Json::array({
      {{"from", "2024-04-08"}, {"to", "2025-04-06"}, {"value", "30.15"}, {"source", "SI 2024/325"}, {"status", "confirmed"}},
      {{"from", "2025-04-07"}, {"value", "30.65"}, {"source", "2025 SI"}, {"status", "confirmed"}},
  });
  doc["parameters"]["reform.cap"] = {{"value", "86000.00"}, {"source", "Build Back Better"}, {"status", "confirmed"}};
  for (std::size_t i = 0; i < kIncomeTypeCount; ++i) {
    doc["income_types"][std::string(income_type_name(static_cast<IncomeType>(i)))] = {{"treatment", "counted"},
                                                                                       {"source", "SI 2014/2672"}};
  }
  doc["pension_credit_age"] = Json::array(
      {{{"born_from", "1800-01-01"}, {"born_to", "2399-12-31"}, {"age", {{"years", 66}}}, {"source", "test"}}});
  doc["scenarios"]["current-law"] = {{"reform_start", nullptr}};
  doc["scenarios"]["reform-2025-10"] = {{"reform_start", "2025-10-01"}};
  return doc;
}

Json minimal_council(const std::string& id, const std::string& status = "confirmed") {
  Json doc = Json::object();
  doc["id"] = id;
  doc["name"] = "Test Council";
  doc["version"] = "2025-04";
  doc["status"] = status;
  doc["parameters"]["rates.home_care_hourly"]["values"] = Json::array(
      {{{"from", "2024-04-01"}, {"to", "2025-03-31"}, {"value", "23.91"}, {"source", "Council, 2024/25"}, {"status", status}}});
  return doc;
}

RuleLoadReport load_text(const std::string& path, const std::string& text) {
  return load_rules({RuleFile{path, text}});
}
RuleLoadReport load_doc(const Json& doc, const std::string& path = "england/2025-04.json") {
  return load_text(path, doc.dump());
}

std::string all_errors(const RuleLoadReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.to_string() + "\n";
  return out;
}

// The report has an error for exactly this file and pointer whose message contains `words`.
::testing::AssertionResult HasError(const RuleLoadReport& r, const std::string& file, const std::string& pointer,
                                    const std::string& words = "") {
  for (const auto& e : r.errors) {
    if (e.file == file && e.pointer == pointer && e.message.find(words) != std::string::npos) {
      return ::testing::AssertionSuccess();
    }
  }
  return ::testing::AssertionFailure() << "no error " << file << "#" << pointer << " containing '" << words
                                       << "'; got:\n"
                                       << all_errors(r);
}

const std::string kNational = "england/2025-04.json";

TEST(RuleLoaderTest, MinimalFilesLoad) {
  auto r = load_rules({RuleFile{kNational, minimal_national().dump()},
                       RuleFile{"councils/leeds/2025-04.json", minimal_council("leeds").dump()}});
  EXPECT_TRUE(r.errors.empty()) << all_errors(r);
  ASSERT_EQ(r.rule_sets.size(), 1u);
  EXPECT_EQ(r.rule_sets[0].ref.file, kNational);
  EXPECT_NE(r.rule_sets[0].council("leeds"), nullptr) << "councils are attached to every rule set";
  EXPECT_EQ(r.rule_sets[0].council("leeds")->ref.version, "2025-04");
  EXPECT_EQ(r.rule_sets[0][Param::kPersonalExpensesAllowance].at(D(2024, 6, 1))->pointer, kPeaValues + "/0");
}

TEST(RuleLoaderTest, UnknownKeys) {
  Json doc = minimal_national();
  doc["colour"] = "blue";
  doc["parameters"][kPea]["values"][1]["notes"] = "x";
  doc["scenarios"]["current-law"]["cap"] = "1.00";
  auto r = load_doc(doc);
  EXPECT_TRUE(HasError(r, kNational, "/colour", "unknown field"));
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/1/notes", "unknown field"));
  EXPECT_TRUE(HasError(r, kNational, "/scenarios/current-law/cap", "unknown field"));
  EXPECT_TRUE(r.rule_sets.empty()) << "a file with problems contributes nothing";
}

TEST(RuleLoaderTest, DuplicateKey) {
  std::string text = minimal_national().dump();
  text.insert(1, "\"id\":\"wales\",");  // the dump already has "id": now it appears twice
  auto r = load_text(kNational, text);
  EXPECT_TRUE(HasError(r, kNational, "/id", "duplicate key"));
}

TEST(RuleLoaderTest, MoneyWithThreeDecimals) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][0]["value"] = "30.155";
  EXPECT_TRUE(HasError(load_doc(doc), kNational, kPeaValues + "/0/value", "more than two decimals"));
}

TEST(RuleLoaderTest, MoneyMustBeAStringAndNotNegative) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][0]["value"] = 30;
  doc["parameters"][kPea]["values"][1]["value"] = "-1.00";
  auto r = load_doc(doc);
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/0/value", "as strings"));
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/1/value", "negative"));
}

TEST(RuleLoaderTest, InvalidDate) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][1]["from"] = "2025-02-30";
  EXPECT_TRUE(HasError(load_doc(doc), kNational, kPeaValues + "/1/from", "not a calendar date"));
}

TEST(RuleLoaderTest, EndBeforeStart) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][0]["to"] = "2024-04-07";
  EXPECT_TRUE(HasError(load_doc(doc), kNational, kPeaValues + "/0/to", "before it starts"));
}

TEST(RuleLoaderTest, OverlappingValues) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][0]["to"] = "2025-04-07";
  EXPECT_TRUE(HasError(load_doc(doc), kNational, kPeaValues + "/1/from", "overlaps"));
  Json open = minimal_national();
  open["parameters"][kPea]["values"][0].erase("to");
  EXPECT_TRUE(HasError(load_doc(open), kNational, kPeaValues + "/1/from", "overlaps"));
}

TEST(RuleLoaderTest, UnorderedValues) {
  Json doc = minimal_national();
  auto& values = doc["parameters"][kPea]["values"];
  std::swap(values[0], values[1]);
  EXPECT_TRUE(HasError(load_doc(doc), kNational, kPeaValues + "/1/from", "date order"));
}

TEST(RuleLoaderTest, GapsAreAllowed) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][1]["from"] = "2025-06-01";
  auto r = load_doc(doc);
  ASSERT_TRUE(r.errors.empty()) << all_errors(r);
  EXPECT_EQ(r.rule_sets[0][Param::kPersonalExpensesAllowance].at(D(2025, 5, 1)), nullptr);
}

TEST(RuleLoaderTest, MissingOrEmptySource) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][0].erase("source");
  doc["parameters"][kPea]["values"][1]["source"] = "   ";
  doc["parameters"]["reform.cap"].erase("source");
  doc["income_types"]["esa"].erase("source");
  auto r = load_doc(doc);
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/0/source", "missing"));
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/1/source", "empty"));
  EXPECT_TRUE(HasError(r, kNational, "/parameters/reform.cap/source", "missing"));
  EXPECT_TRUE(HasError(r, kNational, "/income_types/esa/source", "missing"));
}

TEST(RuleLoaderTest, BadStatus) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][0]["status"] = "guessed";
  doc["parameters"][kPea]["values"][1].erase("status");
  auto r = load_doc(doc);
  EXPECT_TRUE(
      HasError(r, kNational, kPeaValues + "/0/status", "\"confirmed\", \"derived\", \"illustrative\" or \"announced\""));
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/1/status", "missing"));
}

TEST(RuleLoaderTest, UnknownNames) {
  Json doc = minimal_national();
  doc["parameters"]["means_test.upper_capital_limt"]["values"] = Json::array();
  doc["parameters"]["totally.unknown"]["values"] = Json::array();
  doc["income_types"]["lottery_win"] = {{"treatment", "counted"}, {"source", "x"}};
  auto r = load_doc(doc);
  EXPECT_TRUE(HasError(r, kNational, "/parameters/means_test.upper_capital_limt",
                       "did you mean 'means_test.upper_capital_limit'"));
  EXPECT_TRUE(HasError(r, kNational, "/parameters/totally.unknown", "unknown parameter"));
  EXPECT_TRUE(HasError(r, kNational, "/income_types/lottery_win", "unknown income type"));
}

TEST(RuleLoaderTest, EmptyValuesAreAllowedAndLookupsFindNothing) {
  Json doc = minimal_national();
  doc["parameters"]["mig.carer_premium"] = {{"description", "no figure yet"}, {"values", Json::array()}};
  auto r = load_doc(doc);
  ASSERT_TRUE(r.errors.empty()) << all_errors(r);
  EXPECT_TRUE(r.rule_sets[0][Param::kCarerPremium].empty());
  EXPECT_EQ(r.rule_sets[0][Param::kCarerPremium].at(D(2025, 1, 1)), nullptr);
}

TEST(RuleLoaderTest, KindsOfValues) {
  Json doc = minimal_national();
  doc["parameters"]["deferred_payment.property_share_excluded"]["values"] = Json::array(
      {{{"from", "2015-04-01"}, {"value", "100.01"}, {"source", "SI 2014/2671"}, {"status", "confirmed"}}});
  doc["parameters"]["reform.meter_full_cost"] = {{"value", "false"}, {"source", "x"}, {"status", "confirmed"}};
  doc["parameters"]["mig.single_18_24"] = {{"value", "1.00"}, {"source", "x"}, {"status", "confirmed"}};
  doc["parameters"]["reform.cap"]["unit"] = "percent";
  auto r = load_doc(doc);
  EXPECT_TRUE(HasError(r, kNational, "/parameters/deferred_payment.property_share_excluded/values/0/value", "percentage"));
  EXPECT_TRUE(HasError(r, kNational, "/parameters/reform.meter_full_cost/value", "true or false"));
  EXPECT_TRUE(HasError(r, kNational, "/parameters/mig.single_18_24/values", "missing"))
      << "only reform parameters may have a plain value";
  EXPECT_TRUE(HasError(r, kNational, "/parameters/reform.cap/unit", "pounds"));
}

TEST(RuleLoaderTest, IncomeTypesAndPensionBands) {
  Json doc = minimal_national();
  doc["income_types"].erase("other");
  doc["income_types"]["savings_credit"] = {{"treatment", "counted_less_disregard"}, {"source", "x"}};
  doc["income_types"]["esa"] = {{"treatment", "ignored"}, {"source", "x"}};
  doc["income_types"]["earnings"] = {
      {"treatment", "counted_less_disregard"}, {"disregard", {{"single", "reform.cap"}}}, {"source", "x"}};
  doc["pension_credit_age"] = Json::array(
      {{{"born_from", "1800-01-01"}, {"born_to", "1950-04-05"}, {"age", {{"years", 60}}}, {"source", "x"}},
       {{"born_from", "1950-04-07"}, {"born_to", "2399-12-31"}, {"age", {{"years", 66}, {"months", 12}}}, {"source", "x"}},
       {{"born_from", "2399-12-31"}, {"born_to", "2399-12-31"}, {"reached_on", "2399-12-30"}, {"source", "x"}}});
  auto r = load_doc(doc);
  EXPECT_TRUE(HasError(r, kNational, "/income_types", "missing: other"));
  EXPECT_TRUE(HasError(r, kNational, "/income_types/savings_credit/disregard", "missing"));
  EXPECT_TRUE(HasError(r, kNational, "/income_types/esa/treatment", "counted"));
  EXPECT_TRUE(HasError(r, kNational, "/income_types/earnings/disregard/single", "not a weekly amount"));
  EXPECT_TRUE(HasError(r, kNational, "/pension_credit_age/1/age/months", "0 to 11"));
  EXPECT_TRUE(HasError(r, kNational, "/pension_credit_age/2/reached_on", "not after"));

  Json gap = minimal_national();
  gap["pension_credit_age"] = Json::array(
      {{{"born_from", "1800-01-01"}, {"born_to", "1950-04-05"}, {"age", {{"years", 60}}}, {"source", "x"}},
       {{"born_from", "1950-04-07"}, {"born_to", "2399-12-31"}, {"age", {{"years", 66}}}, {"source", "x"}}});
  EXPECT_TRUE(HasError(load_doc(gap), kNational, "/pension_credit_age/1/born_from", "without gap or overlap"));
}

TEST(RuleLoaderTest, ScenariosInTheFile) {
  Json doc = minimal_national();
  doc["scenarios"]["current-law"]["parameters"] = {{"reform.cap", {{"value", "1.00"}, {"source", "x"}, {"status", "illustrative"}}}};
  doc["scenarios"]["reform-2025-10"]["parameters"] = {{"reform.daily_living_costs", "250.00"}};
  doc["scenarios"]["reform-2028-04"] = {{"description", "later"}};
  auto r = load_doc(doc);
  EXPECT_TRUE(HasError(r, kNational, "/scenarios/current-law/parameters/reform.cap", "no reform"));
  EXPECT_TRUE(HasError(r, kNational, "/scenarios/reform-2025-10/parameters/reform.daily_living_costs", "source"));
  EXPECT_TRUE(HasError(r, kNational, "/scenarios/reform-2028-04/reform_start", "missing"));

  Json good = minimal_national();
  good["scenarios"]["reform-2028-04"] = {
      {"reform_start", "2028-04-01"},
      {"rate_basis", "fair_cost_of_care"},
      {"parameters", {{"reform.cap", {{{"from", "2029-04-01"}, {"value", "90000.00"}, {"source", "what-if"}, {"status", "illustrative"}}}}}}};
  auto ok = load_doc(good);
  ASSERT_TRUE(ok.errors.empty()) << all_errors(ok);
  const Scenario* s = ok.rule_sets[0].scenario("reform-2028-04");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->rate_basis, RateBasis::kFairCostOfCare);
  const Timeline& cap = s->overrides.at(Param::kReformCap);
  EXPECT_EQ(cap.at(D(2028, 4, 1))->value, 8600000) << "the file's cap from the reform start";
  EXPECT_EQ(cap.at(D(2029, 4, 1))->value, 9000000);
  EXPECT_EQ(cap.at(D(2029, 4, 1))->source, "what-if");
}

TEST(RuleLoaderTest, SeveralProblemsAreAllReported) {
  Json doc = minimal_national();
  doc["parameters"][kPea]["values"][0]["value"] = "30.155";
  doc["parameters"][kPea]["values"][1]["status"] = "maybe";
  doc["parameters"]["reform.cap"]["value"] = "eighty-six thousand";
  doc["scenarios"]["current-law"]["reform_start"] = "2025-13-01";
  Json council = minimal_council("trafford");
  council["parameters"]["rates.home_care_hourly"]["values"][0]["from"] = "2024-02-30";
  auto r = load_rules({RuleFile{kNational, doc.dump()}, RuleFile{"councils/trafford/2025-04.json", council.dump()}});
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/0/value"));
  EXPECT_TRUE(HasError(r, kNational, kPeaValues + "/1/status"));
  EXPECT_TRUE(HasError(r, kNational, "/parameters/reform.cap/value"));
  EXPECT_TRUE(HasError(r, kNational, "/scenarios/current-law/reform_start"));
  EXPECT_TRUE(HasError(r, "councils/trafford/2025-04.json", "/parameters/rates.home_care_hourly/values/0/from"));
  EXPECT_EQ(r.errors.size(), 5u) << all_errors(r);
}

TEST(RuleLoaderTest, CouncilFiles) {
  Json wrong_id = minimal_council("leeds");
  auto r = load_doc(wrong_id, "councils/bradford/2025-04.json");
  EXPECT_TRUE(HasError(r, "councils/bradford/2025-04.json", "/id", "does not match the folder"));

  Json mixed = minimal_council("leeds");
  mixed["parameters"]["rates.home_care_hourly"]["values"][0]["status"] = "illustrative";
  mixed["parameters"]["rates.residental"]["values"] = Json::array();
  auto m = load_doc(mixed, "councils/leeds/2025-04.json");
  EXPECT_TRUE(HasError(m, "councils/leeds/2025-04.json", "/parameters/rates.home_care_hourly/values/0/status", "confirmed"));
  EXPECT_TRUE(HasError(m, "councils/leeds/2025-04.json", "/parameters/rates.residental", "did you mean 'rates.residential'"));

  Json bad_status = minimal_council("leeds");
  bad_status["status"] = "derived";
  EXPECT_TRUE(HasError(load_doc(bad_status, "councils/leeds/2025-04.json"), "councils/leeds/2025-04.json", "/status"));

  Json made_up = minimal_council("example-shire", "illustrative");
  made_up["parameters"]["charging.percentage"]["values"] = Json::array(
      {{{"from", "2015-04-01"}, {"value", "80.00"}, {"source", "invented"}, {"status", "illustrative"}}});
  auto ok = load_doc(made_up, "councils/example-shire/2025-04.json");
  ASSERT_TRUE(ok.errors.empty()) << all_errors(ok);
  ASSERT_EQ(ok.councils.size(), 1u);
  EXPECT_EQ(ok.councils[0][CouncilParam::kChargingPercentage].at(D(2020, 1, 1))->value, 8000);
}

TEST(RuleLoaderTest, FileLevelProblems) {
  auto r = load_rules({RuleFile{"misc/notes.json", "{}"},
                       RuleFile{"england/2026-04.json", "{\"id\": "},
                       RuleFile{"england/2024-04.json", minimal_national("2025-04").dump()},
                       RuleFile{"england/nested/2025-04.json", minimal_national().dump()}});
  EXPECT_TRUE(HasError(r, "misc/notes.json", "", "not a rule file location"));
  EXPECT_TRUE(HasError(r, "england/2026-04.json", "", "not valid JSON"));
  EXPECT_TRUE(HasError(r, "england/2024-04.json", "/version", "does not match the file name"));
  EXPECT_TRUE(HasError(r, "england/nested/2025-04.json", "", "not a rule file location"));
  EXPECT_TRUE(r.rule_sets.empty());
}

TEST(RuleLoaderTest, DuplicateRuleSet) {
  std::string text = minimal_national().dump();
  auto r = load_rules({RuleFile{kNational, text}, RuleFile{kNational, text}});
  EXPECT_TRUE(HasError(r, kNational, "/version", "already defined"));
  EXPECT_EQ(r.rule_sets.size(), 1u);
}

TEST(RuleLoaderTest, CatalogPicksTheLatestVersion) {
  auto r = load_rules({RuleFile{"england/2026-04.json", minimal_national("2026-04").dump()},
                       RuleFile{kNational, minimal_national().dump()}});
  ASSERT_TRUE(r.errors.empty()) << all_errors(r);
  ASSERT_EQ(r.rule_sets.size(), 2u);
  EXPECT_EQ(r.rule_sets[0].ref.version, "2025-04") << "ordered by (id, version)";
  RuleCatalog catalog(r.rule_sets);
  EXPECT_EQ((*catalog.find(""))->ref.version, "2026-04");
  EXPECT_EQ((*catalog.find("england"))->ref.version, "2026-04");
  EXPECT_EQ((*catalog.find("england/2025-04"))->ref.version, "2025-04");
  EXPECT_EQ((*catalog.find("2025-04"))->ref.version, "2025-04");
  auto missing = catalog.find("2027-04");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("england/2025-04, england/2026-04"), std::string::npos)
      << missing.error().message;
}

// ------------------------------------------------------------------ scenarios from JSON

class ScenarioJsonTest : public RealRulesTest {
 protected:
  static Result<Scenario> read(const std::string& text) {
    auto json = parse_json_strict(text);
    EXPECT_TRUE(json) << json.error().to_string();
    return scenario_from_json(*json, england(), "/scenario");
  }
  static void expect_error(const std::string& text, const std::string& pointer, const std::string& words,
                           ErrorCode code = ErrorCode::kInvalidInput) {
    auto s = read(text);
    ASSERT_FALSE(s) << text;
    EXPECT_EQ(s.error().pointer, pointer) << s.error().to_string();
    EXPECT_EQ(s.error().code, code) << s.error().to_string();
    EXPECT_NE(s.error().message.find(words), std::string::npos) << s.error().message;
  }
};

TEST_F(ScenarioJsonTest, ByName) {
  auto s = read(R"("reform-2025-10")");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->name, "reform-2025-10");
  EXPECT_EQ(s->base, "");
  EXPECT_EQ(*s->reform_start, D(2025, 10, 1));
  EXPECT_TRUE(s->overrides.empty());
  expect_error(R"("reform-2030")", "/scenario", "current-law, reform-2023-10, reform-2025-10", ErrorCode::kUnknownRules);
  expect_error("42", "/scenario", "a scenario name");
}

TEST_F(ScenarioJsonTest, ObjectWithPlainValues) {
  auto s = read(R"({"base": "reform-2025-10", "reform_start": "2028-04-01",
                    "parameters": {"reform.cap": "100000.00", "reform.meter_full_cost": true,
                                   "means_test.upper_capital_limit": 30000.50}})");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->name, "reform-2025-10+custom");
  EXPECT_EQ(s->base, "reform-2025-10");
  EXPECT_EQ(*s->reform_start, D(2028, 4, 1));
  const Timeline& cap = s->overrides.at(Param::kReformCap);
  EXPECT_TRUE(cap.from_reform_start());
  EXPECT_EQ(cap.values().at(0).value, 10000000);
  EXPECT_EQ(cap.values().at(0).pointer, "/scenario/parameters/reform.cap");
  EXPECT_EQ(cap.values().at(0).status, SourceStatus::kIllustrative);
  EXPECT_EQ(s->overrides.at(Param::kReformMeterFullCost).values().at(0).value, 1);
  const Timeline& ucl = s->overrides.at(Param::kUpperCapitalLimit);
  EXPECT_FALSE(ucl.from_reform_start());
  EXPECT_EQ(ucl.at(Date::min())->value, 3000050) << "an exact JSON number is accepted in a request";
  EXPECT_EQ(ucl.at(Date::max())->value, 3000050);
}

TEST_F(ScenarioJsonTest, ObjectKeepsBaseUnlessGiven) {
  auto s = read(R"({"base": "reform-2023-10", "name": "my-run", "rate_basis": "fair_cost_of_care",
                    "description": "what if"})");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->name, "my-run");
  EXPECT_EQ(*s->reform_start, D(2023, 10, 1)) << "absent reform_start is the base's";
  EXPECT_EQ(s->rate_basis, RateBasis::kFairCostOfCare);
  EXPECT_EQ(s->description, "what if");
  auto never = read(R"({"base": "reform-2025-10", "reform_start": null})");
  ASSERT_TRUE(never);
  EXPECT_FALSE(never->reform_start);
}

TEST_F(ScenarioJsonTest, DatedValuesRunToTheNextAndKeepEarlierFigures) {
  auto s = read(R"({"base": "current-law", "parameters": {"means_test.personal_expenses_allowance":
                    [{"from": "2026-04-06", "value": "31.00"}, {"from": "2027-04-05", "value": "32.00"}]}})");
  ASSERT_TRUE(s) << s.error().to_string();
  const Timeline& pea = s->overrides.at(Param::kPersonalExpensesAllowance);
  EXPECT_EQ(pea.at(D(2024, 6, 1))->value, 3015) << "before the first from, the rule set's figures hold";
  EXPECT_EQ(pea.at(D(2026, 4, 5))->value, 3065);
  EXPECT_EQ(pea.at(D(2026, 4, 6))->value, 3100);
  EXPECT_EQ(pea.at(D(2027, 4, 4))->value, 3100);
  EXPECT_EQ(pea.at(D(2027, 4, 5))->value, 3200);
  EXPECT_EQ(pea.at(Date::max())->value, 3200);
  EXPECT_EQ(pea.next_change_after(D(2026, 5, 1)), D(2027, 4, 5));

  auto cap = read(R"({"base": "reform-2025-10", "parameters": {"reform.cap": [{"from": "2027-04-01", "value": "90000"}]}})");
  ASSERT_TRUE(cap) << cap.error().to_string();
  const Timeline& t = cap->overrides.at(Param::kReformCap);
  EXPECT_FALSE(t.from_reform_start());
  EXPECT_EQ(t.at(D(2025, 9, 30)), nullptr);
  EXPECT_EQ(t.at(D(2025, 10, 1))->value, 8600000) << "the rule set's cap from the reform start";
  EXPECT_EQ(t.at(D(2027, 3, 31))->value, 8600000);
  EXPECT_EQ(t.at(D(2027, 4, 1))->value, 9000000);
}

TEST_F(ScenarioJsonTest, BadObjects) {
  expect_error(R"({"base": "reform-2025-10", "parameters": {"reform.kap": "1.00"}})", "/scenario/parameters/reform.kap",
               "unknown parameter");
  expect_error(R"({"base": "current-law", "parameters": {"mig.carer_premium": "1.00"}})",
               "/scenario/parameters/mig.carer_premium", "cannot be changed by a scenario");
  expect_error(R"({"base": "reform-2025-10", "parameters": {"reform.cap": "86000.005"}})", "/scenario/parameters/reform.cap",
               "more than two decimals");
  expect_error(R"({"base": "reform-2025-10", "parameters": {"reform.cap": -5}})", "/scenario/parameters/reform.cap",
               "negative");
  expect_error(R"({"base": "reform-2025-10", "parameters": {"reform.meter_full_cost": "yes"}})",
               "/scenario/parameters/reform.meter_full_cost", "true or false");
  expect_error(R"({"base": "current-law", "parameters": {"reform.cap": "100000.00"}})", "/scenario/parameters/reform.cap",
               "no reform");
  expect_error(R"({"base": "reform-2025-10", "reform_start": null, "parameters": {"reform.cap": "1.00"}})",
               "/scenario/parameters/reform.cap", "no reform");
  expect_error(R"({"base": "current-law", "parameters": {"means_test.upper_capital_limit":
                   [{"from": "2026-04-01", "value": "1.00"}, {"from": "2026-04-01", "value": "2.00"}]}})",
               "/scenario/parameters/means_test.upper_capital_limit/1/from", "date order");
  expect_error(R"({"base": "current-law", "parameters": {"means_test.upper_capital_limit": []}})",
               "/scenario/parameters/means_test.upper_capital_limit", "empty list");
  expect_error(R"({"base": "reform-2025-10", "reform_start": "2025-02-30"})", "/scenario/reform_start",
               "not a calendar date");
  expect_error(R"({"base": "reform-2025-10", "rate_basis": "cheapest"})", "/scenario/rate_basis", "fair_cost_of_care");
  expect_error(R"({"base": "reform-2025-10", "cap": "1.00"})", "/scenario/cap", "unknown field");
  expect_error(R"({"base": "reform-2025-10", "name": "current-law"})", "/scenario/name", "already names");
}

// Issue 14 (risk): a scenario whose lower capital limit was above its upper one was accepted.
TEST_F(ScenarioJsonTest, ALowerCapitalLimitAboveTheUpperIsRefused) {
  // England's upper limit is £23,250 (from 2010); £30,000 below it is not.
  expect_error(R"({"base":"current-law","parameters":{"means_test.lower_capital_limit":"30000.00"}})",
               "/scenario/parameters/means_test.lower_capital_limit", "(30000.00) would be above the upper capital limit (23250.00)");
  expect_error(R"({"base":"current-law","parameters":{"means_test.upper_capital_limit":[{"from":"2026-04-06","value":"10000.00"}]}})",
               "/scenario/parameters/means_test.upper_capital_limit", "from 2026-04-06");
  // Under the reform the limits are £100,000 and £20,000.
  expect_error(R"({"base":"reform-2025-10","parameters":{"reform.lower_capital_limit":"120000.00"}})",
               "/scenario/parameters/reform.lower_capital_limit", "would be above the upper capital limit (100000.00)");
  EXPECT_TRUE(read(R"({"base":"reform-2025-10","parameters":{"reform.lower_capital_limit":"100000.00"}})"));
  EXPECT_TRUE(read(R"({"base":"current-law","parameters":{"means_test.lower_capital_limit":"20000.00"}})"));
}

TEST_F(ScenarioJsonTest, UnknownOrMissingBase) {
  expect_error(R"({"base": "reform-2030-04"})", "/scenario/base", "reform-2025-10", ErrorCode::kUnknownRules);
  expect_error(R"({"reform_start": "2028-04-01"})", "/scenario/base", "missing");
}

TEST(ScenarioJsonMergeTest, OverridesMergeWithTheBaseAndTheseWin) {
  RuleSet rs;
  Scenario base;
  base.name = "what-if";
  base.reform_start = D(2025, 10, 1);
  base.overrides[Param::kReformCap] = Timeline({DatedValue{DateRange{Date::min(), Date::max()}, 100, "base", SourceStatus::kIllustrative, ""}}, true);
  base.overrides[Param::kReformDailyLivingCosts] = Timeline({DatedValue{DateRange{Date::min(), Date::max()}, 7, "base", SourceStatus::kIllustrative, ""}}, true);
  rs.scenarios["what-if"] = base;
  auto json = parse_json_strict(R"({"base": "what-if", "parameters": {"reform.cap": "2.00", "means_test.lower_capital_limit": "1.00"}})");
  ASSERT_TRUE(json);
  auto s = scenario_from_json(*json, rs, "");
  ASSERT_TRUE(s) << s.error().to_string();
  EXPECT_EQ(s->overrides.size(), 3u);
  EXPECT_EQ(s->overrides.at(Param::kReformCap).values()[0].value, 200) << "the request wins";
  EXPECT_EQ(s->overrides.at(Param::kReformDailyLivingCosts).values()[0].value, 7) << "the base's override stays";
  EXPECT_EQ(s->overrides.at(Param::kLowerCapitalLimit).values()[0].value, 100);
}

}  // namespace
}  // namespace caremeter
