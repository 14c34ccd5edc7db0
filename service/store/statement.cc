// statement.cc — figures for a care account statement, and its JSON.
#include "store/statement.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "caremeter/json/json_io.h"

namespace caremeter {

namespace {

// The account as known today on `day`, with the totals window narrowed to that day so nothing
// beyond it is walked for periods (the account figures run to as_of regardless).
Result<AccountResult> account_on(const StatementInputs& in, Date day, std::optional<Date> from = {},
                                 bool explained = false) {
  CalculationRequest request;
  request.as_of = day;
  request.from = from.value_or(day);
  request.to = day;
  request.explain = explained && in.explain;
  request.plain = explained && in.plain;
  request.unpublished = in.unpublished;
  return calculate(*in.person, *in.rules, *in.scenario, request);
}

// The values one of the statement's calculations used past what their files know, added to
// what the statement lists (each once, sorted).
void add_past_known(StatementFigures& f, const AccountResult& r) {
  auto merge = [](std::vector<UnpublishedValue>& into, const std::vector<UnpublishedValue>& more) {
    into.insert(into.end(), more.begin(), more.end());
    std::sort(into.begin(), into.end());
    into.erase(std::unique(into.begin(), into.end()), into.end());
  };
  merge(f.provisional, r.provisional);
  merge(f.projected, r.projected);
}

// The statement's plain sentences: the adjustment since the previous statement first, then the
// period's own; the projected cap date only when the statement shows it (as the indicative date).
std::vector<PlainSentence> statement_why(const StatementFigures& f, std::vector<PlainSentence> period) {
  std::vector<PlainSentence> why;
  if (f.adjustment) {
    why.push_back(statement_adjustment_sentence(f.adjustment->previous.period_end, f.adjustment->accrued_then_shown,
                                                f.adjustment->accrued_then_now));
  }
  for (PlainSentence& s : period) {
    if (s.reason == PlainReason::kProjectedCapDate && !f.indicative_cap_date) continue;
    why.push_back(std::move(s));
  }
  return why;
}

std::string json_string(std::string_view s) {
  return Json(std::string(s)).dump(-1, ' ', false, Json::error_handler_t::replace);
}
std::string money_or_null(const std::optional<Money>& m) { return m ? json_string(to_string(*m)) : "null"; }
std::string date_or_null(const std::optional<Date>& d) { return d ? json_string(to_string(*d)) : "null"; }

void rule_ref(std::string& out, const RuleFileRef& r) {
  out += "{\"id\":" + json_string(r.id) + ",\"version\":" + json_string(r.version) + ",\"sha256\":" + json_string(r.sha256) + "}";
}

void past_known(std::string& out, const char* name, const std::vector<UnpublishedValue>& values) {
  if (values.empty()) return;
  out += ",\"" + std::string(name) + "\":[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    const UnpublishedValue& v = values[i];
    if (i > 0) out += ",";
    out += "{\"parameter\":" + json_string(v.parameter);
    if (!v.council.empty()) out += ",\"council\":" + json_string(v.council);
    out += ",\"value\":" + json_string(v.value) + ",\"known_to\":" + json_string(to_string(v.known_to));
    if (!v.assumption.empty()) out += ",\"assumption\":" + json_string(v.assumption);
    out += "}";
  }
  out += "]";
}

}  // namespace

DateRange statement_period(Date period_end) {
  // A year back from the day after the end: add_years_months moves a 29 February that does not
  // exist to 1 March, which is where a 12-month period ending on 28 or 29 February starts.
  return DateRange{add_years_months(period_end.next(), -1, 0), period_end};
}

