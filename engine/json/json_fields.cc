// json_fields.cc — the readers of single values and the messages JsonObject gives.
#include "caremeter/json/json_fields.h"

namespace caremeter {

std::string child_pointer(const std::string& pointer, std::string_view key) {
  return pointer + "/" + json_pointer_token(std::string(key));
}

std::string child_pointer(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

namespace {

// What a value is, for "got …": a number's own text, a string quoted, else its type.
std::string got(const Json& value) {
  if (auto n = json_number_text(value)) return *n;
  if (value.is_string()) return "'" + value.get_ref<const std::string&>() + "'";
  return json_type_name(value);
}

}  // namespace

Result<Money> read_money(const Json& value, const std::string& pointer, MoneyParseOptions options) {
  if (value.is_string()) return read_money_text(value.get_ref<const std::string&>(), pointer, options);
  if (auto n = json_number_text(value)) return read_money_text(*n, pointer, options);
  return invalid_input(pointer, "expected an amount of money as a decimal string such as \"30.15\", got " +
                                    json_type_name(value));
}

Result<Money> read_money_text(std::string_view text, const std::string& pointer, MoneyParseOptions options) {
  // The limit is checked here rather than by parse_money so the message can say what it is.
  MoneyParseOptions unlimited = options;
  unlimited.maximum = Money::pence(std::numeric_limits<int64_t>::max());
  auto m = parse_money(text, unlimited);
  if (!m) return std::move(m).error().under(pointer);
  if (*m > options.maximum) {
    return invalid_input(pointer, "expected an amount of money of at most " + to_string(options.maximum) +
                                      ", got " + to_string(*m));
  }
  return *m;
}

Result<Date> read_date(const Json& value, const std::string& pointer) {
  if (!value.is_string()) {
    return invalid_input(pointer, "expected a date as a string \"YYYY-MM-DD\", got " + json_type_name(value));
  }
  auto d = parse_date(value.get_ref<const std::string&>());
  if (!d) return std::move(d).error().under(pointer);
  return *d;
}

Result<std::string> read_text(const Json& value, const std::string& pointer, std::string_view what) {
  if (!value.is_string()) {
    return invalid_input(pointer, "expected " + std::string(what) + " as a non-empty string, got " +
                                      json_type_name(value));
  }
  const std::string& s = value.get_ref<const std::string&>();
  if (s.empty()) return invalid_input(pointer, "expected " + std::string(what) + " as a non-empty string, got \"\"");
  return s;
}

Result<std::string> read_string(const Json& value, const std::string& pointer, std::string_view what) {
  if (!value.is_string()) {
    return invalid_input(pointer, "expected " + std::string(what) + " as a string, got " + json_type_name(value));
  }
  return value.get_ref<const std::string&>();
}

Result<bool> read_bool(const Json& value, const std::string& pointer) {
  if (!value.is_boolean()) return invalid_input(pointer, "expected true or false, got " + json_type_name(value));
  return value.get<bool>();
}

std::string whole_number_words(int64_t lo, int64_t hi) {
  if (hi == std::numeric_limits<int64_t>::max()) return "a whole number of at least " + std::to_string(lo);
  return "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
}

Result<int64_t> read_whole_number(const Json& value, const std::string& pointer, int64_t lo, int64_t hi) {
  // nlohmann counts unsigned numbers as integers too; those past int64 are refused, not wrapped.
  if (value.is_number_unsigned()) {
    const auto u = value.get<uint64_t>();
    if (hi >= 0 && u <= static_cast<uint64_t>(hi) && static_cast<int64_t>(u) >= lo) return static_cast<int64_t>(u);
  } else if (value.is_number_integer()) {
    const auto i = value.get<int64_t>();
    if (i >= lo && i <= hi) return i;
  }
  auto number = json_number_text(value);
  return invalid_input(pointer, "expected " + whole_number_words(lo, hi) + ", got " +
                                    (number ? *number : json_type_name(value)));
}

Result<const Json*> read_array(const Json& value, const std::string& pointer) {
  if (!value.is_array()) return invalid_input(pointer, "expected an array, got " + json_type_name(value));
  return &value;
}

Error not_a_name(const Json& value, const std::string& pointer, const std::string& names, const char* noun) {
  if (noun != nullptr) {
    if (!value.is_string()) {
      return invalid_input(pointer, "expected one of: " + names + " (a string naming the " + noun + "), got " +
                                        json_type_name(value));
    }
    return invalid_input(pointer, "unknown " + std::string(noun) + " " + got(value) + " (expected one of: " + names +
                                      ")");
  }
  if (!value.is_string()) {
    return invalid_input(pointer, "expected one of: " + names + " (a string), got " + json_type_name(value));
  }
  return invalid_input(pointer, "expected one of: " + names + ", got " + got(value));
}

Status check_known_keys(const Json& object, const std::string& pointer,
                        std::initializer_list<std::string_view> allowed) {
  if (!object.is_object()) return json_fields_detail::not_an_object(object, pointer, "an object");
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool known = false;
    for (std::string_view a : allowed) known = known || a == it.key();
    if (!known) return json_fields_detail::unknown_key(pointer, it.key(), allowed.begin(), allowed.size());
  }
  return ok_status();
}

namespace json_fields_detail {

void not_a_key_of_this_object() {}

std::string key_list(const std::string_view* keys, std::size_t n) {
  std::string list;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) list += ", ";
    list += keys[i];
  }
  return list;
}

Error missing_field(const std::string& pointer, std::string_view key, std::string_view expected) {
  return invalid_input(pointer, "missing required field '" + std::string(key) + "' (expected " + std::string(expected) +
                                    ")");
}

Error not_an_object(const Json& value, const std::string& pointer, std::string_view what) {
  return invalid_input(pointer, "expected " + std::string(what) + ", got " + json_type_name(value));
}

Error unknown_key(const std::string& pointer, const std::string& key, const std::string_view* keys, std::size_t n) {
  return invalid_input(child_pointer(pointer, key),
                       "unknown field '" + key + "' (expected one of: " + key_list(keys, n) + ")");
}

Error not_allowed(const std::string& pointer, std::string_view key, std::string_view why) {
  return invalid_input(pointer, "field '" + std::string(key) + "' is not allowed " + std::string(why));
}

}  // namespace json_fields_detail

}  // namespace caremeter
