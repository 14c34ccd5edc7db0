// rule_lookup.h — typed rule look-ups for the calculation (engine-internal).
//
// A rule file stores every parameter as a whole number whose unit (pence, hundredths of a
// percent, a switch) is in the parameter's table row. Here each parameter the calculation uses
// has a handle that carries its unit as a type, so a look-up gives back Money, a Percent or a
// bool and nothing else: asking for a money parameter as a percentage does not compile. A
// handle made at run time (an income disregard named in the rule file) is checked against the
// table row at the look-up and fails loudly (an `internal` error) if the units disagree.
//
// Every look-up returns the value together with the dated entry it came from, so the figures
// the calculation records can say which rule value produced them (explanations, statements).
//
// A figure asked for on a day past the day its rule file knows it to (doc/law.md, "Past what is
// known") is refused (rule_not_published), carried forward or projected, as the request asks;
// a value carried forward or projected says so, and the look-ups list each one for the result.
#pragma once

#include <array>
#include <functional>
#include <string>
#include <type_traits>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/calc/prepared_scenario.h"
#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/rules.h"
#include "check.h"

namespace caremeter::calc {

// A percentage as rule files write it, with two decimals: "100.00" is 10000 hundredths.
struct Percent {
  int64_t hundredths = 0;
};
// m × p, rounded once as asked.
inline Money percent_of(Money m, Percent p, Rounding rounding) { return multiply_ratio(m, p.hundredths, 10000, rounding); }
inline constexpr Percent kWholeAmount{10000};  // 100.00%

// The unit of T as the rule tables name it.
template <class T> inline constexpr ParameterKind kind_of = ParameterKind::kCount;
template <> inline constexpr ParameterKind kind_of<Money> = ParameterKind::kMoney;
template <> inline constexpr ParameterKind kind_of<Percent> = ParameterKind::kPercent;
template <> inline constexpr ParameterKind kind_of<bool> = ParameterKind::kBoolean;

// Handles: a national parameter, or a council's, whose values are T.
template <class T>
struct NationalParam {
  Param param;
};
template <class T>
struct CouncilParamOf {
  CouncilParam param;
};

// A stored whole number read as T (the unit is checked where the value is found).
template <class T>
T decode(int64_t stored) {
  if constexpr (std::is_same_v<T, Money>) {
    return Money::pence(stored);
  } else if constexpr (std::is_same_v<T, Percent>) {
    return Percent{stored};
  } else {
    static_assert(std::is_same_v<T, bool>, "rule values are money, percentages or switches");
    return stored != 0;
  }
}

// One rule value used for a figure: the parameter and the dated entry it came from (its value,
// range, source, confirmed or not), which lives in the rule set or the prepared scenario. Empty
// when a figure did not need the parameter. Small, because figures carry many of them.
template <class T>
class RuleValue {
 public:
  RuleValue() = default;
  RuleValue(Param param, const DatedValue* entry, RuleUse use = RuleUse::kKnown)
      : entry_(entry), param_(param), use_(use) {}

  explicit operator bool() const { return entry_ != nullptr; }
  T value() const { return decode<T>(entry_->value); }
  Param param() const { return param_; }
  const DatedValue& entry() const { return *entry_; }
  RuleUse use() const { return use_; }

 private:
  const DatedValue* entry_ = nullptr;
  Param param_ = Param::kCount;
  RuleUse use_ = RuleUse::kKnown;
};

// The same for a council's parameter; `council` is the council's id as the person document
// gives it.
template <class T>
class CouncilValue {
 public:
  CouncilValue() = default;
  CouncilValue(CouncilParam param, const std::string* council, const DatedValue* entry, RuleUse use = RuleUse::kKnown)
      : entry_(entry), council_(council), param_(param), use_(use) {}

  explicit operator bool() const { return entry_ != nullptr; }
  T value() const { return decode<T>(entry_->value); }
  CouncilParam param() const { return param_; }
  const std::string& council() const { return *council_; }
  const DatedValue& entry() const { return *entry_; }
  RuleUse use() const { return use_; }

