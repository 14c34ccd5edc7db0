// rules_dir_test.cc — the rules directory read through Env: errors name the file under the
// directory, read errors and oversized files are problems, and the two defects of issue 14 that
// made `rules check` and `serve` trust an incomplete listing or abort.
#include "platform/rules_dir.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "support/fake_env.h"
#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"
#include "support/unprivileged.h"

namespace caremeter {
namespace {

using test_support::EnvFault;
using test_support::EnvOp;
using test_support::FakeEnv;
using test_support::TempDir;

const std::string kRules = std::string(CAREMETER_SOURCE_DIR) + "/rules";

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A copy of the shipped rule files in dir/rules.
std::string copy_rules(const TempDir& dir) {
  for (const RuleFile& f : test_support::repository_rule_files()) dir.write("rules/" + f.path, f.content);
  return dir.file("rules");
}

TEST(RulesDir, LoadsTheShippedRulesNamingFilesUnderTheDirectory) {
  auto catalog = load_rule_catalog(*Env::posix(), kRules);
  ASSERT_TRUE(catalog) << catalog.error().to_string();
  ASSERT_EQ(catalog->sets().size(), 2u);
  EXPECT_EQ(catalog->sets()[0].ref.file, kRules + "/england/2025-04.json");
  EXPECT_EQ(catalog->sets()[1].ref.file, kRules + "/england/2026-04.json");
  EXPECT_EQ(catalog->sets()[1].council("example-shire")->ref.file, kRules + "/councils/example-shire/2026-04.json");
  auto missing = load_rule_catalog(*Env::posix(), "/nonexistent/caremeter-rules");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kIo);
}

TEST(RulesDir, AReadErrorIsAProblemNamingTheFile) {
  FakeEnv env;
  env.fail(EnvFault{EnvOp::kRead, EIO, 0, -1, "councils/leeds/2025-04.json"});
  RuleLoadReport report = load_rules_dir(env, kRules);
  ASSERT_FALSE(report.errors.empty());
  EXPECT_EQ(report.errors[0].file, kRules + "/councils/leeds/2025-04.json");
  EXPECT_TRUE(has(report.errors[0].message, "cannot read")) << report.errors[0].message;
  EXPECT_FALSE(load_rule_catalog(env, kRules));
}

// Issue 14 (risk): a rule file was read whole before any size check (a 2 GB file was read).
TEST(RulesDir, AnOversizedRuleFileIsRefusedBeforeItIsRead) {
  TempDir dir;
  std::string rules = copy_rules(dir);
  std::string big = dir.write("rules/england/2026-04.json", "");
  ASSERT_EQ(::truncate(big.c_str(), off_t{2} << 30), 0);  // sparse: 2 GiB of nothing
  RuleLoadReport report = load_rules_dir(*Env::posix(), rules);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].file, big);
  EXPECT_TRUE(has(report.errors[0].message, "larger than the " + std::to_string(kMaxRuleFileBytes) + " bytes"))
      << report.errors[0].message;
}

// Issue 14, defect 6: a symbolic link loop under the rules directory aborted `rules check` and
// `serve` (exit 134, "terminate called…"). Both now report it: rules check with the status for
// problems found (3).
TEST(RulesDir, ASymbolicLinkLoopIsReportedByRulesCheckAndServe) {
  TempDir dir;
  std::string rules = copy_rules(dir);
  ASSERT_EQ(::symlink("loop", (rules + "/councils/loop").c_str()), 0);
  auto check = test_support::run_caremeter({"rules", "check", rules});
  EXPECT_EQ(check.signal, 0) << check.err;
  EXPECT_EQ(check.exit_status, 3) << check.out << check.err;
  EXPECT_TRUE(has(check.out, "error: " + rules + "/councils/loop#: a broken or looping symbolic link")) << check.out;

  auto serve = test_support::run_caremeter({"serve", "--rules", rules, "--db", dir.file("a.db")}, "");
  EXPECT_EQ(serve.signal, 0) << serve.err;
  EXPECT_EQ(serve.exit_status, 1) << serve.err;
  EXPECT_TRUE(has(serve.err, "cannot load the rules")) << serve.err;
  EXPECT_TRUE(has(serve.err, rules + "/councils/loop")) << serve.err;
}

// Issue 14, defect 1: with a directory of the rules unreadable, `rules check` said "1 rule set,
// 0 councils, 0 problems" and the service would have served what it could see. Run as a user
// the permissions bind.
TEST(RulesDir, AnUnreadableFolderIsAProblemNotAShorterList) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  std::string rules = copy_rules(dir);
  ASSERT_EQ(::chmod((rules + "/councils").c_str(), 0), 0);
  auto run = test_support::run_unprivileged([&]() -> std::string {
    RuleLoadReport report = load_rules_dir(*Env::posix(), rules);
    if (report.errors.empty()) {
      return "no problem reported; " + std::to_string(report.rule_sets.size()) + " rule sets, " +
             std::to_string(report.councils.size()) + " councils";
    }
    if (report.errors[0].file != rules + "/councils") return "the problem names " + report.errors[0].to_string();
    if (load_rule_catalog(*Env::posix(), rules)) return "the catalog loaded";
    return "";
  });
  if (!run.ran && run.failure.empty()) GTEST_SKIP() << "cannot run a child without root's permissions";
  EXPECT_EQ(run.failure, "");
}

}  // namespace
}  // namespace caremeter
