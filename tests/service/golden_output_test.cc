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
                  "d3ca1bc243fdb633e37257a1ad4cb9ac1c59f6b0d8c11d03b89a2575189e04e7"},
        GoldenRun{"recalc_spend_down_2030",
                  {"recalc", "--as-of", "2030-03-31", "--scenario", "reform-2023-10", "--capital", "spend_down"},
                  "897edf819d6281034478c5ec2631c842bd90158e4225c43a4490d1d93d0c8df6"},
        GoldenRun{"compare_three_scenarios",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2023-04-01",
                   "--to", "2030-03-31", "--capital", "spend_down", "--out", "-"},
                  "619e1df4fa4d0989d25987c60005ddd4b5c2bc270635d6445792666d66963a87"},
        GoldenRun{"compare_by_capital_band_discounted",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2025-04-01",
                   "--to", "2035-03-31", "--capital", "spend_down", "--by", "capital_band", "--discount", "--out", "-"},
                  "374ba559694b569d2107bc64c890ba741286cb009d023e89633574ad86e887ed"}),
    [](const ::testing::TestParamInfo<GoldenRun>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace caremeter