 private:
  const DatedValue* entry_ = nullptr;
  const std::string* council_ = nullptr;
  CouncilParam param_ = CouncilParam::kCount;
  RuleUse use_ = RuleUse::kKnown;
};

// The parameters the calculation reads, each with its unit.
namespace rule {
inline constexpr NationalParam<Money> kUpperCapitalLimit{Param::kUpperCapitalLimit};
inline constexpr NationalParam<Money> kLowerCapitalLimit{Param::kLowerCapitalLimit};
inline constexpr NationalParam<Money> kTariffStep{Param::kTariffStep};
inline constexpr NationalParam<Money> kTariffPerStep{Param::kTariffPerStep};
inline constexpr NationalParam<Money> kPersonalExpensesAllowance{Param::kPersonalExpensesAllowance};
inline constexpr NationalParam<Money> kMigSingle18To24{Param::kMigSingle18To24};
inline constexpr NationalParam<Money> kMigSingle25ToPensionCreditAge{Param::kMigSingle25ToPensionCreditAge};
inline constexpr NationalParam<Money> kMigSinglePensionCreditAge{Param::kMigSinglePensionCreditAge};
inline constexpr NationalParam<Money> kMigLoneParent{Param::kMigLoneParent};
inline constexpr NationalParam<Money> kMigCouple18{Param::kMigCouple18};
inline constexpr NationalParam<Money> kMigCouplePensionCreditAge{Param::kMigCouplePensionCreditAge};
inline constexpr NationalParam<Money> kMigDependentChild{Param::kMigDependentChild};
inline constexpr NationalParam<Money> kDisabilityPremiumSingle{Param::kDisabilityPremiumSingle};
inline constexpr NationalParam<Money> kEnhancedDisabilityPremiumSingle{Param::kEnhancedDisabilityPremiumSingle};
inline constexpr NationalParam<Money> kDisabilityPremiumCouple{Param::kDisabilityPremiumCouple};
inline constexpr NationalParam<Money> kEnhancedDisabilityPremiumCouple{Param::kEnhancedDisabilityPremiumCouple};
inline constexpr NationalParam<Money> kCarerPremium{Param::kCarerPremium};
inline constexpr NationalParam<Percent> kDeferredPaymentPropertyShareExcluded{Param::kDeferredPaymentPropertyShareExcluded};
inline constexpr NationalParam<Money> kDeferredPaymentDisposableIncomeAllowance{
    Param::kDeferredPaymentDisposableIncomeAllowance};
inline constexpr NationalParam<Percent> kDeferredPaymentMaximumInterestRate{Param::kDeferredPaymentMaximumInterestRate};
inline constexpr NationalParam<Money> kFncStandardRate{Param::kFncStandardRate};
inline constexpr NationalParam<Money> kFncHigherRate{Param::kFncHigherRate};
inline constexpr NationalParam<Money> kAttendanceAllowanceHigher{Param::kAttendanceAllowanceHigher};
inline constexpr NationalParam<Money> kAttendanceAllowanceLower{Param::kAttendanceAllowanceLower};
inline constexpr NationalParam<Money> kDlaCareHighest{Param::kDlaCareHighest};
inline constexpr NationalParam<Money> kDlaCareMiddle{Param::kDlaCareMiddle};
inline constexpr NationalParam<Money> kPipDailyLivingEnhanced{Param::kPipDailyLivingEnhanced};
inline constexpr NationalParam<Money> kPipDailyLivingStandard{Param::kPipDailyLivingStandard};
inline constexpr NationalParam<Money> kReformCap{Param::kReformCap};
inline constexpr NationalParam<Money> kReformUpperCapitalLimit{Param::kReformUpperCapitalLimit};
inline constexpr NationalParam<Money> kReformLowerCapitalLimit{Param::kReformLowerCapitalLimit};
inline constexpr NationalParam<Money> kReformDailyLivingCosts{Param::kReformDailyLivingCosts};
inline constexpr NationalParam<bool> kReformMeterFullCost{Param::kReformMeterFullCost};
inline constexpr NationalParam<bool> kReformUprateAccruedWithCap{Param::kReformUprateAccruedWithCap};

inline constexpr CouncilParamOf<Money> kResidential{CouncilParam::kResidential};
inline constexpr CouncilParamOf<Money> kResidentialEnhanced{CouncilParam::kResidentialEnhanced};
inline constexpr CouncilParamOf<Money> kNursing{CouncilParam::kNursing};
inline constexpr CouncilParamOf<Money> kNursingEnhanced{CouncilParam::kNursingEnhanced};
inline constexpr CouncilParamOf<Money> kHomeCareHourly{CouncilParam::kHomeCareHourly};
inline constexpr CouncilParamOf<Money> kFairCostResidential{CouncilParam::kFairCostResidential};
inline constexpr CouncilParamOf<Money> kFairCostResidentialEnhanced{CouncilParam::kFairCostResidentialEnhanced};
inline constexpr CouncilParamOf<Money> kFairCostNursing{CouncilParam::kFairCostNursing};
inline constexpr CouncilParamOf<Money> kFairCostNursingEnhanced{CouncilParam::kFairCostNursingEnhanced};
inline constexpr CouncilParamOf<Money> kFairCostHomeCareHourly{CouncilParam::kFairCostHomeCareHourly};
inline constexpr CouncilParamOf<Percent> kChargingPercentage{CouncilParam::kChargingPercentage};
inline constexpr CouncilParamOf<Money> kCommunityUpperCapitalLimit{CouncilParam::kCommunityUpperCapitalLimit};
inline constexpr CouncilParamOf<Money> kCommunityLowerCapitalLimit{CouncilParam::kCommunityLowerCapitalLimit};
inline constexpr CouncilParamOf<bool> kDisregardNightCare{CouncilParam::kDisregardNightCare};
inline constexpr CouncilParamOf<Money> kStandardDreAllowance{CouncilParam::kStandardDreAllowance};
inline constexpr CouncilParamOf<bool> kFreshPropertyDisregardDiscretionary{
    CouncilParam::kFreshPropertyDisregardDiscretionary};
}  // namespace rule

// The unit a handle gives a parameter agrees with the parameter's table row: checked at each
// look-up, so a handle made at run time with the wrong unit fails loudly.
template <class T>
void check_unit(ParameterKind kind) {
  CM_CHECK(kind == kind_of<T>, "a rule parameter is read in the unit its table row gives it");
}

// The value of a national parameter in force on d in `timeline` (a rule set's or a prepared
// scenario's); empty when no dated entry covers d.
template <class T>
RuleValue<T> value_on(const Timeline& timeline, NationalParam<T> p, Date d) {
  check_unit<T>(param_info(p.param).kind);
  return RuleValue<T>(p.param, timeline.at(d));
}

// A rule value as a rule file writes it, for messages and lists: "30.65", "100.00%", "true".
std::string shown_rule_value(ParameterKind kind, int64_t stored);

// Look-ups for one calculation: national values through the prepared scenario (so a reform
// value applies from the scenario's reform start), council values through the rule set, the
// councils whose figures were used (for the result's `rules.councils`), and the values used past
// what their files know (for `provisional` and `projected`).
class RuleLookup {
 public:
  RuleLookup(const PreparedScenario& scenario, Unpublished unpublished)
      : scenario_(scenario), unpublished_(unpublished) {}

