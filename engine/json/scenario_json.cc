// scenario_json.cc — scenarios from JSON: a name from the rule set, or an object that changes a
// named scenario (doc/service.md). Scenarios written inside rule files are read here too, so a
// parameter value means the same in a request and in a rule file.
#include <vector>

#include "caremeter/json/json_fields.h"
#include "caremeter/json/json_io.h"
#include "rule_values.h"

namespace caremeter {

namespace {

using rule_values::RuleValue;

struct RequestScenarioKeys {
  static constexpr std::array<std::string_view, 7> kKeys{"name",       "base",        "reform_start", "parameters",
                                                         "rate_basis", "description", "projection"};
};
struct RuleFileScenarioKeys {
  static constexpr std::array<std::string_view, 5> kKeys{"description", "reform_start", "parameters", "rate_basis",
                                                         "projection"};
};
// A scenario's uprating assumptions: yearly percentages, and where they come from.
struct ProjectionKeys {
  static constexpr std::array<std::string_view, 6> kKeys{"national_figures", "council_rates", "fees",
                                                         "incomes",          "cap_and_dlc",   "source"};
};
// A parameter's value with its source: {"value", "source"?, "status"?}.
struct SourcedValueKeys {
  static constexpr std::array<std::string_view, 3> kKeys{"value", "source", "status"};
};
// One of a parameter's dated values: {"from", "value", "source"?, "status"?}.
struct DatedValueKeys {
  static constexpr std::array<std::string_view, 4> kKeys{"from", "value", "source", "status"};
};

std::string scenario_names(const RuleSet& rules) {
  std::string out;
  for (const auto& [name, s] : rules.scenarios) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out.empty() ? "none" : out;
}

Error unknown_scenario(const RuleSet& rules, const std::string& name, const std::string& pointer) {
  return Error{ErrorCode::kUnknownRules,
               "unknown scenario '" + name + "' (rule set " + rules.ref.id + " " + rules.ref.version +
                   " has: " + scenario_names(rules) + ")",
               pointer, {}};
}

struct SourcedValue {
  RuleValue value;
  std::string source;
  SourceStatus status = SourceStatus::kIllustrative;
};

// Where a parameter value is read and what it may leave out: in a rule file every value names
// its source and status; in a request they default to the scenario and "illustrative" (what-if
// figures, not published ones).
struct ValueContext {
  ParameterKind kind;
  bool in_rule_file;
  std::string default_source;
};

// A value written alone ("86000.00"): from the scenario, illustrative.
Result<SourcedValue> read_plain(const Json& value, const std::string& pointer, const ValueContext& context) {
  SourcedValue out;
  ASSIGN_OR_RETURN(out.value, rule_values::read_value(value, context.kind, pointer, context.in_rule_file));
  out.source = context.default_source;
  return out;
}

// A value in an object that may give its source and status ({"value", "source", "status"} or a
// dated value), which a rule file must give.
template <class Keys>
Result<SourcedValue> read_sourced(const JsonObject<Keys>& holder, const ValueContext& context) {
  ASSIGN_OR_RETURN(const Json* value, holder.required("value", "the parameter's value"));
  ASSIGN_OR_RETURN(SourcedValue out, read_plain(*value, holder.pointer_to("value"), context));
  if (holder.has("source")) {
    ASSIGN_OR_RETURN(out.source, rule_values::read_source(*holder.find("source"), holder.pointer_to("source")));
  } else if (context.in_rule_file) {
    return holder.required("source", "the value's source (a citation or URL): every value in a rule file names "
                                     "its source").error();
  }
  if (holder.has("status")) {
    ASSIGN_OR_RETURN(out.status, rule_values::read_status(*holder.find("status"), holder.pointer_to("status")));
  } else if (context.in_rule_file) {
    return holder.required("status", kSourceStatusNames.alternatives() + ": every value in a rule file says which "
                                     "it is").error();
  }
  return out;
}

// What applied before a scenario's own dated values begin: the base scenario's override, else
// the rule set's timeline, with a from-reform-start value placed at this scenario's start.
std::vector<DatedValue> prior_values(const Timeline& prior, std::optional<Date> reform_start) {
  if (!prior.from_reform_start()) return prior.values();
  std::vector<DatedValue> out;
  if (!reform_start || prior.empty()) return out;
  DatedValue v = prior.values().front();
  v.range = DateRange{*reform_start, Date::max()};
  out.push_back(std::move(v));
  return out;
}

// Dated values: [{"from", "value", …}, …], each running from its "from" to the day before the
// next one's.
Result<std::vector<DatedValue>> read_dated(const Json& list, const ValueContext& context, const std::string& pointer) {
  if (list.empty()) {
    return invalid_input(pointer, "an empty list: give at least one {\"from\", \"value\"}, or a plain value");
  }
  std::vector<DatedValue> own;
  for (std::size_t i = 0; i < list.size(); ++i) {
    ASSIGN_OR_RETURN(auto entry, JsonObject<DatedValueKeys>::open(list[i], child_pointer(pointer, i)));
    ASSIGN_OR_RETURN(const Json* from_value, entry.required("from", "the date this value starts"));
    ASSIGN_OR_RETURN(Date from, read_date(*from_value, entry.pointer_to("from")));
    if (!own.empty() && from <= own.back().range.first) {
      return invalid_input(entry.pointer_to("from"), "values must be in date order: " + to_string(from) +
                                                         " is not after the previous value's from, " +
                                                         to_string(own.back().range.first));
    }
    ASSIGN_OR_RETURN(SourcedValue v, read_sourced(entry, context));
    if (!own.empty()) own.back().range.last = from.prev();
    own.push_back(DatedValue{DateRange{from, Date::max()}, rule_values::stored_value(v.value), v.source, v.status,
                             entry.pointer()});
  }
  return own;
}

Result<Timeline> read_override(const Json& value, Param param, const Scenario& scenario, const RuleSet& rules,
                               bool in_rule_file, const std::string& pointer) {
  const ParamInfo& info = param_info(param);
  const ValueContext context{info.kind, in_rule_file,
                             "scenario '" + scenario.name + "' (" + std::string(info.name) + ")"};
  // A plain value holds on every date (for reform.*, from the reform start on).
  auto plain = [&](const SourcedValue& v) {
    DatedValue dv{DateRange{Date::min(), Date::max()}, rule_values::stored_value(v.value), v.source, v.status, pointer};
    return Timeline(std::vector<DatedValue>{std::move(dv)}, info.reform);
  };
  if (value.is_object()) {
    ASSIGN_OR_RETURN(auto holder, JsonObject<SourcedValueKeys>::open(value, pointer));
    ASSIGN_OR_RETURN(SourcedValue sourced, read_sourced(holder, context));
    return plain(sourced);
  }
  if (!value.is_array()) {
    if (in_rule_file) {
      return invalid_input(pointer, "a value in a rule file names its source: write {\"value\": …, \"source\": …, "
                                    "\"status\": …} or a list of {\"from\", \"value\", \"source\", \"status\"}");
    }
    ASSIGN_OR_RETURN(SourcedValue sourced, read_plain(value, pointer, context));
    return plain(sourced);
  }
  ASSIGN_OR_RETURN(std::vector<DatedValue> own, read_dated(value, context, pointer));
  // Before the first "from", what the base scenario (or the rule set) said still holds.
  auto base_it = scenario.overrides.find(param);
  const Timeline& prior = base_it != scenario.overrides.end() ? base_it->second : rules[param];
  Date first = own.front().range.first;
  std::vector<DatedValue> merged;
  for (DatedValue dv : prior_values(prior, scenario.reform_start)) {
    if (dv.range.first >= first) break;
    if (dv.range.last >= first) dv.range.last = first.prev();
    merged.push_back(std::move(dv));
  }
  for (auto& dv : own) merged.push_back(std::move(dv));
  Timeline out(std::move(merged), false);
  out.set_review(prior.review(), prior.review_days());
  out.set_rounded_to(prior.rounded_to());
  // Days the rule file does not know the figure for stay unpublished until the scenario's own
  // first value, which it gives for every day from then.
  if (prior.has_unpublished() && prior.known_to() < first) out.set_known_to(prior.known_to(), first);
  return out;
}

// A lower capital limit above the upper one on some day describes no means test (no one would
// pay tariff income): refused, naming the parameter the scenario changed and the first such day.
Status check_capital_limits(const Scenario& scenario, const RuleSet& rules, const std::string& pointer) {
  const std::pair<Param, Param> pairs[] = {{Param::kLowerCapitalLimit, Param::kUpperCapitalLimit},
                                           {Param::kReformLowerCapitalLimit, Param::kReformUpperCapitalLimit}};
  for (const auto& [lower, upper] : pairs) {
    auto lower_it = scenario.overrides.find(lower);
    auto upper_it = scenario.overrides.find(upper);
    if (lower_it == scenario.overrides.end() && upper_it == scenario.overrides.end()) continue;
    const Timeline lo(prior_values(lower_it != scenario.overrides.end() ? lower_it->second : rules[lower], scenario.reform_start));
    const Timeline up(prior_values(upper_it != scenario.overrides.end() ? upper_it->second : rules[upper], scenario.reform_start));
    const Param changed = lower_it != scenario.overrides.end() ? lower : upper;
    for (const Timeline* t : {&lo, &up}) {
      for (const DatedValue& dv : t->values()) {
        const DatedValue* l = lo.at(dv.range.first);
        const DatedValue* u = up.at(dv.range.first);
        if (l == nullptr || u == nullptr || l->value <= u->value) continue;
        return invalid_input(child_pointer(pointer, std::string(param_info(changed).name)),
                             "the lower capital limit (" + to_string(Money::pence(l->value)) +
                                 ") would be above the upper capital limit (" + to_string(Money::pence(u->value)) +
                                 ") from " + to_string(dv.range.first));
      }
    }
  }
  return ok_status();
}

// The parameters a scenario changes: {name: value, …}, read against the base's overrides first.
Status read_parameters(const Json& params, const RuleSet& rules, bool in_rule_file, const std::string& pointer,
                       Scenario& out) {
  if (!params.is_object()) {
    return invalid_input(pointer, "expected an object of parameter name to value, got " + json_type_name(params));
  }
  std::map<Param, Timeline> changed;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string vp = child_pointer(pointer, it.key());
    auto param = param_by_name(it.key());
    if (!param) {
      return invalid_input(vp, "unknown parameter '" + it.key() + "' (a scenario may change: " +
                                   rule_values::scenario_parameter_names() + ")");
    }
    if (!rule_values::scenario_may_change(*param)) {
      return invalid_input(vp, "'" + it.key() + "' cannot be changed by a scenario (a scenario may change: " +
                                   rule_values::scenario_parameter_names() + ")");
    }
    if (param_info(*param).reform && !out.reform_start) {
      return invalid_input(vp, "'" + it.key() +
                                   "' is a reform parameter, but this scenario has no reform (reform_start is "
                                   "null): give a reform_start date or leave the parameter out");
    }
    ASSIGN_OR_RETURN(changed[*param], read_override(it.value(), *param, out, rules, in_rule_file, vp));
  }
  // These win over the base's.
  for (auto& [p, t] : changed) out.overrides[p] = std::move(t);
  return check_capital_limits(out, rules, pointer);
}

// One yearly percentage of a projection ("2.00": two per cent a year).
Result<Hundredths> read_percent_a_year(const Json& value, const std::string& pointer, bool in_rule_file) {
  ASSIGN_OR_RETURN(auto v, rule_values::read_value(value, ParameterKind::kPercent, pointer, in_rule_file));
  return std::get<Hundredths>(v);
}

// "incomes": one percentage for every income type, or {type: percentage} (types left out are
// not uprated).
Status read_incomes(const Json& value, const std::string& pointer, bool in_rule_file, Projection& out) {
  if (!value.is_object()) {
    ASSIGN_OR_RETURN(Hundredths all, read_percent_a_year(value, pointer, in_rule_file));
    out.incomes.fill(all);
    return ok_status();
  }
  out.incomes.fill(std::nullopt);
  for (auto it = value.begin(); it != value.end(); ++it) {
    const std::string tp = child_pointer(pointer, it.key());
    auto type = kIncomeTypeNames.find(it.key());
    if (!type) return invalid_input(tp, "unknown income type '" + it.key() + "' (" + kIncomeTypeNames.list(", ") + ")");
    ASSIGN_OR_RETURN(out.incomes[static_cast<std::size_t>(*type)], read_percent_a_year(it.value(), tp, in_rule_file));
  }
  return ok_status();
}

// "projection": {"national_figures"?, "council_rates"?, "fees"?, "incomes"?, "cap_and_dlc"?,
// "source"?} laid over the base's (a key given replaces the base's; null removes them all). A
// rule file's names its source.
Status read_projection(const Json& value, const std::string& pointer, bool in_rule_file, Scenario& out) {
  if (value.is_null() && !in_rule_file) {
    out.projection.reset();
    return ok_status();
  }
  ASSIGN_OR_RETURN(auto f, JsonObject<ProjectionKeys>::open(value, pointer));
  Projection p = out.projection.value_or(Projection{});
  using Key = JsonObject<ProjectionKeys>::Key;
  auto yearly = [&](Key key, std::optional<Hundredths>& field) -> Status {
    if (const Json* v = f.find(key)) {
      ASSIGN_OR_RETURN(Hundredths pct, read_percent_a_year(*v, f.pointer_to(key), in_rule_file));
      field = pct;
    }
    return ok_status();
  };
  RETURN_IF_ERROR(yearly("national_figures", p.national_figures));
  RETURN_IF_ERROR(yearly("council_rates", p.council_rates));
  RETURN_IF_ERROR(yearly("fees", p.fees));
  RETURN_IF_ERROR(yearly("cap_and_dlc", p.cap_and_dlc));
  if (const Json* incomes = f.find("incomes")) {
    RETURN_IF_ERROR(read_incomes(*incomes, f.pointer_to("incomes"), in_rule_file, p));
  }
  if (const Json* source = f.find("source")) {
    ASSIGN_OR_RETURN(p.source, rule_values::read_source(*source, f.pointer_to("source")));
  } else if (in_rule_file) {
    return f.required("source", "where the assumptions come from: a named scenario's projection is documented")
        .error();
  } else {
    p.source = out.projection ? out.projection->source + "; changed by the request" : "the request's own assumptions";
  }
  out.projection = std::move(p);
  return ok_status();
}

// The fields a scenario in a request and one in a rule file share.
template <class Keys>
Status read_scenario_fields(const JsonObject<Keys>& f, const RuleSet& rules, bool in_rule_file, Scenario& out) {
  if (const Json* start = f.find("reform_start")) {
    if (start->is_null()) {
      out.reform_start.reset();
    } else {
      ASSIGN_OR_RETURN(out.reform_start, read_date(*start, f.pointer_to("reform_start")));
    }
  }
  ASSIGN_OR_RETURN(auto basis, f.optional_name("rate_basis", kRateBasisNames));
  if (basis) out.rate_basis = *basis;
  ASSIGN_OR_RETURN(auto description, f.optional_string("description", "a description"));
  if (description) out.description = std::move(*description);
  if (const Json* params = f.find("parameters")) {
    RETURN_IF_ERROR(read_parameters(*params, rules, in_rule_file, f.pointer_to("parameters"), out));
  }
  if (const Json* projection = f.find("projection")) {
    RETURN_IF_ERROR(read_projection(*projection, f.pointer_to("projection"), in_rule_file, out));
  }
  return ok_status();
}

// The scenario a request's scenario object changes, under the name the request gives it.
Result<Scenario> request_base(const JsonObject<RequestScenarioKeys>& f, const RuleSet& rules) {
  ASSIGN_OR_RETURN(const Json* base,
                   f.required("base", "the named scenario this one changes (one of: " + scenario_names(rules) + ")"));
  if (!base->is_string()) {
    return invalid_input(f.pointer_to("base"), "expected the name of a scenario (one of: " + scenario_names(rules) +
                                                   "), got " + json_type_name(*base));
  }
  const std::string& base_name = base->get_ref<const std::string&>();
  const Scenario* found = rules.scenario(base_name);
  if (!found) return unknown_scenario(rules, base_name, f.pointer_to("base"));
  Scenario out = *found;
  out.base = base_name;
  out.name = base_name + "+custom";
  out.description = "'" + base_name + "' with changes";
  if (const Json* n = f.find("name")) {
    if (!n->is_string() || n->get_ref<const std::string&>().empty()) {
      return invalid_input(f.pointer_to("name"), "expected a non-empty name for the scenario, got " +
                                                     (n->is_string() ? std::string("an empty string") : json_type_name(*n)));
    }
    if (rules.scenario(n->get_ref<const std::string&>())) {
      return invalid_input(f.pointer_to("name"), "'" + n->get<std::string>() +
                                                     "' already names a scenario of the rule set; choose another name "
                                                     "so results are not mistaken for it");
    }
    out.name = n->get<std::string>();
  }
  return out;
}

}  // namespace

