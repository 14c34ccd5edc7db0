// result_json.cc — the account result (doc/service.md, `calculate`) and the error object as JSON.
//
// The account result is written straight into a string rather than through a JSON DOM: a
// county recalculation writes one per person, and building and dumping a tree for each costs
// more than the calculation. Key order is fixed by this code, so equal results give equal bytes.
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "caremeter/json/json_io.h"

namespace caremeter {

namespace {

// A literal's length is known when compiled: no strlen for each of a result's many pieces.
template <std::size_t N>
void append_literal(std::string& out, const char (&literal)[N]) {
  out.append(literal, N - 1);
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if the bytes there are not one
// (overlong forms, surrogates and code points above U+10FFFF count as invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// Error messages quote user text and file paths, which may not be UTF-8; nlohmann's dump()
// throws on such strings, so they are made valid before they enter a Json value.
std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      out.push_back(s[i++]);
      continue;
    }
    std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {
      append_literal(out, "\xEF\xBF\xBD");  // U+FFFD
      ++i;
    } else {
      out.append(s.data() + i, n);
      i += n;
    }
  }
  return out;
}

// A JSON string. UTF-8 passes through unchanged; bytes that are not UTF-8 (which a strict
// reader would have refused, but a result can be built by hand) become U+FFFD so the output
// is always valid JSON.
void append_string(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
      std::size_t run = i + 1;
      while (run < s.size()) {
        unsigned char d = static_cast<unsigned char>(s[run]);
        if (d < 0x20 || d >= 0x80 || d == '"' || d == '\\') break;
        ++run;
      }
      out.append(s.data() + i, run - i);
      i = run;
      continue;
    }
    if (c >= 0x80) {
      std::size_t n = utf8_sequence_length(s, i);
      if (n == 0) {
        append_literal(out, "\\ufffd");
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': append_literal(out, "\\\""); break;
      case '\\': append_literal(out, "\\\\"); break;
      case '\b': append_literal(out, "\\b"); break;
      case '\f': append_literal(out, "\\f"); break;
      case '\n': append_literal(out, "\\n"); break;
      case '\r': append_literal(out, "\\r"); break;
      case '\t': append_literal(out, "\\t"); break;
      default:
        append_literal(out, "\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xF]);
    }
    ++i;
  }
  out.push_back('"');
}

// `"key":` — keys are this file's own literals, never user text, so they need no escaping.
void key(std::string& out, std::string_view k) {
  out.push_back('"');
  out.append(k);
  append_literal(out, "\":");
}

// The figures of a period are dozens of short pieces per line of output; writing them through
// a pointer into room made once costs a fraction of one std::string append per piece (this
// was the largest part of a county recalculation once parsing was fast).
template <std::size_t N>
char* literal_at(char* p, const char (&literal)[N]) {
  std::memcpy(p, literal, N - 1);
  return p + N - 1;
}

// At most 19 digits, a sign, a point and two quotes.
constexpr std::size_t kMoneyRoom = 24;

// "1234.56": the same text as to_string(Money) (tests/result_json_format_test.cc compares them),
// written in place.
// The two digits of 0–99, for writing numbers two digits at a time.
constexpr auto kDigitPairs = [] {
  std::array<char, 200> pairs{};
  for (int i = 0; i < 100; ++i) {
    pairs[static_cast<std::size_t>(2 * i)] = static_cast<char>('0' + i / 10);
    pairs[static_cast<std::size_t>(2 * i + 1)] = static_cast<char>('0' + i % 10);
  }
  return pairs;
}();