  // The value in force on d; empty when there is none. Past the day the figure is known to,
  // the request's `unpublished` decides: an error naming `needed_by` (a JSON Pointer into the
  // person document), the last known value carried forward, or the scenario's projection.
  template <class T>
  RuleValue<T> find(NationalParam<T> p, Date d, const std::string& needed_by = {}) {
    check_unit<T>(param_info(p.param).kind);
    const Timeline& t = scenario_[p.param];
    if (unpublished_ == Unpublished::kProject && scenario_.projects_scenario_value(p.param)) [[unlikely]] {
      if (const ProjectedValue* pv = scenario_.projected(p.param, d)) {
        note_projected(param_info(p.param).name, nullptr, param_info(p.param).kind, *pv);
        return RuleValue<T>(p.param, &pv->entry, RuleUse::kProjected);
      }
    }
    const DatedValue*& found = national_found_[static_cast<std::size_t>(p.param)];
    if (const DatedValue* v = known_entry(t, found, d)) [[likely]] return RuleValue<T>(p.param, v);
    if (!t.unpublished_on(d)) return RuleValue<T>(p.param, nullptr);
    const DatedValue*& carried = national_carried_[static_cast<std::size_t>(p.param)];
    if (carried != nullptr) return RuleValue<T>(p.param, carry_forward_again(carried), RuleUse::kCarriedForward);
    PastKnown v = past_known(p.param, t, d, needed_by);
    if (v.use == RuleUse::kCarriedForward) carried = v.entry;
    return RuleValue<T>(p.param, v.entry, v.use);
  }
  // A value the calculation cannot go on without: missing is an error naming the record that
  // needed it (a JSON Pointer into the person document).
  template <class T>
  RuleValue<T> require(NationalParam<T> p, Date d, const std::string& needed_by) {
    RuleValue<T> v = find(p, d, needed_by);
    if (!v) missing(p.param, d, needed_by);
    return v;
  }