namespace rule_values {

Result<Scenario> read_request_scenario(const Json& object, const RuleSet& rules, const std::string& pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<RequestScenarioKeys>::open(object, pointer));
  ASSIGN_OR_RETURN(Scenario out, request_base(f, rules));
  RETURN_IF_ERROR(read_scenario_fields(f, rules, false, out));
  return out;
}

Result<Scenario> read_rule_file_scenario(const Json& object, const RuleSet& rules, const std::string& name,
                                         const std::string& pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<RuleFileScenarioKeys>::open(object, pointer));
  Scenario out;
  out.name = name;
  RETURN_IF_ERROR(f.required("reform_start", "the date the reform starts in this scenario, or null for current law"));
  RETURN_IF_ERROR(read_scenario_fields(f, rules, true, out));
  return out;
}

}  // namespace rule_values

Result<Scenario> scenario_from_json(const Json& value, const RuleSet& rules, const std::string& pointer) {
  if (value.is_string()) {
    const std::string& name = value.get_ref<const std::string&>();
    const Scenario* found = rules.scenario(name);
    if (!found) return unknown_scenario(rules, name, pointer);
    return *found;
  }
  if (value.is_object()) return rule_values::read_request_scenario(value, rules, pointer);
  return invalid_input(pointer, "expected a scenario name (one of: " + scenario_names(rules) +
                                    ") or an object {\"base\", \"reform_start\"?, \"parameters\"?}, got " +
                                    json_type_name(value));
}

}  // namespace caremeter
