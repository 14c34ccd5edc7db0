// status.h — the small error type that crosses module boundaries instead of exceptions.
//
// Every failure a user can cause (bad input, a rule asked for before its first date, an
// unknown scenario) is an Error naming *where* (a JSON Pointer, and a file when there is one)
// and *what was expected*. Result<T> carries either a value or an Error; ASSIGN_OR_RETURN and
// RETURN_IF_ERROR pass an Error up without spelling out the early return.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace caremeter {

// Every kind of error, in one table: its enumerator, its name (the "reason" of an error object,
// doc/service.md) and the JSON-RPC error code the service and the command line report it with.
// Adding a kind of error is one line here.
#define CAREMETER_ERROR_CODES(X)                                                                   \
  X(kInvalidInput, "invalid_input", -32602)        /* the caller's document is wrong */            \
  X(kUnknownRules, "unknown_rules", -32001)        /* no such rule set, version, council, scenario */ \
  X(kRuleNotPublished, "rule_not_published", -32002) /* a yearly figure past the day it is known to */ \
  X(kMissingRule, "missing_rule", -32006)          /* a rule parameter has no value on the date */ \
  X(kConflict, "conflict", -32003)                 /* stale expected_revision, idempotency key reused */ \
  X(kUnknownPerson, "unknown_person", -32004)      /* no stored person with that id */             \
  X(kUnknownStatement, "unknown_statement", -32005) /* no stored statement with that id */      \
  X(kOverflow, "overflow", -32602)                 /* an amount too large to represent exactly */  \
  X(kIo, "io", -32010)                             /* a file or database could not be used */      \
  X(kDamagedRecord, "damaged_record", -32010)      /* a stored record no longer matches its SHA-256 */ \
  X(kInternal, "internal", -32603)                 /* a bug: should never reach a user */          \
  X(kParseError, "parse_error", -32700)            /* a request line that is not JSON */           \
  X(kInvalidRequest, "invalid_request", -32600)    /* JSON, but not a JSON-RPC request */          \
  X(kMethodNotFound, "method_not_found", -32601)   /* a request for a method there is not */

enum class ErrorCode {
#define CAREMETER_ERROR_ENUMERATOR(id, name, rpc) id,
  CAREMETER_ERROR_CODES(CAREMETER_ERROR_ENUMERATOR)
#undef CAREMETER_ERROR_ENUMERATOR
};

// "invalid_input", "unknown_rules", …
const char* error_code_name(ErrorCode code);
// The JSON-RPC error code: -32602 for invalid input, -32001 for unknown rules, …
int json_rpc_code(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInvalidInput;
  std::string message;  // what was expected, in the domain's words
  std::string pointer;  // JSON Pointer (RFC 6901) to the offending field; "" = the whole document
  std::string file;     // the file read, when there is one
  // A rule value the calculation needed and could not use (rule_not_published): the parameter
  // ("means_test.personal_expenses_allowance", "rates.residential"), the day ("YYYY-MM-DD") and,
  // for a council's figure, the council. Empty otherwise.
  std::string parameter = {};
  std::string date = {};
  std::string council = {};

  // Prefixes the pointer, e.g. when a person parsed alone is embedded in a request's params.
  Error& under(const std::string& prefix) {
    pointer = prefix + pointer;
    return *this;
  }
  std::string to_string() const;  // "file#/pointer: message" for humans and logs
};

inline Error invalid_input(std::string pointer, std::string message) {
  return Error{ErrorCode::kInvalidInput, std::move(message), std::move(pointer), {}};
}

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}    // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& { return std::get<1>(v_); }
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

// For functions that only succeed or fail.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace caremeter

// ASSIGN_OR_RETURN(lhs, expr): evaluates expr (a Result<T>); on an error, returns it from the
// enclosing function (whose return type is any Result<U>, or Error); otherwise moves the value
// into lhs, which may be a declaration (`ASSIGN_OR_RETURN(Money m, read(…))`) or an lvalue.
// RETURN_IF_ERROR(expr): the same for a Status (or any Result whose value is not wanted).
#define CAREMETER_CONCAT_INNER_(a, b) a##b
#define CAREMETER_CONCAT_(a, b) CAREMETER_CONCAT_INNER_(a, b)
#define CAREMETER_ASSIGN_OR_RETURN_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return std::move(tmp).error();     \
  lhs = std::move(tmp).value()
#define ASSIGN_OR_RETURN(lhs, expr) CAREMETER_ASSIGN_OR_RETURN_(CAREMETER_CONCAT_(caremeter_result_, __LINE__), lhs, expr)
#define RETURN_IF_ERROR(expr)                                                      \
  do {                                                                             \
    if (auto caremeter_status_ = (expr); !caremeter_status_.ok()) {                \
      return std::move(caremeter_status_).error();                                 \
    }                                                                              \
  } while (false)
