// scenario_json.cc — scenarios from JSON: a name from the rule set, or an object that changes a
// named scenario (interfaces.md section 4). Scenarios written inside rule files are read here
// too, so a parameter value means the same in a request and in a rule file.
#include <vector>

#include "caremeter/json/json_io.h"
#include "rule_values.h"

namespace caremeter {

namespace {

using rule_values::ScenarioOrigin;

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
  int64_t value = 0;
  std::string source;
  SourceStatus status = SourceStatus::kIllustrative;
};

// A value with, optionally (in a request) or necessarily (in a rule file), its source and
// status. Request values without a source are labelled as coming from the scenario, and as
// illustrative: they are what-if figures, not published ones.
Result<SourcedValue> read_sourced(const Json& holder, const Json& value, ParameterKind kind, bool in_rule_file,
                                  const std::string& default_source, const std::string& pointer,
                                  const std::string& value_pointer) {
  SourcedValue out;
  auto v = rule_values::read_value(value, kind, value_pointer, in_rule_file);
  if (!v) return std::move(v).error();
  out.value = *v;
  out.source = default_source;
  if (holder.is_object() && holder.contains("source")) {
    auto s = rule_values::read_source(holder["source"], pointer + "/source");
    if (!s) return std::move(s).error();
    out.source = *s;
  } else if (in_rule_file) {
    return invalid_input(pointer + "/source", "missing: every value in a rule file names its source");
  }
  if (holder.is_object() && holder.contains("status")) {
    auto s = rule_values::read_status(holder["status"], pointer + "/status");
    if (!s) return std::move(s).error();
    out.status = *s;
  } else if (in_rule_file) {
    return invalid_input(pointer + "/status",
                         "missing: every value in a rule file says whether it is \"confirmed\", \"derived\" or "
                         "\"illustrative\"");
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

Result<Timeline> read_override(const Json& value, Param param, const Scenario& scenario, const RuleSet& rules,
                               bool in_rule_file, const std::string& pointer) {
  const ParamInfo& info = param_info(param);
  const std::string default_source = "scenario '" + scenario.name + "' (" + std::string(info.name) + ")";
  // A plain value holds on every date (for reform.*, from the reform start on).
  auto plain = [&](const SourcedValue& v) {
    DatedValue dv{DateRange{Date::min(), Date::max()}, v.value, v.source, v.status, pointer};
    return Timeline(std::vector<DatedValue>{std::move(dv)}, info.reform);
  };
  if (value.is_object()) {
    Status known = check_known_keys(value, pointer, {"value", "source", "status"});
    if (!known) return std::move(known).error();
    if (!value.contains("value")) return invalid_input(pointer + "/value", "missing: the parameter's value");
    auto v = read_sourced(value, value["value"], info.kind, in_rule_file, default_source, pointer, pointer + "/value");
    if (!v) return std::move(v).error();
    return plain(*v);
  }
  if (!value.is_array()) {
    if (in_rule_file) {
      return invalid_input(pointer, "a value in a rule file names its source: write {\"value\": …, \"source\": …, "
                                    "\"status\": …} or a list of {\"from\", \"value\", \"source\", \"status\"}");
    }
    auto v = read_sourced(Json(), value, info.kind, false, default_source, pointer, pointer);
    if (!v) return std::move(v).error();
    return plain(*v);
  }
  if (value.empty()) {
    return invalid_input(pointer, "an empty list: give at least one {\"from\", \"value\"}, or a plain value");
  }
  // Dated values: each runs from its "from" to the day before the next one's.
  std::vector<DatedValue> own;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const Json& entry = value[i];
    std::string ep = pointer + "/" + std::to_string(i);
    Status known = check_known_keys(entry, ep, {"from", "value", "source", "status"});
    if (!known) return std::move(known).error();
    if (!entry.contains("from")) return invalid_input(ep + "/from", "missing: the date this value starts");
    auto from = read_date(entry["from"], ep + "/from");
    if (!from) return std::move(from).error();
    if (!own.empty() && *from <= own.back().range.first) {
      return invalid_input(ep + "/from", "values must be in date order: " + to_string(*from) +
                                             " is not after the previous value's from, " +
                                             to_string(own.back().range.first));
    }
    if (!entry.contains("value")) return invalid_input(ep + "/value", "missing: the parameter's value");
    auto v = read_sourced(entry, entry["value"], info.kind, in_rule_file, default_source, ep, ep + "/value");
    if (!v) return std::move(v).error();
    if (!own.empty()) own.back().range.last = from->prev();
    own.push_back(DatedValue{DateRange{*from, Date::max()}, v->value, v->source, v->status, ep});
  }
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
  return Timeline(std::move(merged), false);
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
        return invalid_input(pointer + "/parameters/" + json_pointer_token(std::string(param_info(changed).name)),
                             "the lower capital limit (" + to_string(Money::pence(l->value)) +
                                 ") would be above the upper capital limit (" + to_string(Money::pence(u->value)) +
                                 ") from " + to_string(dv.range.first));
      }
    }
  }
  return ok_status();
}

}  // namespace

