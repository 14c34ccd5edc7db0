// walk.cc — stretches, the cap, spend-down, periods and the account on as_of.
#include "walk.h"

#include <algorithm>
#include <utility>

#include "check.h"

namespace caremeter::calc {
namespace {

PeriodAmounts amounts_for(const WeeklyFigures& w, Days days) {
  PeriodAmounts a{accrue(w.personal_budget, days), accrue(w.weekly_fee, days),
                  accrue(w.assessed_charge, days), accrue(w.daily_living_costs, days),
                  accrue(w.accruing, days),        accrue(w.person_pays, days),
                  accrue(w.council_pays, days),    accrue(w.top_up, days), std::nullopt};
  if (w.nhs_nursing_care) a.nhs_nursing_care = accrue(*w.nhs_nursing_care, days);
  return a;
}

void sort_unique(std::vector<Date>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// The concerns (national parameters only some people's figures use) this person's figures
// use: NHS-funded nursing care on a nursing placement; the disposable income allowance under a
// deferred payment agreement; DWP's disability benefit rates, for a council's night-time
// disregard at home. Each is given to `use`.
template <class Use>
void concerns_of(const Person& person, const PersonFacts& facts, Use use) {
  using Concern = PreparedScenario::Concern;
  if (std::any_of(person.care.begin(), person.care.end(), [](const CareRecord& c) {
        return c.setting == Setting::kCareHome && (c.category == CareHomeCategory::kNursing ||
                                                   c.category == CareHomeCategory::kNursingEnhanced);
      })) {
    use(Concern::kNursingPlacement);
  }
  if (!person.deferred_payments.empty()) use(Concern::kDeferredPayment);
  bool benefit = std::any_of(person.finances.begin(), person.finances.end(), [](const FinancesRecord& f) {
    return std::any_of(f.income.begin(), f.income.end(),
                       [](const IncomeItem& i) { return is_disability_benefit(i.type); });
  });
  if (benefit && facts.care_outside_a_care_home()) {
    use(Concern::kDisabilityBenefitAtHome);
  }
}

// The first day of every stretch between start and end: each day on which a figure may change.
std::vector<Date> stretch_starts(const WalkInputs& in, Date start, Date end) {
  const Person& person = in.person;
  std::vector<Date> ev;
  ev.reserve(32 + in.scenario.national_changes().size() +
             2 * (person.care.size() + person.needs.size() + person.finances.size()));
  auto add_range = [&](const DateRange& r) {
    ev.push_back(r.first);
    if (!r.open()) ev.push_back(r.last.next());
  };
  for (const auto& r : person.care) add_range(r.range);
  for (const auto& r : person.needs) add_range(r.range);
  for (const auto& r : person.finances) add_range(r.range);
  for (const auto& r : person.exclusions) add_range(r.range);
  for (const auto& r : in.facts.property_disregards()) add_range(r);
  for (const auto& r : in.facts.relative_left_disregards()) add_range(r.days);
  for (const auto& n : person.notional_capital) ev.push_back(n.from);
  for (const auto& r : person.deferred_payments) add_range(r.range);
  if (person.death_date) ev.push_back(person.death_date->next());
  if (in.scenario.reform_start()) ev.push_back(*in.scenario.reform_start());
  if (in.facts.care_outside_a_care_home()) {
    // The minimum income guarantee changes with age: 18, 25, pension-credit age.
    ev.push_back(in.facts.turns_18());
    ev.push_back(in.facts.turns_25());
    if (in.facts.pension_credit_age_known()) ev.push_back(in.facts.pension_credit_age_from());
  }
  ev.push_back(in.request.as_of.next());
  if (in.request.from) ev.push_back(*in.request.from);
  if (in.request.to) ev.push_back(in.request.to->next());
  ev.push_back(start);
  // The person's own days, sorted; each list of rule changes (already sorted) is merged in.
  sort_unique(ev);
  auto add_rules = [&](const std::vector<Date>& changes) {
    auto lo = std::lower_bound(changes.begin(), changes.end(), start);
    auto hi = std::upper_bound(lo, changes.end(), end);
    // Merged from the back into the room made at the end: no second buffer, and the days not
    // yet moved are never overwritten (repeats are removed once all are in).
    std::size_t i = ev.size(), j = static_cast<std::size_t>(hi - lo), k = i + j;
    ev.resize(k);
    while (j > 0) ev[--k] = (i > 0 && ev[i - 1] > lo[j - 1]) ? ev[--i] : lo[--j];
  };
  add_rules(in.scenario.national_changes());
  concerns_of(person, in.facts, [&](PreparedScenario::Concern c) { add_rules(in.scenario.changes_concerning(c)); });
  // Projected figures and people's projected amounts change on their own days (only when asked
  // to project, so other results split no differently).
  if (in.request.unpublished == Unpublished::kProject) add_rules(in.scenario.projection_changes());
  for (const auto& n : person.needs) {
    if (!n.council.empty()) add_rules(in.scenario.council_changes(n.council));
  }
  ev.erase(std::unique(ev.begin(), ev.end()), ev.end());
  ev.erase(std::remove_if(ev.begin(), ev.end(), [&](Date x) { return x < start || x > end; }), ev.end());
  return ev;
}

// A run of days with the same records, figures and place against the cap.
struct Piece {
  DateRange days;
  DayRecords records;
  Assessment assessment;           // charged days only
  std::vector<IncomeLine> income;  // only when tracing
  PaymentSplit split;              // all zero unless charged
  Exact to_reach_cap;              // the crossing day: what was left to the cap
  Exact spent;                     // spend-down: how far capital falls over the piece
  Exact notional_a_day;            // the diminishing notional capital rule: the fall a day
  Exact notional_used;             // how far notional capital falls over the piece
  RuleUse rules_used = RuleUse::kKnown;  // a figure past what its file knows was used
  bool charged() const { return records.status == DayStatus::kCharged; }
  bool has_care() const { return records.status != DayStatus::kNoCare; }
  std::optional<Money> cap() const {
    if (!charged() || !assessment.reform.cap) return std::nullopt;
    return assessment.reform.cap.value();
  }
};

class Walk {
 public:
  Walk(const WalkInputs& in, RuleLookup& rules, AccountResult& out, std::vector<PeriodTrace>* traces,
       DeferralLog& deferrals)
      : in_(in), rules_(rules), out_(out), traces_(traces), deferrals_(deferrals), records_(in.person) {}

  void run(Date start, Date end);

 private:
  Piece next_piece(Date first, Date last);
  void rescale_accrued_if_cap_changes(Date d);
  void restart_spending_on_new_assessment(const FinancesRecord* now);
  Exact notional_left(Date d) const;
  Exact threshold_below(Exact capital, const Assessment& a) const;
  void end_at_capital_threshold(Piece& p) const;
  void end_at_cap(Piece& p) const;
  void end_when_notional_runs_out(Piece& p) const;
  void spend_down(Piece& p) const;
  void take(Piece& p);
  void add_to_deferrals(const Piece& p);
  void add_to_account(const Piece& p);
  void add_to_periods(Piece& p);
  void record_as_of(const Piece& p);
  void finish_account();

  const WalkInputs& in_;
  RuleLookup& rules_;
  AccountResult& out_;
  std::vector<PeriodTrace>* traces_;
  DeferralLog& deferrals_;
  RecordsCursor records_;  // the pieces' first days come in order
  // The council and care record the last period was given from (its strings are copies).
  const std::string* last_period_council_ = nullptr;
  const CareRecord* last_period_care_ = nullptr;

  Date account_first_;
  Exact accrued_;
  std::optional<Money> last_cap_;   // the cap in force on the last day walked under the reform
  bool reached_ = false;
  std::optional<Date> reached_on_;
  Exact spent_;                     // spend-down: capital spent since the finances record began
  const FinancesRecord* spent_on_ = nullptr;
  Exact notional_used_;             // notional capital diminished so far (regs 22–23)
  Exact cost_of_needs_;
  Exact dlc_total_;
};

void Walk::run(Date start, Date end) {
  const std::optional<Date>& reform_start = in_.scenario.reform_start();
  account_first_ = reform_start ? std::max(*reform_start, start) : start;
  std::vector<Date> starts = stretch_starts(in_, start, end);
  out_.periods.reserve(starts.size());  // at most one a stretch, but for cap crossings and spend-down
  for (std::size_t i = 0; i < starts.size(); ++i) {
    Date first = starts[i];
    Date last = (i + 1 < starts.size()) ? starts[i + 1].prev() : end;
    while (first <= last) {
      Piece p = next_piece(first, last);
      take(p);
      first = p.days.last.next();
    }
  }
  finish_account();
}

Piece Walk::next_piece(Date first, Date last) {
  const std::size_t past_known_uses = rules_.past_known_uses();
  rescale_accrued_if_cap_changes(first);
  Piece p;
  p.days = DateRange{first, last};
  p.records = records_.on(first);
  restart_spending_on_new_assessment(records_.finances());
  if (!p.charged()) return p;
  means_test(MeansTestInputs{first, in_.person, p.records, in_.facts, spent_, notional_left(first)}, rules_,
             traces_ ? &p.income : nullptr, p.assessment);
  // Stretches start where a figure stops being known, so a piece is all known or all not.
  if (rules_.past_known_uses() != past_known_uses) p.rules_used = rules_.past_known_use();
  CapStage stage = reached_ ? CapStage::kReached : CapStage::kBelowCap;
  split_payment(p.assessment, stage, p.split);
  p.notional_a_day = daily(notional_capital_reduction(p.assessment, stage));
  end_at_capital_threshold(p);
  end_at_cap(p);
  end_when_notional_runs_out(p);
  spend_down(p);
  const Exact& left = p.assessment.notional.left;
  p.notional_used = min(left, Exact::sevenths(detail::checked_mul(p.notional_a_day.in_sevenths(), p.days.length().count())));
  return p;
}

// Notional capital from every dated amount begun by d, less what has diminished (never below 0).
Exact Walk::notional_left(Date d) const {
  Exact total;
  for (const NotionalCapital& n : in_.person.notional_capital) {
    if (n.from <= d) total += Exact::from(n.amount);
  }
  return max(Exact::zero(), total - notional_used_);
}

// When the cap level changes, the total accrued to the end of the day before is rescaled
// new/old, rounded half up to the penny (reform.uprate_accrued_with_cap), before the day
// accrues; the only time the accrued total may fall.
void Walk::rescale_accrued_if_cap_changes(Date d) {
  if (!in_.scenario.reform_applies_on(d)) return;
  RuleValue<Money> cap = rules_.find(rule::kReformCap, d);
  if (!cap) {
    fail(ErrorCode::kMissingRule, "",
         "scenario " + in_.scenario.scenario().name + " has no value of 'reform.cap' on " + to_string(d));
  }
  if (last_cap_ && *last_cap_ != cap.value() && last_cap_->in_pence() > 0) {
    RuleValue<bool> uprate = rules_.find(rule::kReformUprateAccruedWithCap, d);
    if (!uprate) fail(ErrorCode::kMissingRule, "", "no value of 'reform.uprate_accrued_with_cap' on " + to_string(d));
    if (uprate.value()) {
      accrued_ = Exact::from(
          multiply_ratio_to_penny(accrued_, cap.value().in_pence(), last_cap_->in_pence(), Rounding::kHalfUp));
    }
    if (accrued_ >= Exact::from(cap.value())) {
      accrued_ = Exact::from(cap.value());
      if (!reached_) reached_on_ = d;
      reached_ = true;
    } else {
      reached_ = false;
      reached_on_.reset();
    }
  }
  last_cap_ = cap.value();
  if (!reached_ && accrued_ >= Exact::from(cap.value())) {
    reached_ = true;  // a cap of nothing is reached on its first day
    reached_on_ = d;
  }
}

// A new finances record is a new assessment: capital restarts from what it records.
void Walk::restart_spending_on_new_assessment(const FinancesRecord* now) {
  if (now != spent_on_) {
    spent_ = Exact::zero();
    spent_on_ = now;
  }
}

// Spend-down: capital falls each day by what the person pays that income (less the allowance)
// does not cover, `max(0, person_pays − (counted income − allowance)) / 7`.
Exact uncovered_a_day(const Assessment& a, const PaymentSplit& split) {
  return daily(max(Money::zero(), split.weekly.person_pays - (a.counted_income - a.allowance.weekly)));
}

// The next capital level at or below which the means test gives another answer: the upper
// limit; between the limits the next £250 tariff step down (tariff falls when capital is at
// most LCL + 250 × (steps − 1)); below the lower limit, nothing left.
Exact Walk::threshold_below(Exact capital, const Assessment& a) const {
  Exact upper = Exact::from(a.limits.upper()), lower = Exact::from(a.limits.lower());
  if (capital > upper) return upper;
  if (capital <= lower) return Exact::zero();
  Money step = rules_.require(rule::kTariffStep, a.day, a.finances->pointer).value();
  int64_t steps = steps_covering(capital - lower, step);
  return lower + Exact::from(step * (steps - 1));
}

// Ends the piece on the day capital falling by `per_day` first reaches `threshold`.
void end_on_reaching(Piece& p, Exact capital, Exact per_day, Exact threshold) {
  if (per_day.is_zero() || capital <= Exact::zero()) return;
  int64_t n = days_until_at_most(capital, per_day, threshold);
  if (n >= 1 && p.days.first + Days(n - 1) < p.days.last) p.days.last = p.days.first + Days(n - 1);
}

// Counted capital falls by what spend-down spends and by the diminishing notional capital rule;
// the means test is re-run on the day after it first reaches a limit or a £250 tariff step (an
// immediate reassessment), so the piece ends on the day it gets there. The charge without the
// notional capital changes when the capital really held reaches its own next step.
void Walk::end_at_capital_threshold(Piece& p) const {
  const Assessment& a = p.assessment;
  bool spending = in_.request.capital == CapitalMode::kSpendDown;
  Exact spend = spending ? uncovered_a_day(a, p.split) : Exact::zero();
  Exact fall = spend + p.notional_a_day;
  if (!fall.is_zero()) end_on_reaching(p, a.capital.amount, fall, threshold_below(a.capital.amount, a));
  if (!a.notional.left.is_zero() && !spend.is_zero()) {
    end_on_reaching(p, a.capital.actual(), spend, threshold_below(a.capital.actual(), a));
  }
}

// The cap: the full days before the crossing day end the piece; the crossing day is a piece of
// its own, split with only the part needed to reach the cap.
void Walk::end_at_cap(Piece& p) const {
  std::optional<Money> cap = p.cap();
  Money accruing = p.split.weekly.accruing;
  if (reached_ || accruing <= Money::zero() || !cap) return;
  Exact room = Exact::from(*cap) - accrued_;
  int64_t k = days_until_at_most(room, daily(accruing), Exact::zero());  // days to reach the cap
  if (k < 1 || p.days.first + Days(k - 1) > p.days.last) return;
  if (k >= 2) {
    p.days.last = p.days.first + Days(k - 2);
  } else {
    p.days.last = p.days.first;
    p.to_reach_cap = room;
    split_payment(p.assessment, CapStage::kCrossingDay, p.split, room);
  }
}

// The diminishing notional capital rule: notional capital falls a seventh of the week's reduction
// a day; the day it runs out is a piece of its own (it falls by what is left), and the means
// test runs again the next day without it.
void Walk::end_when_notional_runs_out(Piece& p) const {
  if (p.notional_a_day.is_zero()) return;
  int64_t covered = p.assessment.notional.left.in_sevenths() / p.notional_a_day.in_sevenths();
  int64_t days = std::max<int64_t>(1, covered);
  if (p.days.first + Days(days - 1) < p.days.last) p.days.last = p.days.first + Days(days - 1);
}

// What capital falls by over the piece, from what the person pays on its days (on the crossing
// day, only that day's payment). Capital never goes below zero: the day it cannot meet the day's
// payment is a piece of its own, on which the person pays only what their income and the capital
// left can meet and the council meets the rest; the next day the means test runs again on no
// capital. With no capital left the person pays only what their income can meet.
void Walk::spend_down(Piece& p) const {
  if (in_.request.capital != CapitalMode::kSpendDown) return;
  const Assessment& a = p.assessment;
  Exact per_day = uncovered_a_day(a, p.split);
  if (per_day.is_zero()) return;
  Exact capital = a.capital.actual();  // notional capital cannot be spent
  int64_t covered = capital.in_sevenths() / per_day.in_sevenths();  // whole days capital meets
  if (covered >= 1) {
    if (p.days.first + Days(covered - 1) < p.days.last) p.days.last = p.days.first + Days(covered - 1);
    p.spent = Exact::sevenths(detail::checked_mul(per_day.in_sevenths(), p.days.length().count()));
    return;
  }
  if (!capital.is_zero()) p.days.last = p.days.first;
  // A day's capital in sevenths of a penny is a weekly figure in pence.
  Money can_pay = max(Money::zero(), a.counted_income - a.allowance.weekly + Money::pence(capital.in_sevenths()));
  split_payment(a, CapStage{p.split.stage}, p.split, p.to_reach_cap, can_pay);
  p.spent = capital;
}

void Walk::take(Piece& p) {
  Exact before = accrued_;
  accrued_ += accrue(p.split.weekly.accruing, p.days.length());
  CM_CHECK(accrued_ >= before, "the accrued total never falls, except when the cap level changes");
  if (std::optional<Money> cap = p.cap()) {
    CM_CHECK(accrued_ <= Exact::from(*cap), "the accrued total never passes the cap");
    if (p.split.stage == CapStage::kCrossingDay && accrued_ == Exact::from(*cap)) {
      reached_ = true;
      reached_on_ = p.days.first;
    }
  }
  CM_CHECK(p.spent >= Exact::zero() && p.spent <= (p.charged() ? p.assessment.capital.actual() : Exact::zero()),
           "spend-down never takes capital below zero");
  CM_CHECK(p.notional_used >= Exact::zero() && p.notional_used <= p.assessment.notional.left,
           "notional capital never diminishes below zero");
  spent_ += p.spent;
  notional_used_ += p.notional_used;
  if (in_.request.capital == CapitalMode::kSpendDown && p.charged()) {
    const Assessment& a = p.assessment;
    out_.capital_history.push_back(CapitalStep{p.days, a.capital.actual(), p.spent, p.split.weekly.person_pays,
                                               a.counted_income - a.allowance.weekly});
  }
  add_to_account(p);
  add_to_deferrals(p);
  record_as_of(p);
  add_to_periods(p);  // last: a new period's trace takes the piece's income lines
}

// What each deferred payment agreement defers over a chargeable piece up to as_of. Agreement
// boundaries and as_of are stretch starts, so a piece is wholly inside or outside each.
void Walk::add_to_deferrals(const Piece& p) {
  if (!p.charged() || p.days.first > in_.request.as_of) return;
  const std::vector<DeferredPayment>& agreements = in_.person.deferred_payments;
  for (std::size_t i = 0; i < agreements.size(); ++i) {
    if (!agreements[i].range.contains(p.days.first)) continue;
    deferrals_[i].push_back(deferral_on(agreements[i], p.days, p.assessment, p.split, rules_));
  }
}

// The care account's sums of B and D run over chargeable days up to as_of (from the reform
// start under a reform).
void Walk::add_to_account(const Piece& p) {
  const DateRange& r = p.days;
  if (!p.charged() || r.first > in_.request.as_of || r.last < account_first_) return;
  DateRange in{std::max(r.first, account_first_), std::min(r.last, in_.request.as_of)};
  cost_of_needs_ += accrue(p.split.weekly.personal_budget, in.length());
  dlc_total_ += accrue(p.split.weekly.daily_living_costs, in.length());
}

// Periods and totals cover the window. Window edges are stretch starts, so a piece is either
// inside the window or outside it. A piece joins the period before it when nothing shown differs
// (a period's figures are either all known or use a figure carried forward or projected).
void Walk::add_to_periods(Piece& p) {
  const DateRange& r = p.days;
  if (!p.has_care() || r.last < in_.window.first || r.first > in_.window.last) return;
  const WeeklyFigures& w = p.split.weekly;
  PeriodAmounts amount = amounts_for(w, r.length());
  out_.totals.person_paid += amount.person_pays;
  out_.totals.council_paid += amount.council_pays;
  out_.totals.top_ups += amount.top_up;
  PeriodStatus status = p.charged() ? PeriodStatus::kCharged : PeriodStatus::kExcluded;
  std::optional<ExclusionReason> exclusion;
  if (p.records.exclusion) exclusion = p.records.exclusion->reason;
  const std::string& council = p.records.needs->council;
  const CareRecord& care = *p.records.care;
  // The last period's council and care record, when the same records (the usual case) gave both.
  const bool same_records = !out_.periods.empty() && &council == last_period_council_ &&
                            &care == last_period_care_;
  last_period_council_ = &council;
  last_period_care_ = &care;
  if (traces_) {
    std::optional<Assessment> assessment;
    if (p.charged()) assessment = p.assessment;
    traces_->push_back(PeriodTrace{r, p.records, std::move(assessment), std::move(p.income), p.split});
  }
  if (!out_.periods.empty()) {
    Period& last = out_.periods.back();
    if (last.range.last.next() == r.first && last.status == status && last.exclusion == exclusion &&
        (same_records || (last.council == council && last.care == care.pointer)) && last.weekly == w &&
        last.parts == p.split.parts && last.rules_used == p.rules_used) {
      last.range.last = r.last;
      last.amount += amount;
      last.accrued_at_end = accrued_;
      return;
    }
  }
  Period& period = out_.periods.emplace_back();  // filled where it stays
  period.range = r;
  period.status = status;
  if (p.records.exclusion) period.exclusion = p.records.exclusion->reason;
  period.council = council;
  period.setting = care.setting;
  period.arranged_by = care.arranged_by;
  period.care = care.pointer;
  period.weekly = w;
  period.parts = p.split.parts;
  period.amount = amount;
  period.accrued_at_end = accrued_;
  period.capital = p.charged() ? p.assessment.capital.amount : Exact::zero();
  period.rules_used = p.rules_used;
}

// The account as at the end of as_of, and what would accrue after it at the rate then in force.
void Walk::record_as_of(const Piece& p) {
  Account& account = out_.account;
  const Date as_of = in_.request.as_of;
  if (p.days.last <= as_of) {
    account.accrued = accrued_;
    account.cap_reached_on = reached_ ? reached_on_ : std::nullopt;
  }
  if (!p.days.contains(as_of)) return;
  const WeeklyFigures& w = p.split.weekly;
  if (p.has_care()) account.current_weekly = w;
  std::optional<Money> cap = p.cap();
  if (p.has_care() && !reached_ && w.accruing > Money::zero() && cap) {
    Exact at_as_of = accrued_ - accrue(w.accruing, Days((p.days.last - as_of).count()));
    account.accrued = at_as_of;
    int64_t k = days_until_at_most(Exact::from(*cap) - at_as_of, daily(w.accruing), Exact::zero());
    account.projected_cap_date = as_of + Days(k);
  }
  if (cap) account.cap = cap;
}

void Walk::finish_account() {
  Account& account = out_.account;
  const Date as_of = in_.request.as_of;
  if (!account.cap && in_.scenario.reform_applies_on(as_of)) {
    if (RuleValue<Money> cap = rules_.find(rule::kReformCap, as_of)) account.cap = cap.value();
  }
  if (account.cap) {
    account.remaining = Exact::from(*account.cap) - account.accrued;
    if (account.cap_reached_on) account.projected_cap_date.reset();
  }
  account.cost_of_meeting_needs = cost_of_needs_;
  account.daily_living_costs = dlc_total_;
}

}  // namespace

void walk(const WalkInputs& in, RuleLookup& rules, AccountResult& out, std::vector<PeriodTrace>* traces,
          DeferralLog& deferrals) {
  deferrals.assign(in.person.deferred_payments.size(), {});
  if (in.person.care.empty()) return;
  Date start = in.person.care.front().range.first;
  Date end = std::max(in.request.as_of, in.window.last);
  if (in.person.death_date) end = std::min(end, *in.person.death_date);
  if (end < start) return;
  Walk(in, rules, out, traces, deferrals).run(start, end);
}

}  // namespace caremeter::calc
