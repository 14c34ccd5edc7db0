// server.h — the JSON-RPC 2.0 request dispatcher behind `caremeter serve`.
//
// One request line in, one response line out (none for a notification), and nothing else: it
// never touches stdin or stdout, so tests and the fuzzer drive it directly. Whatever the line
// holds (not JSON, invalid UTF-8, deep nesting, wrong types, unknown methods), the answer is one
// well-formed JSON-RPC response, or an array of them for a batch; no exception escapes.
// doc/service.md describes the methods and error codes.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "caremeter/json/rule_loader.h"
#include "platform/env.h"
#include "store/store.h"

namespace caremeter {

struct ServerLimits {
  // A request line longer than this is refused (-32700) without being parsed; the reader in
  // serve_cmd.cc discards such a line as it streams past, never holding it whole.
  std::size_t max_line_bytes = 8 * 1024 * 1024;
  int max_depth = 64;
  // The work and the answer of one request, so one request cannot take the memory or the time
  // of everyone else's (the service answers one at a time): scenarios in one compare, periods in
  // one account result, and bytes in one answer (checked as it grows). Each refusal is -32602.
  std::size_t max_scenarios_per_compare = 16;
  std::size_t max_periods_per_answer = 20'000;
  std::size_t max_answer_bytes = 32 * 1024 * 1024;
};

// Scenarios prepared for calculation (their parameters merged into the rule set's timelines),
// kept between requests: preparing one costs more than many calculations, and a front end asks
// for the same few scenarios again and again. Keyed by rule set and the scenario's name or
// canonical JSON; bounded (cleared when full), so a client sending endless distinct scenario
// objects cannot grow it without limit.
class PreparedScenarioCache {
 public:
  static constexpr std::size_t kMaxEntries = 64;
  // The prepared scenario, valid until the next call.
  Result<const PreparedScenario*> get(const RuleSet& rules, const std::string& key, const Scenario& scenario);
  std::size_t size() const { return cache_.size(); }

 private:
  std::map<std::pair<const RuleSet*, std::string>, PreparedScenario> cache_;
};

class Server {
 public:
  // `rules` and `store` must outlive the Server; the store supplies the clock for recorded_at.
  Server(const RuleCatalog& rules, Store& store, ServerLimits limits = {});

  // The response to one request line (without its newline), as one compact JSON text without a
  // newline; "" when nothing is to be sent back (a notification, a batch of notifications).
  // Never throws.
  std::string handle_line(std::string_view line);

  // The same for a message already parsed (strictly, within limits()): a request or a batch.
  std::optional<std::string> handle_message(const Json& message);
  // One request object of a message (an element of a batch); nullopt for a notification.
  std::optional<std::string> handle_request(const Json& request);

  // Where notes about skipped notifications go (standard error by default).
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }

  // The response to a line that was longer than the limit (it was not read).
  std::string oversized_line_response() const;

  // Runs `method` with `params` (an object) as a request with the id `id_text` (JSON text) would
  // be run, and returns the response text. For doors that speak another protocol (MCP) but give
  // the same answers. Never throws.
  std::string call(const std::string& method, const Json& params, const std::string& id_text = "null");

  // Several Servers (one per thread, each with its own scenario cache) may share one Store if
  // they share one mutex: every method that reads or writes the store then runs holding it. The
  // mutex must outlive the Server. Without it, a Server is for one thread at a time.
  void share_store(std::mutex& store_mutex) { store_mutex_ = &store_mutex; }

  // True once the store has met an I/O error: the answer to the request that met it has been
  // returned, but the service must stop (exit non-zero) rather than go on with a database in
  // doubt.
  bool must_stop() const;

  const ServerLimits& limits() const { return limits_; }

 private:
  std::string dispatch(const std::string& method, const Json* params, const std::string& id);
  void skip_notification(const std::string& method);

  const RuleCatalog& rules_;
  Store& store_;
  ServerLimits limits_;
  PreparedScenarioCache scenarios_;
  std::mutex* store_mutex_ = nullptr;
  std::function<void(const std::string&)> log_;
};

}  // namespace caremeter
