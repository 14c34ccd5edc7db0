// prepared_scenario.h — a scenario applied to a rule set once, so that a county batch does not
// redo it for each person, and the one place that knows when the reform applies.
//
// prepare() places reform parameters at the scenario's reform start, lays the scenario's
// overrides over the rule set and collects the dates on which any rule changes (a figure
// becoming unpublished, past the day its file knows it to, is such a change). It is also where
// a scenario's projection of unpublished figures will be laid (projected()). Immutable after
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

// A figure past the day its rule file knows it to, as a scenario projects it.
struct ProjectedValue {
  DatedValue entry;        // the projected value, its days and where its assumption comes from
  std::string assumption;  // in words, e.g. "uprated 3.8% a year from 2025/26 (projection.pea)"
};

class PreparedScenario {
 public:
  static Result<PreparedScenario> prepare(const RuleSet& rules, const Scenario& scenario);

  const RuleSet& rules() const { return *rules_; }
  const Scenario& scenario() const { return scenario_; }
  // National parameter values as this scenario has them (reform values from its reform start).
  const Timeline& operator[](Param p) const { return params_[static_cast<std::size_t>(p)]; }
  // Dates on which a national parameter may change, sorted; and the same for one council.
  const std::vector<Date>& national_changes() const { return national_changes_; }
  const std::vector<Date>& council_changes(const std::string& council) const;

  // The reform (cap, metering, daily living costs, its capital limits) applies on and after the
  // reform start; never under current law (no reform start).
  const std::optional<Date>& reform_start() const { return scenario_.reform_start; }
  bool reform_applies_on(Date d) const { return scenario_.reform_start && d >= *scenario_.reform_start; }

  // The scenario's projection of a figure on a day past what its rule file knows (unpublished:
  // project); nullptr when the scenario gives none. Scenarios carry no projection yet: their
  // uprating assumptions (a scenario's "projection") arrive with the policy runs, and prepare()
  // is where each unpublished timeline will then be extended with projected entries for
  // these to find.
  const ProjectedValue* projected(Param, Date) const { return nullptr; }
  const ProjectedValue* projected(const std::string& /*council*/, CouncilParam, Date) const { return nullptr; }

 private:
  PreparedScenario() = default;
  const RuleSet* rules_ = nullptr;
  Scenario scenario_;
  std::array<Timeline, kParamCount> params_;
  std::vector<Date> national_changes_;
  std::map<std::string, std::vector<Date>, std::less<>> council_changes_;
};

}  // namespace caremeter
