// checked.h — 64-bit arithmetic that refuses to wrap, for amounts (money.h) and day counts
// (date.h). Overflow throws MoneyOverflow inside the engine; every public entry point turns it
// into an Error (status.h), never a wrapped number.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace caremeter {

class MoneyOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

namespace detail {
[[noreturn]] void throw_overflow(const char* what);
constexpr int64_t checked_add(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw_overflow("addition");
  return r;
}
constexpr int64_t checked_sub(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) throw_overflow("subtraction");
  return r;
}
constexpr int64_t checked_mul(int64_t a, int64_t b) {
  int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) throw_overflow("multiplication");
  return r;
}
}  // namespace detail

}  // namespace caremeter