  // A council's value on d; empty when its file has none then (past what it knows: as find()).
  // A council with no rule file is an error naming the record that needed it. `council` must
  // outlive the value (it is the person document's string).
  template <class T>
  CouncilValue<T> council_find(const std::string& council, CouncilParamOf<T> p, Date d, const std::string& needed_by) {
    check_unit<T>(council_param_info(p.param).kind);
    const CouncilRules& c = council_rules(council, needed_by);
    const Timeline& t = c[p.param];
    const DatedValue*& found = council_found_[static_cast<std::size_t>(p.param)];
    if (const DatedValue* v = known_entry(t, found, d)) [[likely]] return CouncilValue<T>(p.param, &council, v);
    if (!t.unpublished_on(d)) return CouncilValue<T>(p.param, &council, nullptr);
    const DatedValue*& carried = council_carried_[static_cast<std::size_t>(p.param)];
    if (carried != nullptr) {
      return CouncilValue<T>(p.param, &council, carry_forward_again(carried), RuleUse::kCarriedForward);
    }
    PastKnown v = council_past_known(c, p.param, t, d, needed_by);
    if (v.use == RuleUse::kCarriedForward) carried = v.entry;
    return CouncilValue<T>(p.param, &council, v.entry, v.use);
  }
  template <class T>
  CouncilValue<T> council_require(const std::string& council, CouncilParamOf<T> p, Date d,
                                  const std::string& needed_by) {
    CouncilValue<T> v = council_find(council, p, d, needed_by);
    if (!v) council_missing(council, p.param, d, needed_by);
    return v;
  }

  const PreparedScenario& scenario() const { return scenario_; }
  const RuleSet& rules() const { return scenario_.rules(); }
  const std::vector<const CouncilRules*>& councils_used() const { return councils_used_; }

  // How many look-ups so far used a value past what its file knows (a stretch whose count
  // grows is provisional or projected), and how such a value is used in this calculation.
  std::size_t past_known_uses() const { return past_known_uses_; }
  RuleUse past_known_use() const {
    return unpublished_ == Unpublished::kProject ? RuleUse::kProjected : RuleUse::kCarriedForward;
  }
  // A person's own amount (an income item's weekly amount, a weekly fee, a personal budget
  // given in the document) on d: as given, or, when projecting with a scenario that uprates it
  // (`percent`), uprated on each 6 April after it is known — the later of the known horizon
  // and `known_from`, the day its record starts — and listed under `pointer`.
  // `pointer` + `field` name it ("/finances/0/income/1" + "/weekly"); both outlive this lookup.
  Money person_amount(Money given, const std::optional<Hundredths>& percent, const char* key, Date known_from, Date d,
                      const std::string& pointer, const char* field) {
    if (unpublished_ != Unpublished::kProject || !percent || d <= scenario_.known_horizon()) [[likely]] return given;
    return projected_person_amount(given, *percent, key, known_from, d, pointer, field);
  }

