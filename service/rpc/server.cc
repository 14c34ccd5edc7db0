// server.cc — parses a JSON-RPC request line, runs the method, writes the response line.
#include "rpc/server.h"

#include <cstdio>
#include <exception>
#include <limits>
#include <optional>
#include <utility>

#include "caremeter/calc/calculate.h"
#include "rpc/envelope.h"
#include "rpc/methods.h"
#include "store/statement.h"

namespace caremeter {

namespace {

constexpr std::size_t kMaxIdempotencyKeyBytes = 256;
// With no "scenario" the law as it stands is calculated (no cap, no metering).
constexpr const char* kDefaultScenario = "current-law";

using OrderedJson = nlohmann::ordered_json;

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }
std::string dump(const OrderedJson& j) { return j.dump(-1, ' ', false, OrderedJson::error_handler_t::replace); }

// An error answer: a service error (code from json_rpc_code), or a protocol error whose code and
// reason the caller gives. Extra members of "data" (current_revision) ride along.
struct Failure {
  Error error;
  std::optional<int> protocol_code;
  std::string reason;
  Json extra = Json::object();
};

std::string response(const std::string& id, std::string_view result) {
  std::string out;
  out.reserve(result.size() + id.size() + 32);
  out += "{\"jsonrpc\":\"2.0\",\"id\":";
  out += id;
  out += ",\"result\":";
  out += result;
  out += "}";
  return out;
}

std::string error_response(const std::string& id, const Failure& f) {
  Json e = error_to_json(f.error);
  if (f.protocol_code) {
    e["code"] = *f.protocol_code;
    if (e.contains("data") && e["data"].is_object()) e["data"]["reason"] = f.reason;
  }
  for (auto it = f.extra.begin(); it != f.extra.end(); ++it) e["data"][it.key()] = it.value();
  // error_to_json's keys are sorted by nlohmann; put code, message, data in JSON-RPC's order.
  OrderedJson ordered;
  ordered["code"] = e["code"];
  ordered["message"] = e["message"];
  ordered["data"] = OrderedJson::parse(dump(e["data"]));
  return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":" + dump(ordered) + "}";
}

Failure protocol(int code, const char* reason, std::string pointer, std::string message) {
  Failure f;
  f.error = invalid_input(std::move(pointer), std::move(message));
  f.protocol_code = code;
  f.reason = reason;
  return f;
}

// ---- reading params ------------------------------------------------------------------------

const Json* member(const Json& object, const char* key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

Error missing(const std::string& key, const std::string& what) {
  return invalid_input("/" + key, "missing: expected " + what);
}

Result<std::string> read_string(const Json& v, const std::string& pointer, const std::string& what) {
  if (!v.is_string()) return invalid_input(pointer, "expected " + what + " as a string, got " + json_type_name(v));
  const std::string& s = v.get_ref<const std::string&>();
  if (s.empty()) return invalid_input(pointer, "expected " + what + ", got an empty string");
  return s;
}

Result<int64_t> read_whole_number(const Json& v, const std::string& pointer, int64_t minimum) {
  std::string expected = "a whole number of at least " + std::to_string(minimum);
  // nlohmann counts unsigned numbers as integers too; those past int64 are refused, not wrapped.
  if (v.is_number_unsigned() && v.get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    return invalid_input(pointer, "expected " + expected + ", got a number too large");
  }
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    if (n < minimum) return invalid_input(pointer, "expected " + expected + ", got " + std::to_string(n));
    return n;
  }
  return invalid_input(pointer, "expected " + expected + ", got " + json_type_name(v) +
                                    (json_number_text(v) ? " with a fraction or exponent" : ""));
}

Result<bool> read_bool(const Json& v, const std::string& pointer) {
  if (!v.is_boolean()) return invalid_input(pointer, "expected true or false, got " + json_type_name(v));
  return v.get<bool>();
}

Result<std::optional<Date>> read_optional_date(const Json& params, const char* key) {
  const Json* v = member(params, key);
  if (!v) return std::optional<Date>();
  auto d = read_date(*v, std::string("/") + key);
  if (!d) return std::move(d).error();
  return std::optional<Date>(*d);
}

Result<Date> read_required_date(const Json& params, const char* key) {
  const Json* v = member(params, key);
  if (!v) return missing(key, "a date \"YYYY-MM-DD\"");
  return read_date(*v, std::string("/") + key);
}

Result<const RuleSet*> read_rules(const RuleCatalog& catalog, const Json& params) {
  std::string spec;
  if (const Json* v = member(params, "rules")) {
    auto s = read_string(*v, "/rules", "a rule set (\"england\", \"england/2025-04\" or \"2025-04\")");
    if (!s) return std::move(s).error();
    spec = *s;
  }
  auto found = catalog.find(spec);
  if (!found) {
    Error e = std::move(found).error();
    if (member(params, "rules")) e.pointer = "/rules";
    return e;
  }
  return *found;
}

// The scenario, and the key its statements are filed under: the name given, or the canonical
// text of a scenario object (two different objects must not share a statement history).
struct ScenarioChoice {
  Scenario scenario;
  std::string key;
};

Result<ScenarioChoice> read_scenario_value(const Json& value, const RuleSet& rules, const std::string& pointer) {
  if (!value.is_string() && !value.is_object()) {
    return invalid_input(pointer, "expected a scenario name or a scenario object, got " + json_type_name(value));
  }
  auto s = scenario_from_json(value, rules, pointer);
  if (!s) return std::move(s).error();
  return ScenarioChoice{std::move(*s), value.is_string() ? value.get<std::string>() : dump_canonical(value)};
}

Result<ScenarioChoice> read_scenario(const Json& params, const RuleSet& rules) {
  if (const Json* v = member(params, "scenario")) return read_scenario_value(*v, rules, "/scenario");
  auto s = scenario_from_json(Json(kDefaultScenario), rules, "/scenario");
  if (!s) return std::move(s).error();
  return ScenarioChoice{std::move(*s), kDefaultScenario};
}

Result<CapitalMode> read_capital(const Json& params) {
  const Json* v = member(params, "capital");
  if (!v) return CapitalMode::kAssessed;
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (s == "assessed") return CapitalMode::kAssessed;
    if (s == "spend_down") return CapitalMode::kSpendDown;
  }
  return invalid_input("/capital", "expected \"assessed\" or \"spend_down\", got " +
                                       (v->is_string() ? "'" + v->get<std::string>() + "'" : json_type_name(*v)));
}

