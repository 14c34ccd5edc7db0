// status.h — the small error type that crosses module boundaries instead of exceptions.
//
// Every failure a user can cause (bad input, a rule asked for before its first date, an
// unknown scenario) is an Error naming *where* (a JSON Pointer, and a file when there is one)
// and *what was expected*. Result<T> carries either a value or an Error.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace caremeter {

enum class ErrorCode {
  kInvalidInput,    // the caller's document is wrong (JSON-RPC -32602)
  kUnknownRules,    // no such rule set, version, council or scenario
  kMissingRule,     // a rule parameter has no value on the date asked for
  kConflict,        // stale expected_revision, idempotency key reused with other content
  kUnknownPerson,   // no stored person with that id
  kUnknownStatement,  // no stored statement with that id
  kOverflow,        // an amount too large to represent exactly
  kIo,              // a file or database could not be read or written
  kDamagedRecord,   // a stored record no longer matches the SHA-256 stored with it
  kInternal,        // a bug: should never reach a user
};

const char* error_code_name(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInvalidInput;
  std::string message;  // what was expected, in the domain's words
  std::string pointer;  // JSON Pointer (RFC 6901) to the offending field; "" = the whole document
  std::string file;     // the file read, when there is one

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
