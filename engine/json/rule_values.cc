// rule_values.cc — reading one parameter value, its source and its status (shared by the
// rule-file loader and request scenarios). The scenario readers live in scenario_json.cc.
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

static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(ParameterKind::kMoney), RuleValue>, Money>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(ParameterKind::kPercent), RuleValue>,
                             Hundredths>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(ParameterKind::kBoolean), RuleValue>, bool>);
static_assert(std::is_same_v<std::variant_alternative_t<static_cast<std::size_t>(ParameterKind::kCount), RuleValue>, int64_t>);

// A percentage from 0.00 to 100.00.
constexpr Hundredths kHundredPercent{100'00};

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

Result<RuleValue> read_percentage(const Json& value, const std::string& pointer, bool strings_only) {
  ASSIGN_OR_RETURN(std::string text, decimal_text(value, pointer, strings_only, "a percentage", "100.00"));
  auto h = parse_hundredths(text, kHundredPercent);
  if (!h) {
    return invalid_input(pointer, "expected a percentage from 0 to 100 with at most two decimals (e.g. \"100.00\"), got \"" +
                                      text + "\"");
  }
  return RuleValue(*h);
}

}  // namespace

Result<RuleValue> read_value(const Json& value, ParameterKind kind, const std::string& pointer, bool strings_only) {
  switch (kind) {
    case ParameterKind::kMoney: {
      ASSIGN_OR_RETURN(std::string text, decimal_text(value, pointer, strings_only, "an amount of money", "30.15"));
      ASSIGN_OR_RETURN(Money money, read_money_text(text, pointer));
      return RuleValue(money);
    }
    case ParameterKind::kPercent:
      return read_percentage(value, pointer, strings_only);
    case ParameterKind::kBoolean: {
      ASSIGN_OR_RETURN(bool b, read_bool(value, pointer));
      return RuleValue(b);
    }
    case ParameterKind::kCount: {
      ASSIGN_OR_RETURN(int64_t n, read_whole_number(value, pointer, 0));
      return RuleValue(n);
    }
  }
  return Error{ErrorCode::kInternal, "unknown kind of parameter", pointer, {}};
}

int64_t stored_value(const RuleValue& value) {
  struct Raw {
    int64_t operator()(Money m) const { return m.in_pence(); }
    int64_t operator()(Hundredths h) const { return h.value; }
    int64_t operator()(bool b) const { return b ? 1 : 0; }
    int64_t operator()(int64_t n) const { return n; }
  };
  return std::visit(Raw{}, value);
}

Result<SourceStatus> read_status(const Json& value, const std::string& pointer) {
  if (value.is_string()) {
    if (auto s = kSourceStatusNames.find(value.get_ref<const std::string&>())) return *s;
  }
  const std::string got = value.is_string() ? "\"" + value.get<std::string>() + "\"" : json_type_name(value);
  return invalid_input(pointer, "expected " + kSourceStatusNames.alternatives() + ", got " + got);
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
