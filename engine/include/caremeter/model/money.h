// money.h — exact money for charging law: integer pence, checked arithmetic, one place that rounds.
//
// Two value types, so the compiler refuses mixing them up (and with Days, date.h):
//   Money       a shown or legislated amount, in whole pence (weekly figures, balances);
//   Exact       an accumulated amount in 1/7 penny — a weekly amount W applied for n days is
//               exactly W*n sevenths, so totals never depend on how a timeline was split
//               (doc/decisions.md);
// `Money + Days` and `Money * Money` do not compile. Overflow throws MoneyOverflow inside the
// engine; every public entry point turns it into an Error (status.h), never a wrapped number.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "caremeter/model/checked.h"
#include "caremeter/model/date.h"  // Days, which accrue() takes
#include "caremeter/model/status.h"

namespace caremeter {

class Exact;

// Whole pence.
class Money {
 public:
  constexpr Money() = default;
  static constexpr Money pence(int64_t p) { return Money(p); }
  static constexpr Money pounds(int64_t p) { return Money(detail::checked_mul(p, 100)); }
  static constexpr Money zero() { return Money(0); }

  constexpr int64_t in_pence() const { return p_; }
  constexpr bool is_zero() const { return p_ == 0; }
  constexpr bool is_negative() const { return p_ < 0; }

  constexpr auto operator<=>(const Money&) const = default;
  constexpr Money operator+(Money o) const { return Money(detail::checked_add(p_, o.p_)); }
  constexpr Money operator-(Money o) const { return Money(detail::checked_sub(p_, o.p_)); }
  constexpr Money operator-() const { return Money(detail::checked_sub(0, p_)); }
  constexpr Money& operator+=(Money o) { return *this = *this + o; }
  constexpr Money& operator-=(Money o) { return *this = *this - o; }
  // Scaling by a plain count (e.g. "£1 per step" × steps). Money × Money has no meaning.
  constexpr Money operator*(int64_t k) const { return Money(detail::checked_mul(p_, k)); }
  Money operator*(Money) const = delete;

 private:
  constexpr explicit Money(int64_t p) : p_(p) {}
  int64_t p_ = 0;
};

constexpr Money max(Money a, Money b) { return a < b ? b : a; }
constexpr Money min(Money a, Money b) { return a < b ? a : b; }

// An amount in sevenths of a penny. Only produced by accrual (weekly × days) or from Money;
// only leaves through round_half_up().
class Exact {
 public:
  constexpr Exact() = default;
  static constexpr Exact sevenths(int64_t s) { return Exact(s); }
  static constexpr Exact from(Money m) { return Exact(detail::checked_mul(m.in_pence(), 7)); }
  static constexpr Exact zero() { return Exact(0); }

  constexpr int64_t in_sevenths() const { return s_; }
  constexpr bool is_zero() const { return s_ == 0; }
  constexpr auto operator<=>(const Exact&) const = default;
  constexpr Exact operator+(Exact o) const { return Exact(detail::checked_add(s_, o.s_)); }
  constexpr Exact operator-(Exact o) const { return Exact(detail::checked_sub(s_, o.s_)); }
  constexpr Exact operator-() const { return Exact(detail::checked_sub(0, s_)); }
  constexpr Exact& operator+=(Exact o) { return *this = *this + o; }
  constexpr Exact& operator-=(Exact o) { return *this = *this - o; }

  // Shown amounts round half up to the penny (regulation 11's penny rule); for negative
  // amounts, half rounds away from zero so that -x always shows as the negation of x.
  Money round_half_up() const;

 private:
  constexpr explicit Exact(int64_t s) : s_(s) {}
  int64_t s_ = 0;
};

constexpr Exact max(Exact a, Exact b) { return a < b ? b : a; }
constexpr Exact min(Exact a, Exact b) { return a < b ? a : b; }

// A weekly amount applied for n days: exactly weekly × n / 7, held as sevenths.
constexpr Exact accrue(Money weekly, Days days) {
  return Exact::sevenths(detail::checked_mul(weekly.in_pence(), days.count()));
}
// The same for one day: a day's share of a weekly amount is exactly its pence in sevenths.
constexpr Exact daily(Money weekly) { return Exact::sevenths(weekly.in_pence()); }

// How a division that does not come out exact is resolved. Named at every call.
enum class Rounding { kHalfUp, kUp, kDown };

// m × numerator / denominator, rounded once as asked (128-bit checked intermediate).
// Used for charging percentages, hours × hourly rate, and cap rescaling.
Money multiply_ratio(Money m, int64_t numerator, int64_t denominator, Rounding rounding);
Exact multiply_ratio(Exact e, int64_t numerator, int64_t denominator, Rounding rounding);

// e × numerator / denominator, rounded once to whole pence (the cap rescale: "multiplied by
// new/old and rounded half up to the penny").
Money multiply_ratio_to_penny(Exact e, int64_t numerator, int64_t denominator, Rounding rounding);

// How many whole steps of `step` cover `amount` (the "£250 or part of £250" rule):
// ceil(amount / step) for amount > 0, else 0.
int64_t steps_covering(Exact amount, Money step);

// The smallest n ≥ 0 such that start − n × per_day ≤ threshold (per_day > 0), i.e. how many
// whole days until a falling balance reaches a threshold. Used for spend-down and the cap.
int64_t days_until_at_most(Exact start, Exact per_day, Exact threshold);

// A decimal quantity with two places (hours a week, percentages), parsed like money.
struct Hundredths {
  int64_t value = 0;
  constexpr auto operator<=>(const Hundredths&) const = default;
};

// A figure uprated by a yearly percentage (a scenario's projection): m × (100 + percent) / 100,
// rounded half up to a whole number of `step`s (a penny, or 5p as the MIG and PEA are
// published). `step` must be positive.
Money uprated(Money m, Hundredths percent, Money step);

struct MoneyParseOptions {
  bool allow_negative = false;
  // Amounts above £1,000,000,000 are refused (doc/person-document.md, doc/service.md).
  Money maximum = Money::pounds(1'000'000'000);
};

// Exact decimal text → Money: digits, optional '.', at most two decimals; no exponent, no
// thousands separator, no sign unless allowed, no surrounding space. The error message says
// what was expected; the caller adds the pointer.
Result<Money> parse_money(std::string_view text, MoneyParseOptions options = {});
Result<Hundredths> parse_hundredths(std::string_view text, Hundredths maximum);

// Exactly two decimals, no thousands separator: "86000.00", "-0.01".
std::string to_string(Money m);
std::string to_string(Hundredths h);  // "10.50"

}  // namespace caremeter
