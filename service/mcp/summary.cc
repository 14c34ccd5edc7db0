// summary.cc — the plain-English summaries.
#include "mcp/summary.h"

#include <array>

namespace caremeter {

namespace {

std::string text_of(const Json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

std::string money_or(const Json& v, std::string_view none) {
  return v.is_string() ? pounds(v.get<std::string>()) : std::string(none);
}

std::string scenario_name(const Json& result) {
  const Json& s = result.value("scenario", Json::object());
  return s.is_object() ? text_of(s.value("name", Json())) : std::string();
}

// "Toward the £86,000.00 cap: £52,214.29 counted, £33,785.71 to go; at this rate it is reached on 16 January 2027."
std::string cap_sentence(const Json& account) {
  const Json& cap = account.value("cap", Json());
  if (!cap.is_string()) return "There is no cap on care costs on that day.";
  std::string s = "Toward the " + pounds(cap.get<std::string>()) + " cap: " +
                  money_or(account.value("accrued", Json()), "nothing") + " counted so far";
  if (const Json& reached = account.value("cap_reached_on", Json()); reached.is_string()) {
    return s + "; the cap was reached on " + date_in_words(reached.get<std::string>()) + ".";
  }
  s += ", " + money_or(account.value("remaining", Json()), "nothing") + " to go";
  if (const Json& projected = account.value("projected_cap_date", Json()); projected.is_string()) {
    s += "; at today's weekly figures the cap is reached on " + date_in_words(projected.get<std::string>());
  }
  return s + ".";
}

}  // namespace

std::string pounds(std::string_view amount) {
  bool negative = !amount.empty() && amount.front() == '-';
  if (negative) amount.remove_prefix(1);
  std::size_t point = amount.find('.');
  std::string_view whole = amount.substr(0, point);
  std::string out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += ',';
    out += whole[i];
  }
  if (point != std::string_view::npos) out += amount.substr(point);
  return (negative ? "-£" : "£") + out;
}

std::string date_in_words(std::string_view iso) {
  static constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                                         "July",    "August",   "September", "October", "November", "December"};
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return std::string(iso);
  int month = (iso[5] - '0') * 10 + (iso[6] - '0');
  if (month < 1 || month > 12) return std::string(iso);
  std::string day(iso.substr(8, 2));
  if (day[0] == '0') day.erase(0, 1);
  return day + " " + kMonths[static_cast<std::size_t>(month - 1)] + " " + std::string(iso.substr(0, 4));
}

std::string summarise_account_result(const Json& result) {
  const Json& account = result.value("account", Json::object());
  std::string s = "On " + date_in_words(text_of(result.value("as_of", Json()))) + ", under " + scenario_name(result) +
                  ", for " + text_of(result.value("person_id", Json())) + ": ";
  const Json& weekly = account.value("current_weekly", Json());
  if (weekly.is_object()) {
    s += "the person pays " + money_or(weekly.value("person_pays", Json()), "£0.00") + " a week and the council pays " +
         money_or(weekly.value("council_pays", Json()), "£0.00") + " (weekly fee " +
         money_or(weekly.value("weekly_fee", Json()), "£0.00") + ", personal budget " +
         money_or(weekly.value("personal_budget", Json()), "£0.00") + "). ";
  } else {
    s += "there is no care on that day. ";
  }
  return s + cap_sentence(account);
}

std::string summarise_compare(const Json& results) {
  std::string s;
  for (const Json& r : results) {
    if (!s.empty()) s += "\n";
    s += "- " + summarise_account_result(r);
  }
  return s;
}

std::string summarise_statement(const Json& st) {
  const Json& period = st.value("period", Json::object());
  std::string s = "Care account statement for " + text_of(st.value("person_id", Json())) + ", " +
                  date_in_words(text_of(period.value("from", Json()))) + " to " +
                  date_in_words(text_of(period.value("to", Json()))) + ", under " + scenario_name(st) + ": ";
  const Json& cap = st.value("cap", Json());
  if (!cap.is_string()) return s + "there is no cap on care costs at the end of the period.";
  s += money_or(st.value("accrued", Json()), "nothing") + " counted toward the " + pounds(cap.get<std::string>()) +
       " cap, " + money_or(st.value("remaining", Json()), "nothing") + " to go.";
  if (const Json& d = st.value("indicative_cap_date", Json()); d.is_string()) {
    s += " Indicative date the cap is reached: " + date_in_words(d.get<std::string>()) + ".";
  }
  return s;
}

std::string summarise_error(const Json& error) {
  std::string s = "Not calculated: " + text_of(error.value("message", Json()));
  const Json& data = error.value("data", Json::object());
  if (const Json& p = data.value("pointer", Json()); p.is_string() && !p.get<std::string>().empty()) {
    s += " (at " + p.get<std::string>() + ")";
  }
  return s;
}

}  // namespace caremeter