char* money_at(char* p, Money m) {
  const int64_t pence = m.in_pence();
  // In unsigned, so the most negative amount formats too.
  const uint64_t u = pence < 0 ? uint64_t(0) - static_cast<uint64_t>(pence) : static_cast<uint64_t>(pence);
  uint64_t pounds = u / 100;
  const std::size_t pennies = static_cast<std::size_t>(u % 100);
  *p++ = '"';
  if (pence < 0) *p++ = '-';
  std::size_t digits = 1;
  for (uint64_t bound = 10; digits < 20 && pounds >= bound; bound *= 10) ++digits;
  p += digits;
  char* d = p;  // the pounds' digits, written from the last, two at a time
  for (; pounds >= 100; pounds /= 100) {
    d -= 2;
    std::memcpy(d, &kDigitPairs[2 * (pounds % 100)], 2);
  }
  if (pounds >= 10) {
    std::memcpy(d - 2, &kDigitPairs[2 * pounds], 2);
  } else {
    d[-1] = static_cast<char>('0' + pounds);
  }
  *p++ = '.';
  std::memcpy(p, &kDigitPairs[2 * pennies], 2);
  p += 2;
  *p++ = '"';
  return p;
}
char* money_at(char* p, Exact e) { return money_at(p, e.round_half_up()); }

// "YYYY-MM-DD" with quotes: the same text as to_string(Date).
constexpr std::size_t kDateRoom = 12;
char* date_at(char* p, Date d) {
  const date::year_month_day ymd = d.ymd();
  const int y = static_cast<int>(ymd.year());
  const unsigned m = static_cast<unsigned>(ymd.month());
  const unsigned day = static_cast<unsigned>(ymd.day());
  if (y < 0 || y > 9999) {
    const std::string text = to_string(d);  // outside what any document can hold; keep to_string's text
    *p++ = '"';
    std::memcpy(p, text.data(), text.size());
    p += text.size();
    *p++ = '"';
    return p;
  }
  *p++ = '"';
  *p++ = static_cast<char>('0' + y / 1000);
  *p++ = static_cast<char>('0' + (y / 100) % 10);
  *p++ = static_cast<char>('0' + (y / 10) % 10);
  *p++ = static_cast<char>('0' + y % 10);
  *p++ = '-';
  *p++ = static_cast<char>('0' + m / 10);
  *p++ = static_cast<char>('0' + m % 10);
  *p++ = '-';
  *p++ = static_cast<char>('0' + day / 10);
  *p++ = static_cast<char>('0' + day % 10);
  *p++ = '"';
  return p;
}

// Room for `n` more bytes at the end of out; finish() gives back what was not used.
char* room(std::string& out, std::size_t n) {
  const std::size_t used = out.size();
  out.resize(used + n);
  return out.data() + used;
}
void finish(std::string& out, const char* end) { out.resize(static_cast<std::size_t>(end - out.data())); }

void money(std::string& out, Money m) {
  char* p = room(out, kMoneyRoom);
  finish(out, money_at(p, m));
}
void money(std::string& out, Exact e) { money(out, e.round_half_up()); }

void date_value(std::string& out, Date d) {
  char* p = room(out, kDateRoom + 16);
  finish(out, date_at(p, d));
}

template <class T, class Writer>
void optional_value(std::string& out, const std::optional<T>& v, Writer write) {
  if (v) {
    write(out, *v);
  } else {
    append_literal(out, "null");
  }
}

// The eight figures in the order the account result gives them, and NHS-funded nursing care when
// shown; T is Money (weekly) or Exact (amounts).
template <class Figures>
void figures(std::string& out, const Figures& f) {
  char* p = room(out, 200 + 9 * kMoneyRoom);
  p = literal_at(p, "{\"personal_budget\":");
  p = money_at(p, f.personal_budget);
  p = literal_at(p, ",\"weekly_fee\":");
  p = money_at(p, f.weekly_fee);
  p = literal_at(p, ",\"assessed_charge\":");
  p = money_at(p, f.assessed_charge);
  p = literal_at(p, ",\"daily_living_costs\":");
  p = money_at(p, f.daily_living_costs);
  p = literal_at(p, ",\"accruing\":");
  p = money_at(p, f.accruing);
  p = literal_at(p, ",\"person_pays\":");
  p = money_at(p, f.person_pays);
  p = literal_at(p, ",\"council_pays\":");
  p = money_at(p, f.council_pays);
  p = literal_at(p, ",\"top_up\":");
  p = money_at(p, f.top_up);
  if (f.nhs_nursing_care) {
    // Only on nursing placements whose FNC rate the rule set has.
    p = literal_at(p, ",\"nhs_nursing_care\":");
    p = money_at(p, *f.nhs_nursing_care);
  }
  p = literal_at(p, "}");
  finish(out, p);
}

