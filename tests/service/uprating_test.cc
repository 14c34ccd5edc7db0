// uprating_test.cc — the uprating rates file: its reader (every problem named with a pointer),
// uprating one amount (hand-worked), and `rules check` reading rules/uprating.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "caremeter/json/uprating_json.h"
#include "platform/rules_dir.h"
#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::run_program;
using test_support::TempDir;

const std::string kBinary = CAREMETER_BINARY;

UpratingRates bundled(const std::string& version) {
  const std::string path = std::string(CAREMETER_SOURCE_DIR) + "/rules/uprating/" + version + ".json";
  auto rates = load_uprating_file(*Env::posix(), path);
  EXPECT_TRUE(rates.ok()) << (rates.ok() ? "" : rates.error().to_string());
  return rates.ok() ? *rates : UpratingRates{};
}

TEST(UpratingTest, BundledFilesRead) {
  for (const char* version : {"2025-04", "2026-04"}) {
    UpratingRates r = bundled(version);
    EXPECT_EQ(r.ref.version, version);
    EXPECT_EQ(r.ref.sha256.size(), 64u);
  }
  EXPECT_EQ(to_string(bundled("2026-04").uprating_day), "2026-04-06");
  EXPECT_EQ(to_string(bundled("2025-04").uprating_day), "2025-04-07");
}

struct UprateCase {
  const char* name;
  IncomeType type;
  const char* before;
  const char* after;
  UprateHow how;
};

class Uprate2026 : public ::testing::TestWithParam<UprateCase> {};

TEST_P(Uprate2026, AsTheRatesFileSays) {
  const UprateCase& c = GetParam();
  static const UpratingRates rates = bundled("2026-04");
  const UpratedAmount u = uprate(rates, c.type, *parse_money(c.before));
  EXPECT_EQ(to_string(u.weekly), c.after);
  EXPECT_EQ(u.how, c.how);
}

INSTANTIATE_TEST_SUITE_P(
    Rates, Uprate2026,
    ::testing::Values(
        // Attendance Allowance higher rate: the old standard rate becomes the new, £110.40 → £114.60.
        UprateCase{"aa_higher_rate", IncomeType::kAttendanceAllowance, "110.40", "114.60", UprateHow::kStandardRate},
        // Full new State Pension £230.25 → £241.30 (the published rate, not 230.25 × 1.048 = 241.302).
        UprateCase{"new_state_pension", IncomeType::kStatePension, "230.25", "241.30", UprateHow::kStandardRate},
        // Any other state pension amount × 1.048: 224.20 × 1.048 = 234.9616 → 234.96.
        UprateCase{"state_pension_other", IncomeType::kStatePension, "224.20", "234.96", UprateHow::kPercent},
        // 2.50 × 1.038 = 2.595: exactly half a penny, rounded up to 2.60.
        UprateCase{"half_penny_rounds_up", IncomeType::kPipMobility, "2.50", "2.60", UprateHow::kPercent},
        // 28.32 × 1.038 = 29.39616 → 29.40.
        UprateCase{"pip_mobility_other", IncomeType::kPipMobility, "28.32", "29.40", UprateHow::kPercent},
        UprateCase{"private_pension_stays", IncomeType::kPrivatePension, "80.00", "80.00", UprateHow::kNotUprated},
        // Pension credit: a standard rate moves (227.10 → 238.00); any other amount is means-tested.
        UprateCase{"pension_credit_standard", IncomeType::kPensionCreditGuarantee, "227.10", "238.00", UprateHow::kStandardRate},
        UprateCase{"pension_credit_other", IncomeType::kPensionCreditGuarantee, "10.00", "10.00",
                   UprateHow::kNeedsReassessment},
        UprateCase{"universal_credit", IncomeType::kUniversalCredit, "116.31", "116.31", UprateHow::kNeedsReassessment}),
    [](const ::testing::TestParamInfo<UprateCase>& info) { return std::string(info.param.name); });

// A small valid rates file, every type present.
nlohmann::json minimal_file() {
  nlohmann::json doc = {{"id", "uprating"}, {"version", "2030-04"}, {"format", 2},
                        {"uprating_day", "2030-04-08"}, {"uprating_day_source", "test"}};
  nlohmann::json types = nlohmann::json::object();
  for (const auto& t : kIncomeTypeNames) types[t.name] = {{"uprated", false}, {"source", "test"}};
  types["state_pension"] = {{"uprated", true},
                            {"standard_rates", {{{"rate", "full"}, {"old", "100.00"}, {"new", "104.00"}, {"source", "s"}, {"status", "confirmed"}}}},
                            {"other_amounts", {{"percent", "4.00"}, {"source", "s"}}}};
  doc["income_types"] = types;
  return doc;
}

