// money.cc — the one place amounts are rounded, parsed and printed.
#include "caremeter/model/money.h"

#include <boost/multiprecision/cpp_int.hpp>
#include <type_traits>

namespace caremeter {

namespace detail {
void throw_overflow(const char* what) {
  throw MoneyOverflow(std::string("amount overflow in ") + what);
}
}  // namespace detail

namespace {

using Wide = boost::multiprecision::checked_int128_t;

// q = n / d rounded as asked; d > 0. Half-up rounds halves away from zero (symmetric). In 64
// bits when n fits them (nearly always: weekly pence by a percentage, or a balance by a day's
// amount), else in checked 128 bits. |r| < d, so comparing |r| with d − |r| cannot overflow
// where doubling |r| might.
template <class Int>
int64_t divide(const Int& n, int64_t d, Rounding rounding) {
  if (d <= 0) detail::throw_overflow("division by a non-positive denominator");
  Int q = n / d;  // truncates toward zero
  Int r = n % d;  // same sign as n
  if (r != 0) {
    switch (rounding) {
      case Rounding::kHalfUp: {
        Int magnitude = r < 0 ? Int(-r) : r;
        if (magnitude >= d - magnitude) q += (n < 0 ? -1 : 1);
        break;
      }
      case Rounding::kUp:
        if (n > 0) q += 1;
        break;
      case Rounding::kDown:
        if (n < 0) q -= 1;
        break;
    }
  }
  if constexpr (std::is_same_v<Int, int64_t>) {
    return q;  // |q| ≤ |n| / 2 when rounding moved it (d ≥ 2), so it cannot overflow
  } else {
    if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) {
      detail::throw_overflow("rounding");
    }
    return static_cast<int64_t>(q);
  }
}

// value × numerator / by, the sign of `denominator` carried into the numerator, rounded as
// asked; in 64 bits when the product fits, else in 128.
int64_t divide_ratio(int64_t value, int64_t numerator, int64_t denominator, int64_t by, Rounding rounding) {
  if (denominator == 0) detail::throw_overflow("ratio with zero denominator");
  int64_t n = 0;
  if (!__builtin_mul_overflow(value, numerator, &n) && n != std::numeric_limits<int64_t>::min()) {
    return divide(denominator < 0 ? -n : n, by, rounding);
  }
  Wide wide = Wide(value) * numerator;
  return divide(denominator < 0 ? Wide(-wide) : wide, by, rounding);
}

}  // namespace

Money Exact::round_half_up() const { return Money::pence(divide(s_, 7, Rounding::kHalfUp)); }

Money multiply_ratio(Money m, int64_t numerator, int64_t denominator, Rounding rounding) {
  int64_t d = denominator < 0 ? -denominator : denominator;
  return Money::pence(divide_ratio(m.in_pence(), numerator, denominator, d, rounding));
}

Exact multiply_ratio(Exact e, int64_t numerator, int64_t denominator, Rounding rounding) {
  int64_t d = denominator < 0 ? -denominator : denominator;
  return Exact::sevenths(divide_ratio(e.in_sevenths(), numerator, denominator, d, rounding));
}

Money multiply_ratio_to_penny(Exact e, int64_t numerator, int64_t denominator, Rounding rounding) {
  int64_t d = denominator < 0 ? -denominator : denominator;
  return Money::pence(divide_ratio(e.in_sevenths(), numerator, denominator, detail::checked_mul(d, 7), rounding));
}

Money uprated(Money m, Hundredths percent, Money step) {
  if (step.in_pence() <= 0) detail::throw_overflow("uprating to a step that is not positive");
  // Hundredths of a percent: the factor is (10000 + percent) / 10000; rounded once, in steps.
  Money steps = multiply_ratio(m, 10000 + percent.value, 10000 * step.in_pence(), Rounding::kHalfUp);
  return step * steps.in_pence();
}

