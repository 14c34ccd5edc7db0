// rule_values.h — readers shared by the rule-file loader and request scenarios (engine-internal).
//
// A scenario written in a rule file and one sent in a request are read by the same code, so a
// parameter value means the same thing wherever it is written. A value keeps its unit (money,
// percentage, switch or count) from the text it is read from until it is stored in a Timeline.
#pragma once

#include <string>
#include <variant>

#include "caremeter/json/json_io.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter::rule_values {

// One parameter value as read: money, a percentage (in hundredths of a percent), a switch or a
// count, in the order of ParameterKind.
using RuleValue = std::variant<Money, Hundredths, bool, int64_t>;

// One parameter value of `kind`: money and percentages as decimal strings (or, unless
// strings_only, JSON numbers whose source text has at most two decimals), switches as JSON
// booleans, counts as JSON integers. Money and percentages may not be negative; percentages
// may not exceed 100.00.
Result<RuleValue> read_value(const Json& value, ParameterKind kind, const std::string& pointer, bool strings_only);

// The value as a Timeline holds it (DatedValue::value): pence, hundredths of a percent, 0 or
// 1, or the count. The one place a read value loses its type.
int64_t stored_value(const RuleValue& value);

// "confirmed" | "derived" | "illustrative".
Result<SourceStatus> read_status(const Json& value, const std::string& pointer);
// A citation or URL: a string with something other than spaces in it.
Result<std::string> read_source(const Json& value, const std::string& pointer);

// The names a scenario (from a request or a rule file) may change (doc/service.md).
bool scenario_may_change(Param p);
std::string scenario_parameter_names();  // "reform.cap, …" for messages

// A scenario object in a rule file, under its name `name` there: {"description"?,
// "reform_start", "parameters"?, "rate_basis"?}, every value sourced. `rules` need only carry
// the national parameters read so far. Error pointers start with `pointer`.
Result<Scenario> read_rule_file_scenario(const Json& object, const RuleSet& rules, const std::string& name,
                                         const std::string& pointer);
// A scenario object in a request: {"name"?, "base", "reform_start"?, "parameters"?,
// "rate_basis"?, "description"?}, changing the named scenario `base` of `rules`.
Result<Scenario> read_request_scenario(const Json& object, const RuleSet& rules, const std::string& pointer);

}  // namespace caremeter::rule_values
