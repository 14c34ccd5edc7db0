// rule_lookup.cc — the failure paths of the typed look-ups, figures used past what their files
// know (refused, carried forward or projected), and the councils used.
#include "rule_lookup.h"

#include <algorithm>
#include <tuple>

namespace caremeter::calc {

std::string shown_rule_value(ParameterKind kind, int64_t stored) {
  switch (kind) {
    case ParameterKind::kMoney: return to_string(Money::pence(stored));
    case ParameterKind::kPercent: return to_string(Hundredths{stored}) + "%";
    case ParameterKind::kBoolean: return stored != 0 ? "true" : "false";
    case ParameterKind::kCount: break;
  }
  return std::to_string(stored);
}

namespace {

// What the caller can do about a figure past what is known; the same words for every refusal.
constexpr const char* kOtherChoices =
    "; or ask for the last known figure to be carried forward as provisional (unpublished: carry_forward, "
    "--unpublished carry-forward)";

Error not_published(std::string message, const std::string& needed_by, std::string_view parameter, Date d,
                    const std::string& council) {
  Error e{ErrorCode::kRuleNotPublished, std::move(message), needed_by, {}};
  e.parameter = std::string(parameter);
  e.date = to_string(d);
  e.council = council;
  return e;
}

}  // namespace

RuleLookup::PastKnown RuleLookup::past_known(Param p, const Timeline& t, Date d, const std::string& needed_by) {
  const ParamInfo& info = param_info(p);
  Noted noted{info.name, nullptr, info.kind, nullptr, t.known_to(), nullptr, RuleUse::kCarriedForward, "national_figures"};
  return use_past_known(noted, t, scenario_.projected(p, d), [&] {
    const RuleFileRef& file = rules().ref;
    return not_published("'" + std::string(info.name) + "' is known only to " + to_string(t.known_to()) +
                             " (rule set " + file.id + " " + file.version + ", " + file.file + ") and is needed on " +
                             to_string(d) + ": publish the figure for that day in a new version of the national rule file (" +
                             file.id + "/<version>.json)",
                         needed_by, info.name, d, "");
  });
}

RuleLookup::PastKnown RuleLookup::council_past_known(const CouncilRules& c, CouncilParam p, const Timeline& t, Date d,
                                                     const std::string& needed_by) {
  const CouncilParamInfo& info = council_param_info(p);
  Noted noted{info.name, &c, info.kind, nullptr, t.known_to(), nullptr, RuleUse::kCarriedForward, "council_rates"};
  return use_past_known(noted, t, scenario_.projected(c.ref.id, p, d), [&] {
    return not_published("'" + std::string(info.name) + "' of council " + c.ref.id + " is known only to " +
                             to_string(t.known_to()) + " (" + c.ref.file + ") and is needed on " + to_string(d) +
                             ": add the council's figure for that day in a new version of its file (councils/" +
                             c.ref.id + "/<version>.json; rule set " + rules().ref.id + " " + rules().ref.version +
                             " uses each council's latest version not later than its own)",
                         needed_by, info.name, d, c.ref.id);
  });
}

RuleLookup::PastKnown RuleLookup::use_past_known(Noted noted, const Timeline& t, const ProjectedValue* projection,
                                                 const std::function<Error()>& refusal) {
  switch (unpublished_) {
    case Unpublished::kRefuse: {
      Error e = refusal();
      e.message += kOtherChoices;
      throw CalcFailure{std::move(e)};
    }
    case Unpublished::kProject:
      if (projection == nullptr) {
        Error e = refusal();
        e.message = "'" + e.parameter + "' is known only to " + to_string(noted.known_to) + " and is needed on " +
                    e.date + ", and it cannot be projected: " + no_projection(noted.key) +
                    "; or carry the last known figure forward (unpublished: carry_forward), or publish "
                    "the figure in the rule files";
        throw CalcFailure{std::move(e)};
      }
      noted.entry = &projection->entry;
      noted.assumption = &projection->assumption;
      noted.use = RuleUse::kProjected;
      break;
    case Unpublished::kCarryForward:
      noted.entry = t.last_known();
      CM_CHECK(noted.entry != nullptr, "a figure past what is known has a value on the last day it is known");
      break;
  }
  ++past_known_uses_;
  auto same = [&](const Noted& n) { return n.entry == noted.entry && n.council == noted.council; };
  if (std::find_if(noted_.begin(), noted_.end(), same) == noted_.end()) noted_.push_back(noted);
  return PastKnown{noted.entry, noted.use};
}

std::string RuleLookup::no_projection(const char* key) const {
  const std::string& name = scenario_.scenario().name;
  if (scenario_.projection() == nullptr) {
    return "scenario '" + name + "' has no projection (give it a \"projection\" of yearly percentages, e.g. {\"" +
           key + "\": \"2.00\"}, or use a named scenario that has one)";
  }
  return "the projection of scenario '" + name + "' gives no \"" + key + "\"";
}

void RuleLookup::note_projected(std::string_view parameter, const CouncilRules* council, ParameterKind kind,
                                const ProjectedValue& v) {
  ++past_known_uses_;
  Noted noted{parameter, council, kind, &v.entry, v.known_to, &v.assumption, RuleUse::kProjected, ""};
  auto same = [&](const Noted& n) { return n.entry == noted.entry && n.council == noted.council; };
  if (std::find_if(noted_.begin(), noted_.end(), same) == noted_.end()) noted_.push_back(noted);
}

Money RuleLookup::projected_person_amount(Money given, Hundredths percent, const char* key, Date known_from, Date d,
                                          const std::string& pointer, const char* field) {
  const Date known_to = std::max(scenario_.known_horizon(), known_from);
  Money amount = scenario_.projected_amount(given, percent, known_to, d);
  if (amount == given) return given;
  ++past_known_uses_;
  const PersonProjected noted{&pointer, field, key, percent, amount, known_to};
  if (std::find(person_projected_.begin(), person_projected_.end(), noted) == person_projected_.end()) {
    person_projected_.push_back(noted);
  }
  return amount;
}

std::vector<UnpublishedValue> RuleLookup::listed(RuleUse use) const {
  std::vector<UnpublishedValue> out;
  for (const Noted& n : noted_) {
    if (n.use != use) continue;
    out.push_back(UnpublishedValue{std::string(n.parameter), n.council ? n.council->ref.id : std::string(),
                                   shown_rule_value(n.kind, n.entry->value), n.known_to,
                                   n.assumption ? *n.assumption : std::string()});
  }
  if (use == RuleUse::kProjected) {
    for (const PersonProjected& p : person_projected_) {
      out.push_back(UnpublishedValue{*p.pointer + p.field, "", to_string(p.amount), p.known_to,
                                     std::string(p.key) + ": +" + to_string(p.percent) + "% a year after " +
                                         to_string(p.known_to) + " (" + scenario_.projection()->source + ")"});
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const CouncilRules& RuleLookup::council_rules(const std::string& id, const std::string& needed_by) {
  // A person's look-ups name the council through the same needs record again and again: the
  // council last found is checked first — by the string it was asked by (the person document's,
  // which stays unchanged while it is calculated and outlives the look-ups: council_find()),
  // else by its id.
  if (last_council_ != nullptr && (&id == last_council_asked_by_ || id == last_council_->ref.id)) [[likely]] {
    last_council_asked_by_ = &id;
    return *last_council_;
  }
  const CouncilRules* c = rules().council(id);
  if (c == nullptr) {
    fail(ErrorCode::kUnknownRules, needed_by, "no rule file for council '" + id + "'");
  }
  if (std::find(councils_used_.begin(), councils_used_.end(), c) == councils_used_.end()) {
    councils_used_.push_back(c);
  }
  last_council_ = c;
  last_council_asked_by_ = &id;
  council_found_.fill(nullptr);
  council_carried_.fill(nullptr);
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