void file_ref(std::string& out, const RuleFileRef& ref) {
  key(out, "id");
  append_string(out, ref.id);
  append_literal(out, ",\"version\":");
  append_string(out, ref.version);
  append_literal(out, ",\"sha256\":");
  append_string(out, ref.sha256);
}

void account(std::string& out, const Account& a) {
  append_literal(out, "{");
  key(out, "cap");
  optional_value(out, a.cap, [](std::string& o, Money m) { money(o, m); });
  append_literal(out, ",\"accrued\":");
  money(out, a.accrued);
  append_literal(out, ",\"remaining\":");
  optional_value(out, a.remaining, [](std::string& o, Exact e) { money(o, e); });
  append_literal(out, ",\"cap_reached_on\":");
  optional_value(out, a.cap_reached_on, date_value);
  append_literal(out, ",\"projected_cap_date\":");
  optional_value(out, a.projected_cap_date, date_value);
  append_literal(out, ",\"cost_of_meeting_needs\":");
  money(out, a.cost_of_meeting_needs);
  append_literal(out, ",\"daily_living_costs\":");
  money(out, a.daily_living_costs);
  append_literal(out, ",\"current_weekly\":");
  optional_value(out, a.current_weekly, [](std::string& o, const WeeklyFigures& w) { figures(o, w); });
  append_literal(out, "}");
}

void period(std::string& out, const Period& p) {
  char* w = room(out, 64 + 2 * kDateRoom);
  w = literal_at(w, "{\"from\":");
  w = date_at(w, p.range.first);
  w = literal_at(w, ",\"to\":");
  w = date_at(w, p.range.last);
  w = p.status == PeriodStatus::kExcluded ? literal_at(w, ",\"status\":\"excluded\"") : literal_at(w, ",\"status\":\"charged\"");
  finish(out, w);
  if (p.status == PeriodStatus::kExcluded && p.exclusion) {
    append_literal(out, ",\"exclusion\":");
    append_string(out, exclusion_reason_name(*p.exclusion));
  }
  append_literal(out, ",\"council\":");
  if (p.council.empty()) {
    append_literal(out, "null");
  } else {
    append_string(out, p.council);
  }
  append_literal(out, ",\"setting\":");
  append_string(out, setting_name(p.setting));
  append_literal(out, ",\"arranged_by\":");
  append_string(out, kArrangedByNames.name(p.arranged_by));
  append_literal(out, ",\"care\":");
  append_string(out, p.care);
  append_literal(out, ",\"weekly\":");
  figures(out, p.weekly);
  append_literal(out, ",\"amount\":");
  figures(out, p.amount);
  append_literal(out, ",\"accrued_at_end\":");
  money(out, p.accrued_at_end);
  // Only on a period that used a figure past what its rule file knows, so results that did not
  // are as they always were.
  if (p.rules_used == RuleUse::kCarriedForward) append_literal(out, ",\"provisional\":true");
  if (p.rules_used == RuleUse::kProjected) append_literal(out, ",\"projected\":true");
  append_literal(out, "}");
}

void deferred_payment(std::string& out, const DeferredPaymentAccount& d) {
  append_literal(out, "{");
  key(out, "agreement");
  append_string(out, d.agreement);
  append_literal(out, ",\"from\":");
  date_value(out, d.range.first);
  append_literal(out, ",\"to\":");
  if (d.range.open()) {
    append_literal(out, "null");
  } else {
    date_value(out, d.range.last);
  }
  append_literal(out, ",\"deferred\":");
  money(out, d.deferred);
  append_literal(out, ",\"fees\":");
  money(out, d.fees);
  append_literal(out, ",\"interest\":");
  money(out, d.interest);
  append_literal(out, ",\"balance\":");
  money(out, d.balance);
  append_literal(out, ",\"equity_limit\":");
  money(out, d.equity_limit);
  append_literal(out, ",\"equity_limit_reached_on\":");
  optional_value(out, d.equity_limit_reached_on, date_value);
  append_literal(out, ",\"weekly_deferred\":");
  optional_value(out, d.weekly_deferred, [](std::string& o, Money m) { money(o, m); });
  append_literal(out, ",\"disposable_income_allowance\":");
  optional_value(out, d.disposable_income_allowance, [](std::string& o, Money m) { money(o, m); });
  append_literal(out, "}");
}

