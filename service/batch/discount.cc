// discount.cc — exact present values: Σ a_k / (1 + r)^k with r = h / 10,000 is
// Σ a_k × 10,000^k × (10,000 + h)^(K−k) / (10,000 + h)^K, in integers, then one rounding.
#include "batch/discount.h"

#include "batch/largest_remainder.h"

#include <boost/multiprecision/cpp_int.hpp>

#include <limits>
#include <string>

namespace caremeter {

namespace {

using Big = boost::multiprecision::cpp_int;
constexpr int64_t kWhole = 10'000;  // a rate of h hundredths of a percent is h / 10,000

int64_t to_pence(const Big& pence) {
  if (pence > Big(std::numeric_limits<int64_t>::max()) || pence < Big(std::numeric_limits<int64_t>::min())) {
    throw MoneyOverflow("present value");
  }
  return pence.convert_to<int64_t>();
}

// numerator / denominator (denominator > 0) to whole pence, half away from zero like
// Exact::round_half_up; amounts are in sevenths of a penny, so the denominator carries the 7.
Money round_to_penny(const Big& numerator, const Big& denominator) {
  const bool negative = numerator < 0;
  const Big magnitude = negative ? Big(-numerator) : numerator;
  const int64_t p = to_pence((magnitude * 2 + denominator) / (denominator * 2));
  return Money::pence(negative ? -p : p);
}

}  // namespace

Result<DiscountRate> DiscountRate::parse(std::string_view percent) {
  auto h = parse_hundredths(percent, Hundredths{100 * 100});
  if (!h) {
    return invalid_input("", "expected a percentage a year from 0 to 100 with at most two decimals (the Green Book "
                             "rate is 3.5), got '" + std::string(percent) + "'");
  }
  return DiscountRate(*h);
}

Money DiscountRate::present_value(Exact amount, int years) const {
  std::vector<Exact> by_year(static_cast<std::size_t>(years) + 1);
  by_year.back() = amount;
  return present_value(by_year);
}

namespace {

// Σ a_k × 10,000^k × (10,000 + h)^(K−k) for k = 0..K (K: the run's last year), the numerator
// of the run's present value over (10,000 + h)^K × 7.
Big present_value_numerator(const std::vector<Exact>& by_year, const Big& base) {
  Big numerator = 0;
  Big whole_power = 1;  // 10,000^k
  const std::size_t last = by_year.empty() ? 0 : by_year.size() - 1;
  for (std::size_t k = 0; k < by_year.size(); ++k) {
    numerator += Big(by_year[k].in_sevenths()) * whole_power * boost::multiprecision::pow(base, static_cast<unsigned>(last - k));
    whole_power *= kWhole;
  }
  return numerator;
}

Big present_value_denominator(std::size_t years, const Big& base) {
  return boost::multiprecision::pow(base, static_cast<unsigned>(years == 0 ? 0 : years - 1)) * 7;
}

}  // namespace

Money DiscountRate::present_value(const std::vector<Exact>& by_year) const {
  const Big base = kWhole + percent_.value;
  return round_to_penny(present_value_numerator(by_year, base), present_value_denominator(by_year.size(), base));
}

std::vector<Money> DiscountRate::present_values_adding_up(const std::vector<std::vector<Exact>>& runs) const {
  const Big base = kWhole + percent_.value;
  std::vector<Big> numerators;
  for (const std::vector<Exact>& run : runs) numerators.push_back(present_value_numerator(run, base));
  const std::vector<Big> pence =
      round_adding_up(numerators, present_value_denominator(runs.empty() ? 0 : runs.front().size(), base));
  std::vector<Money> out;
  for (const Big& p : pence) out.push_back(Money::pence(to_pence(p)));
  return out;
}

}  // namespace caremeter
