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
        // Last year's rule version reproduces last year's output byte for byte, councils
        // included (the council files moved into version folders; results name ids, versions
        // and digests, not paths). Its compare differs from last year's only by the last
        // column, figures (known or provisional).
        GoldenRun{"recalc_reform_2025_10_rules_2025_04",
                  {"recalc", "--as-of", "2026-03-31", "--scenario", "reform-2025-10", "--rules-version", "2025-04"},
                  "d3ca1bc243fdb633e37257a1ad4cb9ac1c59f6b0d8c11d03b89a2575189e04e7"},
        GoldenRun{"recalc_reform_2025_10",
                  {"recalc", "--as-of", "2026-03-31", "--scenario", "reform-2025-10"},
                  "f6aed35a8121972c5e07c1c774aa9973d4cfcc539cd3f5503a751f8694b3fc0c"},
        GoldenRun{"recalc_spend_down_2030",
                  {"recalc", "--as-of", "2030-03-31", "--scenario", "reform-2023-10", "--capital", "spend_down",
                   "--unpublished", "carry-forward"},
                  "c7c4d5c134636f32babd3ff28386e99e75efd037a6dcb36b09813b0e04c874a1"},
        GoldenRun{"compare_three_scenarios_rules_2025_04",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2023-04-01",
                   "--to", "2030-03-31", "--capital", "spend_down", "--out", "-", "--rules-version", "2025-04",
                   "--unpublished", "carry-forward"},
                  "4248807c628730375382babea76f3b8b9e81c5750a16d4a963efa086f7804c56"},
        GoldenRun{"compare_three_scenarios",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2023-04-01",
                   "--to", "2030-03-31", "--capital", "spend_down", "--out", "-", "--unpublished", "carry-forward"},
                  "095c96abc3e36d06582051d8ec5cb1907a5d883a27ec9620e5edf7e6b0436f25"},
        GoldenRun{"compare_by_capital_band_discounted_projected",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2025-04-01",
                   "--to", "2035-03-31", "--capital", "spend_down", "--by", "capital_band", "--discount", "--out", "-",
                   "--unpublished", "project"},
                  "1d7ee173d3415d000292d77450674dbdca5986ed3b1ee54bc8786e08d502593a"}),
    [](const ::testing::TestParamInfo<GoldenRun>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace caremeter