Result<Person> read_person(const Json& params) {
  const Json* v = member(params, "person");
  if (!v) return missing("person", "a person document (an object)");
  if (!v->is_object()) return invalid_input("/person", "expected a person document (an object), got " + json_type_name(*v));
  auto p = person_from_json(*v);
  if (!p) return std::move(p).error().under("/person");
  return std::move(*p);
}

// The request for calculate and compare: as_of, and the optional window and capital mode.
Result<CalculationRequest> read_calculation_request(const Json& params, bool allow_explain) {
  CalculationRequest r;
  auto as_of = read_required_date(params, "as_of");
  if (!as_of) return std::move(as_of).error();
  r.as_of = *as_of;
  auto from = read_optional_date(params, "from");
  if (!from) return std::move(from).error();
  r.from = *from;
  auto to = read_optional_date(params, "to");
  if (!to) return std::move(to).error();
  r.to = *to;
  if (allow_explain) {
    if (const Json* v = member(params, "explain")) {
      auto b = read_bool(*v, "/explain");
      if (!b) return std::move(b).error();
      r.explain = *b;
    }
  }
  auto capital = read_capital(params);
  if (!capital) return std::move(capital).error();
  r.capital = *capital;
  return r;
}

// Errors from the engine name a pointer into the person document (the record that needed a
// missing rule value, say) or into the request (as_of, from, to); in a request the person
// document sits at /person. Pointers into a rule file come with the file's name.
Error person_error(Error e) {
  if (e.file.empty() && !e.pointer.empty() && e.pointer != "/as_of" && e.pointer != "/from" && e.pointer != "/to") {
    e.under("/person");
  }
  return e;
}