int64_t steps_covering(Exact amount, Money step) {
  if (step.in_pence() <= 0) detail::throw_overflow("a step that is not positive");
  if (amount.in_sevenths() <= 0) return 0;
  return divide(amount.in_sevenths(), detail::checked_mul(step.in_pence(), 7), Rounding::kUp);
}

int64_t days_until_at_most(Exact start, Exact per_day, Exact threshold) {
  if (start <= threshold) return 0;
  if (per_day.in_sevenths() <= 0) detail::throw_overflow("a balance that does not fall");
  int64_t gap = 0;
  if (!__builtin_sub_overflow(start.in_sevenths(), threshold.in_sevenths(), &gap)) {
    return divide(gap, per_day.in_sevenths(), Rounding::kUp);
  }
  return divide(Wide(Wide(start.in_sevenths()) - threshold.in_sevenths()), per_day.in_sevenths(), Rounding::kUp);
}

namespace {

std::string format_fixed2(int64_t v);

// Shared by money and hundredths: [-]digits[.d[d]] with nothing else.
Result<int64_t> parse_fixed2(std::string_view text, bool allow_negative, int64_t maximum,
                             const char* what) {
  auto fail = [&](std::string why) -> Error {
    return invalid_input("", std::string("expected ") + what +
                                 " as a decimal string with at most two decimals (e.g. \"30.15\"): " + why);
  };
  if (text.empty()) return fail("empty");
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    if (!allow_negative) return fail("negative amounts are not allowed here");
    negative = true;
    i = 1;
  }
  // One pass: digits are added up as they are read, and only as many as can be accepted (so
  // the sum cannot overflow before a number with too many digits is refused).
  constexpr std::size_t kMaxWholeDigits = 15;
  std::size_t int_start = i;
  int64_t whole = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (i - int_start < kMaxWholeDigits) whole = whole * 10 + (text[i] - '0');
  }
  std::size_t int_digits = i - int_start;
  if (int_digits == 0) return fail("'" + std::string(text) + "' does not start with a digit");
  if (int_digits > kMaxWholeDigits) return fail("too many digits");
  int64_t frac = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    std::size_t frac_start = i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (i - frac_start < 2) frac = frac * 10 + (text[i] - '0');
    }
    std::size_t frac_digits = i - frac_start;
    if (frac_digits == 0) return fail("'" + std::string(text) + "' has no digits after the point");
    if (frac_digits > 2) return fail("'" + std::string(text) + "' has more than two decimals");
    if (frac_digits == 1) frac *= 10;
  }
  if (i != text.size()) return fail("'" + std::string(text) + "' has an unexpected character");
  int64_t v = whole * 100 + frac;
  if (v > maximum) {
    return fail("'" + std::string(text) + "' is above the largest accepted value, " + format_fixed2(maximum));
  }
  return negative ? -v : v;
}

std::string format_fixed2(int64_t v) {
  bool negative = v < 0;
  // Work in unsigned so the most negative value formats too.
  uint64_t u = negative ? uint64_t(0) - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  std::string digits = std::to_string(u / 100);
  uint64_t frac = u % 100;
  std::string out;
  out.reserve(digits.size() + 4);
  if (negative) out.push_back('-');
  out += digits;
  out.push_back('.');
  out.push_back(static_cast<char>('0' + frac / 10));
  out.push_back(static_cast<char>('0' + frac % 10));
  return out;
}

}  // namespace

Result<Money> parse_money(std::string_view text, MoneyParseOptions options) {
  auto r = parse_fixed2(text, options.allow_negative, options.maximum.in_pence(), "an amount of money");
  if (!r) return std::move(r).error();
  return Money::pence(*r);
}

Result<Hundredths> parse_hundredths(std::string_view text, Hundredths maximum) {
  auto r = parse_fixed2(text, false, maximum.value, "a number");
  if (!r) return std::move(r).error();
  return Hundredths{*r};
}

std::string to_string(Money m) { return format_fixed2(m.in_pence()); }
std::string to_string(Hundredths h) { return format_fixed2(h.value); }

}  // namespace caremeter
