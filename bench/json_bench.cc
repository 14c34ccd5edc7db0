// json_bench.cc — the JSON layer around the engine: reading a person document, writing an
// account result, and one calculate request from JSON text to JSON text.
//
// The people are the closed county `generate --people 2000 --seed 1`; each iteration takes the
// next line, so a figure is the mean over the county's mix of short and long histories, not
// one chosen document.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "batch/batch.h"
#include "bench_support.h"
#include "caremeter/json/json_io.h"
#include "batch/fast_person_reader.h"
#include "generator/county_generator.h"

namespace caremeter::bench {
namespace {

// The closed county `generate --people 2000 --seed 1` (its bytes are pinned by a test), made in
// memory: the same lines these benchmarks have always used.
const std::vector<std::string>& county_lines() {
  static const std::vector<std::string>* lines = [] {
    CountyOptions options;
    options.people = 2000;
    options.seed = 1;
    std::string county;
    generate_people(options, 0, options.people, county);
    auto* out = new std::vector<std::string>();
    for (std::size_t pos = 0; pos < county.size();) {
      const std::size_t end = county.find('\n', pos);
      out->push_back(county.substr(pos, end - pos));
      pos = end + 1;
    }
    return out;
  }();
  return *lines;
}

// The county is recalculated as of a date when everybody has started care (no error lines).
CalculationRequest county_request() {
  CalculationRequest req;
  req.as_of = Date::from_ymd(2027, 3, 31);
  req.unpublished = Unpublished::kCarryForward;  // past 5 April 2026, as a policy run would
  return req;
}

// Results are written for the reform scenario, where accounts meter toward the cap.
const PreparedScenario& reform_2025_10() {
  static const PreparedScenario* p = [] {
    const RuleSet& rules = england_rules();
    auto r = PreparedScenario::prepare(rules, *rules.scenario("reform-2025-10"));
    if (!r) std::abort();
    return new PreparedScenario(std::move(r).value());
  }();
  return *p;
}

void count_lines(benchmark::State& state, std::size_t bytes) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

// The strict reader alone: nlohmann SAX into a tree, then the field-by-field reader.
void BM_ReadPersonStrict(benchmark::State& state) {
  const auto& lines = county_lines();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[i++ % lines.size()];
    auto p = parse_person(line);
    if (!p) state.SkipWithError("a county line did not read");
    bytes += line.size();
    benchmark::DoNotOptimize(p);
  }
  count_lines(state, bytes);
}
BENCHMARK(BM_ReadPersonStrict);

// The simdjson reader alone (every county line is one it answers for).
void BM_ReadPersonFast(benchmark::State& state) {
  const auto& lines = county_lines();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[i++ % lines.size()];
    auto p = read_person_fast(line);
    if (!p) state.SkipWithError("the fast reader gave up on a county line");
    bytes += line.size();
    benchmark::DoNotOptimize(p);
  }
  count_lines(state, bytes);
}
BENCHMARK(BM_ReadPersonFast);

// What recalc and compare call for each line (the fast reader, the strict one when unsure).
void BM_ParseBatchPerson(benchmark::State& state) {
  const auto& lines = county_lines();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& line = lines[i++ % lines.size()];
    std::optional<std::string> id;
    auto p = parse_batch_person(line, id);
    bytes += line.size();
    benchmark::DoNotOptimize(p);
  }
  count_lines(state, bytes);
}
BENCHMARK(BM_ParseBatchPerson);

// Writing account results alone: the county's results are calculated once before timing.
void BM_WriteAccountResult(benchmark::State& state) {
  const auto& lines = county_lines();
  std::vector<AccountResult> results;
  for (const std::string& line : lines) {
    auto p = parse_person(line);
    if (!p) std::abort();
    auto r = calculate(*p, reform_2025_10(), county_request());
    if (r) results.push_back(std::move(r).value());
  }
  std::size_t i = 0, bytes = 0;
  std::string out;
  for (auto _ : state) {
    out.clear();
    write_account_result(results[i++ % results.size()], out);
    bytes += out.size();
    benchmark::DoNotOptimize(out.data());
  }
  count_lines(state, bytes);
}
BENCHMARK(BM_WriteAccountResult);

// One person's calculate from JSON text to JSON text: read the document, calculate under a
// prepared scenario, write the result — a recalc line without the threads and the file.
void BM_CalculateThroughJson(benchmark::State& state) {
  const auto& lines = county_lines();
  const PreparedScenario& scenario = reform_2025_10();
  const CalculationRequest req = county_request();
  std::size_t i = 0, bytes = 0;
  std::string out;
  for (auto _ : state) {
    const std::string& line = lines[i++ % lines.size()];
    std::optional<std::string> id;
    out.clear();
    auto p = parse_batch_person(line, id);
    if (p) {
      auto r = calculate(*p, scenario, req);
      if (r) write_account_result(*r, out);
    }
    bytes += line.size() + out.size();
    benchmark::DoNotOptimize(out.data());
  }
  count_lines(state, bytes);
}
BENCHMARK(BM_CalculateThroughJson);

// The same calculations without the JSON, for the share the JSON layer takes.
void BM_CalculateOnly(benchmark::State& state) {
  const auto& lines = county_lines();
  std::vector<Person> people;
  for (const std::string& line : lines) {
    auto p = parse_person(line);
    if (!p) std::abort();
    people.push_back(std::move(p).value());
  }
  const PreparedScenario& scenario = reform_2025_10();
  const CalculationRequest req = county_request();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(calculate(people[i++ % people.size()], scenario, req));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_CalculateOnly);

}  // namespace
}  // namespace caremeter::bench
