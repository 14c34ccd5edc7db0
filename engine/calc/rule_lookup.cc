// rule_lookup.cc — the failure paths of the typed look-ups, and the councils used.
#include "rule_lookup.h"

#include <algorithm>

namespace caremeter::calc {

const CouncilRules& RuleLookup::council_rules(const std::string& id, const std::string& needed_by) {
  const CouncilRules* c = rules().council(id);
  if (c == nullptr) {
    fail(ErrorCode::kUnknownRules, needed_by, "no rule file for council '" + id + "'");
  }
  if (std::find(councils_used_.begin(), councils_used_.end(), c) == councils_used_.end()) {
    councils_used_.push_back(c);
  }
  return *c;
}

void RuleLookup::missing(Param p, Date d, const std::string& needed_by) const {
  fail(ErrorCode::kMissingRule, needed_by,
       "rule set " + rules().ref.id + " " + rules().ref.version + " has no value of '" +
           std::string(param_info(p).name) + "' on " + to_string(d));
}

void RuleLookup::council_missing(const std::string& council, CouncilParam p, Date d,
                                 const std::string& needed_by) const {
  fail(ErrorCode::kMissingRule, needed_by,
       "council " + council + " has no value of '" + std::string(council_param_info(p).name) +
           "' on " + to_string(d));
}

}  // namespace caremeter::calc
