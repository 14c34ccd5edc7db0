// result_json.cc — the account result (doc/service.md, `calculate`) and the error object as JSON.
//
// The account result is written straight into a string rather than through a JSON DOM: a
// county recalculation writes one per person, and building and dumping a tree for each costs
// more than the calculation. Key order is fixed by this code, so equal results give equal bytes.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "caremeter/json/json_io.h"

namespace caremeter {

namespace {

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
      out += "\xEF\xBF\xBD";  // U+FFFD
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
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
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
  out += "\":";
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
char* money_at(char* p, Money m) {
  const int64_t pence = m.in_pence();
  // In unsigned, so the most negative amount formats too.
  const uint64_t u = pence < 0 ? uint64_t(0) - static_cast<uint64_t>(pence) : static_cast<uint64_t>(pence);
  uint64_t pounds = u / 100;
  const unsigned pennies = static_cast<unsigned>(u % 100);
  *p++ = '"';
  if (pence < 0) *p++ = '-';
  std::size_t digits = 1;
  for (uint64_t rest = pounds; rest >= 10; rest /= 10) ++digits;
  p += digits;
  char* d = p;  // the pounds' digits, written from the last
  do {
    *--d = static_cast<char>('0' + pounds % 10);
    pounds /= 10;
  } while (pounds != 0);
  *p++ = '.';
  *p++ = static_cast<char>('0' + pennies / 10);
  *p++ = static_cast<char>('0' + pennies % 10);
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
    out += "null";
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
  out += ",\"version\":";
  append_string(out, ref.version);
  out += ",\"sha256\":";
  append_string(out, ref.sha256);
}

void account(std::string& out, const Account& a) {
  out += "{";
  key(out, "cap");
  optional_value(out, a.cap, [](std::string& o, Money m) { money(o, m); });
  out += ",\"accrued\":";
  money(out, a.accrued);
  out += ",\"remaining\":";
  optional_value(out, a.remaining, [](std::string& o, Exact e) { money(o, e); });
  out += ",\"cap_reached_on\":";
  optional_value(out, a.cap_reached_on, date_value);
  out += ",\"projected_cap_date\":";
  optional_value(out, a.projected_cap_date, date_value);
  out += ",\"cost_of_meeting_needs\":";
  money(out, a.cost_of_meeting_needs);
  out += ",\"daily_living_costs\":";
  money(out, a.daily_living_costs);
  out += ",\"current_weekly\":";
  optional_value(out, a.current_weekly, [](std::string& o, const WeeklyFigures& w) { figures(o, w); });
  out += "}";
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
    out += ",\"exclusion\":";
    append_string(out, exclusion_reason_name(*p.exclusion));
  }
  out += ",\"council\":";
  if (p.council.empty()) {
    out += "null";
  } else {
    append_string(out, p.council);
  }
  out += ",\"setting\":";
  append_string(out, setting_name(p.setting));
  out += ",\"arranged_by\":";
  append_string(out, kArrangedByNames.name(p.arranged_by));
  out += ",\"care\":";
  append_string(out, p.care);
  out += ",\"weekly\":";
  figures(out, p.weekly);
  out += ",\"amount\":";
  figures(out, p.amount);
  out += ",\"accrued_at_end\":";
  money(out, p.accrued_at_end);
  // Only on a period that used a figure past what its rule file knows, so results that did not
  // are as they always were.
  if (p.rules_used == RuleUse::kCarriedForward) out += ",\"provisional\":true";
  if (p.rules_used == RuleUse::kProjected) out += ",\"projected\":true";
  out += "}";
}

void deferred_payment(std::string& out, const DeferredPaymentAccount& d) {
  out += "{";
  key(out, "agreement");
  append_string(out, d.agreement);
  out += ",\"from\":";
  date_value(out, d.range.first);
  out += ",\"to\":";
  if (d.range.open()) {
    out += "null";
  } else {
    date_value(out, d.range.last);
  }
  out += ",\"deferred\":";
  money(out, d.deferred);
  out += ",\"fees\":";
  money(out, d.fees);
  out += ",\"interest\":";
  money(out, d.interest);
  out += ",\"balance\":";
  money(out, d.balance);
  out += ",\"equity_limit\":";
  money(out, d.equity_limit);
  out += ",\"equity_limit_reached_on\":";
  optional_value(out, d.equity_limit_reached_on, date_value);
  out += ",\"weekly_deferred\":";
  optional_value(out, d.weekly_deferred, [](std::string& o, Money m) { money(o, m); });
  out += ",\"disposable_income_allowance\":";
  optional_value(out, d.disposable_income_allowance, [](std::string& o, Money m) { money(o, m); });
  out += "}";
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
  out += ",";
  key(out, name);
  out += "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    const UnpublishedValue& v = values[i];
    if (i > 0) out += ",";
    out += "{";
    key(out, "parameter");
    append_string(out, v.parameter);
    if (!v.council.empty()) {
      out += ",\"council\":";
      append_string(out, v.council);
    }
    out += ",\"value\":";
    append_string(out, v.value);
    out += ",\"known_to\":";
    date_value(out, v.known_to);
    if (!v.assumption.empty()) {
      out += ",\"assumption\":";
      append_string(out, v.assumption);
    }
    out += "}";
  }
  out += "]";
}

