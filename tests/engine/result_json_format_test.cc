// The account result writer formats money and dates itself (in place, for speed); its text
// must be exactly to_string's for every amount and date, including the extremes.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "caremeter/json/json_io.h"

namespace caremeter {
namespace {

// The `"weekly":{…}` object of the first period, as written.
std::string weekly_object(const AccountResult& r) {
  const std::string json = account_result_to_json(r);
  const std::size_t from = json.find("\"weekly\":{");
  const std::size_t to = json.find('}', from);
  return json.substr(from, to - from + 1);
}

TEST(ResultJsonFormat, MoneyIsWrittenExactlyAsToString) {
  const std::vector<int64_t> pence = {0,
                                      1,
                                      -1,
                                      9,
                                      10,
                                      99,
                                      100,
                                      101,
                                      -100,
                                      -101,
                                      123456789,
                                      -123456789,
                                      100000000000,
                                      std::numeric_limits<int64_t>::max(),
                                      std::numeric_limits<int64_t>::min(),
                                      std::numeric_limits<int64_t>::min() + 1};
  // Each number of digits, at both ends (the writer counts digits and writes two at a time).
  std::vector<int64_t> every_length = pence;
  for (int64_t power = 1; power <= std::numeric_limits<int64_t>::max() / 10; power *= 10) {
    for (int64_t p : {power, power - 1, 10 * power - 1, -power, -(power - 1)}) every_length.push_back(p);
  }
  for (int64_t p : every_length) {
    AccountResult r;
    Period period;
    period.range = DateRange{Date::from_ymd(2025, 4, 1), Date::from_ymd(2025, 4, 7)};
    period.weekly.personal_budget = Money::pence(p);
    period.weekly.top_up = Money::pence(p);
    r.periods.push_back(period);
    const std::string m = "\"" + to_string(Money::pence(p)) + "\"";
    EXPECT_EQ(weekly_object(r), "\"weekly\":{\"personal_budget\":" + m +
                                    ",\"weekly_fee\":\"0.00\",\"assessed_charge\":\"0.00\",\"daily_living_costs\":"
                                    "\"0.00\",\"accruing\":\"0.00\",\"person_pays\":\"0.00\",\"council_pays\":\"0.00\","
                                    "\"top_up\":" +
                                    m + "}")
        << p;
  }
}

TEST(ResultJsonFormat, DatesAreWrittenExactlyAsToString) {
  for (Date d : {Date::min(), Date::max(), Date::from_ymd(2000, 2, 29), Date::from_ymd(2025, 12, 31),
                 Date::from_ymd(2026, 1, 1), Date::from_ymd(1999, 9, 9)}) {
    AccountResult r;
    Period period;
    period.range = DateRange{d, d};
    r.periods.push_back(period);
    const std::string json = account_result_to_json(r);
    const std::string text = "\"" + to_string(d) + "\"";
    EXPECT_NE(json.find("\"periods\":[{\"from\":" + text + ",\"to\":" + text + ",\"status\":\"charged\""),
              std::string::npos)
        << json;
  }
}

}  // namespace
}  // namespace caremeter