// How a cited rule value was used: its file's status, or "provisional" (carried forward past
// the day its file knows it to) or "projected".
const char* citation_status(const RuleCitation& r) {
  switch (r.use) {
    case RuleUse::kCarriedForward: return "provisional";
    case RuleUse::kProjected: return "projected";
    case RuleUse::kKnown: break;
  }
  return source_status_name(r.status);
}

// "provisional" or "projected": [{"parameter", "council"?, "value", "known_to", "assumption"?}, …]
void unpublished_values(std::string& out, std::string_view name, const std::vector<UnpublishedValue>& values) {
  if (values.empty()) return;
  append_literal(out, ",");
  key(out, name);
  append_literal(out, "[");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const UnpublishedValue& v = values[i];
    if (i > 0) append_literal(out, ",");
    append_literal(out, "{");
    key(out, "parameter");
    append_string(out, v.parameter);
    if (!v.council.empty()) {
      append_literal(out, ",\"council\":");
      append_string(out, v.council);
    }
    append_literal(out, ",\"value\":");
    append_string(out, v.value);
    append_literal(out, ",\"known_to\":");
    date_value(out, v.known_to);
    if (!v.assumption.empty()) {
      append_literal(out, ",\"assumption\":");
      append_string(out, v.assumption);
    }
    append_literal(out, "}");
  }
  append_literal(out, "]");
}

void explanation(std::string& out, const Explanation& e) {
  append_literal(out, "{");
  key(out, "from");
  date_value(out, e.period.first);
  append_literal(out, ",\"to\":");
  if (e.period.open()) {
    append_literal(out, "null");
  } else {
    date_value(out, e.period.last);
  }
  append_literal(out, ",\"figure\":");
  append_string(out, e.figure);
  append_literal(out, ",\"value\":");
  append_string(out, e.value);
  append_literal(out, ",\"formula\":");
  append_string(out, e.formula);
  append_literal(out, ",\"inputs\":");
  append_literal(out, "{");
  for (std::size_t i = 0; i < e.inputs.size(); ++i) {
    if (i > 0) append_literal(out, ",");
    append_string(out, e.inputs[i].first);
    append_literal(out, ":");
    append_string(out, e.inputs[i].second);
  }
  append_literal(out, "},");
  key(out, "rules");
  append_literal(out, "[");
  for (std::size_t i = 0; i < e.rules.size(); ++i) {
    const RuleCitation& r = e.rules[i];
    if (i > 0) append_literal(out, ",");
    append_literal(out, "{");
    key(out, "parameter");
    append_string(out, r.parameter);
    append_literal(out, ",\"value\":");
    append_string(out, r.value);
    append_literal(out, ",\"from\":");
    date_value(out, r.range.first);
    append_literal(out, ",\"to\":");
    if (r.range.open()) {
      append_literal(out, "null");
    } else {
      date_value(out, r.range.last);
    }
    append_literal(out, ",\"source\":");
    append_string(out, r.source);
    append_literal(out, ",\"status\":");
    append_string(out, citation_status(r));
    append_literal(out, "}");
  }
  append_literal(out, "]}");
}

void plain_sentence(std::string& out, const PlainSentence& s) {
  append_literal(out, "{");
  key(out, "from");
  date_value(out, s.days.first);
  append_literal(out, ",\"to\":");
  if (s.days.open()) {
    append_literal(out, "null");
  } else {
    date_value(out, s.days.last);
  }
  append_literal(out, ",\"reason\":");
  append_string(out, kPlainReasonNames.name(s.reason));
  append_literal(out, ",\"text\":");
  append_string(out, s.text);
  append_literal(out, ",\"figures\":");
  append_literal(out, "{");
  for (std::size_t i = 0; i < s.figures.size(); ++i) {
    if (i > 0) append_literal(out, ",");
    append_string(out, s.figures[i].first);
    append_literal(out, ":");
    append_string(out, s.figures[i].second);
  }
  append_literal(out, "}}");
}

}  // namespace

