// prepared_scenario.h — a scenario applied to a rule set once, so that a county batch does not
// redo it for each person, and the one place that knows when the reform applies.
//
// prepare() places reform parameters at the scenario's reform start, lays the scenario's
// overrides over the rule set and collects the dates on which any rule changes. Immutable after
// prepare(); share it between threads. The RuleSet must outlive it.
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
  // national_changes(): the walk adds their dates, from changes_of(), only for the people they
  // concern, so that their yearly or half-yearly changes do not cut everyone's history.
  const std::vector<Date>& national_changes() const { return national_changes_; }
  const std::vector<Date>& changes_of(Param p) const { return param_changes_[static_cast<std::size_t>(p)]; }
  static bool concerns_only_some_people(Param p);
  const std::vector<Date>& council_changes(const std::string& council) const;

  // The reform (cap, metering, daily living costs, its capital limits) applies on and after the
  // reform start; never under current law (no reform start).
  const std::optional<Date>& reform_start() const { return scenario_.reform_start; }
  bool reform_applies_on(Date d) const { return scenario_.reform_start && d >= *scenario_.reform_start; }

 private:
  PreparedScenario() = default;
  const RuleSet* rules_ = nullptr;
  Scenario scenario_;
  std::array<Timeline, kParamCount> params_;
  std::vector<Date> national_changes_;
  std::array<std::vector<Date>, kParamCount> param_changes_;
  std::map<std::string, std::vector<Date>, std::less<>> council_changes_;
};

}  // namespace caremeter
