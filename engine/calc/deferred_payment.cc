// deferred_payment.cc — what is deferred, and the balance of a deferred payment agreement.
#include "deferred_payment.h"

#include <algorithm>
#include <string>

#include "check.h"

namespace caremeter::calc {
namespace {

// A rate's interest: a day's balance (sevenths of a penny) × a rate (hundredths of a percent)
// is 1 / (7 × 10,000 × 365) of a penny a day on a 365-day year.
constexpr int64_t kRateDaysDenominator = 10'000 * 365;

// The last day of the half-year containing d: 30 June or 31 December (SI 2014/2671 reg 9(5)).
Date half_year_end(Date d) {
  int y = d.year();
  Date june = Date::from_ymd(y, 6, 30);
  return d <= june ? june : Date::from_ymd(y, 12, 31);
}

// The disposable income allowance the agreement keeps: its own figure, never more than the
// national maximum in force; the maximum when it gives none.
Money allowance_kept(const DeferredPayment& agreement, const RuleValue<Money>& most, Date d) {
  if (!agreement.disposable_income_allowance) return most.value();
  if (*agreement.disposable_income_allowance > most.value()) {
    fail(ErrorCode::kInvalidInput, agreement.pointer + "/disposable_income_allowance",
         "the disposable income allowance " + to_string(*agreement.disposable_income_allowance) +
             " a week is above the most a person may keep (" + to_string(most.value()) + " a week on " + to_string(d) +
             ")");
  }
  return *agreement.disposable_income_allowance;
}

// The yearly rate charged on d: the agreement's, never above the national maximum then.
class RateOnDay {
 public:
  RateOnDay(const DeferredPayment& agreement, RuleLookup& rules, DeferredPaymentTrace* trace)
      : agreement_(agreement), rules_(rules), trace_(trace) {}

  int64_t hundredths(Date d) {
    if (!maximum_ || !maximum_.entry().range.contains(d)) {
      maximum_ = rules_.require(rule::kDeferredPaymentMaximumInterestRate, d, agreement_.pointer);
      if (trace_ != nullptr) trace_->maximum_rates.push_back(maximum_);
    }
    int64_t most = maximum_.value().hundredths;
    return agreement_.interest_rate ? std::min(agreement_.interest_rate->value, most) : most;
  }

 private:
  const DeferredPayment& agreement_;
  RuleLookup& rules_;
  DeferredPaymentTrace* trace_;
  RuleValue<Percent> maximum_;
};

// Interest accrued in sevenths × hundredths of a percent, as pence rounded half up.
Money interest_in_pence(int64_t accrued) {
  return multiply_ratio_to_penny(Exact::sevenths(accrued), 1, kRateDaysDenominator, Rounding::kHalfUp);
}

}  // namespace

Deferral deferral_on(const DeferredPayment& agreement, DateRange days, const Assessment& a, const PaymentSplit& s,
                     RuleLookup& rules) {
  Deferral d;
  d.days = days;
  d.most_allowance = rules.require(rule::kDeferredPaymentDisposableIncomeAllowance, days.first, agreement.pointer);
  d.allowance = allowance_kept(agreement, d.most_allowance, days.first);
  Money from_income = max(Money::zero(), a.counted_income - d.allowance);
  d.weekly = max(Money::zero(), s.weekly.person_pays - from_income);
  return d;
}

Money equity_limit(Money property_value, Money secured_debt, Percent share_excluded, Money lower_capital_limit) {
  Money excluded = percent_of(property_value, share_excluded, Rounding::kHalfUp);
  return max(Money::zero(), property_value - excluded - lower_capital_limit - secured_debt);
}

DeferredPaymentAccount deferred_payment_account(const DeferredPayment& agreement, const std::vector<Deferral>& deferrals,
                                                Date as_of, RuleLookup& rules, DeferredPaymentTrace* trace) {
  DeferredPaymentAccount out;
  out.agreement = agreement.pointer;
  out.range = agreement.range;
  const Date start = agreement.range.first;
  RuleValue<Percent> share = rules.require(rule::kDeferredPaymentPropertyShareExcluded, start, agreement.pointer);
  RuleValue<Money> lcl = rules.require(rule::kLowerCapitalLimit, start, agreement.pointer);
  out.equity_limit = equity_limit(agreement.property_value, agreement.secured_debt, share.value(), lcl.value());
  if (trace != nullptr) *trace = DeferredPaymentTrace{&agreement, {}, share, lcl, deferrals};

  RateOnDay rate(agreement, rules, trace);
  Exact balance;          // deferred charges, fees and interest added at half-year ends
  int64_t accrued = 0;    // this half-year's interest so far, in sevenths × hundredths of a percent
  std::size_t next_fee = 0, next_deferral = 0;
  Date period_end = half_year_end(start);
  const Exact limit = Exact::from(out.equity_limit);
  for (Date d = start; d <= as_of; d = d.next()) {
    Money fees_today = d == start ? agreement.setup_fee : Money::zero();
    for (; next_fee < agreement.fees.size() && agreement.fees[next_fee].on == d; ++next_fee) {
      fees_today += agreement.fees[next_fee].amount;
    }
    out.fees += fees_today;
    balance += Exact::from(fees_today);
    while (next_deferral < deferrals.size() && deferrals[next_deferral].days.last < d) ++next_deferral;
    if (next_deferral < deferrals.size() && deferrals[next_deferral].days.contains(d)) {
      Exact today = daily(deferrals[next_deferral].weekly);
      out.deferred += today;
      balance += today;
    }
    if (balance > Exact::zero()) {
      accrued = detail::checked_add(accrued, detail::checked_mul(balance.in_sevenths(), rate.hundredths(d)));
    }
    if (!out.equity_limit_reached_on && balance + Exact::from(interest_in_pence(accrued)) >= limit) {
      out.equity_limit_reached_on = d;
    }
    if (d == period_end || d == as_of) {
      // Compounded at the end of each half-year; on as_of the half-year so far is shown.
      Money interest = interest_in_pence(accrued);
      out.interest += interest;
      balance += Exact::from(interest);
      accrued = 0;
      period_end = half_year_end(d.next());
    }
  }
  out.balance = balance;
  for (const Deferral& x : deferrals) {
    if (x.days.contains(as_of) && agreement.range.contains(as_of)) {
      out.weekly_deferred = x.weekly;
      out.disposable_income_allowance = x.allowance;
    }
  }
  return out;
}

}  // namespace caremeter::calc
