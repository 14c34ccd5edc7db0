// calculate.cc — who pays what, day by day, and the care account (domain.md sections 2–5, 8).
//
// The calculation walks *stretches* between changes — record boundaries, rule changes, age
// thresholds, the end of a property disregard, the reform start, the cap crossing, a
// spend-down reassessment — never single days, so ten years of unchanged care cost about
// what one year does. Within a stretch every weekly figure is constant; amounts accumulate
// exactly in sevenths of a penny (weekly pence × days) and are rounded only when shown.
#include "caremeter/calc/calculate.h"

#include <algorithm>
#include <utility>

namespace caremeter {

PeriodAmounts& PeriodAmounts::operator+=(const PeriodAmounts& o) {
  personal_budget += o.personal_budget;
  weekly_fee += o.weekly_fee;
  assessed_charge += o.assessed_charge;
  daily_living_costs += o.daily_living_costs;
  accruing += o.accruing;
  person_pays += o.person_pays;
  council_pays += o.council_pays;
  top_up += o.top_up;
  return *this;
}

namespace {

// Inside this file a failure unwinds to calculate(), which returns it as an Error: the hot
// path stays free of Result plumbing and nothing crosses the module boundary as an exception.
struct CalcFailure {
  Error error;
};

[[noreturn]] void fail(ErrorCode code, std::string pointer, std::string message) {
  throw CalcFailure{Error{code, std::move(message), std::move(pointer), {}}};
}

bool operator==(const WeeklyFigures& a, const WeeklyFigures& b) {
  return a.personal_budget == b.personal_budget && a.weekly_fee == b.weekly_fee &&
         a.assessed_charge == b.assessed_charge && a.daily_living_costs == b.daily_living_costs &&
         a.accruing == b.accruing && a.person_pays == b.person_pays && a.council_pays == b.council_pays &&
         a.top_up == b.top_up;
}

PeriodAmounts amounts_for(const WeeklyFigures& w, Days days) {
  return PeriodAmounts{accrue(w.personal_budget, days), accrue(w.weekly_fee, days),
                       accrue(w.assessed_charge, days), accrue(w.daily_living_costs, days),
                       accrue(w.accruing, days),        accrue(w.person_pays, days),
                       accrue(w.council_pays, days),    accrue(w.top_up, days)};
}

void add_changes(const Timeline& t, std::vector<Date>& out) {
  for (const DatedValue& v : t.values()) {
    out.push_back(v.range.first);
    if (!v.range.open()) out.push_back(v.range.last.next());
  }
}

void sort_unique(std::vector<Date>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

template <class Record>
const Record* covering(const std::vector<Record>& records, Date d) {
  // Records are sorted by start and do not overlap (normalise_person).
  auto it = std::upper_bound(records.begin(), records.end(), d,
                             [](Date x, const Record& r) { return x < r.range.first; });
  if (it == records.begin()) return nullptr;
  --it;
  return it->range.contains(d) ? &*it : nullptr;
}

std::string percent_text(int64_t hundredths) { return to_string(Hundredths{hundredths}) + "%"; }

std::string value_text(ParameterKind kind, int64_t v) {
  switch (kind) {
    case ParameterKind::kMoney: return to_string(Money::pence(v));
    case ParameterKind::kPercent: return percent_text(v);
    case ParameterKind::kBoolean: return v ? "true" : "false";
    case ParameterKind::kCount: return std::to_string(v);
  }
  return std::to_string(v);
}

const char* premium_name(Premium p) {
  switch (p) {
    case Premium::kDisability: return "disability";
    case Premium::kEnhancedDisability: return "enhanced_disability";
    case Premium::kCarer: return "carer";
    case Premium::kCount: break;
  }
  return "?";
}

CouncilParam rate_param(CareHomeCategory c, RateBasis basis) {
  bool fair = basis == RateBasis::kFairCostOfCare;
  switch (c) {
    case CareHomeCategory::kResidential:
      return fair ? CouncilParam::kFairCostResidential : CouncilParam::kResidential;
    case CareHomeCategory::kResidentialEnhanced:
      return fair ? CouncilParam::kFairCostResidentialEnhanced : CouncilParam::kResidentialEnhanced;
    case CareHomeCategory::kNursing:
      return fair ? CouncilParam::kFairCostNursing : CouncilParam::kNursing;
    case CareHomeCategory::kNursingEnhanced:
      return fair ? CouncilParam::kFairCostNursingEnhanced : CouncilParam::kNursingEnhanced;
  }
  return CouncilParam::kResidential;
}

// ---------------------------------------------------------------------------------------------
// What holds on one day: the records in force and every figure of the means test. Evaluated
// once per stretch (and again, with an explanation sink, only when explain is asked for).

struct DayState {
  bool has_care = false;  // a care record and a needs record cover the day, and the person is alive
  PeriodStatus status = PeriodStatus::kCharged;
  std::optional<ExclusionReason> exclusion;
  const CareRecord* care = nullptr;
  const FinancesRecord* finances = nullptr;
  std::string council;

  Money B, F, A, D, top_up;
  Money metered;            // what would accrue per week while below the cap
  Money counted_income;     // after the rule file's disregards
  Money allowance;          // PEA in a care home; MIG + housing costs + DRE elsewhere
  Money ucl, lcl, tariff;
  Exact capital;            // counted capital at the start of the day
  bool reform_active = false;
  std::optional<Money> cap;
  bool meter_full_cost = false;
  bool self_arranged = false;
};

class Calculation {
 public:
  Calculation(const Person& person, const PreparedScenario& prepared, const CalculationRequest& request)
      : person_(person), prepared_(prepared), rules_(prepared.rules()), scenario_(prepared.scenario()),
        request_(request) {}

  AccountResult run();

 private:
  // Rule look-ups. `needed_by` is the person record that needed the value (for the error).
  const DatedValue& national(Param p, Date d, const std::string& needed_by);
  const DatedValue* council_value(const std::string& council, CouncilParam p, Date d,
                                  const std::string& needed_by, bool required);
  const CouncilRules& council_rules(const std::string& id, const std::string& needed_by);

  void cite(Explanation* e, Param p, const DatedValue& v);
  void cite(Explanation* e, const std::string& council, CouncilParam p, const DatedValue& v);

  DayState evaluate(Date d, Exact capital_spent, std::vector<Explanation>* explain, DateRange period);
  Money personal_budget(const CareRecord& care, const NeedsRecord& needs, Date d, std::string& council,
                        Explanation* e);
  Money minimum_income_guarantee(Date d, const std::string& needed_by, Explanation* e);
  bool home_disregarded(const CareRecord& care, const FinancesRecord& fin, Date d) const;
  WeeklyFigures figures(const DayState& s, bool cap_reached) const;

  void compute_property_disregards();
  std::vector<Date> events(Date start, Date end);
  Date pension_credit_date();

  const Person& person_;
  const PreparedScenario& prepared_;
  const RuleSet& rules_;
  const Scenario& scenario_;
  const CalculationRequest& request_;

  std::vector<DateRange> property_disregards_;
  std::optional<Date> pension_credit_date_;
  std::vector<const CouncilRules*> councils_used_;
};

const DatedValue& Calculation::national(Param p, Date d, const std::string& needed_by) {
  const DatedValue* v = prepared_[p].at(d);
  if (v == nullptr) {
    fail(ErrorCode::kMissingRule, needed_by,
         "rule set " + rules_.ref.id + " " + rules_.ref.version + " has no value of '" +
             std::string(param_info(p).name) + "' on " + to_string(d));
  }
  return *v;
}

const CouncilRules& Calculation::council_rules(const std::string& id, const std::string& needed_by) {
  const CouncilRules* c = rules_.council(id);
  if (c == nullptr) {
    fail(ErrorCode::kUnknownRules, needed_by, "no rule file for council '" + id + "'");
  }
  if (std::find(councils_used_.begin(), councils_used_.end(), c) == councils_used_.end()) {
    councils_used_.push_back(c);
  }
  return *c;
}

const DatedValue* Calculation::council_value(const std::string& council, CouncilParam p, Date d,
                                             const std::string& needed_by, bool required) {
  const CouncilRules& c = council_rules(council, needed_by);
  const DatedValue* v = c[p].at(d);
  if (v == nullptr && required) {
    fail(ErrorCode::kMissingRule, needed_by,
         "council " + council + " has no value of '" + std::string(council_param_info(p).name) + "' on " +
             to_string(d));
  }
  return v;
}

void Calculation::cite(Explanation* e, Param p, const DatedValue& v) {
  if (e == nullptr) return;
  const ParamInfo& info = param_info(p);
  e->rules.push_back(RuleCitation{std::string(info.name), value_text(info.kind, v.value), v.range, v.source, v.status});
}

void Calculation::cite(Explanation* e, const std::string& council, CouncilParam p, const DatedValue& v) {
  if (e == nullptr) return;
  const CouncilParamInfo& info = council_param_info(p);
  e->rules.push_back(RuleCitation{std::string(info.name) + "@" + council, value_text(info.kind, v.value), v.range,
                                  v.source, v.status});
}

Date Calculation::pension_credit_date() {
  if (!pension_credit_date_) {
    auto r = rules_.pension_credit_age_date(person_.birth_date);
    if (!r) {
      Error e = std::move(r).error();
      e.pointer = "/birth_date";
      throw CalcFailure{std::move(e)};
    }
    pension_credit_date_ = *r;
  }
  return *pension_credit_date_;
}

// The 12-week property disregard (domain.md 4.1): the first 84 days of a permanent care-home
// stay; a person who leaves and returns within 52 weeks has only what is left of the 12 weeks.
void Calculation::compute_property_disregards() {
  constexpr int64_t kDisregardDays = 84;
  constexpr int64_t kReturnWindowDays = 52 * 7;
  std::optional<DateRange> stay;  // the current run of adjacent permanent care-home records
  std::optional<Date> last_stay_end;
  int64_t used_in_chain = 0;
  auto close_stay = [&] {
    if (!stay) return;
    int64_t left = kDisregardDays;
    if (last_stay_end && (stay->first - *last_stay_end).count() <= kReturnWindowDays) {
      left = std::max<int64_t>(0, kDisregardDays - used_in_chain);
    } else {
      used_in_chain = 0;
    }
    if (left > 0) {
      Date end = std::min(stay->last, stay->first + Days(left - 1));
      property_disregards_.push_back(DateRange{stay->first, end});
      used_in_chain += (end - stay->first).count() + 1;
    }
    last_stay_end = stay->last;
    stay.reset();
  };
  for (const CareRecord& c : person_.care) {
    bool permanent_home = c.setting == Setting::kCareHome && c.stay == Stay::kPermanent;
    if (!permanent_home) {
      close_stay();
      continue;
    }
    if (stay && c.range.first == stay->last.next()) {
      stay->last = c.range.last;
    } else {
      close_stay();
      stay = c.range;
    }
  }
  close_stay();
}

bool Calculation::home_disregarded(const CareRecord& care, const FinancesRecord& fin, Date d) const {
  if (!fin.home) return true;
  if (care.setting != Setting::kCareHome) return true;      // care outside a care home
  if (care.stay == Stay::kTemporary) return true;           // temporary stays
  if (fin.home->qualifying_relative_lives_there) return true;
  for (const DateRange& r : property_disregards_) {
    if (r.contains(d)) return true;                          // the 12-week disregard
  }
  return false;
}

// B: from the care record, or from the responsible council's rates. After a move between
// councils the new council meters at the old council's B until its own assessment (a new
// care record) gives a new one (Care Act ss37–38).
Money Calculation::personal_budget(const CareRecord& care, const NeedsRecord& needs, Date d, std::string& council,
                                   Explanation* e) {
  council = needs.council;
  if (care.personal_budget) {
    if (e) e->formula = "given on the care record";
    return *care.personal_budget;
  }
  if (needs.council.empty()) {
    fail(ErrorCode::kInvalidInput, care.pointer + "/personal_budget",
         "expected personal_budget, or a council on the needs record " + needs.pointer +
             " whose rates give it");
  }
  Date rate_date = d;
  std::string rate_council = needs.council;
  const NeedsRecord* n = &needs;
  while (n->range.first > care.range.first) {
    const NeedsRecord* before = covering(person_.needs, n->range.first.prev());
    if (before == nullptr || before->council.empty() || before->council == n->council) break;
    // Moved council during this care record: continuity of care at the old council's B.
    rate_date = n->range.first.prev();
    rate_council = before->council;
    n = before;
  }
  Money B;
  if (care.setting == Setting::kCareHome) {
    CouncilParam p = rate_param(care.category, scenario_.rate_basis);
    const DatedValue* v = council_value(rate_council, p, rate_date, care.pointer, true);
    B = Money::pence(v->value);
    if (e) {
      e->formula = std::string("the council's weekly rate for ") + category_name(care.category) + " care";
      cite(e, rate_council, p, *v);
    }
  } else if (care.setting == Setting::kHomeCare) {
    CouncilParam p = scenario_.rate_basis == RateBasis::kFairCostOfCare ? CouncilParam::kFairCostHomeCareHourly
                                                                        : CouncilParam::kHomeCareHourly;
    const DatedValue* v = council_value(rate_council, p, rate_date, care.pointer, true);
    B = multiply_ratio(Money::pence(v->value), care.hours_per_week.value, 100, Rounding::kHalfUp);
    if (e) {
      e->formula = "hours a week × the council's hourly rate, rounded half up to the penny";
      e->inputs.emplace_back("hours_per_week", to_string(care.hours_per_week));
      cite(e, rate_council, p, *v);
    }
  } else {
    fail(ErrorCode::kInvalidInput, care.pointer + "/personal_budget", "community care needs a personal_budget");
  }
  if (e && rate_council != needs.council) {
    e->inputs.emplace_back("rates_of_previous_council", rate_council);
    e->inputs.emplace_back("rates_as_on", to_string(rate_date));
  }
  return B;
}

Money Calculation::minimum_income_guarantee(Date d, const std::string& needed_by, Explanation* e) {
  const Household& h = person_.household;
  Date adult = birthday(person_.birth_date, 18);
  if (d < adult) {
    fail(ErrorCode::kInvalidInput, "/birth_date",
         "the minimum income guarantee has no amount for people under 18 (care on " + to_string(d) + ")");
  }
  bool pension_age = d >= pension_credit_date();
  bool couple = h.type == HouseholdType::kCouple;
  Param basic;
  if (couple) {
    basic = pension_age ? Param::kMigCouplePensionCreditAge : Param::kMigCouple18;
  } else if (pension_age) {
    basic = Param::kMigSinglePensionCreditAge;
  } else if (h.type == HouseholdType::kLoneParent) {
    basic = Param::kMigLoneParent;
  } else {
    basic = d < birthday(person_.birth_date, 25) ? Param::kMigSingle18To24 : Param::kMigSingle25ToPensionCreditAge;
  }
  const DatedValue& b = national(basic, d, needed_by);
  cite(e, basic, b);
  Money mig = Money::pence(b.value);
  if (h.dependent_children > 0) {
    const DatedValue& c = national(Param::kMigDependentChild, d, needed_by);
    cite(e, Param::kMigDependentChild, c);
    mig += Money::pence(c.value) * h.dependent_children;
  }
  auto premium = [&](Premium pr, Param single, Param pair) {
    if (!h.has(pr)) return;
    Param p = couple ? pair : single;
    const DatedValue& v = national(p, d, needed_by);
    cite(e, p, v);
    mig += Money::pence(v.value);
  };
  premium(Premium::kDisability, Param::kDisabilityPremiumSingle, Param::kDisabilityPremiumCouple);
  premium(Premium::kEnhancedDisability, Param::kEnhancedDisabilityPremiumSingle, Param::kEnhancedDisabilityPremiumCouple);
  premium(Premium::kCarer, Param::kCarerPremium, Param::kCarerPremium);
  if (e) {
    e->inputs.emplace_back("household", h.type == HouseholdType::kCouple       ? "couple"
                                        : h.type == HouseholdType::kLoneParent ? "lone_parent"
                                                                               : "single");
    e->inputs.emplace_back("pension_credit_age_from", to_string(pension_credit_date()));
    e->inputs.emplace_back("dependent_children", std::to_string(h.dependent_children));
    std::string premiums;
    for (std::size_t i = 0; i < static_cast<std::size_t>(Premium::kCount); ++i) {
      if (h.premiums[i]) premiums += (premiums.empty() ? "" : ",") + std::string(premium_name(static_cast<Premium>(i)));
    }
    e->inputs.emplace_back("premiums", premiums);
  }
  return mig;
}

DayState Calculation::evaluate(Date d, Exact capital_spent, std::vector<Explanation>* explain, DateRange period) {
  DayState s;
  // Explanations are handed out as pointers into `explain`; no reallocation may move them.
  if (explain != nullptr) explain->reserve(explain->size() + 16);
  if (person_.death_date && d > *person_.death_date) return s;
  const CareRecord* care = covering(person_.care, d);
  const NeedsRecord* needs = care ? covering(person_.needs, d) : nullptr;
  if (care == nullptr || needs == nullptr) return s;  // no chargeable care: nothing charged or metered
  s.has_care = true;
  s.care = care;
  s.self_arranged = care->arranged_by == ArrangedBy::kSelf;

  auto explanation = [&](const char* figure) -> Explanation* {
    if (explain == nullptr) return nullptr;
    explain->push_back(Explanation{period, figure, {}, {}, {}, {}});
    return &explain->back();
  };

  if (const Exclusion* x = covering(person_.exclusions, d)) {
    // NHS continuing healthcare, s117 aftercare, free reablement: nothing charged or metered.
    s.status = PeriodStatus::kExcluded;
    s.exclusion = x->reason;
    s.council = needs->council;
    if (Explanation* e = explanation("status")) {
      e->value = "excluded";
      e->formula = std::string("care excluded from charging: ") + exclusion_reason_name(x->reason);
      e->inputs.emplace_back("exclusion", x->pointer);
    }
    return s;
  }

  // B and F.
  Explanation* eb = explanation("personal_budget");
  s.B = personal_budget(*care, *needs, d, s.council, eb);
  if (eb) {
    eb->value = to_string(s.B);
    eb->inputs.emplace_back("care", care->pointer);
  }
  s.F = care->weekly_fee.value_or(s.B);
  s.top_up = max(Money::zero(), s.F - s.B);
  if (Explanation* e = explanation("weekly_fee")) {
    e->value = to_string(s.F);
    e->formula = care->weekly_fee ? "given on the care record" : "the provider's fee defaults to B";
  }

  const FinancesRecord* fin = covering(person_.finances, d);
  if (fin == nullptr) {
    fail(ErrorCode::kInvalidInput, "/finances",
         "no finances record covers " + to_string(d) + ", when the care at " + care->pointer + " is chargeable");
  }
  s.finances = fin;

  s.reform_active = scenario_.reform_start && d >= *scenario_.reform_start;
  bool in_care_home = care->setting == Setting::kCareHome;

  // Capital (domain.md 4.1, and 8 for spend-down).
  Exact capital = Exact::from(fin->savings + fin->other_capital);
  bool home_counted = fin->home && !home_disregarded(*care, *fin, d);
  if (home_counted) capital += Exact::from(max(Money::zero(), fin->home->value - fin->home->secured_debt));
  capital = max(Exact::zero(), capital - capital_spent);
  s.capital = capital;

  Param ucl_p = s.reform_active ? Param::kReformUpperCapitalLimit : Param::kUpperCapitalLimit;
  Param lcl_p = s.reform_active ? Param::kReformLowerCapitalLimit : Param::kLowerCapitalLimit;
  const DatedValue& ucl = national(ucl_p, d, fin->pointer);
  const DatedValue& lcl = national(lcl_p, d, fin->pointer);
  s.ucl = Money::pence(ucl.value);
  s.lcl = Money::pence(lcl.value);
  const DatedValue* community_ucl = nullptr;
  const DatedValue* community_lcl = nullptr;
  if (!in_care_home && !s.council.empty()) {
    // Councils may set higher limits for care outside care homes; never lower than the law's.
    community_ucl = council_value(s.council, CouncilParam::kCommunityUpperCapitalLimit, d, care->pointer, false);
    community_lcl = council_value(s.council, CouncilParam::kCommunityLowerCapitalLimit, d, care->pointer, false);
    if (community_ucl && Money::pence(community_ucl->value) > s.ucl) s.ucl = Money::pence(community_ucl->value);
    else community_ucl = nullptr;
    if (community_lcl && Money::pence(community_lcl->value) > s.lcl) s.lcl = Money::pence(community_lcl->value);
    else community_lcl = nullptr;
  }

  // Income (domain.md 4.2): each type treated as the rule file says.
  Money income;
  Explanation* ei = explanation("counted_income");
  bool couple = person_.household.type == HouseholdType::kCouple;
  for (const IncomeItem& item : fin->income) {
    const IncomeTreatment& t = rules_.income[static_cast<std::size_t>(item.type)];
    Money counted;
    switch (t.kind) {
      case IncomeTreatmentKind::kCounted: counted = item.weekly; break;
      case IncomeTreatmentKind::kDisregarded: counted = Money::zero(); break;
      case IncomeTreatmentKind::kCountedLessDisregard: {
        std::optional<Param> p = couple ? t.disregard_couple : t.disregard_single;
        if (!p) {
          fail(ErrorCode::kMissingRule, item.pointer,
               "rule set " + rules_.ref.id + " " + rules_.ref.version + " gives no disregard for income type '" +
                   std::string(income_type_name(item.type)) + "' for this household");
        }
        const DatedValue& v = national(*p, d, item.pointer);
        cite(ei, *p, v);
        counted = max(Money::zero(), item.weekly - Money::pence(v.value));
        break;
      }
    }
    income += counted;
    if (ei) ei->inputs.emplace_back(item.pointer + " " + std::string(income_type_name(item.type)), to_string(item.weekly) + " → " + to_string(counted));
  }
  s.counted_income = income;
  if (ei) {
    ei->value = to_string(income);
    ei->formula = "the sum of income items, each counted, disregarded or counted less a disregard as the rule file says";
  }

  // Tariff income (domain.md 4.3): £1 a week for every £250 or part of £250 above the LCL.
  Explanation* et = explanation("tariff_income");
  if (capital > Exact::from(s.lcl) && capital <= Exact::from(s.ucl)) {
    const DatedValue& step = national(Param::kTariffStep, d, fin->pointer);
    const DatedValue& per = national(Param::kTariffPerStep, d, fin->pointer);
    s.tariff = Money::pence(per.value) * steps_covering(capital - Exact::from(s.lcl), Money::pence(step.value));
    cite(et, Param::kTariffStep, step);
    cite(et, Param::kTariffPerStep, per);
  }
  if (et) {
    et->value = to_string(s.tariff);
    et->formula = "£1 a week for every £250 or part of £250 of capital above the lower capital limit, up to the upper";
    et->inputs.emplace_back("capital", to_string(capital.round_half_up()));
    et->inputs.emplace_back("home_counted", home_counted ? "true" : "false");
    cite(et, lcl_p, lcl);
    cite(et, ucl_p, ucl);
    if (community_ucl) cite(et, s.council, CouncilParam::kCommunityUpperCapitalLimit, *community_ucl);
    if (community_lcl) cite(et, s.council, CouncilParam::kCommunityLowerCapitalLimit, *community_lcl);
  }

  // The weekly charge A (domain.md 4.4).
  Explanation* ea = explanation("assessed_charge");
  if (in_care_home) {
    const DatedValue& pea = national(Param::kPersonalExpensesAllowance, d, fin->pointer);
    cite(ea, Param::kPersonalExpensesAllowance, pea);
    s.allowance = Money::pence(pea.value);
  } else {
    s.allowance = minimum_income_guarantee(d, fin->pointer, ea) + fin->housing_costs + fin->disability_related_expenditure;
  }
  if (capital > Exact::from(s.ucl)) {
    s.A = s.B;  // above the upper capital limit: a self-funder
    if (ea) {
      ea->formula = "capital above the upper capital limit: the person pays the full cost B";
      ea->inputs.emplace_back("capital", to_string(capital.round_half_up()));
      cite(ea, ucl_p, ucl);
    }
  } else if (in_care_home) {
    s.A = min(s.B, max(Money::zero(), income + s.tariff - s.allowance));
    if (ea) ea->formula = "min(B, max(0, counted income + tariff income − personal expenses allowance))";
  } else {
    int64_t pct = 10000;
    if (!s.council.empty()) {
      if (const DatedValue* v = council_value(s.council, CouncilParam::kChargingPercentage, d, care->pointer, false)) {
        pct = v->value;
        cite(ea, s.council, CouncilParam::kChargingPercentage, *v);
      }
    }
    Money available = max(Money::zero(), income + s.tariff - s.allowance);
    s.A = min(s.B, multiply_ratio(available, pct, 10000, Rounding::kHalfUp));
    if (ea) {
      ea->formula =
          "min(B, round(charging percentage × max(0, counted income + tariff income − minimum income guarantee − "
          "housing costs − disability-related expenditure)))";
      ea->inputs.emplace_back("charging_percentage", percent_text(pct));
      ea->inputs.emplace_back("housing_costs", to_string(fin->housing_costs));
      ea->inputs.emplace_back("disability_related_expenditure", to_string(fin->disability_related_expenditure));
      ea->inputs.emplace_back("minimum_income_guarantee", to_string(s.allowance - fin->housing_costs - fin->disability_related_expenditure));
    }
  }
  if (ea) {
    ea->value = to_string(s.A);
    ea->inputs.emplace_back("B", to_string(s.B));
    ea->inputs.emplace_back("counted_income", to_string(income));
    ea->inputs.emplace_back("tariff_income", to_string(s.tariff));
    ea->inputs.emplace_back("finances", fin->pointer);
  }

  // The reform (domain.md 3.1): DLC first, then metering toward the cap.
  Explanation* ed = explanation("daily_living_costs");
  Explanation* em = explanation("accruing");
  if (s.reform_active) {
    const DatedValue& cap = national(Param::kReformCap, d, care->pointer);
    s.cap = Money::pence(cap.value);
    s.meter_full_cost = national(Param::kReformMeterFullCost, d, care->pointer).value != 0;
    if (in_care_home) {
      const DatedValue& dlc = national(Param::kReformDailyLivingCosts, d, care->pointer);
      s.D = min(Money::pence(dlc.value), s.B);
      cite(ed, Param::kReformDailyLivingCosts, dlc);
    }
    s.metered = (s.self_arranged || s.meter_full_cost) ? max(Money::zero(), s.B - s.D)
                                                       : max(Money::zero(), s.A - s.D);
    if (em) {
      em->formula = s.meter_full_cost ? "B − daily living costs (reform.meter_full_cost)"
                    : s.self_arranged ? "self-funder: B − daily living costs (the independent personal budget less DLC)"
                                      : "council-met needs: max(0, A − daily living costs)";
      cite(em, Param::kReformCap, cap);
      cite(em, Param::kReformMeterFullCost, national(Param::kReformMeterFullCost, d, care->pointer));
    }
  }
  if (ed) {
    ed->value = to_string(s.D);
    ed->formula = s.reform_active ? (in_care_home ? "min(daily living costs, B) for care-home residents"
                                                  : "no daily living costs outside care homes")
                                  : "no daily living costs before the reform";
  }
  if (em) {
    em->value = to_string(s.metered);
    if (!s.reform_active) em->formula = "nothing is metered before the reform or under current law";
  }
  return s;
}

// The weekly figures of a day state (domain.md 3, 3.1). Third-party top-ups on council-arranged
// care are shown apart; a self-arranged person pays the provider's whole fee.
WeeklyFigures Calculation::figures(const DayState& s, bool cap_reached) const {
  WeeklyFigures w;
  if (!s.has_care || s.status == PeriodStatus::kExcluded) return w;
  w.personal_budget = s.B;
  w.weekly_fee = s.F;
  w.assessed_charge = s.A;
  w.daily_living_costs = s.D;
  w.top_up = s.top_up;
  Money own_top_up = s.self_arranged ? s.top_up : Money::zero();
  if (s.reform_active && cap_reached) {
    Money dlc_part = min(s.A, s.D);
    w.accruing = Money::zero();
    w.person_pays = dlc_part + own_top_up;
    w.council_pays = s.B - dlc_part;
  } else {
    w.accruing = s.reform_active ? s.metered : Money::zero();
    w.person_pays = s.A + own_top_up;
    w.council_pays = s.B - s.A;
  }
  return w;
}

std::vector<Date> Calculation::events(Date start, Date end) {
  std::vector<Date> ev;
  auto add_range = [&](const DateRange& r) {
    ev.push_back(r.first);
    if (!r.open()) ev.push_back(r.last.next());
  };
  for (const auto& r : person_.care) add_range(r.range);
  for (const auto& r : person_.needs) add_range(r.range);
  for (const auto& r : person_.finances) add_range(r.range);
  for (const auto& r : person_.exclusions) add_range(r.range);
  for (const auto& r : property_disregards_) add_range(r);
  if (person_.death_date) ev.push_back(person_.death_date->next());
  if (scenario_.reform_start) ev.push_back(*scenario_.reform_start);
  bool outside_care_home = std::any_of(person_.care.begin(), person_.care.end(),
                                       [](const CareRecord& c) { return c.setting != Setting::kCareHome; });
  if (outside_care_home) {
    // The MIG changes with age: 18, 25, pension-credit age.
    ev.push_back(birthday(person_.birth_date, 18));
    ev.push_back(birthday(person_.birth_date, 25));
    if (rules_.pension_credit_age_date(person_.birth_date)) ev.push_back(pension_credit_date());
  }
  ev.push_back(request_.as_of.next());
  if (request_.from) ev.push_back(*request_.from);
  if (request_.to) ev.push_back(request_.to->next());
  auto add_rules = [&](const std::vector<Date>& changes) {
    auto lo = std::lower_bound(changes.begin(), changes.end(), start);
    auto hi = std::upper_bound(lo, changes.end(), end);
    ev.insert(ev.end(), lo, hi);
  };
  add_rules(prepared_.national_changes());
  for (const auto& n : person_.needs) {
    if (!n.council.empty()) add_rules(prepared_.council_changes(n.council));
  }
  ev.push_back(start);
  sort_unique(ev);
  ev.erase(std::remove_if(ev.begin(), ev.end(), [&](Date x) { return x < start || x > end; }), ev.end());
  return ev;
}

AccountResult Calculation::run() {
  AccountResult out;
  out.person_id = person_.id;
  out.as_of = request_.as_of;
  out.scenario_name = scenario_.name;
  out.reform_start = scenario_.reform_start;
  out.rules = rules_.ref;
  out.explained = request_.explain;

  // The earliest record opens the account's history; the totals window defaults to it.
  std::optional<Date> earliest;
  auto consider = [&](const auto& list) {
    for (const auto& r : list) earliest = earliest ? std::min(*earliest, r.range.first) : r.range.first;
  };
  consider(person_.care);
  consider(person_.needs);
  consider(person_.finances);
  consider(person_.exclusions);
  Date window_last = request_.to.value_or(request_.as_of);
  // A person whose records all start after the window has an empty history, not an error.
  Date window_first = request_.from.value_or(std::min(earliest.value_or(window_last), window_last));
  if (window_last < window_first) {
    fail(ErrorCode::kInvalidInput, request_.to ? "/to" : "/as_of",
         "the period asked for ends (" + to_string(window_last) + ") before it starts (" + to_string(window_first) + ")");
  }
  out.totals.range = DateRange{window_first, window_last};

  if (person_.care.empty()) return out;
  compute_property_disregards();
  Date start = person_.care.front().range.first;
  Date end = std::max(request_.as_of, window_last);
  if (person_.death_date) end = std::min(end, *person_.death_date);
  if (end < start) return out;
  std::vector<Date> ev = events(start, end);

  Exact accrued;
  Exact spent;                       // spend-down: capital spent since the finances record began
  const FinancesRecord* spent_on = nullptr;
  std::optional<Money> last_cap;     // the cap in force on the last day walked under the reform
  bool reached = false;
  std::optional<Date> reached_on;
  Date account_first = scenario_.reform_start ? std::max(*scenario_.reform_start, start) : start;
  Exact cost_of_needs, dlc_total;
  std::vector<Exact> spent_at_period_start;  // for re-evaluating a period when explaining

  auto emit = [&](DateRange r, const DayState& s, const WeeklyFigures& w, Exact spent_before) {
    // Account figures run to as_of; periods and totals cover the window.
    if (s.has_care && s.status == PeriodStatus::kCharged && r.first <= request_.as_of && r.last >= account_first) {
      DateRange in{std::max(r.first, account_first), std::min(r.last, request_.as_of)};
      cost_of_needs += accrue(w.personal_budget, in.length());
      dlc_total += accrue(w.daily_living_costs, in.length());
    }
    if (!s.has_care || r.last < window_first || r.first > window_last) return;
    // Window edges are events, so a stretch is either inside the window or outside it.
    PeriodAmounts amount = amounts_for(w, r.length());
    out.totals.person_paid += amount.person_pays;
    out.totals.council_paid += amount.council_pays;
    out.totals.top_ups += amount.top_up;
    if (!out.periods.empty()) {
      Period& last = out.periods.back();
      if (last.range.last.next() == r.first && last.status == s.status && last.exclusion == s.exclusion &&
          last.council == s.council && last.weekly == w) {
        last.range.last = r.last;
        last.amount += amount;
        last.accrued_at_end = accrued;
        return;
      }
    }
    Period p;
    p.range = r;
    p.status = s.status;
    p.exclusion = s.exclusion;
    p.council = s.council;
    p.weekly = w;
    p.amount = amount;
    p.accrued_at_end = accrued;
    p.capital = s.capital;
    out.periods.push_back(std::move(p));
    spent_at_period_start.push_back(spent_before);
  };

  for (std::size_t i = 0; i < ev.size(); ++i) {
    Date s_first = ev[i];
    Date s_last = (i + 1 < ev.size()) ? ev[i + 1].prev() : end;
    while (s_first <= s_last) {
      // The cap is rescaled before the day accrues when its level changes (domain.md 3.1).
      bool reform_today = scenario_.reform_start && s_first >= *scenario_.reform_start;
      if (reform_today) {
        const DatedValue* capv = prepared_[Param::kReformCap].at(s_first);
        if (capv == nullptr) {
          fail(ErrorCode::kMissingRule, "", "scenario " + scenario_.name + " has no value of 'reform.cap' on " + to_string(s_first));
        }
        Money cap = Money::pence(capv->value);
        if (last_cap && *last_cap != cap && last_cap->in_pence() > 0) {
          const DatedValue* up = prepared_[Param::kReformUprateAccruedWithCap].at(s_first);
          if (up == nullptr) fail(ErrorCode::kMissingRule, "", "no value of 'reform.uprate_accrued_with_cap' on " + to_string(s_first));
          if (up->value != 0) {
            accrued = Exact::from(multiply_ratio_to_penny(accrued, cap.in_pence(), last_cap->in_pence(), Rounding::kHalfUp));
          }
          if (accrued >= Exact::from(cap)) {
            accrued = Exact::from(cap);
            if (!reached) reached_on = s_first;
            reached = true;
          } else {
            reached = false;
            reached_on.reset();
          }
        }
        last_cap = cap;
      }

      const FinancesRecord* fin_now = covering(person_.finances, s_first);
      if (fin_now != spent_on) {
        spent = Exact::zero();  // a new assessment starts from the capital it records
        spent_on = fin_now;
      }
      DayState st = evaluate(s_first, spent, nullptr, {});
      Date piece_last = s_last;

      // Spend-down (domain.md 8): capital falls by what income does not cover; the means test
      // is re-run on the day capital crosses a limit or a £250 tariff step.
      Exact spend_per_day;
      if (request_.capital == CapitalMode::kSpendDown && st.has_care && st.status == PeriodStatus::kCharged) {
        WeeklyFigures w = figures(st, reached);
        Money uncovered = w.person_pays - (st.counted_income - st.allowance);
        if (uncovered > Money::zero() && st.capital > Exact::zero()) {
          spend_per_day = daily(uncovered);
          Exact threshold = Exact::zero();
          Exact ucl = Exact::from(st.ucl), lcl = Exact::from(st.lcl);
          if (st.capital > ucl) {
            threshold = ucl;
          } else if (st.capital > lcl) {
            // The next step down: tariff falls when capital is at most LCL + 250 × (steps − 1).
            const DatedValue& step = national(Param::kTariffStep, s_first, st.finances->pointer);
            int64_t steps = steps_covering(st.capital - lcl, Money::pence(step.value));
            threshold = lcl + Exact::from(Money::pence(step.value) * (steps - 1));
          }
          int64_t n = days_until_at_most(st.capital, spend_per_day, threshold);
          if (n >= 1 && s_first + Days(n - 1) < piece_last) piece_last = s_first + Days(n - 1);
        }
      }

      WeeklyFigures w = figures(st, reached);
      bool crossing = false;
      Exact crossing_part;
      if (st.has_care && !reached && w.accruing > Money::zero() && st.cap) {
        Exact room = Exact::from(*st.cap) - accrued;
        int64_t k = days_until_at_most(room, daily(w.accruing), Exact::zero());  // days to reach the cap
        if (k >= 1 && s_first + Days(k - 1) <= piece_last) {
          if (k >= 2) {
            piece_last = s_first + Days(k - 2);  // the full days before the crossing day
          } else {
            crossing = true;
            crossing_part = room;
            piece_last = s_first;
          }
        }
      }

      DateRange piece{s_first, piece_last};
      Exact spent_before = spent;
      if (crossing) {
        // The crossing day: only the part needed to reach the cap counts and is charged. A
        // day's amount in sevenths equals the weekly figure in pence, so the day's figures
        // are exact weekly equivalents.
        Money part = Money::pence(crossing_part.in_sevenths());
        Money dlc_part = min(st.A, st.D);
        Money care_part = min(max(Money::zero(), st.A - st.D), part);
        Money own_top_up = st.self_arranged ? st.top_up : Money::zero();
        w.accruing = part;
        w.person_pays = dlc_part + care_part + own_top_up;
        w.council_pays = st.B - dlc_part - care_part;
        accrued = Exact::from(*st.cap);
        reached = true;
        reached_on = s_first;
      } else {
        accrued += accrue(w.accruing, piece.length());
      }
      if (!spend_per_day.is_zero()) {
        spent += Exact::sevenths(detail::checked_mul(spend_per_day.in_sevenths(), piece.length().count()));
      }
      emit(piece, st, w, spent_before);
      if (piece.last <= request_.as_of) {
        out.account.accrued = accrued;
        out.account.cap_reached_on = reached ? reached_on : std::nullopt;
      }
      if (piece.contains(request_.as_of)) {
        if (st.has_care) out.account.current_weekly = w;
        // What accrues after as_of at today's rate (after a crossing day, nothing).
        if (st.has_care && !reached && w.accruing > Money::zero() && st.cap) {
          Exact at_as_of = accrued - accrue(w.accruing, Days((piece.last - request_.as_of).count()));
          out.account.accrued = at_as_of;
          int64_t k = days_until_at_most(Exact::from(*st.cap) - at_as_of, daily(w.accruing), Exact::zero());
          out.account.projected_cap_date = request_.as_of + Days(k);
        }
        if (st.cap) out.account.cap = st.cap;
      }
      s_first = piece_last.next();
    }
  }
  if (!out.account.cap && scenario_.reform_start && request_.as_of >= *scenario_.reform_start) {
    if (const DatedValue* capv = prepared_[Param::kReformCap].at(request_.as_of)) out.account.cap = Money::pence(capv->value);
  }
  if (out.account.cap) {
    out.account.remaining = Exact::from(*out.account.cap) - out.account.accrued;
    if (out.account.cap_reached_on) out.account.projected_cap_date.reset();
  }
  out.account.cost_of_meeting_needs = cost_of_needs;
  out.account.daily_living_costs = dlc_total;

  if (request_.explain) {
    for (std::size_t i = 0; i < out.periods.size(); ++i) {
      const Period& p = out.periods[i];
      evaluate(p.range.first, spent_at_period_start[i], &out.explain, p.range);
      auto add = [&](const char* figure, Money v, const char* formula) {
        out.explain.push_back(Explanation{p.range, figure, to_string(v), formula, {}, {}});
      };
      if (p.status == PeriodStatus::kCharged) {
        add("top_up", p.weekly.top_up, "weekly fee − B, when above zero; never metered");
        add("person_pays", p.weekly.person_pays,
            p.weekly.accruing.is_zero() && p.accrued_at_end > Exact::zero() && scenario_.reform_start &&
                    p.range.first >= *scenario_.reform_start
                ? "after the cap is reached: min(A, daily living costs), plus the top-up when self-arranged"
                : "A, plus the top-up when the person arranged the care themselves");
        add("council_pays", p.weekly.council_pays, "B − what the person pays toward B");
      }
    }
  }
  for (const CouncilRules* c : councils_used_) out.councils.push_back(c->ref);
  std::sort(out.councils.begin(), out.councils.end(),
            [](const RuleFileRef& a, const RuleFileRef& b) { return a.id < b.id; });
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

Result<PreparedScenario> PreparedScenario::prepare(const RuleSet& rules, const Scenario& scenario) {
  PreparedScenario p;
  p.rules_ = &rules;
  p.scenario_ = scenario;
  for (std::size_t i = 0; i < kParamCount; ++i) {
    Param param = static_cast<Param>(i);
    auto over = scenario.overrides.find(param);
    const Timeline& source = over != scenario.overrides.end() ? over->second : rules[param];
    if (source.from_reform_start()) {
      // A plain reform value applies from this scenario's reform start.
      if (!scenario.reform_start || source.values().empty()) {
        p.params_[i] = Timeline();
        continue;
      }
      DatedValue v = source.values().front();
      v.range = DateRange{*scenario.reform_start, Date::max()};
      p.params_[i] = Timeline({v});
    } else {
      p.params_[i] = source;
    }
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

Result<AccountResult> calculate(const Person& person, const PreparedScenario& scenario,
                                const CalculationRequest& request) {
  try {
    Calculation c(person, scenario, request);
    return c.run();
  } catch (CalcFailure& f) {
    return std::move(f.error);
  } catch (const MoneyOverflow& e) {
    return Error{ErrorCode::kOverflow, std::string("an amount is too large to calculate exactly: ") + e.what(), "", ""};
  }
}

Result<AccountResult> calculate(const Person& person, const RuleSet& rules, const Scenario& scenario,
                                const CalculationRequest& request) {
  auto prepared = PreparedScenario::prepare(rules, scenario);
  if (!prepared) return std::move(prepared).error();
  return calculate(person, *prepared, request);
}

Result<Money> deferred_payment_equity_limit(const RuleSet& rules, Date on, Money property_value, Money secured_debt) {
  try {
    const DatedValue* share = rules[Param::kDeferredPaymentPropertyShareExcluded].at(on);
    const DatedValue* lcl = rules[Param::kLowerCapitalLimit].at(on);
    if (share == nullptr || lcl == nullptr) {
      return Error{ErrorCode::kMissingRule,
                   "rule set " + rules.ref.id + " " + rules.ref.version +
                       " has no deferred payment share or lower capital limit on " + to_string(on),
                   "", ""};
    }
    Money excluded = multiply_ratio(property_value, share->value, 10000, Rounding::kHalfUp);
    return max(Money::zero(), property_value - excluded - Money::pence(lcl->value) - secured_debt);
  } catch (const MoneyOverflow& e) {
    return Error{ErrorCode::kOverflow, e.what(), "", ""};
  }
}

}  // namespace caremeter
