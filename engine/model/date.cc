// date.cc — strict ISO date parsing and the calendar helpers charging needs.
#include "caremeter/model/date.h"

#include <charconv>

namespace caremeter {

namespace {
bool read_digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + n, out);
  return ec == std::errc() && p == s.data() + pos + n;
}
}  // namespace

Result<Date> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !read_digits(text, 0, 4, y) ||
      !read_digits(text, 5, 2, m) || !read_digits(text, 8, 2, d)) {
    return invalid_input("", "expected a date as YYYY-MM-DD, got '" + std::string(text) + "'");
  }
  date::year_month_day ymd{date::year{y}, date::month{static_cast<unsigned>(m)},
                           date::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return invalid_input("", "'" + std::string(text) + "' is not a calendar date");
  Date out{date::sys_days(ymd)};
  if (out < Date::min() || out > Date::max()) {
    return invalid_input("", "'" + std::string(text) + "' is outside the years 1800 to 2399");
  }
  return out;
}

std::string to_string(Date d) {
  auto ymd = d.ymd();
  int y = static_cast<int>(ymd.year());
  unsigned m = static_cast<unsigned>(ymd.month());
  unsigned dd = static_cast<unsigned>(ymd.day());
  char buf[11];
  buf[0] = static_cast<char>('0' + (y / 1000) % 10);
  buf[1] = static_cast<char>('0' + (y / 100) % 10);
  buf[2] = static_cast<char>('0' + (y / 10) % 10);
  buf[3] = static_cast<char>('0' + y % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + m / 10);
  buf[6] = static_cast<char>('0' + m % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + dd / 10);
  buf[9] = static_cast<char>('0' + dd % 10);
  buf[10] = '\0';
  return std::string(buf, 10);
}

Date add_years_months(Date d, int years, int months) {
  auto ymd = d.ymd();
  date::year_month_day shifted = ymd + date::years(years) + date::months(months);
  if (!shifted.ok()) {
    // Only the 29th–31st of a month can land on a day the target month lacks. The general
    // reading is that such an anniversary falls on the first day of the following month; where a
    // statute fixes another day (the pension-age bands for people born on 31 July 1960, 31
    // December 1960 and 31 January 1961) the rule file states the date itself.
    shifted = date::year_month_day(date::sys_days(shifted.year() / shifted.month() / date::last) +
                                   date::days(1));
  }
  return Date(date::sys_days(shifted));
}

int age_on(Date birth, Date on) {
  int years = on.year() - birth.year();
  if (years > 0 && birthday(birth, years) > on) --years;
  return years;
}

int financial_year(Date d) {
  auto ymd = d.ymd();
  int y = static_cast<int>(ymd.year());
  return static_cast<unsigned>(ymd.month()) >= 4 ? y : y - 1;
}

Date financial_year_start(int fy) { return Date::from_ymd(fy, 4, 1); }
Date financial_year_end(int fy) { return Date::from_ymd(fy + 1, 3, 31); }

}  // namespace caremeter