Result<std::string> run_calculation(const Person& person, const PreparedScenario& scenario,
                                    const CalculationRequest& request, bool person_in_params) {
  auto result = calculate(person, scenario, request);
  if (!result) return person_in_params ? person_error(std::move(result).error()) : std::move(result).error();
  std::string out;
  write_account_result(*result, out);
  return out;
}

// A stored document read back for a calculation. It was valid when stored; if it no longer is
// (a stricter reader), say so rather than calculate on a guess.
Result<Person> stored_person(const StoredPerson& stored) {
  auto p = parse_person(stored.document);
  if (!p) {
    Error e = std::move(p).error();
    e.message = "the stored person '" + stored.person_id + "' (revision " + std::to_string(stored.revision) +
                ") is not readable now: " + e.to_string();
    e.pointer = "/person_id";
    return e;
  }
  return std::move(*p);
}

// ---- the methods ---------------------------------------------------------------------------

class Methods {
 public:
  Methods(const RuleCatalog& rules, Store& store, PreparedScenarioCache& scenarios, Failure& failure)
      : rules_(rules), store_(store), scenarios_(scenarios), failure_(failure) {}

  Result<std::string> calculate_method(const Json& params) {
    auto known = check_known_keys(params, "",
                                  {"person", "as_of", "scenario", "rules", "from", "to", "explain", "capital"});
    if (!known) return std::move(known).error();
    auto person = read_person(params);
    if (!person) return std::move(person).error();
    auto request = read_calculation_request(params, true);
    if (!request) return std::move(request).error();
    auto rules = read_rules(rules_, params);
    if (!rules) return std::move(rules).error();
    auto scenario = read_scenario(params, **rules);
    if (!scenario) return std::move(scenario).error();
    auto prepared = prepare(**rules, *scenario);
    if (!prepared) return std::move(prepared).error();
    return run_calculation(*person, **prepared, *request, true);
  }

