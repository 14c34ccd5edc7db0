// law_bench.cc — what the charging law the county model leaves out costs a county run: the
// closed county of 2,000 people (`generate --people 2000 --seed 1`, the benchmarks' county) as
// it is, against the same people generated with `--law-2026` (gross nursing fees with NHS-funded
// nursing care, fees below the usual rate, relatives leaving the home, joint and notional
// capital, half pensions, deferred payment agreements, attendance allowance and night care)
// under rules that have those figures and a council using all three of its charging options.
// The goal: at most 10% more a person.
//
// The shipped rules have none of the new figures yet, so the figures come from the tests'
// law_fixtures.h (each the published figure). The deferred payment interest maxima are known to
// 2025 H1, so every run is as of 2025-06-30 (every person is calculated: the `calculated`
// counter is 1).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "batch/batch.h"
#include "bench_support.h"
#include "caremeter/json/json_io.h"
#include "engine/law_fixtures.h"
#include "generator/county_generator.h"
#include "support/test_support.h"

namespace caremeter::bench {
namespace {

constexpr int64_t kPeople = 2000;

const RuleSet& law_rules() {
  static const RuleSet* rules = [] {
    auto* r = new RuleSet(law_test::england_with_new_figures());
    law_test::set_council_option(*r, "example-shire", CouncilParam::kDisregardNightCare, "2024-04-08", 1);
    law_test::set_council_option(*r, "example-shire", CouncilParam::kStandardDreAllowance, "2024-04-08", 1085);
    law_test::set_council_option(*r, "example-shire", CouncilParam::kFreshPropertyDisregardDiscretionary,
                                 "2015-04-01", 1);
    return r;
  }();
  return *rules;
}

PreparedScenario reform_2025_10(const RuleSet& rules) {
  auto r = PreparedScenario::prepare(rules, *rules.scenario("reform-2025-10"));
  if (!r) std::abort();
  return std::move(r).value();
}

// Read, calculate and write each line in turn, as recalc does for one line.
void run_county(benchmark::State& state, const std::vector<std::string>& lines, const RuleSet& rules) {
  const PreparedScenario scenario = reform_2025_10(rules);
  CalculationRequest req;
  req.as_of = Date::from_ymd(2025, 6, 30);
  std::size_t i = 0, calculated = 0;
  std::string out;
  for (auto _ : state) {
    const std::string& line = lines[i++ % lines.size()];
    std::optional<std::string> id;
    out.clear();
    auto p = parse_batch_person(line, id);
    if (p) {
      auto r = calculate(*p, scenario, req);
      if (r) {
        write_account_result(*r, out);
        ++calculated;
      }
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.counters["calculated"] = static_cast<double>(calculated) / static_cast<double>(state.iterations());
}

const std::vector<std::string>& county(bool law) {
  static const auto* today = new std::vector<std::string>(test_support::lines_of(test_support::generated_county(kPeople, 1)));
  static const auto* with_law =
      new std::vector<std::string>(test_support::lines_of(test_support::generated_law_county(kPeople, 1)));
  return law ? *with_law : *today;
}

// Today's county under the shipped rules: the baseline.
void BM_CountyToday(benchmark::State& state) { run_county(state, county(false), england_rules()); }
BENCHMARK(BM_CountyToday);

// Today's county under the rules with the new figures and options (what the figures alone cost).
void BM_CountyTodayNewRules(benchmark::State& state) { run_county(state, county(false), law_rules()); }
BENCHMARK(BM_CountyTodayNewRules);

// The county with the law's features under those rules: the goal's figure.
void BM_CountyWithTheLaw(benchmark::State& state) { run_county(state, county(true), law_rules()); }
BENCHMARK(BM_CountyWithTheLaw);

}  // namespace
}  // namespace caremeter::bench
