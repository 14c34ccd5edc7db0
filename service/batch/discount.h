// discount.h — present values of yearly amounts at a constant discount rate, for policy runs
// over several years (HM Treasury Green Book: 3.5% a year, the rate for the first 30 years).
//
// Exact: an amount k years after the base year is worth amount / (1 + r)^k today, and that
// ratio is held in big integers (Boost.Multiprecision), so a present value — of one year, or
// of a run of years added up first — is rounded once, half up, to the penny. No double.
#pragma once

#include <string_view>
#include <vector>

#include "caremeter/model/money.h"
#include "caremeter/model/status.h"

namespace caremeter {

class DiscountRate {
 public:
  // The Green Book's 3.5% a year.
  static DiscountRate green_book() { return DiscountRate(Hundredths{350}); }
  // "3.5", "0", "10.25": percent a year, at most two decimals, 0 to 100. The message says
  // what was expected; the caller names the option.
  static Result<DiscountRate> parse(std::string_view percent);

  Hundredths percent() const { return percent_; }

  // What `amount`, paid `years` after the base year (0: in it), is worth in the base year.
  Money present_value(Exact amount, int years) const;
  // The same for a run of years added up exactly before the one rounding: by_year[k] is paid
  // k years after the base year.
  Money present_value(const std::vector<Exact>& by_year) const;
  // Present values of several runs of years (each as present_value takes it, all as long), each
  // rounded so that they add up to the present value of their sum (round_adding_up).
  std::vector<Money> present_values_adding_up(const std::vector<std::vector<Exact>>& runs) const;

 private:
  explicit DiscountRate(Hundredths percent) : percent_(percent) {}
  Hundredths percent_;  // r = percent_ / 10,000
};

}  // namespace caremeter