void write_explanations(const std::vector<Explanation>& explain, std::string& out) {
  append_literal(out, "[");
  for (std::size_t i = 0; i < explain.size(); ++i) {
    if (i > 0) append_literal(out, ",");
    explanation(out, explain[i]);
  }
  append_literal(out, "]");
}

void write_plain_sentences(const std::vector<PlainSentence>& why, std::string& out) {
  append_literal(out, "[");
  for (std::size_t i = 0; i < why.size(); ++i) {
    if (i > 0) append_literal(out, ",");
    plain_sentence(out, why[i]);
  }
  append_literal(out, "]");
}

void write_account_result(const AccountResult& result, std::string& out) {
  out.reserve(out.size() + 1024 + 700 * result.periods.size());
  append_literal(out, "{");
  key(out, "person_id");
  append_string(out, result.person_id);
  append_literal(out, ",\"as_of\":");
  date_value(out, result.as_of);
  append_literal(out, ",\"scenario\":");
  append_literal(out, "{");
  key(out, "name");
  append_string(out, result.scenario_name);
  append_literal(out, ",\"reform_start\":");
  optional_value(out, result.reform_start, date_value);
  append_literal(out, "},");
  key(out, "rules");
  append_literal(out, "{");
  file_ref(out, result.rules);
  append_literal(out, ",\"councils\":");
  append_literal(out, "[");
  for (std::size_t i = 0; i < result.councils.size(); ++i) {
    if (i > 0) append_literal(out, ",");
    append_literal(out, "{");
    file_ref(out, result.councils[i]);
    append_literal(out, "}");
  }
  append_literal(out, "]}");
  unpublished_values(out, "provisional", result.provisional);
  unpublished_values(out, "projected", result.projected);
  append_literal(out, ",\"account\":");
  account(out, result.account);
  append_literal(out, ",\"totals\":");
  append_literal(out, "{");
  key(out, "from");
  date_value(out, result.totals.range.first);
  append_literal(out, ",\"to\":");
  date_value(out, result.totals.range.last);
  append_literal(out, ",\"person_paid\":");
  money(out, result.totals.person_paid);
  append_literal(out, ",\"council_paid\":");
  money(out, result.totals.council_paid);
  append_literal(out, ",\"top_ups\":");
  money(out, result.totals.top_ups);
  append_literal(out, "},");
  key(out, "periods");
  append_literal(out, "[");
  for (std::size_t i = 0; i < result.periods.size(); ++i) {
    if (i > 0) append_literal(out, ",");
    period(out, result.periods[i]);
  }
  append_literal(out, "]");
  if (!result.deferred_payments.empty()) {
    append_literal(out, ",\"deferred_payments\":");
    append_literal(out, "[");
    for (std::size_t i = 0; i < result.deferred_payments.size(); ++i) {
      if (i > 0) append_literal(out, ",");
      deferred_payment(out, result.deferred_payments[i]);
    }
    append_literal(out, "]");
  }
  if (result.explained) {
    append_literal(out, ",\"explain\":");
    write_explanations(result.explain, out);
  }
  if (result.plain) {
    append_literal(out, ",\"why\":");
    write_plain_sentences(result.why, out);
  }
  append_literal(out, "}");
}

std::string account_result_to_json(const AccountResult& result) {
  std::string out;
  write_account_result(result, out);
  return out;
}

Json error_to_json(const Error& error) {
  Json data = Json::object();
  data["pointer"] = valid_utf8(error.pointer);
  data["reason"] = error_code_name(error.code);
  if (!error.file.empty()) data["file"] = valid_utf8(error.file);
  if (!error.parameter.empty()) data["parameter"] = valid_utf8(error.parameter);
  if (!error.date.empty()) data["date"] = valid_utf8(error.date);
  if (!error.council.empty()) data["council"] = valid_utf8(error.council);
  Json out = Json::object();
  out["code"] = json_rpc_code(error.code);
  out["message"] = valid_utf8(error.message);
  out["data"] = std::move(data);
  return out;
}

}  // namespace caremeter