  Result<std::string> compare_method(const Json& params) {
    auto known = check_known_keys(params, "", {"person", "as_of", "scenarios", "rules", "from", "to", "capital"});
    if (!known) return std::move(known).error();
    auto person = read_person(params);
    if (!person) return std::move(person).error();
    auto request = read_calculation_request(params, false);
    if (!request) return std::move(request).error();
    auto rules = read_rules(rules_, params);
    if (!rules) return std::move(rules).error();
    const Json* list = member(params, "scenarios");
    if (!list) return missing("scenarios", "a list of scenarios (names or objects)");
    if (!list->is_array() || list->empty()) {
      return invalid_input("/scenarios", "expected a non-empty list of scenarios (names or objects), got " +
                                             (list->is_array() ? std::string("an empty list") : json_type_name(*list)));
    }
    std::vector<ScenarioChoice> scenarios;
    for (std::size_t i = 0; i < list->size(); ++i) {
      auto s = read_scenario_value((*list)[i], **rules, "/scenarios/" + std::to_string(i));
      if (!s) return std::move(s).error();
      scenarios.push_back(std::move(*s));
    }
    std::string out = "[";
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      // One at a time: the cache keeps a prepared scenario only until its next call.
      auto prepared = prepare(**rules, scenarios[i]);
      if (!prepared) return std::move(prepared).error();
      auto one = run_calculation(*person, **prepared, *request, true);
      if (!one) return std::move(one).error();
      if (i > 0) out += ",";
      out += *one;
    }
    out += "]";
    return out;
  }

  Result<std::string> rules_list_method(const Json& params) {
    auto known = check_known_keys(params, "", {});
    if (!known) return std::move(known).error();
    OrderedJson sets = OrderedJson::array();
    for (const RuleSet& rs : rules_.sets()) {
      OrderedJson set;
      set["id"] = rs.ref.id;
      set["version"] = rs.ref.version;
      set["sha256"] = rs.ref.sha256;
      OrderedJson scenarios = OrderedJson::array();
      for (const auto& [name, s] : rs.scenarios) {
        OrderedJson one;
        one["name"] = name;
        one["reform_start"] = s.reform_start ? OrderedJson(to_string(*s.reform_start)) : OrderedJson(nullptr);
        one["description"] = s.description;
        scenarios.push_back(std::move(one));
      }
      set["scenarios"] = std::move(scenarios);
      OrderedJson councils = OrderedJson::array();
      for (const auto& [id, c] : rs.councils) {
        OrderedJson one;
        one["id"] = id;
        one["version"] = c.ref.version;
        one["sha256"] = c.ref.sha256;
        one["status"] = source_status_name(c.status);
        councils.push_back(std::move(one));
      }
      set["councils"] = std::move(councils);
      sets.push_back(std::move(set));
    }
    OrderedJson out;
    out["rule_sets"] = std::move(sets);
    return dump(out);
  }

  Result<std::string> person_put_method(const Json& params) {
    auto known = check_known_keys(params, "", {"person", "idempotency_key", "expected_revision"});
    if (!known) return std::move(known).error();
    auto person = read_person(params);
    if (!person) return std::move(person).error();
    if (person->id.empty()) return invalid_input("/person/id", "expected the person's id, got an empty string");
    PutRequest put;
    put.person_id = person->id;
    put.document = dump_canonical((*member(params, "person")));
    put.content_sha256 = sha256_hex(put.document);
    if (const Json* v = member(params, "idempotency_key")) {
      auto k = read_string(*v, "/idempotency_key", "an idempotency key");
      if (!k) return std::move(k).error();
      if (k->size() > kMaxIdempotencyKeyBytes) {
        return invalid_input("/idempotency_key", "expected an idempotency key of at most " +
                                                     std::to_string(kMaxIdempotencyKeyBytes) + " bytes");
      }
      put.idempotency_key = *k;
    }
    if (const Json* v = member(params, "expected_revision")) {
      auto n = read_whole_number(*v, "/expected_revision", 0);
      if (!n) return std::move(n).error();
      put.expected_revision = *n;
    }
    int64_t current = 0;
    auto outcome = store_.put_person(put, &current);
    if (!outcome) {
      Error e = std::move(outcome).error();
      if (e.code == ErrorCode::kConflict && e.pointer == "/expected_revision") failure_.extra["current_revision"] = current;
      return e;
    }
    OrderedJson out;
    out["person_id"] = put.person_id;
    out["revision"] = outcome->revision;
    out["recorded_at"] = outcome->recorded_at;
    return dump(out);
  }

  Result<std::string> person_get_method(const Json& params) {
    auto known = check_known_keys(params, "", {"person_id", "revision", "as_known_at"});
    if (!known) return std::move(known).error();
    auto id = read_person_id(params);
    if (!id) return std::move(id).error();
    std::optional<int64_t> revision;
    if (const Json* v = member(params, "revision")) {
      if (member(params, "as_known_at")) {
        return invalid_input("/as_known_at", "give either revision or as_known_at, not both");
      }
      auto n = read_whole_number(*v, "/revision", 1);
      if (!n) return std::move(n).error();
      revision = *n;
    }
    auto known_at = read_known_at(params);
    if (!known_at) return std::move(known_at).error();
    auto stored = store_.get_person(*id, revision, *known_at);
    if (!stored) return std::move(stored).error();
    std::string out = "{\"person_id\":" + dump(Json(stored->person_id)) +
                      ",\"revision\":" + std::to_string(stored->revision) +
                      ",\"recorded_at\":" + dump(Json(stored->recorded_at)) + ",\"person\":";
    out += stored->document;  // canonical JSON as stored
    out += "}";
    return out;
  }

  Result<std::string> account_get_method(const Json& params) {
    auto known = check_known_keys(params, "", {"person_id", "as_of", "scenario", "rules", "as_known_at"});
    if (!known) return std::move(known).error();
    auto id = read_person_id(params);
    if (!id) return std::move(id).error();
    auto as_of = read_required_date(params, "as_of");
    if (!as_of) return std::move(as_of).error();
    auto rules = read_rules(rules_, params);
    if (!rules) return std::move(rules).error();
    auto scenario = read_scenario(params, **rules);
    if (!scenario) return std::move(scenario).error();
    auto known_at = read_known_at(params);
    if (!known_at) return std::move(known_at).error();
    auto stored = store_.get_person(*id, std::nullopt, *known_at);
    if (!stored) return std::move(stored).error();
    auto person = stored_person(*stored);
    if (!person) return std::move(person).error();
    CalculationRequest request;
    request.as_of = *as_of;
    auto prepared = prepare(**rules, *scenario);
    if (!prepared) return std::move(prepared).error();
    return run_calculation(*person, **prepared, request, false);
  }

  Result<std::string> account_statement_method(const Json& params) {
    auto known = check_known_keys(params, "", {"person_id", "period_end", "scenario", "rules"});
    if (!known) return std::move(known).error();
    auto id = read_person_id(params);
    if (!id) return std::move(id).error();
    auto period_end = read_required_date(params, "period_end");
    if (!period_end) return std::move(period_end).error();
    auto rules = read_rules(rules_, params);
    if (!rules) return std::move(rules).error();
    auto scenario = read_scenario(params, **rules);
    if (!scenario) return std::move(scenario).error();
    auto stored = store_.get_person(*id);
    if (!stored) return std::move(stored).error();
    auto person = stored_person(*stored);
    if (!person) return std::move(person).error();

    StatementInputs in;
    in.person = &*person;
    in.person_revision = stored->revision;
    in.rules = *rules;
    in.scenario = &scenario->scenario;
    in.period_end = *period_end;
    auto previous = store_.previous_statement(*id, scenario->key, *period_end);
    if (!previous) return std::move(previous).error();
    in.previous = *previous;
    if (in.previous) {
      auto since = store_.revisions_after(*id, in.previous->person_revision);
      if (!since) return std::move(since).error();
      in.revisions_since_previous = std::move(*since);
    }
    auto figures = compute_statement(in);
    if (!figures) return std::move(figures).error();

    StatementRecord record;
    record.person_id = *id;
    record.scenario = scenario->key;
    record.period_end = *period_end;
    record.person_revision = stored->revision;
    record.rules_id = figures->rules.id;
    record.rules_version = figures->rules.version;
    record.rules_sha256 = figures->rules.sha256;
    record.accrued = to_string(figures->accrued);
    auto saved = store_.record_statement(record, [&](const std::string& issued_at) {
      return write_statement(*figures, issued_at);
    });
    if (!saved) return std::move(saved).error();
    return std::move(record.figures);
  }

 private:
  // Errors preparing a scenario name a rule parameter (with its file) or the scenario, never the
  // person, so they pass through as they are.
  Result<const PreparedScenario*> prepare(const RuleSet& rules, const ScenarioChoice& choice) {
    return scenarios_.get(rules, choice.key, choice.scenario);
  }

  static Result<std::string> read_person_id(const Json& params) {
    const Json* v = member(params, "person_id");
    if (!v) return missing("person_id", "the id of a stored person (a string)");
    return read_string(*v, "/person_id", "the id of a stored person");
  }

  static Result<std::optional<std::string>> read_known_at(const Json& params) {
    const Json* v = member(params, "as_known_at");
    if (!v) return std::optional<std::string>();
    if (!v->is_string()) {
      return invalid_input("/as_known_at", "expected a UTC time \"YYYY-MM-DDTHH:MM:SS(.mmm)Z\" or a date, got " +
                                               json_type_name(*v));
    }
    auto t = parse_timestamp(v->get_ref<const std::string&>());
    if (!t) return std::move(t).error().under("/as_known_at");
    return std::optional<std::string>(*t);
  }

  const RuleCatalog& rules_;
  Store& store_;
  PreparedScenarioCache& scenarios_;
  Failure& failure_;
};

