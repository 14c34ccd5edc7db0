// prepared_scenario.cc — a scenario laid over a rule set once: reform values placed at the
// reform start, overrides applied, and the dates on which any rule changes.
#include "caremeter/calc/prepared_scenario.h"

#include <algorithm>
#include <span>

namespace caremeter {
namespace {

// The days a timeline's value may change: where each entry starts and after each ends, and
// where the figure stops being known (so no stretch mixes known and unpublished days).
void add_changes(const Timeline& t, std::vector<Date>& out) {
  for (const DatedValue& v : t.values()) {
    out.push_back(v.range.first);
    if (!v.range.open()) out.push_back(v.range.last.next());
  }
  if (t.has_unpublished()) out.push_back(t.known_to().next());
}

void sort_unique(std::vector<Date>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

// A plain reform value (one entry, no dates of its own) applies from this scenario's reform
// start; under current law it never applies.
Timeline placed_at_reform_start(const Timeline& source, const std::optional<Date>& reform_start) {
  if (!reform_start || source.values().empty()) return Timeline();
  DatedValue v = source.values().front();
  v.range = DateRange{*reform_start, Date::max()};
  return Timeline({v});
}

// How far ahead a projection goes: a century past the last known figure is enough for any
// policy run, and bounds the work and memory of preparing a scenario.
constexpr int kProjectedYears = 100;

// DWP's standard benefit rates: people's incomes carry them (the projection's "incomes"); no
// charging figure is worked out from them, so "national_figures" leaves them alone.
bool is_dwp_rate(Param p) {
  switch (p) {
    case Param::kAttendanceAllowanceHigher:
    case Param::kAttendanceAllowanceLower:
    case Param::kDlaCareHighest:
    case Param::kDlaCareMiddle:
    case Param::kPipDailyLivingEnhanced:
    case Param::kPipDailyLivingStandard: return true;
    default: return false;
  }
}

// The national figures "national_figures" projects: the money figures reviewed every year or
// half-year that the charge is worked out from.
bool national_figure(Param p, const Timeline& t) {
  return param_info(p).kind == ParameterKind::kMoney && reviewed_periodically(t.review()) && !is_dwp_rate(p);
}

std::string percent_words(Hundredths pct) { return "+" + to_string(pct) + "% a year"; }

// What a projection of one figure does, in words, for the results' "projected" lists.
std::string assumption(const char* key, Hundredths pct, Date known_to, Money step, const std::string& source) {
  std::string out = std::string(key) + ": " + percent_words(pct) + " after " + to_string(known_to);
  if (step != Money::pence(1)) out += ", rounded to " + to_string(step);
  return out + " (" + source + ")";
}

// One value a year from `first` (the first day past what is known), each from the next review
// day, each `base` uprated once more and rounded to `step`; to `last` at most.
struct YearlyProjection {
  int64_t base;
  Date known_to;
  Date first;
  Date last;
  const ReviewDays& days;
  Hundredths percent;
  Money step;
  std::string assumption;
  std::string pointer;  // where the projected figure was read
};

std::vector<ProjectedValue> project_yearly(const YearlyProjection& y) {
  std::vector<ProjectedValue> out;
  Money value = Money::pence(y.base);
  const std::string source = "projected by the scenario: " + y.assumption;
  Date start = y.first;
  for (int year = 0; year < kProjectedYears && start <= y.last; ++year) {
    value = uprated(value, y.percent, y.step);
    if (value > MoneyParseOptions{}.maximum) break;  // no figure a rule file could hold
    Date next = next_review_after(y.days, start);
    Date end = next >= Date::max() ? y.last : std::min(y.last, next.prev());
    out.push_back(ProjectedValue{DatedValue{DateRange{start, end}, value.in_pence(), source,
                                            SourceStatus::kIllustrative, y.pointer},
                                 y.assumption, y.known_to});
    if (end >= y.last) break;
    start = next;
  }
  return out;
}

const ProjectedValue* covering(const std::vector<ProjectedValue>& values, Date d) {
  auto it = std::upper_bound(values.begin(), values.end(), d,
                             [](Date day, const ProjectedValue& v) { return day < v.entry.range.first; });
  if (it == values.begin()) return nullptr;
  --it;
  return it->entry.range.contains(d) ? &*it : nullptr;
}

void add_starts(const std::vector<ProjectedValue>& values, std::vector<Date>& out) {
  for (const ProjectedValue& v : values) out.push_back(v.entry.range.first);
}

// The parameters whose changes cut the history of the people each concern applies to.
std::span<const Param> params_of(PreparedScenario::Concern c) {
  static constexpr Param kNursing[] = {Param::kFncStandardRate, Param::kFncHigherRate};
  static constexpr Param kDeferred[] = {Param::kDeferredPaymentDisposableIncomeAllowance};
  static constexpr Param kBenefits[] = {Param::kAttendanceAllowanceHigher, Param::kAttendanceAllowanceLower,
                                        Param::kDlaCareHighest,           Param::kDlaCareMiddle,
                                        Param::kPipDailyLivingEnhanced,   Param::kPipDailyLivingStandard};
  switch (c) {
    case PreparedScenario::Concern::kNursingPlacement: return kNursing;
    case PreparedScenario::Concern::kDeferredPayment: return kDeferred;
    case PreparedScenario::Concern::kDisabilityBenefitAtHome: return kBenefits;
  }
  return {};
}

}  // namespace

bool PreparedScenario::concerns_only_some_people(Param p) {
  // The deferred payment interest rate too, though it is in no concern: interest is worked out
  // day by day, apart from the stretches, so its changes cut no one's history.
  if (p == Param::kDeferredPaymentMaximumInterestRate) return true;
  for (std::size_t c = 0; c < kConcernCount; ++c) {
    std::span<const Param> params = params_of(static_cast<Concern>(c));
    if (std::find(params.begin(), params.end(), p) != params.end()) return true;
  }
  return false;
}

void PreparedScenario::project_national(const Projection& projection) {
  for (std::size_t i = 0; i < kParamCount; ++i) {
    const Param param = static_cast<Param>(i);
    const Timeline& t = params_[i];
    if (!national_figure(param, t) || !t.has_unpublished() || !projection.national_figures) continue;
    const Date known_to = t.known_to();
    projected_[i] = project_yearly(YearlyProjection{
        t.last_known()->value, known_to, known_to.next(), t.unpublished_until(), t.review_days(), *projection.national_figures,
        t.rounded_to(), assumption("national_figures", *projection.national_figures, known_to, t.rounded_to(),
                                   projection.source),
        t.last_known()->pointer});
  }
  // The reform's cap and daily living costs, taken as known to the horizon (or to the day a
  // later value of them starts), uprated on each 6 April after it.
  for (Param param : {Param::kReformCap, Param::kReformDailyLivingCosts}) {
    const Timeline& t = params_[static_cast<std::size_t>(param)];
    if (!projection.cap_and_dlc || horizon_ >= Date::max()) continue;
    std::vector<ProjectedValue>& out = projected_[static_cast<std::size_t>(param)];
    for (const DatedValue& v : t.values()) {
      const Date known_to = std::max(horizon_, v.range.first);
      if (known_to >= v.range.last) continue;
      std::vector<ProjectedValue> more = project_yearly(YearlyProjection{
          v.value, known_to, next_review_after(kChargingYear, known_to), v.range.last, kChargingYear, *projection.cap_and_dlc,
          Money::pence(1), assumption("cap_and_dlc", *projection.cap_and_dlc, known_to, Money::pence(1),
                                      projection.source),
          v.pointer});
      out.insert(out.end(), more.begin(), more.end());
    }
  }
  for (const auto& values : projected_) add_starts(values, projection_changes_);
}

void PreparedScenario::project_councils(const Projection& projection) {
  if (!projection.council_rates) return;
  for (const auto& [id, council] : rules_->councils) {
    auto& out = council_projected_[id];
    for (std::size_t i = 0; i < kCouncilParamCount; ++i) {
      const Timeline& t = council.params[i];
      const CouncilParamInfo& info = council_param_info(static_cast<CouncilParam>(i));
      if (info.kind != ParameterKind::kMoney || !reviewed_periodically(t.review()) || !t.has_unpublished()) continue;
      const Date known_to = t.known_to();
      out[i] = project_yearly(YearlyProjection{
          t.last_known()->value, known_to, known_to.next(), t.unpublished_until(), t.review_days(), *projection.council_rates,
          t.rounded_to(), assumption("council_rates", *projection.council_rates, known_to, t.rounded_to(),
                                     projection.source),
          t.last_known()->pointer});
      add_starts(out[i], projection_changes_);
    }
  }
}

const ProjectedValue* PreparedScenario::projected(Param p, Date d) const {
  return covering(projected_[static_cast<std::size_t>(p)], d);
}

const ProjectedValue* PreparedScenario::projected(const std::string& council, CouncilParam p, Date d) const {
  auto it = council_projected_.find(council);
  return it == council_projected_.end() ? nullptr : covering(it->second[static_cast<std::size_t>(p)], d);
}

Money PreparedScenario::projected_amount(Money amount, Hundredths percent, Date known_to, Date d) const {
  for (Date change = next_review_after(kChargingYear, known_to); change <= d;
       change = next_review_after(kChargingYear, change)) {
    amount = uprated(amount, percent, Money::pence(1));
  }
  return amount;
}

Result<PreparedScenario> PreparedScenario::prepare(const RuleSet& rules, const Scenario& scenario) {
  PreparedScenario p;
  p.rules_ = &rules;
  p.scenario_ = scenario;
  for (std::size_t i = 0; i < kParamCount; ++i) {
    Param param = static_cast<Param>(i);
    auto over = scenario.overrides.find(param);
    const Timeline& source = over != scenario.overrides.end() ? over->second : rules[param];
    p.params_[i] = source.from_reform_start() ? placed_at_reform_start(source, scenario.reform_start) : source;
    if (!concerns_only_some_people(param)) add_changes(p.params_[i], p.national_changes_);
  }
  sort_unique(p.national_changes_);
  for (std::size_t c = 0; c < kConcernCount; ++c) {
    for (Param param : params_of(static_cast<Concern>(c))) {
      add_changes(p.params_[static_cast<std::size_t>(param)], p.concern_changes_[c]);
    }
    sort_unique(p.concern_changes_[c]);
  }
  for (const auto& [id, council] : rules.councils) {
    std::vector<Date>& changes = p.council_changes_[id];
    for (const Timeline& t : council.params) add_changes(t, changes);
    sort_unique(changes);
  }
  for (std::size_t i = 0; i < kParamCount; ++i) {
    const Timeline& t = p.params_[i];
    if (national_figure(static_cast<Param>(i), t) && t.has_unpublished()) p.horizon_ = std::min(p.horizon_, t.known_to());
  }
  if (const Projection* projection = p.projection()) {
    p.project_national(*projection);
    p.project_councils(*projection);
    // A person's own amounts change on each 6 April after the horizon.
    for (Date d = p.horizon_; d < Date::max() && d.year() <= p.horizon_.year() + kProjectedYears;) {
      d = next_review_after(kChargingYear, d);
      if (d < Date::max()) p.projection_changes_.push_back(d);
    }
    sort_unique(p.projection_changes_);
  }
  return p;
}

const std::vector<Date>& PreparedScenario::council_changes(const std::string& council) const {
  static const std::vector<Date> kNone;  // immutable, so sharing it between threads is safe
  auto it = council_changes_.find(council);
  return it == council_changes_.end() ? kNone : it->second;
}

}  // namespace caremeter
