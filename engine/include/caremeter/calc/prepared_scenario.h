// prepared_scenario.h — a scenario applied to a rule set once, so that a county batch does not
// redo it for each person, and the one place that knows when the reform applies.
//
// prepare() places reform parameters at the scenario's reform start, lays the scenario's
// overrides over the rule set and collects the dates on which any rule changes (a figure
// becoming unpublished, past the day its file knows it to, is such a change). It also lays the
// scenario's projection over the figures past what is known, year by year (projected()).
// Immutable after prepare(); share it between threads. The RuleSet must outlive it.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter {

// A figure past the day its rule file knows it to, as a scenario projects it.
struct ProjectedValue {
  DatedValue entry;        // the projected value, its days and where its assumption comes from
  std::string assumption;  // in words, e.g. "national_figures: +2.00% a year after 2026-04-05, …"
  Date known_to;           // the last day the figure it was projected from is known to
};

class PreparedScenario {
 public:
  static Result<PreparedScenario> prepare(const RuleSet& rules, const Scenario& scenario);

  const RuleSet& rules() const { return *rules_; }
  const Scenario& scenario() const { return scenario_; }
  // National parameter values as this scenario has them (reform values from its reform start).
  const Timeline& operator[](Param p) const { return params_[static_cast<std::size_t>(p)]; }
  // Dates on which a national parameter may change, sorted; and the same for one council.
  // Parameters that concern only some people (NHS-funded nursing care, the deferred payment
  // allowance and interest rate, the disability benefits' rates) are left out of
  // national_changes(): the walk adds their dates, from changes_concerning(), only for the
  // people they concern, so that their yearly or half-yearly changes do not cut everyone's
  // history. (The deferred payment interest rate cuts no one's: interest is worked out day by
  // day, apart from the stretches.)
  const std::vector<Date>& national_changes() const { return national_changes_; }
  static bool concerns_only_some_people(Param p);
  enum class Concern {
    kNursingPlacement,         // NHS-funded nursing care's rates
    kDeferredPayment,          // the disposable income allowance under an agreement
    kDisabilityBenefitAtHome,  // DWP's rates, for a council's night-time disregard
  };
  static constexpr std::size_t kConcernCount = 3;
  // The days on which any of the concern's parameters may change, sorted: one list a concern,
  // merged once here rather than a list a parameter merged for every person.
  const std::vector<Date>& changes_concerning(Concern c) const {
    return concern_changes_[static_cast<std::size_t>(c)];
  }
  const std::vector<Date>& council_changes(const std::string& council) const;

  // The reform (cap, metering, daily living costs, its capital limits) applies on and after the
  // reform start; never under current law (no reform start).
  const std::optional<Date>& reform_start() const { return scenario_.reform_start; }
  bool reform_applies_on(Date d) const { return scenario_.reform_start && d >= *scenario_.reform_start; }

  // Projections (unpublished: project; doc/law.md, "Projections"). The scenario's projection of
  // a national or council figure on a day past what its rule file knows, or of the reform's cap
  // or daily living costs after the known horizon; nullptr when the scenario gives none.
  const Projection* projection() const { return scenario_.projection ? &*scenario_.projection : nullptr; }
  const ProjectedValue* projected(Param p, Date d) const;
  const ProjectedValue* projected(const std::string& council, CouncilParam p, Date d) const;
  // Whether a projection changes this reform value (the cap, daily living costs) after the
  // known horizon, though it is never unpublished.
  bool projects_scenario_value(Param p) const { return !projected_[static_cast<std::size_t>(p)].empty() && scenario_value(p); }
  // The last day every national charging figure is known to (the earliest last-known day of the
  // figures "national_figures" projects); Date::max() when none ends. A person's own amounts and
  // the reform's values are taken as known to it, and projected only after it.
  Date known_horizon() const { return horizon_; }
  // A person's own amount known to `known_to`, uprated by `percent` on each yearly change date
  // (6 April) after that up to d, to the penny each year.
  Money projected_amount(Money amount, Hundredths percent, Date known_to, Date d) const;
  // Days a projected figure changes: stretches split there only when projecting.
  const std::vector<Date>& projection_changes() const { return projection_changes_; }

 private:
  PreparedScenario() = default;
  const RuleSet* rules_ = nullptr;
  Scenario scenario_;
  std::array<Timeline, kParamCount> params_;
  std::vector<Date> national_changes_;
  std::array<std::vector<Date>, kConcernCount> concern_changes_;
  std::map<std::string, std::vector<Date>, std::less<>> council_changes_;
  static bool scenario_value(Param p) { return p == Param::kReformCap || p == Param::kReformDailyLivingCosts; }
  void project_national(const Projection& projection);
  void project_councils(const Projection& projection);
  std::array<std::vector<ProjectedValue>, kParamCount> projected_;
  std::map<std::string, std::array<std::vector<ProjectedValue>, kCouncilParamCount>, std::less<>> council_projected_;
  Date horizon_ = Date::max();
  std::vector<Date> projection_changes_;
};

}  // namespace caremeter
