// golden_output_test.cc — the county runs' output, pinned byte for byte.
//
// A change to the code that is meant to leave behaviour alone (a refactor, a speed-up) must
// leave these digests alone too. A change that is meant to alter a figure updates the digest
// in the same commit and says in its message which figures moved and why.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caremeter/json/rule_loader.h"
#include "support/run_program.h"

namespace caremeter {
namespace {

using test_support::run_program;

std::string county() { return std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-2000.jsonl"; }

struct GoldenRun {
  const char* name;
  std::vector<std::string> args;
  const char* sha256;
};

class GoldenOutput : public ::testing::TestWithParam<GoldenRun> {};

TEST_P(GoldenOutput, BundledCountyOutputIsUnchanged) {
  const GoldenRun& run = GetParam();
  std::vector<std::string> args{CAREMETER_BINARY};
  args.insert(args.end(), run.args.begin(), run.args.end());
  args.insert(args.end(), {"--people", county(), "--threads", "2"});
  auto r = run_program(args);
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(sha256_hex(r.out), run.sha256) << "the output of `caremeter " << run.args[0]
                                           << "` on the bundled county changed";
}

INSTANTIATE_TEST_SUITE_P(
    County, GoldenOutput,
    ::testing::Values(
        GoldenRun{"recalc_reform_2025_10",
                  {"recalc", "--as-of", "2026-03-31", "--scenario", "reform-2025-10"},
                  "20b5ca34a896873ef0491c0c1a9c83b3ab78637d7cbbedf207506d5847d780d1"},
        GoldenRun{"recalc_spend_down_2030",
                  {"recalc", "--as-of", "2030-03-31", "--scenario", "reform-2023-10", "--capital", "spend_down"},
                  "a63e23e8742893afcb7cada089255f4425d06e01605243344a7611e6e1ebae25"},
        GoldenRun{"compare_three_scenarios",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2023-04-01",
                   "--to", "2030-03-31", "--capital", "spend_down", "--out", "-"},
                  "d57038c50eb79d3945c03354464657ce6581a3bd749192845d2a1193949dc7ed"}),
    [](const ::testing::TestParamInfo<GoldenRun>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace caremeter