// The request's id as JSON text to echo back: a string or a number, exactly as sent.
std::optional<std::string> id_text(const Json& id) {
  if (id.is_string()) return dump(id);
  if (auto n = json_number_text(id)) return *n;
  return std::nullopt;
}

}  // namespace

Result<const PreparedScenario*> PreparedScenarioCache::get(const RuleSet& rules, const std::string& key,
                                                           const Scenario& scenario) {
  auto k = std::make_pair(&rules, key);
  if (auto it = cache_.find(k); it != cache_.end()) return &it->second;
  auto prepared = PreparedScenario::prepare(rules, scenario);
  if (!prepared) return std::move(prepared).error();
  if (cache_.size() >= kMaxEntries) cache_.clear();
  return &cache_.emplace(std::move(k), std::move(*prepared)).first->second;
}

Server::Server(const RuleCatalog& rules, Store& store, ServerLimits limits)
    : rules_(rules), store_(store), limits_(limits), log_([](const std::string& text) {
        std::fprintf(stderr, "caremeter serve: %s\n", text.c_str());
      }) {}

std::string Server::oversized_line_response() const {
  return error_response("null", protocol(kRpcParseError, "parse_error", "",
                                         "the request line is longer than " + std::to_string(limits_.max_line_bytes) +
                                             " bytes; it was not read"));
}

