// money_test.cc — exact money: parsing, formatting, checked arithmetic, the one rounding place.
#include "caremeter/model/money.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>
#include <random>
#include <type_traits>

namespace caremeter {
namespace {

Money M(const char* s) { return *parse_money(s, {.allow_negative = true}); }

TEST(MoneyParse, AcceptsDecimalStrings) {
  EXPECT_EQ(parse_money("86000")->in_pence(), 8600000);
  EXPECT_EQ(parse_money("30.15")->in_pence(), 3015);
  EXPECT_EQ(parse_money("30.1")->in_pence(), 3010);
  EXPECT_EQ(parse_money("0.01")->in_pence(), 1);
  EXPECT_EQ(parse_money("1000000000.00")->in_pence(), 100000000000);
}

TEST(MoneyParse, RefusesWhatIsNotExactDecimal) {
  for (const char* bad : {"12.345", "1e3", "12,00", "", "-0.01", "+1", " 1", "1 ", ".5", "5.", "£5", "0x10",
                          "1000000000.01", "NaN", "1.2.3"}) {
    auto r = parse_money(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  EXPECT_NE(parse_money("12.345").error().message.find("two decimals"), std::string::npos);
  EXPECT_NE(parse_money("-0.01").error().message.find("negative"), std::string::npos);
  // Digits are added up as they are read: far more than fit 64 bits are refused, never wrapped
  // (the sanitizers' build would report an overflow), and so are decimals past the second.
  const std::string long_whole(40, '9'), long_decimals = "1." + std::string(40, '9');
  MoneyParseOptions any;
  any.maximum = Money::pence(std::numeric_limits<int64_t>::max());
  EXPECT_NE(parse_money(long_whole, any).error().message.find("too many digits"), std::string::npos);
  EXPECT_NE(parse_money(long_decimals, any).error().message.find("two decimals"), std::string::npos);
  EXPECT_EQ(parse_money("999999999999999.99", any)->in_pence(), 99999999999999999);
  EXPECT_FALSE(parse_money("9999999999999999", any).ok());
}

TEST(MoneyParse, NegativesOnlyWhenAllowed) {
  EXPECT_EQ(parse_money("-0.01", {.allow_negative = true})->in_pence(), -1);
}

TEST(MoneyFormat, ExactlyTwoDecimals) {
  EXPECT_EQ(to_string(Money::pounds(86000)), "86000.00");
  EXPECT_EQ(to_string(Money::pence(5)), "0.05");
  EXPECT_EQ(to_string(Money::pence(-1)), "-0.01");
  EXPECT_EQ(to_string(Money::pence(std::numeric_limits<int64_t>::min())), "-92233720368547758.08");
}

TEST(MoneyArithmetic, OverflowIsAnErrorNeverAWrap) {
  Money big = Money::pence(std::numeric_limits<int64_t>::max());
  EXPECT_THROW(big + Money::pence(1), MoneyOverflow);
  EXPECT_THROW(-Money::pence(std::numeric_limits<int64_t>::min()), MoneyOverflow);
  EXPECT_THROW(big * 2, MoneyOverflow);
  EXPECT_THROW(accrue(big, Days(2)), MoneyOverflow);
}

TEST(Exact, AccruesInSeventhsAndRoundsHalfUpOnce) {
  // £500 a week for 1,204 days is exactly £86,000 (the Yusuf case study).
  EXPECT_EQ(accrue(M("500.00"), Days(1204)).round_half_up(), M("86000.00"));
  // £1 a week for one day is 14.2857p → 14p; for 4 days 57.14p → 57p; 0.5p rounds up.
  EXPECT_EQ(accrue(M("1.00"), Days(1)).round_half_up(), M("0.14"));
  EXPECT_EQ(Exact::sevenths(7 * 10 + 4).round_half_up(), M("0.11"));  // 10.571p
  EXPECT_EQ(Exact::sevenths(7 * 10 + 3).round_half_up(), M("0.10"));  // 10.428p
  EXPECT_EQ(Exact::sevenths(-(7 * 10 + 4)).round_half_up(), M("-0.11"));
  // Splitting a period never changes its total: the exact sum is split-invariant.
  EXPECT_EQ(accrue(M("33.33"), Days(3)) + accrue(M("33.33"), Days(4)), accrue(M("33.33"), Days(7)));
}

TEST(Rounding, MultiplyRatioNamesItsMode) {
  EXPECT_EQ(multiply_ratio(M("10.05"), 1, 2, Rounding::kHalfUp), M("5.03"));
  EXPECT_EQ(multiply_ratio(M("10.05"), 1, 2, Rounding::kDown), M("5.02"));
  EXPECT_EQ(multiply_ratio(M("10.01"), 1, 2, Rounding::kUp), M("5.01"));
  EXPECT_EQ(multiply_ratio(M("-10.05"), 1, 2, Rounding::kHalfUp), M("-5.03"));
  // 10.5 hours at £19.66 = £206.43 exactly; hours are hundredths.
  EXPECT_EQ(multiply_ratio(M("19.66"), 1050, 100, Rounding::kHalfUp), M("206.43"));
  // Intermediates beyond 64 bits are exact (checked 128-bit).
  Money big = Money::pounds(1'000'000'000);
  EXPECT_EQ(multiply_ratio(big, 1'000'000'000'000, 1'000'000'000'000, Rounding::kHalfUp), big);
  EXPECT_THROW(multiply_ratio(big, 1'000'000'000'000, 1, Rounding::kHalfUp), MoneyOverflow);
}

__extension__ using Int128 = __int128;  // the reference's own arithmetic, apart from the engine's

// The reference: the quotient of value × numerator / |denominator| in 128 bits, rounded as asked,
// or nothing when it does not fit 64 bits.
std::optional<int64_t> reference_ratio(int64_t value, int64_t numerator, int64_t denominator, Rounding rounding) {
  Int128 n = static_cast<Int128>(value) * numerator;
  if (denominator < 0) n = -n;
  Int128 d = denominator < 0 ? -static_cast<Int128>(denominator) : denominator;
  Int128 q = n / d, r = n % d;
  if (r != 0) {
    if (rounding == Rounding::kHalfUp && 2 * (r < 0 ? -r : r) >= d) q += n < 0 ? -1 : 1;
    if (rounding == Rounding::kUp && n > 0) q += 1;
    if (rounding == Rounding::kDown && n < 0) q -= 1;
  }
  if (q > std::numeric_limits<int64_t>::max() || q < std::numeric_limits<int64_t>::min()) return std::nullopt;
  return static_cast<int64_t>(q);
}

// The division has a 64-bit path and a 128-bit one (for products that do not fit); whichever is
// taken, the answer is the exact quotient rounded once, or an overflow error.
TEST(Rounding, EveryRatioIsTheExactQuotientRoundedOnce) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  // Halves where doubling the remainder would not fit 64 bits.
  EXPECT_EQ(multiply_ratio(Money::pence(kMax - 1), 1, kMax, Rounding::kHalfUp), Money::pence(1));
  EXPECT_EQ(multiply_ratio(Money::pence(kMax / 2), 1, kMax, Rounding::kHalfUp), Money::pence(0));
  EXPECT_EQ(multiply_ratio(Money::pence(kMax / 2 + 1), 1, kMax, Rounding::kHalfUp), Money::pence(1));
  EXPECT_EQ(multiply_ratio(Money::pence(-(kMax / 2 + 1)), 1, kMax, Rounding::kHalfUp), Money::pence(-1));
  // A product just past 64 bits whose quotient fits.
  EXPECT_EQ(multiply_ratio(Money::pence(int64_t{1} << 62), 3, 4, Rounding::kHalfUp), Money::pence(int64_t{3} << 60));
  std::mt19937_64 rng(20261203);
  const Rounding modes[] = {Rounding::kHalfUp, Rounding::kUp, Rounding::kDown};
  for (int i = 0; i < 200000; ++i) {
    auto any = [&](int max_bits) {
      int64_t v = static_cast<int64_t>(rng() >> (64 - 1 - static_cast<int>(rng() % static_cast<uint64_t>(max_bits))));
      return rng() % 2 ? -v : v;
    };
    int64_t value = any(63), numerator = any(63), denominator = any(63);
    if (denominator == 0) denominator = 7;
    Rounding mode = modes[i % 3];
    std::optional<int64_t> want = reference_ratio(value, numerator, denominator, mode);
    if (denominator == std::numeric_limits<int64_t>::min()) continue;  // |denominator| does not fit
    if (want) {
      EXPECT_EQ(multiply_ratio(Money::pence(value), numerator, denominator, mode), Money::pence(*want))
          << value << " * " << numerator << " / " << denominator;
    } else {
      EXPECT_THROW(multiply_ratio(Money::pence(value), numerator, denominator, mode), MoneyOverflow)
          << value << " * " << numerator << " / " << denominator;
    }
  }
}

TEST(Rounding, TariffStepsCoverPartSteps) {
  // £17,050.91 under current law: 2,800.91 over the LCL → 12 steps of £250 (11.2 rounded up).
  EXPECT_EQ(steps_covering(Exact::from(M("17050.91") - M("14250.00")), M("250.00")), 12);
  EXPECT_EQ(steps_covering(Exact::from(M("1000.00")), M("250.00")), 4);
  EXPECT_EQ(steps_covering(Exact::from(M("1000.01")), M("250.00")), 5);
  EXPECT_EQ(steps_covering(Exact::zero(), M("250.00")), 0);
  EXPECT_EQ(steps_covering(Exact::from(M("-5.00")), M("250.00")), 0);
}

TEST(Rounding, DaysUntilAFallingBalanceReachesAThreshold) {
  EXPECT_EQ(days_until_at_most(Exact::from(M("100.00")), Exact::from(M("10.00")), Exact::zero()), 10);
  EXPECT_EQ(days_until_at_most(Exact::from(M("100.01")), Exact::from(M("10.00")), Exact::zero()), 11);
  EXPECT_EQ(days_until_at_most(Exact::zero(), Exact::from(M("10.00")), Exact::zero()), 0);
  // A gap wider than 64 bits (a balance far above a threshold far below zero) is still exact.
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  EXPECT_EQ(days_until_at_most(Exact::sevenths(kMax), Exact::sevenths(kMax), Exact::sevenths(-kMax)), 2);
  EXPECT_EQ(days_until_at_most(Exact::sevenths(kMax), Exact::sevenths(2), Exact::sevenths(-kMax)), kMax);
}

// Money + Days, Money * Money and Money + Exact must not compile.
template <class A, class B, class = void>
struct can_add : std::false_type {};
template <class A, class B>
struct can_add<A, B, std::void_t<decltype(std::declval<A>() + std::declval<B>())>> : std::true_type {};
template <class A, class B, class = void>
struct can_multiply : std::false_type {};
template <class A, class B>
struct can_multiply<A, B, std::void_t<decltype(std::declval<A>() * std::declval<B>())>> : std::true_type {};

static_assert(can_add<Money, Money>::value);
static_assert(!can_add<Money, Days>::value);
static_assert(!can_add<Days, Money>::value);
static_assert(!can_add<Money, Exact>::value);
static_assert(!can_add<Money, int>::value);
static_assert(!can_multiply<Money, Money>::value);
static_assert(can_multiply<Money, int64_t>::value);

}  // namespace
}  // namespace caremeter