namespace rule_values {

Result<Scenario> read_scenario(const Json& object, const RuleSet& rules, const std::string& name,
                               ScenarioOrigin origin, const std::string& pointer) {
  const bool in_rule_file = origin == ScenarioOrigin::kRuleFile;
  Status known = in_rule_file
                     ? check_known_keys(object, pointer, {"description", "reform_start", "parameters", "rate_basis"})
                     : check_known_keys(object, pointer,
                                        {"name", "base", "reform_start", "parameters", "rate_basis", "description"});
  if (!known) return std::move(known).error();

  Scenario out;
  if (in_rule_file) {
    out.name = name;
    if (!object.contains("reform_start")) {
      return invalid_input(pointer + "/reform_start",
                           "missing: the date the reform starts in this scenario, or null for current law");
    }
  } else {
    if (!object.contains("base")) {
      return invalid_input(pointer + "/base", "missing: the named scenario this one changes (one of: " +
                                                  scenario_names(rules) + ")");
    }
    const Json& base = object["base"];
    if (!base.is_string()) {
      return invalid_input(pointer + "/base", "expected the name of a scenario (one of: " + scenario_names(rules) +
                                                  "), got " + json_type_name(base));
    }
    const std::string& base_name = base.get_ref<const std::string&>();
    const Scenario* found = rules.scenario(base_name);
    if (!found) return unknown_scenario(rules, base_name, pointer + "/base");
    out = *found;
    out.base = base_name;
    out.name = base_name + "+custom";
    out.description = "'" + base_name + "' with changes";
    if (object.contains("name")) {
      const Json& n = object["name"];
      if (!n.is_string() || n.get_ref<const std::string&>().empty()) {
        return invalid_input(pointer + "/name", "expected a non-empty name for the scenario, got " +
                                                    (n.is_string() ? std::string("an empty string") : json_type_name(n)));
      }
      if (rules.scenario(n.get_ref<const std::string&>())) {
        return invalid_input(pointer + "/name", "'" + n.get<std::string>() +
                                                    "' already names a scenario of the rule set; choose another name "
                                                    "so results are not mistaken for it");
      }
      out.name = n.get<std::string>();
    }
  }

  if (object.contains("reform_start")) {
    const Json& rs = object["reform_start"];
    if (rs.is_null()) {
      out.reform_start.reset();
    } else {
      auto d = read_date(rs, pointer + "/reform_start");
      if (!d) return std::move(d).error();
      out.reform_start = *d;
    }
  }
  if (object.contains("rate_basis")) {
    const Json& rb = object["rate_basis"];
    if (rb.is_string() && rb.get_ref<const std::string&>() == "usual") {
      out.rate_basis = RateBasis::kUsual;
    } else if (rb.is_string() && rb.get_ref<const std::string&>() == "fair_cost_of_care") {
      out.rate_basis = RateBasis::kFairCostOfCare;
    } else {
      return invalid_input(pointer + "/rate_basis",
                           "expected \"usual\" or \"fair_cost_of_care\", got " +
                               (rb.is_string() ? "\"" + rb.get<std::string>() + "\"" : json_type_name(rb)));
    }
  }
  if (object.contains("description")) {
    const Json& d = object["description"];
    if (!d.is_string()) return invalid_input(pointer + "/description", "expected a string, got " + json_type_name(d));
    out.description = d.get<std::string>();
  }

  if (object.contains("parameters")) {
    const Json& params = object["parameters"];
    std::string pp = pointer + "/parameters";
    if (!params.is_object()) {
      return invalid_input(pp, "expected an object of parameter name to value, got " + json_type_name(params));
    }
    std::map<Param, Timeline> changed;
    for (auto it = params.begin(); it != params.end(); ++it) {
      std::string vp = pp + "/" + json_pointer_token(it.key());
      auto param = param_by_name(it.key());
      if (!param) {
        return invalid_input(vp, "unknown parameter '" + it.key() + "' (a scenario may change: " +
                                     scenario_parameter_names() + ")");
      }
      if (!scenario_may_change(*param)) {
        return invalid_input(vp, "'" + it.key() + "' cannot be changed by a scenario (a scenario may change: " +
                                     scenario_parameter_names() + ")");
      }
      if (param_info(*param).reform && !out.reform_start) {
        return invalid_input(vp, "'" + it.key() +
                                     "' is a reform parameter, but this scenario has no reform (reform_start is "
                                     "null): give a reform_start date or leave the parameter out");
      }
      auto timeline = read_override(it.value(), *param, out, rules, in_rule_file, vp);
      if (!timeline) return std::move(timeline).error();
      changed[*param] = std::move(*timeline);
    }
    // Read against the base's overrides first, then replace: these win.
    for (auto& [p, t] : changed) out.overrides[p] = std::move(t);
    if (Status limits = check_capital_limits(out, rules, pointer); !limits) return std::move(limits).error();
  }
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
  if (value.is_object()) {
    return rule_values::read_scenario(value, rules, "", ScenarioOrigin::kRequest, pointer);
  }
  return invalid_input(pointer, "expected a scenario name (one of: " + scenario_names(rules) +
                                    ") or an object {\"base\", \"reform_start\"?, \"parameters\"?}, got " +
                                    json_type_name(value));
}

}  // namespace caremeter
