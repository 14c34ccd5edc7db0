// date.h — calendar dates for charging periods: strict ISO parsing, inclusive ranges, day counts.
//
// A Date is a day number (Howard Hinnant's date::sys_days); Days is a count of them. Parsing
// is strict: "2025-02-30" is an error, never clamped. Ranges are inclusive at both ends, as
// the law states periods; an open end is Date::max().
#pragma once

#include <date/date.h>

#include <compare>
#include <string>
#include <string_view>

#include "caremeter/model/checked.h"
#include "caremeter/model/status.h"

namespace caremeter {

// A count of days. Not an amount: it cannot be added to one.
class Days {
 public:
  constexpr Days() = default;
  constexpr explicit Days(int64_t n) : n_(n) {}
  constexpr int64_t count() const { return n_; }
  constexpr auto operator<=>(const Days&) const = default;
  constexpr Days operator+(Days o) const { return Days(detail::checked_add(n_, o.n_)); }
  constexpr Days operator-(Days o) const { return Days(detail::checked_sub(n_, o.n_)); }

 private:
  int64_t n_ = 0;
};

class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(date::sys_days d) : d_(d) {}
  static constexpr Date from_ymd(int y, unsigned m, unsigned d) {
    return Date(date::sys_days(date::year{y} / date::month{m} / date::day{d}));
  }
  // Bounds of what the engine accepts; max() also stands for "open-ended".
  static constexpr Date min() { return from_ymd(1800, 1, 1); }
  static constexpr Date max() { return from_ymd(2399, 12, 31); }

  constexpr date::sys_days sys_days() const { return d_; }
  constexpr int64_t serial() const { return d_.time_since_epoch().count(); }
  date::year_month_day ymd() const { return date::year_month_day(d_); }
  int year() const { return static_cast<int>(ymd().year()); }

  constexpr auto operator<=>(const Date&) const = default;
  constexpr Date operator+(Days n) const { return Date(d_ + date::days(n.count())); }
  constexpr Date operator-(Days n) const { return Date(d_ - date::days(n.count())); }
  constexpr Days operator-(Date o) const { return Days((d_ - o.d_).count()); }
  constexpr Date next() const { return Date(d_ + date::days(1)); }
  constexpr Date prev() const { return Date(d_ - date::days(1)); }

 private:
  date::sys_days d_{};
};

// Strict "YYYY-MM-DD" (four-digit year between 1800 and 2399), no stream I/O.
Result<Date> parse_date(std::string_view text);
std::string to_string(Date d);

// The same day of the month `years` years and `months` months later; 29 February in a year
// without one becomes 1 March (how birthdays and pension ages are counted in UK law).
Date add_years_months(Date d, int years, int months);

// The date a person born on `birth` reaches age `years` (first moment of that birthday).
inline Date birthday(Date birth, int years) { return add_years_months(birth, years, 0); }
int age_on(Date birth, Date on);

// The financial year (1 April – 31 March) containing d, named by its starting year:
// 2024-04-01 and 2025-03-31 are both in financial year 2024 ("2024/25").
int financial_year(Date d);
Date financial_year_start(int fy);
Date financial_year_end(int fy);

// An inclusive range of days; last == Date::max() is open-ended.
struct DateRange {
  Date first;
  Date last = Date::max();

  constexpr bool open() const { return last == Date::max(); }
  constexpr bool contains(Date d) const { return first <= d && d <= last; }
  constexpr bool overlaps(const DateRange& o) const { return first <= o.last && o.first <= last; }
  constexpr Days length() const { return Days((last - first).count() + 1); }
  constexpr auto operator<=>(const DateRange&) const = default;
};

}  // namespace caremeter
