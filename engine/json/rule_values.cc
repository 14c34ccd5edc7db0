// rule_values.cc — reading one parameter value, its source and its status (shared by the
// rule-file loader and request scenarios). read_scenario lives in scenario_json.cc.
#include "rule_values.h"

#include <cctype>
#include <cstdint>

namespace caremeter::rule_values {

namespace {

constexpr Param kScenarioParams[] = {
    Param::kReformCap,
    Param::kReformUpperCapitalLimit,
    Param::kReformLowerCapitalLimit,
    Param::kReformDailyLivingCosts,
    Param::kReformMeterFullCost,
    Param::kReformUprateAccruedWithCap,
    Param::kUpperCapitalLimit,
    Param::kLowerCapitalLimit,
    Param::kPersonalExpensesAllowance,
};

// The decimal text of a money or percentage value, or an error saying what was expected.
Result<std::string> decimal_text(const Json& value, const std::string& pointer, bool strings_only,
                                 const char* what, const char* example) {
  if (value.is_string()) return value.get<std::string>();
  auto number = json_number_text(value);
  if (number && !strings_only) return *number;
  std::string got = json_type_name(value);
  std::string message = std::string("expected ") + what + " as a decimal string such as \"" + example + "\", got " + got;
  if (number) message += " (rule files write numbers as strings so they are read exactly)";
  return invalid_input(pointer, std::move(message));
}

}  // namespace

Result<int64_t> read_value(const Json& value, ParameterKind kind, const std::string& pointer, bool strings_only) {
  switch (kind) {
    case ParameterKind::kMoney: {
      auto text = decimal_text(value, pointer, strings_only, "an amount of money", "30.15");
      if (!text) return std::move(text).error();
      auto money = read_money(Json(*text), pointer);
      if (!money) return std::move(money).error();
      return money->in_pence();
    }
    case ParameterKind::kPercent: {
      auto text = decimal_text(value, pointer, strings_only, "a percentage", "100.00");
      if (!text) return std::move(text).error();
      auto h = parse_hundredths(*text, Hundredths{100'00});
      if (!h) {
        return invalid_input(pointer, "expected a percentage from 0 to 100 with at most two decimals (e.g. \"100.00\"), got \"" +
                                          *text + "\"");
      }
      return h->value;
    }
    case ParameterKind::kBoolean:
      if (!value.is_boolean()) {
        return invalid_input(pointer, "expected true or false, got " + json_type_name(value));
      }
      return value.get<bool>() ? 1 : 0;
    case ParameterKind::kCount:
      if (value.is_number_unsigned()) {
        auto n = value.get<std::uint64_t>();
        if (n <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<int64_t>(n);
      }
      if (value.is_number_integer() && value.get<int64_t>() >= 0) return value.get<int64_t>();
      return invalid_input(pointer, "expected a whole number of at least 0, got " + json_type_name(value));
  }
  return invalid_input(pointer, "unknown kind of parameter");
}

Result<SourceStatus> read_status(const Json& value, const std::string& pointer) {
  if (value.is_string()) {
    const auto& s = value.get_ref<const std::string&>();
    if (s == "confirmed") return SourceStatus::kConfirmed;
    if (s == "derived") return SourceStatus::kDerived;
    if (s == "illustrative") return SourceStatus::kIllustrative;
    return invalid_input(pointer, "expected \"confirmed\", \"derived\" or \"illustrative\", got \"" + s + "\"");
  }
  return invalid_input(pointer, "expected \"confirmed\", \"derived\" or \"illustrative\", got " + json_type_name(value));
}

Result<std::string> read_source(const Json& value, const std::string& pointer) {
  if (!value.is_string()) {
    return invalid_input(pointer, "expected the value's source (a citation or URL) as a string, got " +
                                      json_type_name(value));
  }
  const auto& s = value.get_ref<const std::string&>();
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) return s;
  }
  return invalid_input(pointer, "the source is empty: cite where the figure comes from (a citation or URL)");
}

bool scenario_may_change(Param p) {
  for (Param q : kScenarioParams) {
    if (q == p) return true;
  }
  return false;
}

std::string scenario_parameter_names() {
  std::string out;
  for (Param q : kScenarioParams) {
    if (!out.empty()) out += ", ";
    out += param_info(q).name;
  }
  return out;
}

}  // namespace caremeter::rule_values