void explanation(std::string& out, const Explanation& e) {
  out += "{";
  key(out, "from");
  date_value(out, e.period.first);
  out += ",\"to\":";
  if (e.period.open()) {
    out += "null";
  } else {
    date_value(out, e.period.last);
  }
  out += ",\"figure\":";
  append_string(out, e.figure);
  out += ",\"value\":";
  append_string(out, e.value);
  out += ",\"formula\":";
  append_string(out, e.formula);
  out += ",\"inputs\":";
  out += "{";
  for (std::size_t i = 0; i < e.inputs.size(); ++i) {
    if (i > 0) out += ",";
    append_string(out, e.inputs[i].first);
    out += ":";
    append_string(out, e.inputs[i].second);
  }
  out += "},";
  key(out, "rules");
  out += "[";
  for (std::size_t i = 0; i < e.rules.size(); ++i) {
    const RuleCitation& r = e.rules[i];
    if (i > 0) out += ",";
    out += "{";
    key(out, "parameter");
    append_string(out, r.parameter);
    out += ",\"value\":";
    append_string(out, r.value);
    out += ",\"from\":";
    date_value(out, r.range.first);
    out += ",\"to\":";
    if (r.range.open()) {
      out += "null";
    } else {
      date_value(out, r.range.last);
    }
    out += ",\"source\":";
    append_string(out, r.source);
    out += ",\"status\":";
    append_string(out, citation_status(r));
    out += "}";
  }
  out += "]}";
}

void plain_sentence(std::string& out, const PlainSentence& s) {
  out += "{";
  key(out, "from");
  date_value(out, s.days.first);
  out += ",\"to\":";
  if (s.days.open()) {
    out += "null";
  } else {
    date_value(out, s.days.last);
  }
  out += ",\"reason\":";
  append_string(out, kPlainReasonNames.name(s.reason));
  out += ",\"text\":";
  append_string(out, s.text);
  out += ",\"figures\":";
  out += "{";
  for (std::size_t i = 0; i < s.figures.size(); ++i) {
    if (i > 0) out += ",";
    append_string(out, s.figures[i].first);
    out += ":";
    append_string(out, s.figures[i].second);
  }
  out += "}}";
}

}  // namespace

void write_explanations(const std::vector<Explanation>& explain, std::string& out) {
  out += "[";
  for (std::size_t i = 0; i < explain.size(); ++i) {
    if (i > 0) out += ",";
    explanation(out, explain[i]);
  }
  out += "]";
}

void write_plain_sentences(const std::vector<PlainSentence>& why, std::string& out) {
  out += "[";
  for (std::size_t i = 0; i < why.size(); ++i) {
    if (i > 0) out += ",";
    plain_sentence(out, why[i]);
  }
  out += "]";
}

void write_account_result(const AccountResult& result, std::string& out) {
  out.reserve(out.size() + 1024 + 700 * result.periods.size());
  out += "{";
  key(out, "person_id");
  append_string(out, result.person_id);
  out += ",\"as_of\":";
  date_value(out, result.as_of);
  out += ",\"scenario\":";
  out += "{";
  key(out, "name");
  append_string(out, result.scenario_name);
  out += ",\"reform_start\":";
  optional_value(out, result.reform_start, date_value);
  out += "},";
  key(out, "rules");
  out += "{";
  file_ref(out, result.rules);
  out += ",\"councils\":";
  out += "[";
  for (std::size_t i = 0; i < result.councils.size(); ++i) {
    if (i > 0) out += ",";
    out += "{";
    file_ref(out, result.councils[i]);
    out += "}";
  }
  out += "]}";
  unpublished_values(out, "provisional", result.provisional);
  unpublished_values(out, "projected", result.projected);
  out += ",\"account\":";
  account(out, result.account);
  out += ",\"totals\":";
  out += "{";
  key(out, "from");
  date_value(out, result.totals.range.first);
  out += ",\"to\":";
  date_value(out, result.totals.range.last);
  out += ",\"person_paid\":";
  money(out, result.totals.person_paid);
  out += ",\"council_paid\":";
  money(out, result.totals.council_paid);
  out += ",\"top_ups\":";
  money(out, result.totals.top_ups);
  out += "},";
  key(out, "periods");
  out += "[";
  for (std::size_t i = 0; i < result.periods.size(); ++i) {
    if (i > 0) out += ",";
    period(out, result.periods[i]);
  }
  out += "]";
  if (!result.deferred_payments.empty()) {
    out += ",\"deferred_payments\":";
    out += "[";
    for (std::size_t i = 0; i < result.deferred_payments.size(); ++i) {
      if (i > 0) out += ",";
      deferred_payment(out, result.deferred_payments[i]);
    }
    out += "]";
  }
  if (result.explained) {
    out += ",\"explain\":";
    write_explanations(result.explain, out);
  }
  if (result.plain) {
    out += ",\"why\":";
    write_plain_sentences(result.why, out);
  }
  out += "}";
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
