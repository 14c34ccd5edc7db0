// server.cc — parses a JSON-RPC request line, runs the method, writes the response line.
#include "rpc/server.h"

#include <cstdio>
#include <exception>
#include <limits>
#include <optional>
#include <utility>

#include "caremeter/calc/calculate.h"
#include "rpc/envelope.h"
#include "rpc/lifecycle_methods.h"
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

// An error answer: its Error (the code and reason come from the table in status.h), and extra
// members of "data" that ride along (current_revision).
struct Failure {
  Error error;
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
  for (auto it = f.extra.begin(); it != f.extra.end(); ++it) e["data"][it.key()] = it.value();
  // error_to_json's keys are sorted by nlohmann; put code, message, data in JSON-RPC's order.
  OrderedJson ordered;
  ordered["code"] = e["code"];
  ordered["message"] = e["message"];
  ordered["data"] = OrderedJson::parse(dump(e["data"]));
  return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":" + dump(ordered) + "}";
}

// A request that is not one the protocol allows (not JSON, no id, an unknown method, …).
Failure protocol(ErrorCode code, std::string pointer, std::string message) {
  return Failure{Error{code, std::move(message), std::move(pointer), {}}};
}

// ---- reading params ------------------------------------------------------------------------
// Each method's params are a JsonObject of its own keys (an unknown key is -32602 naming it);
// the readers below serve every method that has the key they read.

struct CalculateParams {
  static constexpr std::array<std::string_view, 9> kKeys{"person", "as_of",   "scenario", "rules",      "from",
                                                         "to",     "explain", "capital",  "unpublished"};
};
struct CompareParams {
  static constexpr std::array<std::string_view, 9> kKeys{"person", "as_of", "scenarios", "rules",      "from",
                                                         "to",     "explain", "capital", "unpublished"};
};
struct RulesListParams {
  static constexpr std::array<std::string_view, 0> kKeys{};
};
struct PersonPutParams {
  static constexpr std::array<std::string_view, 3> kKeys{"person", "idempotency_key", "expected_revision"};
};
struct PersonGetParams {
  static constexpr std::array<std::string_view, 3> kKeys{"person_id", "revision", "as_known_at"};
};
struct AccountGetParams {
  static constexpr std::array<std::string_view, 7> kKeys{"person_id", "as_of",   "scenario",   "rules",
                                                         "as_known_at", "explain", "unpublished"};
};
struct AccountStatementParams {
  static constexpr std::array<std::string_view, 6> kKeys{"person_id", "period_end", "scenario",
                                                         "rules",     "explain",    "unpublished"};
};

