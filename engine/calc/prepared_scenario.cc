// prepared_scenario.cc — a scenario laid over a rule set once: reform values placed at the
// reform start, overrides applied, and the dates on which any rule changes.
#include "caremeter/calc/prepared_scenario.h"

#include <algorithm>

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

}  // namespace

Result<PreparedScenario> PreparedScenario::prepare(const RuleSet& rules, const Scenario& scenario) {
  PreparedScenario p;
  p.rules_ = &rules;
  p.scenario_ = scenario;
  for (std::size_t i = 0; i < kParamCount; ++i) {
    Param param = static_cast<Param>(i);
    auto over = scenario.overrides.find(param);
    const Timeline& source = over != scenario.overrides.end() ? over->second : rules[param];
    p.params_[i] = source.from_reform_start() ? placed_at_reform_start(source, scenario.reform_start) : source;
    add_changes(p.params_[i], p.national_changes_);
  }
  sort_unique(p.national_changes_);
  for (const auto& [id, council] : rules.councils) {
    std::vector<Date>& changes = p.council_changes_[id];
    for (const Timeline& t : council.params) add_changes(t, changes);
    sort_unique(changes);
  }
  return p;
}

const std::vector<Date>& PreparedScenario::council_changes(const std::string& council) const {
  static const std::vector<Date> kNone;  // immutable, so sharing it between threads is safe
  auto it = council_changes_.find(council);
  return it == council_changes_.end() ? kNone : it->second;
}

}  // namespace caremeter
