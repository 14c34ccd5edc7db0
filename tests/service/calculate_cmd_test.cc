// `caremeter calculate` run as a program: exit statuses, the error object on stderr, the
// result on stdout.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caremeter/json/json_io.h"
#include "support/run_program.h"

namespace caremeter {
namespace {

using test_support::ProgramOutput;
using test_support::run_caremeter;

std::string case_file(const std::string& name) {
  return std::string(CAREMETER_SOURCE_DIR) + "/tests/cases/calculate/" + name;
}
std::string rules_dir() { return std::string(CAREMETER_SOURCE_DIR) + "/rules"; }

ProgramOutput calculate(std::vector<std::string> extra) {
  std::vector<std::string> args = {"calculate"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run_caremeter(args);
}

// stderr must be exactly one line holding {"error": {...}}; returns the inner object.
Json error_object(const ProgramOutput& run) {
  EXPECT_FALSE(run.err.empty());
  EXPECT_EQ(run.err.back(), '\n') << run.err;
  EXPECT_EQ(run.err.find('\n'), run.err.size() - 1) << "more than one line: " << run.err;
  auto doc = parse_json_strict(run.err.substr(0, run.err.size() - 1));
  EXPECT_TRUE(doc.ok()) << run.err;
  if (!doc.ok()) return Json();
  EXPECT_EQ(doc->size(), 1u) << run.err;
  EXPECT_TRUE(doc->contains("error")) << run.err;
  const Json& e = (*doc)["error"];
  EXPECT_TRUE(e.contains("code") && e.contains("message") && e.contains("data")) << run.err;
  return e;
}

TEST(CalculateCommand, BadMoneyInThePersonFile) {
  std::string file = case_file("bad-weekly-fee.json");
  ProgramOutput run = calculate({"--person", file, "--as-of", "2026-03-31", "--rules", rules_dir()});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  EXPECT_EQ(run.out, "");
  Json e = error_object(run);
  EXPECT_EQ(e["code"], -32602);
  EXPECT_EQ(e["data"]["pointer"], "/care/0/weekly_fee");
  EXPECT_EQ(e["data"]["reason"], "invalid_input");
  EXPECT_EQ(e["data"]["file"], file);
  EXPECT_NE(e["message"].get<std::string>().find("more than two decimals"), std::string::npos) << run.err;
}

TEST(CalculateCommand, UnknownFieldInThePersonFile) {
  ProgramOutput run =
      calculate({"--person", case_file("unknown-field.json"), "--as-of", "2026-03-31", "--rules", rules_dir()});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  EXPECT_EQ(error_object(run)["data"]["pointer"], "/care/0/personal_budjet");
}

TEST(CalculateCommand, MissingPersonFile) {
  std::string file = case_file("no-such-person.json");
  ProgramOutput run = calculate({"--person", file, "--as-of", "2026-03-31", "--rules", rules_dir()});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  EXPECT_EQ(run.out, "");
  Json e = error_object(run);
  EXPECT_EQ(e["data"]["reason"], "io");
  EXPECT_EQ(e["data"]["file"], file);
}

TEST(CalculateCommand, HelpExitsZero) {
  ProgramOutput run = calculate({"--help"});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.out.find("--person"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--as-of"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("--scenario"), std::string::npos) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST(CalculateCommand, MissingRequiredOptionIsAUsageError) {
  ProgramOutput run = calculate({"--person", case_file("valid-person.json")});
  EXPECT_EQ(run.exit_status, 2);
  Json e = error_object(run);
  EXPECT_NE(e["message"].get<std::string>().find("--as-of"), std::string::npos) << run.err;
}

TEST(CalculateCommand, InvalidDateOption) {
  ProgramOutput run = calculate({"--person", case_file("valid-person.json"), "--as-of", "2025-02-30"});
  EXPECT_EQ(run.exit_status, 2);
  Json e = error_object(run);
  std::string message = e["message"].get<std::string>();
  EXPECT_NE(message.find("--as-of"), std::string::npos) << message;
  EXPECT_NE(message.find("2025-02-30"), std::string::npos) << message;

  ProgramOutput to = calculate({"--person", case_file("valid-person.json"), "--as-of", "2026-01-01", "--to", "x"});
  EXPECT_EQ(to.exit_status, 2);
  EXPECT_NE(error_object(to)["message"].get<std::string>().find("--to"), std::string::npos) << to.err;
}

TEST(CalculateCommand, InvalidCapitalMode) {
  ProgramOutput run = calculate(
      {"--person", case_file("valid-person.json"), "--as-of", "2026-01-01", "--capital", "spend-down"});
  EXPECT_EQ(run.exit_status, 2);
  EXPECT_NE(error_object(run)["message"].get<std::string>().find("spend_down"), std::string::npos) << run.err;
}

TEST(CalculateCommand, UnknownScenario) {
  ProgramOutput run = calculate({"--person", case_file("valid-person.json"), "--as-of", "2026-03-31", "--scenario",
                                 "no-such-scenario", "--rules", rules_dir()});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  EXPECT_EQ(error_object(run)["code"], -32001) << run.err;
}

TEST(CalculateCommand, ScenarioFileErrorsPointIntoThatFile) {
  std::string file = case_file("scenario-bad-parameter.json");
  ProgramOutput run = calculate({"--person", case_file("valid-person.json"), "--as-of", "2026-03-31", "--scenario",
                                 file, "--rules", rules_dir()});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  Json e = error_object(run);
  EXPECT_EQ(e["data"]["file"], file) << run.err;
  EXPECT_EQ(e["data"]["pointer"].get<std::string>().rfind("/parameters/reform.cap", 0), 0u) << run.err;
}

TEST(CalculateCommand, UnknownRulesVersion) {
  ProgramOutput run = calculate({"--person", case_file("valid-person.json"), "--as-of", "2026-03-31",
                                 "--rules-version", "1999-04", "--rules", rules_dir()});
  EXPECT_EQ(run.exit_status, 2) << run.err;
  EXPECT_EQ(error_object(run)["code"], -32001) << run.err;
}

// Skips (rather than fails) while the engine is still a placeholder.
ProgramOutput calculate_or_skip(std::vector<std::string> args, bool& skipped) {
  ProgramOutput run = calculate(std::move(args));
  skipped = run.err.find("not implemented yet") != std::string::npos;
  return run;
}

TEST(CalculateCommand, ValidPersonGivesTheAccountResult) {
  bool skipped = false;
  ProgramOutput run = calculate_or_skip(
      {"--person", case_file("valid-person.json"), "--as-of", "2026-03-31", "--rules", rules_dir()}, skipped);
  if (skipped) GTEST_SKIP() << "the engine is not implemented yet";
  ASSERT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.err, "");
  ASSERT_FALSE(run.out.empty());
  EXPECT_EQ(run.out.back(), '\n');
  EXPECT_EQ(run.out.find('\n'), run.out.size() - 1) << "one line expected";
  auto doc = parse_json_strict(run.out);
  ASSERT_TRUE(doc.ok()) << run.out;
  EXPECT_EQ((*doc)["person_id"], "P-000123");
  EXPECT_EQ((*doc)["as_of"], "2026-03-31");
  EXPECT_EQ((*doc)["scenario"]["name"], "current-law");
  EXPECT_FALSE(doc->contains("explain"));

  // The same again gives the same bytes.
  ProgramOutput again = calculate(
      {"--person", case_file("valid-person.json"), "--as-of", "2026-03-31", "--rules", rules_dir()});
  EXPECT_EQ(again.out, run.out);
}

TEST(CalculateCommand, OptionsReachTheEngine) {
  bool skipped = false;
  ProgramOutput run = calculate_or_skip({"--person", case_file("valid-person.json"), "--as-of", "2026-03-31",
                                         "--scenario", case_file("scenario-later-reform.json"), "--from",
                                         "2025-10-01", "--to", "2025-12-31", "--explain", "--capital", "spend_down",
                                         "--rules", rules_dir(), "--rules-version", "england"},
                                        skipped);
  if (skipped) GTEST_SKIP() << "the engine is not implemented yet";
  ASSERT_EQ(run.exit_status, 0) << run.err;
  auto doc = parse_json_strict(run.out);
  ASSERT_TRUE(doc.ok()) << run.out;
  EXPECT_EQ((*doc)["scenario"]["name"], "reform-2028-04");
  EXPECT_EQ((*doc)["scenario"]["reform_start"], "2028-04-01");
  EXPECT_EQ((*doc)["totals"]["from"], "2025-10-01");
  EXPECT_EQ((*doc)["totals"]["to"], "2025-12-31");
  EXPECT_TRUE(doc->contains("explain"));
}

TEST(CalculateCommand, ExplainPlainAddsThePlainEnglishReasons) {
  ProgramOutput run = calculate({"--person", case_file("valid-person.json"), "--as-of", "2026-03-31", "--explain",
                                 "plain", "--rules", rules_dir()});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  auto doc = parse_json_strict(run.out);
  ASSERT_TRUE(doc.ok()) << run.out;
  EXPECT_TRUE((*doc)["explain"].is_array());
  ASSERT_TRUE((*doc)["why"].is_array()) << run.out;
  // By hand: a permanent care-home stay from 1 October 2025; its 84 days (12 weeks) end on
  // 23 December 2025 (31 days of October, 30 of November, 23 of December).
  bool found = false;
  for (const Json& s : (*doc)["why"]) {
    found = found || s["text"] == "Your home is not counted for the first 12 weeks, until 23 December 2025.";
  }
  EXPECT_TRUE(found) << run.out;

  ProgramOutput technical = calculate({"--person", case_file("valid-person.json"), "--as-of", "2026-03-31",
                                       "--rules", rules_dir(), "--explain"});
  ASSERT_EQ(technical.exit_status, 0) << technical.err;
  EXPECT_FALSE(parse_json_strict(technical.out)->contains("why"));

  ProgramOutput bad = calculate({"--person", case_file("valid-person.json"), "--as-of", "2026-03-31", "--explain",
                                 "simple", "--rules", rules_dir()});
  EXPECT_EQ(bad.exit_status, 2) << bad.err;
  EXPECT_NE(error_object(bad)["message"].get<std::string>().find("plain"), std::string::npos) << bad.err;
}

// As of a day after 5 April 2026 the 2026/27 PEA is not published: calculate refuses by default
// (exit status 2, the error naming the parameter and the first day it was needed), and carries
// the 2025/26 figure forward only when asked, listing it and marking the period and the
// explanation's citation as provisional.
TEST(CalculateCommand, PastWhatTheRulesKnowRefusesUnlessAskedToCarryForward) {
  const std::vector<std::string> base = {"--person", case_file("valid-person.json"), "--as-of", "2026-05-01",
                                         "--rules", rules_dir()};
  ProgramOutput refused = calculate(base);
  EXPECT_EQ(refused.exit_status, 2) << refused.err;
  EXPECT_EQ(refused.out, "");
  Json e = error_object(refused);
  EXPECT_EQ(e["code"], -32002);
  EXPECT_EQ(e["data"]["reason"], "rule_not_published");
  EXPECT_EQ(e["data"]["parameter"], "means_test.personal_expenses_allowance");
  EXPECT_EQ(e["data"]["date"], "2026-04-06");
  EXPECT_FALSE(e["data"].contains("council"));
  EXPECT_NE(e["message"].get<std::string>().find("--unpublished carry-forward"), std::string::npos) << refused.err;

  std::vector<std::string> carry = base;
  carry.insert(carry.end(), {"--unpublished", "carry-forward", "--explain", "--from", "2026-04-01"});
  ProgramOutput carried = calculate(carry);
  ASSERT_EQ(carried.exit_status, 0) << carried.err;
  auto doc = parse_json_strict(carried.out);
  ASSERT_TRUE(doc.ok()) << carried.out;
  EXPECT_EQ((*doc)["provisional"], Json::parse(R"([{"parameter":"means_test.personal_expenses_allowance",
                                                    "value":"30.65","known_to":"2026-04-05"}])"));
  EXPECT_FALSE(doc->contains("projected"));
  const Json& periods = (*doc)["periods"];
  ASSERT_EQ(periods.size(), 2u) << periods.dump();
  EXPECT_EQ(periods[0]["to"], "2026-04-05");
  EXPECT_FALSE(periods[0].contains("provisional"));
  EXPECT_EQ(periods[1]["from"], "2026-04-06");
  EXPECT_EQ(periods[1]["provisional"], true);
  bool cited = false;
  for (const Json& x : (*doc)["explain"]) {
    for (const Json& r : x["rules"]) {
      if (r["parameter"] == "means_test.personal_expenses_allowance" && x["from"] == "2026-04-06") {
        EXPECT_EQ(r["status"], "provisional") << r.dump();
        cited = true;
      }
    }
  }
  EXPECT_TRUE(cited) << (*doc)["explain"].dump();

  // Projecting needs the scenario's uprating assumptions: a scenario without them refuses.
  std::vector<std::string> project = base;
  project.insert(project.end(), {"--unpublished", "project", "--scenario", case_file("scenario-no-projection.json")});
  ProgramOutput unprojected = calculate(project);
  EXPECT_EQ(unprojected.exit_status, 2) << unprojected.err;
  Json refusal = error_object(unprojected);
  EXPECT_EQ(refusal["data"]["parameter"], "means_test.personal_expenses_allowance");
  EXPECT_NE(refusal["message"].get<std::string>().find("has no projection"), std::string::npos) << unprojected.err;
}

}  // namespace
}  // namespace caremeter
