// grouping.h — who a `compare` figure belongs to (`compare --by`): people by their capital when
// they first entered care or by their age, care by its setting, its council or who arranged it.
//
// Capital band and age band describe the person (age on 1 April of each financial year);
// setting, council and arranged_by describe the care each period of the result is part of, so
// a person who moves from home care into a care home adds to both settings in that year. Every
// amount belongs to exactly one group either way, so the groups add up to the whole county.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

#include "caremeter/calc/calculate.h"
#include "caremeter/model/money.h"
#include "caremeter/model/person.h"
#include "caremeter/model/status.h"

namespace caremeter {

enum class GroupBy { kNone, kCapitalBand, kSetting, kAgeBand, kCouncil, kArrangedBy };

// "capital_band", "setting", "age_band", "council", "arranged_by"; the message lists them.
Result<GroupBy> parse_group_by(std::string_view text);
const char* group_by_name(GroupBy by);

// The bands of capital at care-home entry (ONS, 2022-23), in pounds, each from its lower figure
// (included) to the next band's: under 14,250; 14,250 to 20,000; 20,000 to 23,250; 23,250 to
// 100,000; 100,000 to 250,000; 250,000 to 500,000; 500,000 and over.
constexpr std::array<int64_t, 6> kCapitalBandFloorsPounds = {14'250, 20'000, 23'250, 100'000, 250'000, 500'000};
std::string_view capital_band(Money capital);

// The person's capital on the first day of their first care record: savings and other
// capital, and the home's value less secured debt when that care is a permanent care-home stay
// and no qualifying relative lives there (care at home leaves the home out). The finances
// record covering that day is used, else the first one; none gives zero.
Money capital_at_first_entry(const Person& person);

// "0-17", "18-64", "65-74", "75-84", "85+".
std::string_view age_band(int age);

// Display order: the fixed groups of `by` in their natural order (bands low to high), then any
// other label in byte order ("(none)": care under no council's needs record, last).
int group_rank(GroupBy by, std::string_view label);

// A group and the last day it holds for (Date::max(): to the end of the period).
struct GroupSpan {
  std::string_view label;
  Date last = Date::max();
};

// The groups of one person's days of care. The engine joins days with the same figures into
// one period even across care records, so a period may change group part-way: group_from gives
// the group of `day` (within `period`) and how long it lasts. Calls must come in date order
// (as a result lists its periods); the person must outlive this.
class PeriodGrouper {
 public:
  PeriodGrouper(GroupBy by, const Person& person);
  GroupSpan group_from(const Period& period, Date day);

 private:
  GroupSpan care_group_from(Date day);
  GroupBy by_;
  const Person& person_;
  std::string_view capital_band_;
  std::size_t care_index_ = 0;
};

}  // namespace caremeter
