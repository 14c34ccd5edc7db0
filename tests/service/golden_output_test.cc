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

std::string county() { return std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-open.jsonl"; }

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
                  "72e8f0c0cd3d4e772f1f958fd27861346f309b806fb09b0db66bdd30761a6bfe"},
        GoldenRun{"recalc_spend_down_2030",
                  {"recalc", "--as-of", "2030-03-31", "--scenario", "reform-2023-10", "--capital", "spend_down"},
                  "a2f40a23597b4bec60b809f0802eeca52afbfd2df14567eac6932b00629d62a1"},
        GoldenRun{"compare_three_scenarios",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2023-04-01",
                   "--to", "2030-03-31", "--capital", "spend_down", "--out", "-"},
                  "43e9d3e2af0d4e221ba32b8152f278a9c08f8478207926ea2c7c85e927778998"},
        GoldenRun{"compare_by_capital_band_discounted",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2025-04-01",
                   "--to", "2035-03-31", "--capital", "spend_down", "--by", "capital_band", "--discount", "--out", "-"},
                  "bebf3568c67629063aad7b72194d12a63ca36b72ff6ddcbfe295dcc0850c6e6e"}),
    [](const ::testing::TestParamInfo<GoldenRun>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace caremeter
