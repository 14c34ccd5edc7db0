// date_test.cc — strict dates, inclusive ranges, financial years, birthdays.
#include "caremeter/model/date.h"

#include <gtest/gtest.h>

namespace caremeter {
namespace {

Date D(const char* s) { return *parse_date(s); }

// Days lives beside Date (this file includes only date.h): a count of days, not an amount.
TEST(Days, CountsDaysBetweenDates) {
  EXPECT_EQ(D("2025-03-01") - D("2024-03-01"), Days(365));
  EXPECT_EQ((DateRange{D("2024-02-01"), D("2024-02-29")}.length()), Days(29));
  EXPECT_EQ(Days(3) + Days(4), Days(7));
}

TEST(DateParse, StrictIso) {
  EXPECT_EQ(to_string(D("2024-02-29")), "2024-02-29");
  for (const char* bad : {"2025-02-30", "2023-02-29", "2025-13-01", "2025-00-10", "2025-1-01", "2025/01/01",
                          "20250101", "", "2025-01-01T00:00", " 2025-01-01", "1799-12-31", "2400-01-01", "２０２５-01-01"}) {
    EXPECT_FALSE(parse_date(bad).ok()) << bad;
  }
  EXPECT_NE(parse_date("2025-02-30").error().message.find("not a calendar date"), std::string::npos);
}

TEST(DateArithmetic, DayCountsAndRanges) {
  EXPECT_EQ((D("2027-01-16") - D("2023-10-01")).count(), 1203);
  DateRange r{D("2023-10-01"), D("2027-01-16")};
  EXPECT_EQ(r.length().count(), 1204);
  EXPECT_TRUE(r.contains(D("2027-01-16")));
  EXPECT_FALSE(r.contains(D("2027-01-17")));
  EXPECT_TRUE(DateRange{D("2024-01-01")}.open());
  EXPECT_TRUE(r.overlaps(DateRange{D("2027-01-16"), D("2028-01-01")}));
  EXPECT_FALSE(r.overlaps(DateRange{D("2027-01-17"), D("2028-01-01")}));
  EXPECT_EQ(D("2024-02-28") + Days(1), D("2024-02-29"));
}

TEST(DateCalendar, FinancialYears) {
  EXPECT_EQ(financial_year(D("2024-04-01")), 2024);
  EXPECT_EQ(financial_year(D("2025-03-31")), 2024);
  EXPECT_EQ(financial_year(D("2025-01-01")), 2024);
  EXPECT_EQ(financial_year_start(2024), D("2024-04-01"));
  EXPECT_EQ(financial_year_end(2024), D("2025-03-31"));
}

TEST(DateCalendar, BirthdaysAndAges) {
  EXPECT_EQ(birthday(D("1946-03-14"), 80), D("2026-03-14"));
  EXPECT_EQ(birthday(D("1948-02-29"), 77), D("2025-03-01"));  // leap-day birthdays fall on 1 March
  EXPECT_EQ(age_on(D("1946-03-14"), D("2026-03-13")), 79);
  EXPECT_EQ(age_on(D("1946-03-14"), D("2026-03-14")), 80);
  EXPECT_EQ(add_years_months(D("1960-05-31"), 66, 1), D("2026-07-01"));
}

}  // namespace
}  // namespace caremeter