  // Each value used past what its file knows, once, sorted.
  std::vector<UnpublishedValue> provisional() const { return listed(RuleUse::kCarriedForward); }
  std::vector<UnpublishedValue> projected() const { return listed(RuleUse::kProjected); }

 private:
  struct PastKnown {
    const DatedValue* entry;
    RuleUse use;
  };
  // One value used past what its file knows: which, whose, and how.
  struct Noted {
    std::string_view parameter;
    const CouncilRules* council;  // nullptr for a national figure
    ParameterKind kind;
    const DatedValue* entry;
    Date known_to;
    const std::string* assumption;  // projected only
    RuleUse use;
    const char* key;  // the projection's key that would project it ("national_figures")
  };
  // What t has on d when it is known then, or nullptr; `found` is the entry t last gave for
  // this parameter. A walk asks about days in order, so that entry, or the one after it, usually
  // covers d (entries do not overlap, so one that covers d is the one t would find).
  static const DatedValue* known_entry(const Timeline& t, const DatedValue*& found, Date d) {
    if (found != nullptr && !t.unpublished_on(d)) [[likely]] {
      if (found->range.contains(d)) return found;
      const DatedValue* next = found + 1;
      if (next != t.values().data() + t.values().size() && next->range.contains(d)) return found = next;
    }
    const DatedValue* v = t.at(d);
    if (v != nullptr) found = v;
    return v;
  }
  // A value already carried forward, carried forward again: the same entry (a timeline's last
  // known value does not depend on the day), already listed, counted as a use.
  const DatedValue* carry_forward_again(const DatedValue* carried) {
    ++past_known_uses_;
    return carried;
  }
  Money projected_person_amount(Money given, Hundredths percent, const char* key, Date known_from, Date d,
                                const std::string& pointer, const char* field);
  PastKnown past_known(Param p, const Timeline& t, Date d, const std::string& needed_by);
  PastKnown council_past_known(const CouncilRules& c, CouncilParam p, const Timeline& t, Date d,
                               const std::string& needed_by);
  // Carries the last known value forward, or takes `projection`; either is noted. With no way
  // to (refuse, or a projection the scenario does not give) fails with the error `refusal()`
  // builds — only then, as carrying forward and projecting are on the hot path of policy runs.
  PastKnown use_past_known(Noted noted, const Timeline& t, const ProjectedValue* projection,
                           const std::function<Error()>& refusal);
  // Why a figure past what is known cannot be projected: no projection, or none for its kind.
  std::string no_projection(const char* key) const;
  void note_projected(std::string_view parameter, const CouncilRules* council, ParameterKind kind,
                      const ProjectedValue& v);
  std::vector<UnpublishedValue> listed(RuleUse use) const;

  const CouncilRules& council_rules(const std::string& id, const std::string& needed_by);
  [[noreturn]] void missing(Param p, Date d, const std::string& needed_by) const;
  [[noreturn]] void council_missing(const std::string& council, CouncilParam p, Date d,
                                    const std::string& needed_by) const;

  const PreparedScenario& scenario_;
  Unpublished unpublished_;
  std::vector<const CouncilRules*> councils_used_;
  const CouncilRules* last_council_ = nullptr;  // the council last looked up
  const std::string* last_council_asked_by_ = nullptr;  // the string it was last asked for by
  // Per parameter: the entry last found, and the value carried forward past what is known (the
  // council's are the last council's, cleared when another council is looked up).
  std::array<const DatedValue*, kParamCount> national_found_{};
  std::array<const DatedValue*, kParamCount> national_carried_{};
  std::array<const DatedValue*, kCouncilParamCount> council_found_{};
  std::array<const DatedValue*, kCouncilParamCount> council_carried_{};
  std::size_t past_known_uses_ = 0;
  std::vector<Noted> noted_;
  // A person's own amount as projected, kept as references and figures (words only in listed()).
  struct PersonProjected {
    const std::string* pointer;
    const char* field;
    const char* key;
    Hundredths percent;
    Money amount;
    Date known_to;
    bool operator==(const PersonProjected&) const = default;
  };
  std::vector<PersonProjected> person_projected_;
};

}  // namespace caremeter::calc
