// json_fields.h — reading the fields of a JSON document, the one way every reader does it
// (the person document, scenarios, rule files and JSON-RPC requests).
//
// JsonObject<Keys> opens an object whose keys are listed in Keys::kKeys: it refuses any other
// key, and asking it for a field that is not listed does not compile. Each typed read (text,
// date, money, switch, whole number, a name from a NameTable, a list of records) names the
// field's JSON Pointer and what was expected in every error, and a required field that is
// absent is "missing required field 'k' (expected …)".
#pragma once

#include <nlohmann/json.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/names.h"
#include "caremeter/model/status.h"

namespace caremeter {

using Json = nlohmann::json;

// For a value produced by parse_json_strict: the exact source text when it is a number
// (integers included), or nullopt.
std::optional<std::string> json_number_text(const Json& value);
// "a string", "a number", … for messages; and a key escaped as a JSON Pointer token.
std::string json_type_name(const Json& value);
std::string json_pointer_token(const std::string& key);
// pointer + "/" + the escaped key, or + "/" + the index.
std::string child_pointer(const std::string& pointer, std::string_view key);
std::string child_pointer(const std::string& pointer, std::size_t index);

// ---- One value, at `pointer` ---------------------------------------------------------------

// Money: a decimal string, or a JSON number whose source text has at most two decimals. Above
// options.maximum is "expected an amount of money of at most …".
Result<Money> read_money(const Json& value, const std::string& pointer, MoneyParseOptions options = {});
// The same for money already taken out of its JSON value as text.
Result<Money> read_money_text(std::string_view text, const std::string& pointer, MoneyParseOptions options = {});
// A date "YYYY-MM-DD".
Result<Date> read_date(const Json& value, const std::string& pointer);
// A non-empty string; `what` names it in the message ("the person's id").
Result<std::string> read_text(const Json& value, const std::string& pointer, std::string_view what);
// Any string, the empty one too ("a description").
Result<std::string> read_string(const Json& value, const std::string& pointer, std::string_view what);
// true or false (never "true", 1 or null).
Result<bool> read_bool(const Json& value, const std::string& pointer);
// A whole number in [lo, hi]; "2", 1.5, 1e0 and true are refused rather than converted.
Result<int64_t> read_whole_number(const Json& value, const std::string& pointer, int64_t lo,
                                  int64_t hi = std::numeric_limits<int64_t>::max());
// "a whole number from lo to hi" (or "of at least lo" when hi is the largest), for messages.
std::string whole_number_words(int64_t lo, int64_t hi);
// An array (the value itself, to read its elements).
Result<const Json*> read_array(const Json& value, const std::string& pointer);

// The error for a value that is not one of `names` ("a, b, c"): "expected one of: a, b, c, got
// 'x'"; with a noun, "unknown <noun> 'x' (expected one of: a, b, c)".
Error not_a_name(const Json& value, const std::string& pointer, const std::string& names, const char* noun);

// One of the names of a table.
template <class E, std::size_t N>
Result<E> read_name(const Json& value, const std::string& pointer, const NameTable<E, N>& names,
                    const char* noun = nullptr) {
  if (value.is_string()) {
    if (auto e = names.find(value.get_ref<const std::string&>())) return *e;
  }
  return not_a_name(value, pointer, names.list(), noun);
}

// Every element of an array, each read by `read(element, its pointer)`.
template <class T, class Reader>
Result<std::vector<T>> read_records(const Json& value, const std::string& pointer, Reader read) {
  auto array = read_array(value, pointer);
  if (!array) return std::move(array).error();
  std::vector<T> out;
  out.reserve((*array)->size());
  for (std::size_t i = 0; i < (*array)->size(); ++i) {
    auto item = read((**array)[i], child_pointer(pointer, i));
    if (!item) return std::move(item).error();
    out.push_back(std::move(item).value());
  }
  return out;
}

// Refuses any key of `object` not in `allowed`, naming it; for objects whose allowed keys
// depend on what else they hold. JsonObject does this for a fixed list of keys.
Status check_known_keys(const Json& object, const std::string& pointer,
                        std::initializer_list<std::string_view> allowed);

// ---- An object with a fixed list of keys --------------------------------------------------

namespace json_fields_detail {
// Called only while compiling a JsonObject::Key that is not a key of its object, so that
// asking for such a field is a compile error rather than a field never found.
void not_a_key_of_this_object();
std::string key_list(const std::string_view* keys, std::size_t n);
Error missing_field(const std::string& pointer, std::string_view key, std::string_view expected);
Error not_an_object(const Json& value, const std::string& pointer, std::string_view what);
Error unknown_key(const std::string& pointer, const std::string& key, const std::string_view* keys, std::size_t n);
Error not_allowed(const std::string& pointer, std::string_view key, std::string_view why);
inline constexpr std::string_view kDateWords = "a date \"YYYY-MM-DD\"";
inline constexpr std::string_view kMoneyWords = "an amount of money as a decimal string such as \"30.15\"";
}  // namespace json_fields_detail

// What to do with a key the object does not list: refuse it when opening (readers that stop at
// the first problem), or keep going and report it through unknown_keys() (readers that list
// every problem, like the rule-file loader).
enum class UnknownKeys { kRefuse, kReportLater };

// Keys is a type with `static constexpr std::array<std::string_view, N> kKeys`. Keys are plain
// words (no '/' or '~'), so they are their own JSON Pointer tokens.
template <class Keys>
class JsonObject {
 public:
  static constexpr std::size_t kCount = Keys::kKeys.size();

