// uprating.cc — uprating one income amount (see uprating.h).
#include "caremeter/model/uprating.h"

namespace caremeter {

UpratedAmount uprate(const UpratingRates& rates, IncomeType type, Money weekly) {
  const IncomeUprating& u = rates[type];
  if (!u.uprated) return {weekly, UprateHow::kNotUprated};
  for (const StandardRate& r : u.standard_rates) {
    if (r.old_rate == weekly) return {r.new_rate, UprateHow::kStandardRate};
  }
  if (!u.percent) return {weekly, UprateHow::kNeedsReassessment};
  // × (100 + p)/100 with p in hundredths of a percent: × (10000 + p) / 10000, rounded once.
  return {multiply_ratio(weekly, 10000 + u.percent->value, 10000, Rounding::kHalfUp), UprateHow::kPercent};
}

}  // namespace caremeter