Result<StatementFigures> compute_statement(const StatementInputs& in) {
  StatementFigures f;
  f.person_id = in.person->id;
  f.person_revision = in.person_revision;
  f.period = statement_period(in.period_end);
  f.scenario_name = in.scenario->name;
  f.reform_start = in.scenario->reform_start;

  auto now = account_on(in, in.period_end, f.period.first, true);
  if (!now) return std::move(now).error();
  const Account& a = now->account;
  f.rules = now->rules;
  f.councils = now->councils;
  add_past_known(f, *now);
  f.cap = a.cap;
  f.cost_of_meeting_needs = a.cost_of_meeting_needs.round_half_up();
  f.accrued = a.accrued.round_half_up();
  if (a.remaining) f.remaining = a.remaining->round_half_up();
  f.cap_reached_on = a.cap_reached_on;
  f.daily_living_costs = a.daily_living_costs.round_half_up();
  if (a.current_weekly) {
    f.weekly_accruing = a.current_weekly->accruing;
    f.weekly_daily_living_costs = a.current_weekly->daily_living_costs;
  }

  // Progress over the period: the difference of the exact totals at either end, so a rescaling
  // of the accrued total when the cap changes is part of it, as it is part of the total.
  auto before = account_on(in, f.period.first.prev());
  if (!before) return std::move(before).error();
  add_past_known(f, *before);
  f.accrued_in_period = (a.accrued - before->account.accrued).round_half_up();

  if (a.projected_cap_date && !a.cap_reached_on &&
      *a.projected_cap_date <= add_years_months(in.period_end, 0, kIndicativeCapDateMonths)) {
    f.indicative_cap_date = a.projected_cap_date;
  }

  if (in.previous) {
    StatementAdjustment adj;
    adj.previous = *in.previous;
    auto shown = parse_money(in.previous->accrued, MoneyParseOptions{.allow_negative = true});
    if (!shown) {
      return Error{ErrorCode::kInternal,
                   "the previous statement's accrued figure '" + in.previous->accrued + "' is unreadable", "", ""};
    }
    auto then = account_on(in, in.previous->period_end);
    if (!then) return std::move(then).error();
    add_past_known(f, *then);
    adj.accrued_then_shown = *shown;
    adj.accrued_then_now = then->account.accrued.round_half_up();
    adj.amount = adj.accrued_then_now - adj.accrued_then_shown;
    adj.revisions = in.revisions_since_previous;
    f.adjustment = std::move(adj);
  }
  f.explained = now->explained;
  f.explain = std::move(now->explain);
  f.plain = now->plain;
  if (f.plain) f.why = statement_why(f, std::move(now->why));
  return f;
}

std::string write_statement(const StatementFigures& f, const std::string& issued_at) {
  std::string out;
  out.reserve(1024);
  out += "{\"person_id\":" + json_string(f.person_id);
  out += ",\"person_revision\":" + std::to_string(f.person_revision);
  out += ",\"issued_at\":" + json_string(issued_at);
  out += ",\"period\":{\"from\":" + json_string(to_string(f.period.first)) + ",\"to\":" + json_string(to_string(f.period.last)) + "}";
  out += ",\"scenario\":{\"name\":" + json_string(f.scenario_name) + ",\"reform_start\":" + date_or_null(f.reform_start) + "}";
  out += ",\"rules\":";
  rule_ref(out, f.rules);
  out += ",\"councils\":[";
  for (std::size_t i = 0; i < f.councils.size(); ++i) {
    if (i > 0) out += ",";
    rule_ref(out, f.councils[i]);
  }
  out += "]";
  past_known(out, "provisional", f.provisional);
  past_known(out, "projected", f.projected);
  out += ",\"cap\":" + money_or_null(f.cap);
  out += ",\"cost_of_meeting_needs\":" + json_string(to_string(f.cost_of_meeting_needs));
  out += ",\"accrued\":" + json_string(to_string(f.accrued));
  out += ",\"remaining\":" + money_or_null(f.remaining);
  out += ",\"cap_reached_on\":" + date_or_null(f.cap_reached_on);
  out += ",\"progress\":{\"accrued_in_period\":" + json_string(to_string(f.accrued_in_period)) +
         ",\"weekly_accruing\":" + money_or_null(f.weekly_accruing) + "}";
  out += ",\"daily_living_costs\":{\"total\":" + json_string(to_string(f.daily_living_costs)) +
         ",\"weekly\":" + money_or_null(f.weekly_daily_living_costs) + "}";
  out += ",\"adjustments\":";
  if (!f.adjustment) {
    out += "null";
  } else {
    const StatementAdjustment& adj = *f.adjustment;
    out += "{\"previous_statement\":{\"period_end\":" + json_string(to_string(adj.previous.period_end)) +
           ",\"issued_at\":" + json_string(adj.previous.issued_at) +
           ",\"person_revision\":" + std::to_string(adj.previous.person_revision) +
           ",\"rules\":{\"id\":" + json_string(adj.previous.rules_id) + ",\"version\":" + json_string(adj.previous.rules_version) +
           ",\"sha256\":" + json_string(adj.previous.rules_sha256) + "}" +
           ",\"accrued\":" + json_string(to_string(adj.accrued_then_shown)) + "}";
    out += ",\"accrued_at_previous_period_end_now\":" + json_string(to_string(adj.accrued_then_now));
    out += ",\"amount\":" + json_string(to_string(adj.amount));
    out += ",\"revisions\":[";
    for (std::size_t i = 0; i < adj.revisions.size(); ++i) {
      if (i > 0) out += ",";
      out += "{\"revision\":" + std::to_string(adj.revisions[i].revision) +
             ",\"recorded_at\":" + json_string(adj.revisions[i].recorded_at) + "}";
    }
    out += "]}";
  }
  out += ",\"indicative_cap_date\":" + date_or_null(f.indicative_cap_date);
  if (f.explained) {
    out += ",\"explain\":";
    write_explanations(f.explain, out);
  }
  if (f.plain) {
    out += ",\"why\":";
    write_plain_sentences(f.why, out);
  }
  out += "}";
  return out;
}

}  // namespace caremeter