  // A key of this object, found when the program is compiled.
  class Key {
   public:
    consteval Key(const char* name) : index_(locate(name)) {}  // NOLINT(google-explicit-constructor)
    constexpr std::size_t index() const { return index_; }

   private:
    static consteval std::size_t locate(std::string_view name) {
      for (std::size_t i = 0; i < kCount; ++i) {
        if (Keys::kKeys[i] == name) return i;
      }
      json_fields_detail::not_a_key_of_this_object();
      return 0;
    }
    std::size_t index_;
  };
  static consteval bool has_key(std::string_view name) {
    for (std::string_view k : Keys::kKeys) {
      if (k == name) return true;
    }
    return false;
  }

  // `value` must be an object ("expected <what>, got …" otherwise).
  static Result<JsonObject> open(const Json& value, std::string pointer, std::string_view what = "an object",
                                 UnknownKeys unknown = UnknownKeys::kRefuse) {
    if (!value.is_object()) return json_fields_detail::not_an_object(value, pointer, what);
    JsonObject out(value, std::move(pointer));
    for (auto it = value.begin(); it != value.end(); ++it) {
      const std::string& key = it.key();
      std::size_t i = 0;
      while (i < kCount && Keys::kKeys[i] != key) ++i;
      if (i < kCount) {
        out.fields_[i] = &it.value();
      } else if (out.unknown_ == nullptr) {
        out.unknown_ = &key;
        if (unknown == UnknownKeys::kRefuse) return out.unknown_keys().error();
      }
    }
    return out;
  }

  // With UnknownKeys::kReportLater: the error for the first key not listed, if any.
  Status unknown_keys() const {
    if (unknown_ == nullptr) return ok_status();
    return json_fields_detail::unknown_key(pointer_, *unknown_, Keys::kKeys.data(), kCount);
  }

  const Json& json() const { return *json_; }
  const std::string& pointer() const { return pointer_; }
  std::string pointer_to(Key k) const { return pointer_ + "/" + std::string(Keys::kKeys[k.index()]); }
  // The field's value, or nullptr when it is absent.
  const Json* find(Key k) const { return fields_[k.index()]; }
  // The same, with null taken as absent.
  const Json* find_non_null(Key k) const {
    const Json* v = fields_[k.index()];
    return v != nullptr && !v->is_null() ? v : nullptr;
  }
  bool has(Key k) const { return fields_[k.index()] != nullptr; }

  // The field's value; "missing required field 'k' (expected <expected>)" when absent.
  Result<const Json*> required(Key k, std::string_view expected) const {
    if (const Json* v = find(k)) return v;
    return json_fields_detail::missing_field(pointer_to(k), Keys::kKeys[k.index()], expected);
  }
  // A field only some objects of this kind may carry: "field 'k' is not allowed <why>".
  Status refuse(Key k, std::string_view why) const {
    if (!has(k)) return ok_status();
    return json_fields_detail::not_allowed(pointer_to(k), Keys::kKeys[k.index()], why);
  }

