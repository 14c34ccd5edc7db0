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
        // Last year's rule version reproduces last year's output byte for byte, councils
        // included (the council files moved into version folders; results name ids, versions
        // and digests, not paths). Its compare differs from last year's only by the last
        // column, figures (known or provisional).
        GoldenRun{"recalc_reform_2025_10_rules_2025_04",
                  {"recalc", "--as-of", "2026-03-31", "--scenario", "reform-2025-10", "--rules-version", "2025-04"},
                  "94b0fec4b01235f02477ad8fe20806c171d4e6aae6a965d57705c07a6476be13"},
        GoldenRun{"recalc_reform_2025_10",
                  {"recalc", "--as-of", "2026-03-31", "--scenario", "reform-2025-10"},
                  "ef27c6ca2d6e612f7b7cc68fbcb6e1dfd2b45ab61cf3df4abd8543247fe036e9"},
        GoldenRun{"recalc_spend_down_2030",
                  {"recalc", "--as-of", "2030-03-31", "--scenario", "reform-2023-10", "--capital", "spend_down",
                   "--unpublished", "carry-forward"},
                  "6e204cc2d03ef83ef73687cffb573e0248b1657c920bfef7fe6ba6d4d806b267"},
        GoldenRun{"compare_three_scenarios_rules_2025_04",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2023-04-01",
                   "--to", "2030-03-31", "--capital", "spend_down", "--out", "-", "--rules-version", "2025-04",
                   "--unpublished", "carry-forward"},
                  "03c25b1b1a0c0d09f2bc843d2347cdc262dbb744cd986cd2b6e48dc099962028"},
        GoldenRun{"compare_three_scenarios",
                  {"compare", "--scenarios", "current-law,reform-2023-10,reform-2025-10", "--from", "2023-04-01",
                   "--to", "2030-03-31", "--capital", "spend_down", "--out", "-", "--unpublished", "carry-forward"},
                  "35872b899d09914dabebcffef6fe9d7c9b7cbd0158788ba8a9f6837b92b81089"}),
    [](const ::testing::TestParamInfo<GoldenRun>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace caremeter
