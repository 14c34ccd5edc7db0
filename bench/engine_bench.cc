// engine_bench.cc — the engine's hot paths: money, one means test, one person over years.
#include <benchmark/benchmark.h>

#include "bench_support.h"

namespace caremeter::bench {
namespace {

void BM_MoneyApplyRateAndRound(benchmark::State& state) {
  Money m = Money::pence(123456);
  int64_t pct = 9750;
  for (auto _ : state) {
    benchmark::DoNotOptimize(m);
    benchmark::DoNotOptimize(multiply_ratio(m, pct, 10000, Rounding::kHalfUp));
  }
}
BENCHMARK(BM_MoneyApplyRateAndRound);

void BM_MoneyParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(parse_money("1234567.89"));
}
BENCHMARK(BM_MoneyParse);

// One person, one care record, one day asked: essentially one means test.
void BM_MeansTestOnePerson(benchmark::State& state) {
  const RuleSet& rules = england_rules();
  auto prepared = PreparedScenario::prepare(rules, *rules.scenario("current-law"));
  Person p = person_with_changes(1, 1);
  CalculationRequest req;
  req.as_of = Date::from_ymd(2021, 4, 5);
  for (auto _ : state) benchmark::DoNotOptimize(calculate(p, *prepared, req));
}
BENCHMARK(BM_MeansTestOnePerson);

// One person over `years` with `changes` record changes, under reform-2025-10.
void BM_PersonYearsChanges(benchmark::State& state) {
  const RuleSet& rules = england_rules();
  auto prepared = PreparedScenario::prepare(rules, *rules.scenario("reform-2025-10"));
  int years = static_cast<int>(state.range(0));
  int changes = static_cast<int>(state.range(1));
  Person p = person_with_changes(years, changes);
  CalculationRequest req;
  req.as_of = Date::from_ymd(2021 + years, 4, 4);
  req.unpublished = Unpublished::kCarryForward;  // past 5 April 2026, as a policy run would
  std::size_t periods = 0;
  for (auto _ : state) {
    auto r = calculate(p, *prepared, req);
    periods = r.ok() ? r->periods.size() : 0;
    benchmark::DoNotOptimize(r);
  }
  state.counters["periods"] = static_cast<double>(periods);
}
// Ten years with twenty changes (the target), and how cost grows with horizon and changes.
BENCHMARK(BM_PersonYearsChanges)
    ->Args({1, 20})->Args({10, 20})->Args({30, 20})
    ->Args({10, 5})->Args({10, 40})->Args({10, 80});

// The same person's horizon moved 20 years further out: cost follows changes, not days.
void BM_AsOfFurtherOut(benchmark::State& state) {
  const RuleSet& rules = england_rules();
  auto prepared = PreparedScenario::prepare(rules, *rules.scenario("reform-2025-10"));
  Person p = person_with_changes(10, 20);
  CalculationRequest req;
  req.as_of = Date::from_ymd(2031 + static_cast<int>(state.range(0)), 4, 4);
  req.unpublished = Unpublished::kCarryForward;
  for (auto _ : state) benchmark::DoNotOptimize(calculate(p, *prepared, req));
}
BENCHMARK(BM_AsOfFurtherOut)->Arg(0)->Arg(20);

}  // namespace
}  // namespace caremeter::bench
