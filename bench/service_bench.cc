// service_bench.cc — requests per second through Server::handle_line, JSON in and JSON out, as
// `caremeter serve` runs them (without the pipe): parsing and validating the request, the
// calculation, and writing the answer.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <memory>
#include <string>

#include "platform/rules_dir.h"
#include "rpc/server.h"
#include "store/store.h"
#include "support/fake_env.h"

namespace {

using caremeter::Env;

const caremeter::RuleCatalog& catalog() {
  static const caremeter::RuleCatalog* c = [] {
    Env& env = *Env::posix();
    auto loaded = caremeter::load_rule_catalog(env, caremeter::default_rules_dir(env));
    if (!loaded) {
      std::fprintf(stderr, "service_bench: cannot load rules: %s\n", loaded.error().to_string().c_str());
      std::exit(1);
    }
    return new caremeter::RuleCatalog(std::move(*loaded));
  }();
  return *c;
}

// A care-home resident since 2023 with a property disregard, a finances change, an NHS
// exclusion; and a home-care user whose budget comes from council rates.
const char* kCareHomePerson = R"({"id":"P-1","birth_date":"1940-05-01","household":{"type":"single","dependent_children":0,"premiums":[]},"needs":[{"from":"2023-10-01","to":null,"council":"example-shire"}],"care":[{"from":"2023-10-01","to":null,"setting":"care_home","category":"residential","stay":"permanent","arranged_by":"self","personal_budget":"700.00","weekly_fee":"750.00"}],"finances":[{"from":"2023-10-01","savings":"45000.00","other_capital":"0.00","home":{"value":"250000.00","secured_debt":"0.00","qualifying_relative_lives_there":false},"income":[{"type":"state_pension","weekly":"221.20"},{"type":"private_pension","weekly":"80.00"}],"housing_costs":"0.00","disability_related_expenditure":"0.00"},{"from":"2025-04-01","savings":"30000.00","other_capital":"0.00","income":[{"type":"state_pension","weekly":"230.25"}],"housing_costs":"0.00","disability_related_expenditure":"0.00"}],"exclusions":[{"from":"2026-02-01","to":"2026-03-01","reason":"nhs_continuing_healthcare"}]})";
const char* kHomeCarePerson = R"({"id":"P-2","birth_date":"1986-05-01","household":{"type":"single","dependent_children":0,"premiums":["disability","enhanced_disability"]},"needs":[{"from":"2024-01-08","to":null,"council":"example-shire"}],"care":[{"from":"2024-01-08","to":null,"setting":"home_care","hours_per_week":"10.5","arranged_by":"council"}],"finances":[{"from":"2024-01-08","savings":"0.00","other_capital":"0.00","income":[{"type":"esa","weekly":"225.45"},{"type":"pip_daily_living","weekly":"101.75"},{"type":"pip_mobility","weekly":"26.90"}],"housing_costs":"17.27","disability_related_expenditure":"28.08"}]})";

struct Service {
  caremeter::test_support::FakeEnv clock;  // a fixed clock
  std::unique_ptr<caremeter::Store> store;
  std::unique_ptr<caremeter::Server> server;
  Service() {
    auto s = caremeter::Store::open(":memory:", clock);
    if (!s) std::exit(1);
    store = std::move(*s);
    server = std::make_unique<caremeter::Server>(catalog(), *store);
  }
};

void run_requests(benchmark::State& state, const std::string& line) {
  Service service;
  std::string first = service.server->handle_line(line);
  if (first.find("\"result\":") == std::string::npos) {
    state.SkipWithError(("the request failed: " + first.substr(0, 300)).c_str());
    return;
  }
  std::size_t bytes = 0;
  for (auto _ : state) {
    std::string out = service.server->handle_line(line);
    bytes += line.size() + out.size();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

std::string calculate_line(const char* person, const char* scenario, const char* as_of, bool explain = false) {
  return std::string(R"({"jsonrpc":"2.0","id":1,"method":"calculate","params":{"person":)") + person +
         R"(,"as_of":")" + as_of + R"(","unpublished":"carry_forward","scenario":")" + scenario + "\"" + (explain ? R"(,"explain":true)" : "") + "}}";
}

void BM_CalculateCareHome(benchmark::State& state) {
  run_requests(state, calculate_line(kCareHomePerson, "reform-2025-10", "2030-03-31"));
}
BENCHMARK(BM_CalculateCareHome);

void BM_CalculateCareHomeExplained(benchmark::State& state) {
  run_requests(state, calculate_line(kCareHomePerson, "reform-2025-10", "2030-03-31", true));
}
BENCHMARK(BM_CalculateCareHomeExplained);

void BM_CalculateHomeCare(benchmark::State& state) {
  run_requests(state, calculate_line(kHomeCarePerson, "current-law", "2026-03-31"));
}
BENCHMARK(BM_CalculateHomeCare);

void BM_CompareThreeScenarios(benchmark::State& state) {
  run_requests(state, std::string(R"({"jsonrpc":"2.0","id":1,"method":"compare","params":{"person":)") +
                          kCareHomePerson +
                          R"(,"as_of":"2030-03-31","unpublished":"carry_forward","scenarios":["current-law","reform-2023-10","reform-2025-10"]}})");
}
BENCHMARK(BM_CompareThreeScenarios);

// The cheapest answers: a line that is not JSON, and a request refused for an unknown field.
void BM_ParseError(benchmark::State& state) {
  Service service;
  std::string line = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":";
  for (auto _ : state) benchmark::DoNotOptimize(service.server->handle_line(line));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ParseError);

// A stored write in an in-memory database (no fsync: this measures the service, not the disk).
void BM_PersonPutInMemory(benchmark::State& state) {
  Service service;
  std::string line = std::string(R"({"jsonrpc":"2.0","id":1,"method":"person.put","params":{"person":)") +
                     kCareHomePerson + "}}";
  for (auto _ : state) benchmark::DoNotOptimize(service.server->handle_line(line));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_PersonPutInMemory);

}  // namespace