  // A field read by `read_value(value, its pointer)`: required ("missing required field 'k'
  // (expected <expected>)" when absent), or optional (nullopt when absent).
  template <class Reader>
  auto required_as(Key k, std::string_view expected, Reader read_value) const
      -> decltype(read_value(std::declval<const Json&>(), std::declval<const std::string&>())) {
    const Json* v = find(k);
    if (v == nullptr) return json_fields_detail::missing_field(pointer_to(k), Keys::kKeys[k.index()], expected);
    return read_value(*v, pointer_to(k));
  }
  template <class Reader>
  auto optional_as(Key k, Reader read_value) const
      -> Result<std::optional<std::decay_t<decltype(*read_value(std::declval<const Json&>(),
                                                                  std::declval<const std::string&>()))>>> {
    using T = std::decay_t<decltype(*read_value(std::declval<const Json&>(), std::declval<const std::string&>()))>;
    const Json* v = find(k);
    if (v == nullptr) return std::optional<T>();
    auto r = read_value(*v, pointer_to(k));
    if (!r) return std::move(r).error();
    return std::optional<T>(std::move(r).value());
  }

  // Typed fields. The plain form requires the field; optional_* give nullopt when it is absent.
  Result<std::string> text(Key k, std::string_view what) const {
    return required_as(k, std::string(what) + " as a non-empty string",
                [&](const Json& v, const std::string& p) { return read_text(v, p, what); });
  }
  Result<std::optional<std::string>> optional_text(Key k, std::string_view what) const {
    return optional_as(k, [&](const Json& v, const std::string& p) { return read_text(v, p, what); });
  }
  // Any string, the empty one too.
  Result<std::string> string(Key k, std::string_view what) const {
    return required_as(k, what, [&](const Json& v, const std::string& p) { return read_string(v, p, what); });
  }
  Result<std::optional<std::string>> optional_string(Key k, std::string_view what) const {
    return optional_as(k, [&](const Json& v, const std::string& p) { return read_string(v, p, what); });
  }
  Result<Date> date(Key k) const { return required_as(k, json_fields_detail::kDateWords, read_date); }
  Result<std::optional<Date>> optional_date(Key k) const { return optional_as(k, read_date); }
  Result<Money> money(Key k, MoneyParseOptions options = {}) const {
    return required_as(k, json_fields_detail::kMoneyWords,
                [&](const Json& v, const std::string& p) { return read_money(v, p, options); });
  }
  Result<std::optional<Money>> optional_money(Key k, MoneyParseOptions options = {}) const {
    return optional_as(k, [&](const Json& v, const std::string& p) { return read_money(v, p, options); });
  }
  // An amount that is zero when the document leaves it out.
  Result<Money> money_or_zero(Key k, MoneyParseOptions options = {}) const {
    auto m = optional_money(k, options);
    if (!m) return std::move(m).error();
    return m->value_or(Money::zero());
  }
  Result<std::optional<bool>> optional_bool(Key k) const { return optional_as(k, read_bool); }
  Result<int64_t> whole_number(Key k, int64_t lo, int64_t hi = std::numeric_limits<int64_t>::max()) const {
    return required_as(k, whole_number_words(lo, hi),
                [&](const Json& v, const std::string& p) { return read_whole_number(v, p, lo, hi); });
  }
  Result<std::optional<int64_t>> optional_whole_number(Key k, int64_t lo,
                                                       int64_t hi = std::numeric_limits<int64_t>::max()) const {
    return optional_as(k, [&](const Json& v, const std::string& p) { return read_whole_number(v, p, lo, hi); });
  }
  template <class E, std::size_t N>
  Result<E> name(Key k, const NameTable<E, N>& names, const char* noun = nullptr) const {
    return required_as(k, "one of: " + names.list(),
                [&](const Json& v, const std::string& p) { return read_name(v, p, names, noun); });
  }
  template <class E, std::size_t N>
  Result<std::optional<E>> optional_name(Key k, const NameTable<E, N>& names, const char* noun = nullptr) const {
    return optional_as(k, [&](const Json& v, const std::string& p) { return read_name(v, p, names, noun); });
  }
  // A required array of records, each read by `read(element, its pointer)`.
  template <class T, class Reader>
  Result<std::vector<T>> records(Key k, Reader read_one) const {
    return required_as(k, "an array",
                [&](const Json& v, const std::string& p) { return read_records<T>(v, p, read_one); });
  }
  // The same for an array that may be left out (an empty list then).
  template <class T, class Reader>
  Result<std::vector<T>> optional_records(Key k, Reader read_one) const {
    if (!has(k)) return std::vector<T>();
    return records<T>(k, read_one);
  }

 private:
  JsonObject(const Json& value, std::string pointer) : json_(&value), pointer_(std::move(pointer)) {}

  const Json* json_;
  std::string pointer_;
  std::array<const Json*, kCount> fields_{};
  const std::string* unknown_ = nullptr;
};

}  // namespace caremeter