TEST(UpratingTest, MinimalFileReads) {
  auto r = read_uprating_rates(minimal_file().dump(), "2030-04", "x.json");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  // 50.00 × 1.04 = 52.00.
  EXPECT_EQ(to_string(uprate(*r, IncomeType::kStatePension, Money::pounds(50)).weekly), "52.00");
}

struct BadFile {
  const char* name;
  void (*change)(nlohmann::json&);
  const char* pointer;
  const char* message;  // a part of the message
};

class BadUpratingFile : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadUpratingFile, IsRefusedNamingTheField) {
  nlohmann::json doc = minimal_file();
  GetParam().change(doc);
  auto r = read_uprating_rates(doc.dump(), "2030-04", "rates.json");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().pointer, GetParam().pointer) << r.error().to_string();
  EXPECT_NE(r.error().message.find(GetParam().message), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().file, "rates.json");
}

INSTANTIATE_TEST_SUITE_P(
    Problems, BadUpratingFile,
    ::testing::Values(
        BadFile{"type_missing", [](nlohmann::json& d) { d["income_types"].erase("earnings"); }, "/income_types",
                "income type 'earnings' is missing"},
        BadFile{"type_unknown", [](nlohmann::json& d) { d["income_types"]["state_pention"] = d["income_types"]["other"]; },
                "/income_types/state_pention", "unknown income type 'state_pention'"},
        BadFile{"old_rate_to_two_new",
                [](nlohmann::json& d) {
                  auto rate = d["income_types"]["state_pension"]["standard_rates"][0];
                  rate["new"] = "105.00";
                  d["income_types"]["state_pension"]["standard_rates"].push_back(rate);
                },
                "/income_types/state_pension/standard_rates/1", "exactly one new rate"},
        BadFile{"money_three_decimals",
                [](nlohmann::json& d) { d["income_types"]["state_pension"]["standard_rates"][0]["old"] = "100.005"; },
                "/income_types/state_pension/standard_rates/0/old", ""},
        BadFile{"percent_and_recalculate",
                [](nlohmann::json& d) { d["income_types"]["state_pension"]["other_amounts"]["recalculate"] = "why"; },
                "/income_types/state_pension/other_amounts/percent", "not allowed"},
        BadFile{"percent_slipped_decimal",
                [](nlohmann::json& d) { d["income_types"]["state_pension"]["other_amounts"]["percent"] = "40.00"; },
                "/income_types/state_pension/other_amounts/percent", "0 to 25.00"},
        BadFile{"not_uprated_with_rates",
                [](nlohmann::json& d) { d["income_types"]["earnings"]["standard_rates"] = nlohmann::json::array(); },
                "/income_types/earnings/standard_rates", "not uprated"},
        BadFile{"status_unknown",
                [](nlohmann::json& d) { d["income_types"]["state_pension"]["standard_rates"][0]["status"] = "derived"; },
                "/income_types/state_pension/standard_rates/0/status", "confirmed"},
        BadFile{"version_not_file_name", [](nlohmann::json& d) { d["version"] = "2031-04"; }, "/version", "file name"},
        BadFile{"day_outside_month", [](nlohmann::json& d) { d["uprating_day"] = "2030-03-30"; }, "/uprating_day",
                "not in the file's month"},
        BadFile{"unknown_key", [](nlohmann::json& d) { d["uprating_dya"] = "2030-04-08"; }, "/uprating_dya", ""}),
    [](const ::testing::TestParamInfo<BadFile>& info) { return std::string(info.param.name); });

TEST(UpratingTest, RulesCheckListsUpratingFiles) {
  auto r = run_program({kBinary, "rules", "check", std::string(CAREMETER_SOURCE_DIR) + "/rules"});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("uprating 2026-04 sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(from 2026-04-06)"), std::string::npos) << r.out;
}

TEST(UpratingTest, RulesCheckReportsABrokenUpratingFile) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  dir.write("england/2025-04.json", test_support::read_source_file("rules/england/2025-04.json"));
  nlohmann::json doc = minimal_file();
  doc["income_types"].erase("earnings");
  dir.write("uprating/2030-04.json", doc.dump());
  auto r = run_program({kBinary, "rules", "check", dir.path()});
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("error: " + dir.path() + "/uprating/2030-04.json#/income_types: income type 'earnings' is missing"),
            std::string::npos)
      << r.out;
}

}  // namespace
}  // namespace caremeter