bool Server::must_stop() const {
  if (!store_mutex_) return store_.failed();
  std::lock_guard<std::mutex> lock(*store_mutex_);
  return store_.failed();
}

std::string Server::call(const std::string& method, const Json& params, const std::string& id_text) {
  try {
    return dispatch(method, &params, id_text);
  } catch (const std::exception& e) {
    Failure f;
    f.error = Error{ErrorCode::kInternal, std::string("internal error: ") + e.what(), "", ""};
    return error_response(id_text, f);
  }
}

std::string Server::handle_line(std::string_view line) {
  try {
    if (line.size() > limits_.max_line_bytes) return oversized_line_response();
    auto parsed = parse_json_strict(line, JsonLimits{limits_.max_line_bytes, limits_.max_depth});
    if (!parsed) {
      const Error& e = parsed.error();
      return error_response("null", protocol(kRpcParseError, "parse_error", e.pointer, e.message));
    }
    return handle_message(*parsed).value_or(std::string());
  } catch (const std::exception& e) {
    Failure f;
    f.error = Error{ErrorCode::kInternal, std::string("internal error: ") + e.what(), "", ""};
    return error_response("null", f);
  }
}

std::optional<std::string> Server::handle_message(const Json& message) {
  return answer_message(message, [this](const Json& request) { return handle_request(request); });
}

