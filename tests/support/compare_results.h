// compare_results.h — hand-built account results for the comparison's tests: weekly figures
// and periods whose amounts are exactly the weekly figures over their days.
#pragma once

#include "caremeter/calc/calculate.h"
#include "caremeter/model/date.h"
#include "caremeter/model/money.h"

namespace caremeter::test_support {

inline WeeklyFigures weekly(int64_t council, int64_t person, int64_t fee, int64_t accruing, int64_t top_up = 0) {
  WeeklyFigures w;
  w.council_pays = Money::pounds(council);
  w.person_pays = Money::pounds(person);
  w.weekly_fee = Money::pounds(fee);
  w.accruing = Money::pounds(accruing);
  w.top_up = Money::pounds(top_up);
  w.personal_budget = Money::pounds(council + person);
  return w;
}

inline Period period(Date first, Date last, const WeeklyFigures& w) {
  Period p;
  p.range = DateRange{first, last};
  p.weekly = w;
  Days n = p.range.length();
  p.amount = PeriodAmounts{accrue(w.personal_budget, n), accrue(w.weekly_fee, n), Exact(), Exact(),
                           accrue(w.accruing, n),        accrue(w.person_pays, n), accrue(w.council_pays, n),
                           accrue(w.top_up, n)};
  return p;
}

}  // namespace caremeter::test_support
