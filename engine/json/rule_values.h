// rule_values.h — readers shared by the rule-file loader and request scenarios (engine-internal).
//
// A scenario written in a rule file and one sent in a request are read by the same code, so a
// parameter value means the same thing wherever it is written.
#pragma once

#include <string>

#include "caremeter/json/json_io.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter::rule_values {

// One parameter value of `kind`: money and percentages as decimal strings (or, unless
// strings_only, JSON numbers whose source text has at most two decimals), switches as JSON
// booleans, counts as JSON integers. Money and percentages may not be negative; percentages
// may not exceed 100.00.
Result<int64_t> read_value(const Json& value, ParameterKind kind, const std::string& pointer, bool strings_only);

// "confirmed" | "derived" | "illustrative".
Result<SourceStatus> read_status(const Json& value, const std::string& pointer);
// A citation or URL: a string with something other than spaces in it.
Result<std::string> read_source(const Json& value, const std::string& pointer);

// The names a scenario (from a request or a rule file) may change: interfaces.md section 4.
bool scenario_may_change(Param p);
std::string scenario_parameter_names();  // "reform.cap, …" for messages

enum class ScenarioOrigin {
  kRequest,   // {"name"?, "base", "reform_start"?, "parameters"?, "rate_basis"?, "description"?}
  kRuleFile,  // {"description"?, "reform_start", "parameters"?, "rate_basis"?}; values sourced
};

// Reads a scenario object. For kRuleFile, `name` is the scenario's key in the file and `rules`
// need only carry the national parameters read so far; for kRequest, `name` is ignored and the
// base scenario is looked up in `rules`. Error pointers start with `pointer`.
Result<Scenario> read_scenario(const Json& object, const RuleSet& rules, const std::string& name,
                               ScenarioOrigin origin, const std::string& pointer);

}  // namespace caremeter::rule_values
