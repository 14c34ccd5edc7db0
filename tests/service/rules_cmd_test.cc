// rules_cmd_test.cc — `caremeter rules check` run as the real program.
#include <gtest/gtest.h>

#include <cstdlib>

#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::run_program;
using test_support::TempDir;

const std::string kBinary = CAREMETER_BINARY;
const std::string kRules = std::string(CAREMETER_SOURCE_DIR) + "/rules";

TEST(RulesCmdTest, RealRulesAreClean) {
  auto r = run_program({kBinary, "rules", "check", kRules});
  EXPECT_EQ(r.exit_status, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("england 2025-04 sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("council example-shire 2025-04 sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(illustrative)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("council trafford 2025-04 sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("england 2026-04 sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("council example-shire 2026-04 sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 rule sets, 4 council files, 2 uprating files, 0 problems"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("error:"), std::string::npos) << r.out;
  // What each national version uses, and how far each yearly figure is known.
  EXPECT_NE(r.out.find("england 2026-04 sha256:"), std::string::npos);
  EXPECT_NE(r.out.find("  councils: example-shire 2026-04, leeds 2025-04, trafford 2025-04\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  councils: example-shire 2025-04, leeds 2025-04, trafford 2025-04\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  known to 2026-04-05: means_test.personal_expenses_allowance, "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  known to 2027-03-31: fnc.standard_rate, fnc.higher_rate\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("  known to 2024-03-31: rates.residential, rates.nursing, rates.home_care_hourly\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("note: " + kRules + "/england/2025-04.json: format 1 (no \"review\"): its open yearly figures "
                       "are known to 2026-04-05"),
            std::string::npos)
      << r.out;
}

// A copy of the shipped rules with one yearly figure left open-ended fails, naming the file and
// the value by JSON Pointer; so does one that calls the PEA a figure that changes only with the
// law, and a council file in the first (unversioned) layout.
TEST(RulesCmdTest, AnOpenEndedYearlyFigureFailsNamingThePlace) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  for (const RuleFile& f : test_support::repository_rule_files()) dir.write(f.path, f.content);
  std::string national = test_support::read_source_file("rules/england/2026-04.json");
  const std::string last_pea = R"({"from": "2025-04-06", "to": "2026-04-05", "value": "30.65")";
  auto at = national.find(last_pea);
  ASSERT_NE(at, std::string::npos);
  national.replace(at, last_pea.size(), R"({"from": "2025-04-06", "value": "30.65")");
  dir.write("england/2026-04.json", national);
  // A later version calling the PEA a figure that changes only with the law.
  std::string law_figure = national;
  const std::string yearly = R"("review": "yearly")";
  at = law_figure.find(yearly, law_figure.find("\"means_test.personal_expenses_allowance\": {"));
  ASSERT_NE(at, std::string::npos);
  law_figure.replace(at, yearly.size(), R"("review": "on_change")");
  const std::string version = R"("version": "2026-04")";
  law_figure.replace(law_figure.find(version), version.size(), R"("version": "2026-10")");
  dir.write("england/2026-10.json", law_figure);
  dir.write("councils/leeds.json", test_support::read_source_file("rules/councils/leeds/2025-04.json"));

  auto r = run_program({kBinary, "rules", "check", dir.path()});
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;  // problems found
  EXPECT_NE(r.out.find("error: " + dir.path() +
                       "/england/2026-04.json#/parameters/means_test.personal_expenses_allowance/values/6: a yearly "
                       "figure is known only to the day before its next review: give the last value a \"to\" (e.g. "
                       "2026-04-05)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("error: " + dir.path() +
                       "/england/2026-10.json#/parameters/means_test.personal_expenses_allowance/review: "
                       "'means_test.personal_expenses_allowance' is reviewed at least yearly"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("error: " + dir.path() + "/councils/leeds.json#: council files are kept by version: move "
                       "councils/leeds.json to councils/leeds/<version>.json (its \"version\" is \"2025-04\": "
                       "councils/leeds/2025-04.json)"),
            std::string::npos)
      << r.out;
  // (the copy has no uprating folder: repository_rule_files() gives the rule files only)
  EXPECT_NE(r.out.find("1 rule set, 4 council files, 3 problems\n"), std::string::npos) << r.out;
}

TEST(RulesCmdTest, BrokenFilesAreListedWithFileAndPointer) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string national = test_support::read_source_file("rules/england/2025-04.json");
  const std::string good = R"("from": "2025-04-07", "value": "30.65")";
  auto at = national.find(good);
  ASSERT_NE(at, std::string::npos);
  national.replace(at, good.size(), R"("from": "2025-02-30", "value": "30.65")");
  dir.write("england/2025-04.json", national);
  dir.write("councils/leeds/1.json", R"({"id": "bradford", "name": "x", "version": "1", "status": "confirmed", "parameters": {}})");
  dir.write("README.md", "not a rule file\n");
  dir.write("schema/national.schema.json", "{\"ignored\": true}");

  auto r = run_program({kBinary, "rules", "check", dir.path()});
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("error: " + dir.path() +
                       "/england/2025-04.json#/parameters/means_test.personal_expenses_allowance/values/5/from: "),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("error: " + dir.path() + "/councils/leeds/1.json#/id: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 rule sets, 0 council files, 2 problems"), std::string::npos) << r.out;
}

// The issue's check: a copy of the shipped rules with one overlapping date range fails, naming
// the file and the value by JSON Pointer.
TEST(RulesCmdTest, ACopyWithOneOverlappingRangeFailsNamingThePlace) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string national = test_support::read_source_file("rules/england/2025-04.json");
  // The 2023/24 PEA runs on past the start of the 2024/25 one.
  const std::string good = R"("from": "2023-04-10", "to": "2024-04-07", "value": "28.25")";
  auto at = national.find(good);
  ASSERT_NE(at, std::string::npos);
  national.replace(at, good.size(), R"("from": "2023-04-10", "to": "2024-04-08", "value": "28.25")");
  dir.write("england/2025-04.json", national);
  for (const std::string council : {"example-shire", "leeds", "trafford"}) {
    dir.write("councils/" + council + "/2025-04.json",
              test_support::read_source_file("rules/councils/" + council + "/2025-04.json"));
  }

  auto r = run_program({kBinary, "rules", "check", dir.path()});
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("error: " + dir.path() +
                       "/england/2025-04.json#/parameters/means_test.personal_expenses_allowance/values/"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("overlap"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("0 rule sets, 3 council files, 1 problem\n"), std::string::npos) << r.out;
}

TEST(RulesCmdTest, DirectoryFromTheEnvironment) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  dir.write("england/2025-04.json", "{");
  ::setenv("CAREMETER_RULES", dir.path().c_str(), 1);
  auto r = run_program({kBinary, "rules", "check"});
  ::unsetenv("CAREMETER_RULES");
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find(dir.path() + "/england/2025-04.json#: not valid JSON"), std::string::npos) << r.out;
}

TEST(RulesCmdTest, MissingDirectoryIsAProblem) {
  auto r = run_program({kBinary, "rules", "check", "/nonexistent/caremeter-rules"});
  EXPECT_EQ(r.exit_status, 3) << r.out << r.err;
  EXPECT_NE(r.out.find("error: /nonexistent/caremeter-rules#: cannot list directory"), std::string::npos) << r.out;
}

TEST(RulesCmdTest, Usage) {
  auto help = run_program({kBinary, "rules", "--help"});
  EXPECT_EQ(help.exit_status, 0);
  EXPECT_NE(help.out.find("usage: caremeter rules check [DIR]"), std::string::npos) << help.out;
  EXPECT_EQ(run_program({kBinary, "rules", "check", "--help"}).exit_status, 0);
  EXPECT_EQ(run_program({kBinary, "rules"}).exit_status, 2);
  EXPECT_EQ(run_program({kBinary, "rules", "verify"}).exit_status, 2);
  EXPECT_EQ(run_program({kBinary, "rules", "check", kRules, kRules}).exit_status, 2);
  auto bad = run_program({kBinary, "rules", "check", "--strict"});
  EXPECT_EQ(bad.exit_status, 2);
  EXPECT_NE(bad.err.find("unknown option '--strict'"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace caremeter