template <class Keys>
Result<const RuleSet*> read_rules(const RuleCatalog& catalog, const JsonObject<Keys>& params) {
  ASSIGN_OR_RETURN(auto spec, params.optional_text("rules", "a rule set (\"england\", \"england/2025-04\" or \"2025-04\")"));
  auto found = catalog.find(spec.value_or(""));
  if (!found) {
    Error e = std::move(found).error();
    if (spec) e.pointer = params.pointer_to("rules");
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

Result<ScenarioChoice> read_scenario_choice(const Json& value, const RuleSet& rules, const std::string& pointer) {
  if (!value.is_string() && !value.is_object()) {
    return invalid_input(pointer, "expected a scenario name or a scenario object, got " + json_type_name(value));
  }
  ASSIGN_OR_RETURN(Scenario s, scenario_from_json(value, rules, pointer));
  return ScenarioChoice{std::move(s), value.is_string() ? value.get<std::string>() : dump_canonical(value)};
}

// "scenario", or current law when it is left out.
template <class Keys>
Result<ScenarioChoice> read_scenario_param(const JsonObject<Keys>& params, const RuleSet& rules) {
  if (const Json* v = params.find("scenario")) return read_scenario_choice(*v, rules, params.pointer_to("scenario"));
  ASSIGN_OR_RETURN(Scenario s, scenario_from_json(Json(kDefaultScenario), rules, params.pointer_to("scenario")));
  return ScenarioChoice{std::move(s), kDefaultScenario};
}

// "person": a person document, read by the strict reader; its errors point under /person.
template <class Keys>
Result<Person> read_person_param(const JsonObject<Keys>& params) {
  ASSIGN_OR_RETURN(const Json* v, params.required("person", "a person document (an object)"));
  if (!v->is_object()) {
    return invalid_input(params.pointer_to("person"), "expected a person document (an object), got " +
                                                          json_type_name(*v));
  }
  auto p = person_from_json(*v);
  if (!p) return std::move(p).error().under(params.pointer_to("person"));
  return std::move(*p);
}

// "explain": false, true or "plain" (read_explain), onto `r`; left out, no explanation.
template <class Keys>
Status read_explain_param(const JsonObject<Keys>& params, CalculationRequest& r) {
  if (const Json* v = params.find("explain")) return read_explain(*v, params.pointer_to("explain"), r);
  return ok_status();
}

// "unpublished": what to do with a figure past what its rule file knows; refuse when left out.
template <class Keys>
Result<Unpublished> read_unpublished(const JsonObject<Keys>& params) {
  ASSIGN_OR_RETURN(auto unpublished, params.optional_name("unpublished", kUnpublishedNames));
  return unpublished.value_or(Unpublished::kRefuse);
}

// The request for calculate and compare: as_of, the optional window, explain, capital mode and
// what to do past what the rules know.
template <class Keys>
Result<CalculationRequest> read_calculation_request(const JsonObject<Keys>& params) {
  CalculationRequest r;
  ASSIGN_OR_RETURN(r.as_of, params.date("as_of"));
  ASSIGN_OR_RETURN(r.from, params.optional_date("from"));
  ASSIGN_OR_RETURN(r.to, params.optional_date("to"));
  RETURN_IF_ERROR(read_explain_param(params, r));
  ASSIGN_OR_RETURN(auto capital, params.optional_name("capital", kCapitalModeNames));
  r.capital = capital.value_or(CapitalMode::kAssessed);
  ASSIGN_OR_RETURN(r.unpublished, read_unpublished(params));
  return r;
}

template <class Keys>
Result<std::string> read_person_id(const JsonObject<Keys>& params) {
  return params.text("person_id", "the id of a stored person");
}

// "as_known_at": a UTC time or a date (the end of that day), as the store compares them.
template <class Keys>
Result<std::optional<std::string>> read_known_at(const JsonObject<Keys>& params) {
  return params.optional_as("as_known_at", [](const Json& v, const std::string& pointer) -> Result<std::string> {
    if (!v.is_string()) {
      return invalid_input(pointer, "expected a UTC time \"YYYY-MM-DDTHH:MM:SS(.mmm)Z\" or a date, got " +
                                        json_type_name(v));
    }
    auto t = parse_timestamp(v.get_ref<const std::string&>());
    if (!t) return std::move(t).error().under(pointer);
    return *t;
  });
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

Error answer_too_large(const ServerLimits& limits) {
  return invalid_input("", "the answer would be larger than " + std::to_string(limits.max_answer_bytes) +
                               " bytes: ask for fewer scenarios, a narrower window (from, to) or no explanation");
}

Result<std::string> run_calculation(const Person& person, const PreparedScenario& scenario,
                                    const CalculationRequest& request, bool person_in_params, const ServerLimits& limits) {
  auto result = calculate(person, scenario, request);
  if (!result) return person_in_params ? person_error(std::move(result).error()) : std::move(result).error();
  if (result->periods.size() > limits.max_periods_per_answer) {
    return invalid_input("", "the answer would hold " + std::to_string(result->periods.size()) + " periods, more than the " +
                                 std::to_string(limits.max_periods_per_answer) + " one answer may: narrow the window (from, to)");
  }
  std::string out;
  write_account_result(*result, out);
  return out;
}

// A stored document read back for a calculation, by the strict reader. It was valid when
// stored; if it no longer is (a stricter reader), say so rather than calculate on a guess.
Result<Person> read_stored_person(const StoredPerson& stored) {
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
  Methods(const RuleCatalog& rules, Store& store, PreparedScenarioCache& scenarios, Failure& failure,
          const ServerLimits& limits)
      : rules_(rules), store_(store), scenarios_(scenarios), failure_(failure), limits_(limits) {}

  Result<std::string> calculate_method(const Json& json) {
    ASSIGN_OR_RETURN(auto params, JsonObject<CalculateParams>::open(json, ""));
    ASSIGN_OR_RETURN(Person person, read_person_param(params));
    ASSIGN_OR_RETURN(CalculationRequest request, read_calculation_request(params));
    ASSIGN_OR_RETURN(const RuleSet* rules, read_rules(rules_, params));
    ASSIGN_OR_RETURN(ScenarioChoice scenario, read_scenario_param(params, *rules));
    ASSIGN_OR_RETURN(const PreparedScenario* prepared, prepare(*rules, scenario));
    return run_calculation(person, *prepared, request, true, limits_);
  }

  Result<std::string> compare_method(const Json& json) {
    ASSIGN_OR_RETURN(auto params, JsonObject<CompareParams>::open(json, ""));
    ASSIGN_OR_RETURN(Person person, read_person_param(params));
    ASSIGN_OR_RETURN(CalculationRequest request, read_calculation_request(params));
    ASSIGN_OR_RETURN(const RuleSet* rules, read_rules(rules_, params));
    ASSIGN_OR_RETURN(std::vector<ScenarioChoice> scenarios, read_scenario_list(params, *rules, limits_));
    std::string out = "[";
    for (std::size_t i = 0; i < scenarios.size(); ++i) {
      ASSIGN_OR_RETURN(const PreparedScenario* prepared, prepare(*rules, scenarios[i]));
      ASSIGN_OR_RETURN(std::string one, run_calculation(person, *prepared, request, true, limits_));
      if (i > 0) out += ",";
      out += one;
      if (out.size() > limits_.max_answer_bytes) return answer_too_large(limits_);
    }
    out += "]";
    return out;
  }

  Result<std::string> rules_list_method(const Json& json) {
    RETURN_IF_ERROR(JsonObject<RulesListParams>::open(json, ""));
    OrderedJson sets = OrderedJson::array();
    for (const RuleSet& rs : rules_.sets()) sets.push_back(rule_set_summary(rs));
    OrderedJson out;
    out["rule_sets"] = std::move(sets);
    return dump(out);
  }

  Result<std::string> person_put_method(const Json& json) {
    ASSIGN_OR_RETURN(auto params, JsonObject<PersonPutParams>::open(json, ""));
    ASSIGN_OR_RETURN(Person person, read_person_param(params));
    PutRequest put;
    put.person_id = person.id;
    put.document = dump_canonical(*params.find("person"));
    put.content_sha256 = sha256_hex(put.document);
    ASSIGN_OR_RETURN(auto key, params.optional_text("idempotency_key", "an idempotency key"));
    if (key && key->size() > kMaxIdempotencyKeyBytes) {
      return invalid_input(params.pointer_to("idempotency_key"), "expected an idempotency key of at most " +
                                                                     std::to_string(kMaxIdempotencyKeyBytes) + " bytes");
    }
    put.idempotency_key = key;
    ASSIGN_OR_RETURN(put.expected_revision, params.optional_whole_number("expected_revision", 0));
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

  Result<std::string> person_get_method(const Json& json) {
    ASSIGN_OR_RETURN(auto params, JsonObject<PersonGetParams>::open(json, ""));
    ASSIGN_OR_RETURN(std::string id, read_person_id(params));
    if (params.has("revision") && params.has("as_known_at")) {
      return invalid_input(params.pointer_to("as_known_at"), "give either revision or as_known_at, not both");
    }
    ASSIGN_OR_RETURN(std::optional<int64_t> revision, params.optional_whole_number("revision", 1));
    ASSIGN_OR_RETURN(std::optional<std::string> known_at, read_known_at(params));
    ASSIGN_OR_RETURN(StoredPerson stored, store_.get_person(id, revision, known_at));
    std::string out = "{\"person_id\":" + dump(Json(stored.person_id)) +
                      ",\"revision\":" + std::to_string(stored.revision) +
                      ",\"recorded_at\":" + dump(Json(stored.recorded_at)) + ",\"person\":";
    out += stored.document;  // canonical JSON as stored
    out += "}";
    return out;
  }

  Result<std::string> account_get_method(const Json& json) {
    ASSIGN_OR_RETURN(auto params, JsonObject<AccountGetParams>::open(json, ""));
    ASSIGN_OR_RETURN(std::string id, read_person_id(params));
    CalculationRequest request;
    ASSIGN_OR_RETURN(request.as_of, params.date("as_of"));
    RETURN_IF_ERROR(read_explain_param(params, request));
    ASSIGN_OR_RETURN(request.unpublished, read_unpublished(params));
    ASSIGN_OR_RETURN(const RuleSet* rules, read_rules(rules_, params));
    ASSIGN_OR_RETURN(ScenarioChoice scenario, read_scenario_param(params, *rules));
    ASSIGN_OR_RETURN(std::optional<std::string> known_at, read_known_at(params));
    ASSIGN_OR_RETURN(StoredPerson stored, store_.get_person(id, std::nullopt, known_at));
    ASSIGN_OR_RETURN(Person person, read_stored_person(stored));
    ASSIGN_OR_RETURN(const PreparedScenario* prepared, prepare(*rules, scenario));
    return run_calculation(person, *prepared, request, false, limits_);
  }

  Result<std::string> account_statement_method(const Json& json) {
    ASSIGN_OR_RETURN(auto params, JsonObject<AccountStatementParams>::open(json, ""));
    ASSIGN_OR_RETURN(std::string id, read_person_id(params));
    ASSIGN_OR_RETURN(Date period_end, params.date("period_end"));
    CalculationRequest explain;
    RETURN_IF_ERROR(read_explain_param(params, explain));
    ASSIGN_OR_RETURN(Unpublished unpublished, read_unpublished(params));
    ASSIGN_OR_RETURN(const RuleSet* rules, read_rules(rules_, params));
    ASSIGN_OR_RETURN(ScenarioChoice scenario, read_scenario_param(params, *rules));
    ASSIGN_OR_RETURN(StoredPerson stored, store_.get_person(id));
    ASSIGN_OR_RETURN(Person person, read_stored_person(stored));

    StatementInputs in;
    in.person = &person;
    in.person_revision = stored.revision;
    in.rules = rules;
    in.scenario = &scenario.scenario;
    in.period_end = period_end;
    in.explain = explain.explain;
    in.plain = explain.plain;
    in.unpublished = unpublished;
    ASSIGN_OR_RETURN(in.previous, store_.previous_statement(id, scenario.key, period_end));
    if (in.previous) {
      ASSIGN_OR_RETURN(in.revisions_since_previous, store_.revisions_after(id, in.previous->person_revision));
    }
    ASSIGN_OR_RETURN(StatementFigures figures, compute_statement(in));
    return record_statement(id, scenario.key, period_end, stored.revision, figures);
  }

 private:
  // Errors preparing a scenario name a rule parameter (with its file) or the scenario, never the
  // person, so they pass through as they are.
  Result<const PreparedScenario*> prepare(const RuleSet& rules, const ScenarioChoice& choice) {
    return scenarios_.get(rules, choice.key, choice.scenario);
  }

  static Result<std::vector<ScenarioChoice>> read_scenario_list(const JsonObject<CompareParams>& params,
                                                                const RuleSet& rules, const ServerLimits& limits) {
    ASSIGN_OR_RETURN(const Json* list, params.required("scenarios", "a list of scenarios (names or objects)"));
    if (!list->is_array() || list->empty()) {
      return invalid_input(params.pointer_to("scenarios"),
                           "expected a non-empty list of scenarios (names or objects), got " +
                               (list->is_array() ? std::string("an empty list") : json_type_name(*list)));
    }
    if (list->size() > limits.max_scenarios_per_compare) {
      return invalid_input(params.pointer_to("scenarios"), "expected at most " +
                                                               std::to_string(limits.max_scenarios_per_compare) +
                                                               " scenarios in one compare, got " + std::to_string(list->size()));
    }
    std::vector<ScenarioChoice> scenarios;
    for (std::size_t i = 0; i < list->size(); ++i) {
      ASSIGN_OR_RETURN(ScenarioChoice s,
                       read_scenario_choice((*list)[i], rules, child_pointer(params.pointer_to("scenarios"), i)));
      scenarios.push_back(std::move(s));
    }
    return scenarios;
  }

  static OrderedJson rule_set_summary(const RuleSet& rs) {
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
    return set;
  }

  // Files the statement (once per person, scenario and period end) and returns its figures.
  Result<std::string> record_statement(const std::string& id, const std::string& scenario_key, Date period_end,
                                       int64_t revision, const StatementFigures& figures) {
    StatementRecord record;
    record.person_id = id;
    record.scenario = scenario_key;
    record.period_end = period_end;
    record.person_revision = revision;
    record.rules_id = figures.rules.id;
    record.rules_version = figures.rules.version;
    record.rules_sha256 = figures.rules.sha256;
    record.accrued = to_string(figures.accrued);
    RETURN_IF_ERROR(store_.record_statement(record, [&](const std::string& issued_at) {
      return write_statement(figures, issued_at);
    }));
    return std::move(record.figures);
  }

  const RuleCatalog& rules_;
  Store& store_;
  PreparedScenarioCache& scenarios_;
  Failure& failure_;
  const ServerLimits& limits_;
};

// The request's id as JSON text to echo back: a string or a number, exactly as sent.
std::optional<std::string> id_text(const Json& id) {
  if (id.is_string()) return dump(id);
  if (auto n = json_number_text(id)) return *n;
  return std::nullopt;
}

// The request's members: {"jsonrpc": "2.0", "id", "method", "params"?}.
struct RequestKeys {
  static constexpr std::array<std::string_view, 4> kKeys{"jsonrpc", "id", "method", "params"};
};

// What a request line asks for: a method and its params (nullptr when left out).
struct Call {
  std::string method;
  const Json* params = nullptr;
  bool notification = false;  // no id: never answered, so never run (JSON-RPC 2.0 section 4.1)
};

Error invalid_request(Error e) {
  e.code = ErrorCode::kInvalidRequest;
  return e;
}

// The call a request makes, or the protocol error (-32600, or -32602 for params given as an
// array). The id is read first and set as soon as it is known, so every later error echoes it.
Result<Call> read_call(const Json& request, std::string& id) {
  auto opened = JsonObject<RequestKeys>::open(request, "", "a JSON-RPC request object", UnknownKeys::kReportLater);
  if (!opened) return invalid_request(std::move(opened).error());
  const JsonObject<RequestKeys>& f = *opened;
  const Json* id_value = f.find("id");
  if (id_value) {
    auto text = id_text(*id_value);
    if (!text) {
      return Error{ErrorCode::kInvalidRequest,
                   "expected the id as a string or a number, got " + json_type_name(*id_value), "/id", {}};
    }
    id = *text;
  }
  if (Status known = f.unknown_keys(); !known) return invalid_request(std::move(known).error());
  const Json* version = f.find("jsonrpc");
  if (!version || !version->is_string() || version->get_ref<const std::string&>() != "2.0") {
    return Error{ErrorCode::kInvalidRequest,
                 version ? "expected \"jsonrpc\": \"2.0\"" : "missing required field 'jsonrpc' (expected \"2.0\")",
                 "/jsonrpc", {}};
  }
  auto method = f.required_as("method", "the method name", [](const Json& v, const std::string& pointer) {
    return read_string(v, pointer, "the method name");
  });
  if (!method) return invalid_request(std::move(method).error());
  const Json* params = f.find("params");
  if (params && !params->is_object() && !params->is_array()) {
    return Error{ErrorCode::kInvalidRequest, "expected params as an object, got " + json_type_name(*params), "/params",
                 {}};
  }
  if (!id_value) return Call{std::move(*method), params, true};
  if (params && params->is_array()) {
    return invalid_input("", "expected params as an object of named parameters, got an array");
  }
  return Call{std::move(*method), params};
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
  return error_response("null", protocol(ErrorCode::kParseError, "",
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
      return error_response("null", protocol(ErrorCode::kParseError, e.pointer, e.message));
    }
    return handle_message(*parsed).value_or(std::string());
  } catch (const std::exception& e) {
    return error_response("null", Failure{Error{ErrorCode::kInternal, std::string("internal error: ") + e.what(), "", ""}});
  } catch (...) {
    return error_response("null", Failure{Error{ErrorCode::kInternal, "internal error", "", ""}});
  }
}

std::optional<std::string> Server::handle_message(const Json& message) {
  return answer_message(message, [this](const Json& request) { return handle_request(request); });
}

// One request of a message. A malformed request is answered (with a null id when its id could
// not be read); a well-formed notification is not, and so is not run either: a write nobody hears
// about could not be retried safely, and nothing else has an effect.
std::optional<std::string> Server::handle_request(const Json& request) {
  std::string id = "null";
  try {
    auto call = read_call(request, id);
    if (!call) return error_response(id, Failure{std::move(call).error()});
    if (call->notification) {
      skip_notification(call->method);
      return std::nullopt;
    }
    return dispatch(call->method, call->params, id);
  } catch (const std::exception& e) {
    return error_response(id, Failure{Error{ErrorCode::kInternal, std::string("internal error: ") + e.what(), "", ""}});
  } catch (...) {
    return error_response(id, Failure{Error{ErrorCode::kInternal, "internal error", "", ""}});
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
  Methods m(rules_, store_, scenarios_, failure, limits_);
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
  } else if (method == "statement.get") {
    result = statement_get_method(store_, p);
  } else if (method == "statement.list") {
    result = statement_list_method(store_, p);
  } else if (method == "person.list") {
    result = person_list_method(store_, p);
  } else if (method == "person.erase") {
    result = person_erase_method(store_, p);
  } else {
    return error_response(id, protocol(ErrorCode::kMethodNotFound, "/method",
                                       "unknown method '" + method + "' (expected one of: " + rpc_method_names() + ")"));
  }
  if (result->ok() && result->value().size() > limits_.max_answer_bytes) *result = answer_too_large(limits_);
  if (result->ok()) return response(id, result->value());
  failure.error = std::move(*result).error();
  return error_response(id, failure);
}

}  // namespace caremeter