std::optional<std::string> Server::handle_request(const Json& request) {
  std::string id = "null";
  try {
    if (!request.is_object()) {
      return error_response(id, protocol(kRpcInvalidRequest, "invalid_request", "",
                                         "expected a JSON-RPC request object, got " + json_type_name(request)));
    }
    const Json* id_value = member(request, "id");
    if (id_value) {
      auto text = id_text(*id_value);
      if (!text) {
        return error_response(id, protocol(kRpcInvalidRequest, "invalid_request", "/id",
                                           "expected the id as a string or a number, got " + json_type_name(*id_value)));
      }
      id = *text;
    }
    auto known = check_known_keys(request, "", {"jsonrpc", "id", "method", "params"});
    if (!known) {
      return error_response(id, protocol(kRpcInvalidRequest, "invalid_request", known.error().pointer,
                                         known.error().message));
    }
    const Json* version = member(request, "jsonrpc");
    if (!version || !version->is_string() || version->get_ref<const std::string&>() != "2.0") {
      return error_response(id, protocol(kRpcInvalidRequest, "invalid_request", "/jsonrpc",
                                         version ? "expected \"jsonrpc\": \"2.0\"" : "missing: expected \"jsonrpc\": \"2.0\""));
    }
    const Json* method = member(request, "method");
    if (!method || !method->is_string()) {
      return error_response(id, protocol(kRpcInvalidRequest, "invalid_request", "/method",
                                         method ? "expected the method name as a string, got " + json_type_name(*method)
                                                : std::string("missing: expected the method name")));
    }
    const Json* params = member(request, "params");
    if (params && !params->is_object() && !params->is_array()) {
      return error_response(id, protocol(kRpcInvalidRequest, "invalid_request", "/params",
                                         "expected params as an object, got " + json_type_name(*params)));
    }
    // A notification is never answered (JSON-RPC 2.0 section 4.1), so it is not run either: a
    // write nobody hears about could not be retried safely, and nothing else has an effect.
    if (!id_value) {
      skip_notification(method->get_ref<const std::string&>());
      return std::nullopt;
    }
    if (params && params->is_array()) {
      return error_response(id, protocol(kRpcInvalidParams, "invalid_input", "",
                                         "expected params as an object of named parameters, got an array"));
    }
    return dispatch(method->get<std::string>(), params, id);
  } catch (const std::exception& e) {
    Failure f;
    f.error = Error{ErrorCode::kInternal, std::string("internal error: ") + e.what(), "", ""};
    return error_response(id, f);
  } catch (...) {
    Failure f;
    f.error = Error{ErrorCode::kInternal, "internal error", "", ""};
    return error_response(id, f);
  }
}

void Server::skip_notification(const std::string& method) {
  const MethodInfo* info = find_rpc_method(method);
  if (info && has_effects(*info)) {
    log_("a notification of " + method + " (a request without an id) was not run: a write needs an id, so that "
         "its answer can say whether it was done");
  }
}

std::string Server::dispatch(const std::string& method, const Json* params, const std::string& id) {
  static const Json kNoParams = Json::object();
  const Json& p = params ? *params : kNoParams;
  Failure failure;
  Methods m(rules_, store_, scenarios_, failure);
  std::unique_lock<std::mutex> store_lock;
  if (const MethodInfo* info = find_rpc_method(method); info && uses_store(*info) && store_mutex_) {
    store_lock = std::unique_lock<std::mutex>(*store_mutex_);
  }
  std::optional<Result<std::string>> result;
  if (method == "calculate") {
    result = m.calculate_method(p);
  } else if (method == "compare") {
    result = m.compare_method(p);
  } else if (method == "rules.list") {
    result = m.rules_list_method(p);
  } else if (method == "person.put") {
    result = m.person_put_method(p);
  } else if (method == "person.get") {
    result = m.person_get_method(p);
  } else if (method == "account.get") {
    result = m.account_get_method(p);
  } else if (method == "account.statement") {
    result = m.account_statement_method(p);
  } else {
    return error_response(id, protocol(kRpcMethodNotFound, "method_not_found", "/method",
                                       "unknown method '" + method +
                                           "' (expected one of: calculate, compare, rules.list, person.put, "
                                           "person.get, account.get, account.statement)"));
  }
  if (result->ok()) return response(id, result->value());
  failure.error = std::move(*result).error();
  return error_response(id, failure);
}

}  // namespace caremeter
