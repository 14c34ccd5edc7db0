// json_strict.cc — a strict JSON reader on nlohmann's SAX interface.
//
// nlohmann's DOM parser keeps the last of duplicate keys and turns 12.34 into a double; both
// would let a request silently mean something else. This builder sees every key and every
// number's source text, and stops at a nesting limit without recursing.
#include <nlohmann/json.hpp>

#include "caremeter/json/json_io.h"

namespace caremeter {

namespace {

// Numbers with a fraction or exponent are kept as their source text in a binary value with
// this subtype; nothing else in the engine produces binary values.
constexpr std::uint64_t kNumberTextSubtype = 0xCA;

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

class StrictBuilder final : public nlohmann::json_sax<Json> {
 public:
  explicit StrictBuilder(int max_depth) : max_depth_(max_depth) {}

  bool null() override { return put(Json(nullptr)); }
  bool boolean(bool v) override { return put(Json(v)); }
  bool number_integer(number_integer_t v) override { return put(Json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return put(Json(v)); }
  bool number_float(number_float_t, const string_t& text) override {
    return put(Json::binary(Json::binary_t::container_type(text.begin(), text.end()), kNumberTextSubtype));
  }
  bool string(string_t& v) override { return put(Json(std::move(v))); }
  bool binary(binary_t&) override { return fail("", "binary values are not JSON"); }

  bool start_object(std::size_t) override {
    if (!enter()) return false;
    stack_.push_back(Frame{Json::object(), {}, pointer_of_next()});
    return true;
  }
  bool key(string_t& k) override {
    Frame& f = stack_.back();
    if (f.value.contains(k)) {
      return fail(f.pointer + "/" + escape_pointer_token(k),
                  "duplicate key '" + k + "': each key may appear once in an object");
    }
    f.key = std::move(k);
    return true;
  }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override {
    if (!enter()) return false;
    stack_.push_back(Frame{Json::array(), {}, pointer_of_next()});
    return true;
  }
  bool end_array() override { return leave(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    std::string what = ex.what();
    // nlohmann's message starts "[json.exception.parse_error.101] parse error at line…"; keep the part a person reads.
    auto colon = what.find(": ");
    if (colon != std::string::npos) what = what.substr(colon + 2);
    error_ = invalid_input("", "not valid JSON at byte " + std::to_string(position) + ": " + what);
    failed_ = true;
    return false;
  }

  bool failed() const { return failed_; }
  Error take_error() { return std::move(error_); }
  Json take_result() { return std::move(root_); }

 private:
  struct Frame {
    Json value;
    std::string key;
    std::string pointer;
  };

  std::string pointer_of_next() const {
    if (stack_.empty()) return "";
    const Frame& f = stack_.back();
    if (f.value.is_object()) return f.pointer + "/" + escape_pointer_token(f.key);
    return f.pointer + "/" + std::to_string(f.value.size());
  }

  bool enter() {
    if (static_cast<int>(stack_.size()) >= max_depth_) {
      return fail(pointer_of_next(), "nested deeper than " + std::to_string(max_depth_) + " levels");
    }
    return true;
  }

  bool leave() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    return put(std::move(f.value));
  }

  bool put(Json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return true;
    }
    Frame& f = stack_.back();
    if (f.value.is_object()) {
      f.value.emplace(std::move(f.key), std::move(v));
    } else {
      f.value.push_back(std::move(v));
    }
    return true;
  }

  bool fail(std::string pointer, std::string message) {
    error_ = invalid_input(std::move(pointer), std::move(message));
    failed_ = true;
    return false;
  }

  int max_depth_;
  std::vector<Frame> stack_;
  Json root_;
  Error error_;
  bool failed_ = false;
};

}  // namespace

Result<Json> parse_json_strict(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes) {
    return invalid_input("", "the JSON text is " + std::to_string(text.size()) + " bytes; at most " +
                                 std::to_string(limits.max_bytes) + " are accepted");
  }
  StrictBuilder builder(limits.max_depth);
  bool ok = Json::sax_parse(text.begin(), text.end(), &builder, nlohmann::detail::input_format_t::json,
                            /*strict=*/true, /*ignore_comments=*/false);
  if (!ok || builder.failed()) {
    if (builder.failed()) return builder.take_error();
    return invalid_input("", "not valid JSON");
  }
  return builder.take_result();
}

std::optional<std::string> json_number_text(const Json& value) {
  if (value.is_binary() && value.get_binary().has_subtype() &&
      value.get_binary().subtype() == kNumberTextSubtype) {
    const auto& bytes = value.get_binary();
    return std::string(bytes.begin(), bytes.end());
  }
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  return std::nullopt;
}

namespace {
const char* type_name(const Json& v) {
  if (json_number_text(v)) return "a number";
  switch (v.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::string: return "a string";
    case Json::value_t::array: return "an array";
    case Json::value_t::object: return "an object";
    default: return "a number";
  }
}
}  // namespace

std::string json_type_name(const Json& v) { return type_name(v); }

std::string json_pointer_token(const std::string& key) { return escape_pointer_token(key); }

namespace {
void dump_into(const Json& v, std::string& out) {
  if (auto n = json_number_text(v)) {
    out += *n;
    return;
  }
  switch (v.type()) {
    case Json::value_t::object: {
      out.push_back('{');
      bool first = true;
      for (auto it = v.begin(); it != v.end(); ++it) {
        if (!first) out.push_back(',');
        first = false;
        out += Json(it.key()).dump();
        out.push_back(':');
        dump_into(it.value(), out);
      }
      out.push_back('}');
      return;
    }
    case Json::value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v) {
        if (!first) out.push_back(',');
        first = false;
        dump_into(e, out);
      }
      out.push_back(']');
      return;
    }
    default:
      out += v.dump(-1, ' ', false, Json::error_handler_t::strict);
  }
}
}  // namespace

std::string dump_canonical(const Json& value) {
  std::string out;
  dump_into(value, out);
  return out;
}

}  // namespace caremeter
