// means_test.cc — B, F, counted capital and income, tariff income, the allowance, A and D for
// one stretch of chargeable days. Pure arithmetic over typed inputs; no text but error messages.
#include "means_test.h"

#include <algorithm>
#include <optional>
#include <string>

#include "check.h"

namespace caremeter::calc {
namespace {

CouncilParamOf<Money> care_home_rate(CareHomeCategory c, RateBasis basis) {
  bool fair = basis == RateBasis::kFairCostOfCare;
  switch (c) {
    case CareHomeCategory::kResidential: return fair ? rule::kFairCostResidential : rule::kResidential;
    case CareHomeCategory::kResidentialEnhanced:
      return fair ? rule::kFairCostResidentialEnhanced : rule::kResidentialEnhanced;
    case CareHomeCategory::kNursing: return fair ? rule::kFairCostNursing : rule::kNursing;
    case CareHomeCategory::kNursingEnhanced: return fair ? rule::kFairCostNursingEnhanced : rule::kNursingEnhanced;
  }
  return rule::kResidential;
}

// Whose rates B comes from, and as on which day: the responsible council's on d; but after a
// move between councils during this care record, the new council meters at the old council's
// B — its rate as it stood the day before the move — until a new care record (its own
// assessment) gives a new one (Care Act 2014 ss37–38).
struct RateSource {
  const std::string* council;
  Date on;
  bool moved = false;
};
RateSource rate_source(const Person& person, const CareRecord& care, const NeedsRecord& needs, Date d) {
  RateSource source{&needs.council, d};
  const NeedsRecord* n = &needs;
  while (n->range.first > care.range.first) {
    const NeedsRecord* before = covering(person.needs, n->range.first.prev());
    if (before == nullptr || before->council.empty() || before->council == n->council) break;
    source = RateSource{&before->council, n->range.first.prev(), true};
    n = before;
  }
  return source;
}

void personal_budget(const Person& person, const CareRecord& care, const NeedsRecord& needs, Date d,
                     RuleLookup& rules, PersonalBudget& b) {
  if (care.personal_budget) {
    const Projection* projection = rules.scenario().projection();
    b.weekly = projection == nullptr ? *care.personal_budget
                                     : rules.person_amount(*care.personal_budget, projection->council_rates,
                                                           "council_rates", care.range.first, d, care.pointer,
                                                           "/personal_budget");
    return;
  }
  if (needs.council.empty()) {
    fail(ErrorCode::kInvalidInput, care.pointer + "/personal_budget",
         "expected personal_budget, or a council on the needs record " + needs.pointer + " whose rates give it");
  }
  RateSource source = rate_source(person, care, needs, d);
  RateBasis basis = rules.scenario().scenario().rate_basis;
  if (care.setting == Setting::kCareHome) {
    b.source = BudgetSource::kCareHomeRate;
    b.rate = rules.council_require(*source.council, care_home_rate(care.category, basis), source.on, care.pointer);
    b.weekly = b.rate.value();
  } else if (care.setting == Setting::kHomeCare) {
    b.source = BudgetSource::kHomeCareHours;
    auto hourly = basis == RateBasis::kFairCostOfCare ? rule::kFairCostHomeCareHourly : rule::kHomeCareHourly;
    b.rate = rules.council_require(*source.council, hourly, source.on, care.pointer);
    b.hours_per_week = care.hours_per_week;
    b.weekly = multiply_ratio(b.rate.value(), care.hours_per_week.value, 100, Rounding::kHalfUp);
  } else {
    fail(ErrorCode::kInvalidInput, care.pointer + "/personal_budget", "community care needs a personal_budget");
  }
  // A move and a move back leaves the responsible council's own rates.
  b.rates_of_previous_council = source.moved && *source.council != needs.council;
  b.rates_as_on = source.on;
}

// NHS-funded nursing care and F. A gross fee (weekly_fee_includes_fnc) needs the rate in force
// that day, and F is the fee less it; otherwise the rate is only shown, when the rule set has it.
void nursing_care_and_fee(const CareRecord& care, Date d, RuleLookup& rules, Assessment& a) {
  NursingCare& n = a.nursing_care;
  n.nursing = a.in_care_home && (care.category == CareHomeCategory::kNursing ||
                                 care.category == CareHomeCategory::kNursingEnhanced);
  Fee& f = a.fee;
  f.given = care.weekly_fee.has_value();
  f.gross = care.weekly_fee.value_or(a.B());
  if (const Projection* projection = rules.scenario().projection(); projection && care.weekly_fee) {
    // A fee given is uprated each 6 April after its record starts, before any NHS part comes off.
    f.gross = rules.person_amount(*care.weekly_fee, projection->fees, "fees", care.range.first, d, care.pointer,
                                  "/weekly_fee");
  }
  f.included_fnc = n.nursing && f.given && care.weekly_fee_includes_fnc;
  f.weekly = f.gross;
  if (!n.nursing) return;
  NationalParam<Money> rate = care.fnc_rate == FncRate::kHigher ? rule::kFncHigherRate : rule::kFncStandardRate;
  n.rate = f.included_fnc ? rules.require(rate, d, care.pointer) : rules.find(rate, d);
  if (!f.included_fnc) return;
  if (f.gross < n.rate.value()) {
    fail(ErrorCode::kInvalidInput, care.pointer + "/weekly_fee",
         "the weekly fee " + to_string(f.gross) + " is less than the NHS-funded nursing care (" +
             to_string(n.rate.value()) + " a week on " + to_string(d) + ") that weekly_fee_includes_fnc says it includes");
  }
  f.weekly = f.gross - n.rate.value();
}

// Council-arranged care whose fee is below B: the council's charge may cover only the cost it
// incurs (Care Act 2014 s14(4)), so B is the fee. (Self-arranged care keeps B, the independent
// personal budget, and pays the fee: payment.cc cost_of_care().)
void limit_to_fee(Assessment& a) {
  if (a.self_arranged || !a.fee.given || a.F() >= a.B()) return;
  a.budget.limited_to_fee = true;
  a.budget.before_fee = a.budget.weekly;
  a.budget.weekly = a.F();
}

// Why the home is or is not counted: it is disregarded for care outside a care home, for
// temporary stays, while a qualifying relative lives there, for the 12-week property disregard,
// and for a fresh 12 weeks after the relative left where the law or the council's discretion
// gives one (SI 2014/2672 Sch 2; Annex B).
HomeTreatment home_treatment(const Assessment& a, const PersonFacts& facts, RuleLookup& rules,
                             CouncilValue<bool>& discretion) {
  const FinancesRecord& fin = *a.finances;
  if (!fin.home) return HomeTreatment::kNoHome;
  if (a.care->setting != Setting::kCareHome) return HomeTreatment::kCareOutsideACareHome;
  if (a.care->stay == Stay::kTemporary) return HomeTreatment::kTemporaryStay;
  if (fin.home->qualifying_relative_lives_there) return HomeTreatment::kRelativeLivesThere;
  if (facts.in_property_disregard(a.day)) return HomeTreatment::kTwelveWeeks;
  const RelativeLeftDisregard* fresh = facts.relative_left_disregard_on(a.day);
  if (fresh == nullptr) return HomeTreatment::kCounted;
  if (fresh->mandatory) return HomeTreatment::kRelativeLeftMandatory;
  if (a.needs->council.empty()) return HomeTreatment::kCounted;
  // The council's choice as it stood when the relative left.
  discretion = rules.council_find(a.needs->council, rule::kFreshPropertyDisregardDiscretionary, fresh->days.first,
                                  fresh->finances->pointer);
  return discretion && discretion.value() ? HomeTreatment::kRelativeLeftDiscretionary : HomeTreatment::kCounted;
}

// Jointly held capital counts as held in equal shares (SI 2014/2672 reg 24), a share rounded
// down to the penny.
Money equal_share(Money whole, int owners) { return multiply_ratio(whole, 1, owners, Rounding::kDown); }

// Filled in place, as every part of the assessment is: built apart and copied in, its figures
// would be read back through memory just written, which costs the hot path more than the sums.
void counted_capital(const Assessment& a, const PersonFacts& facts, RuleLookup& rules, Exact spent, Exact notional,
                     CountedCapital& c) {
  const FinancesRecord& fin = *a.finances;
  for (const JointCapital& j : fin.joint_capital) c.joint_shares += equal_share(j.amount, j.owners);
  c.home = home_treatment(a, facts, rules, c.discretion);
  c.home_counted = c.home == HomeTreatment::kCounted;
  // Negative equity counts as nothing, never as a debt against other capital.
  if (fin.home) c.home_share = equal_share(max(Money::zero(), fin.home->value - fin.home->secured_debt), fin.home->owners);
  Money held = fin.savings + fin.other_capital + c.joint_shares + (c.home_counted ? c.home_share : Money::zero());
  c.amount = max(Exact::zero(), Exact::from(held) - spent);
  c.notional = notional;
  c.amount += notional;
}

void capital_limits(const Assessment& a, bool reform, RuleLookup& rules, CapitalLimits& l) {
  const std::string& needed_by = a.finances->pointer;
  l.upper_by_law = rules.require(reform ? rule::kReformUpperCapitalLimit : rule::kUpperCapitalLimit, a.day, needed_by);
  l.lower_by_law = rules.require(reform ? rule::kReformLowerCapitalLimit : rule::kLowerCapitalLimit, a.day, needed_by);
  const std::string& council = a.needs->council;
  if (!a.in_care_home && !council.empty()) {
    // Councils may set higher limits for care outside care homes; never lower than the law's.
    l.council_upper = rules.council_find(council, rule::kCommunityUpperCapitalLimit, a.day, a.care->pointer);
    l.council_lower = rules.council_find(council, rule::kCommunityLowerCapitalLimit, a.day, a.care->pointer);
    if (l.council_upper && l.council_upper.value() <= l.upper_by_law.value()) l.council_upper = {};
    if (l.council_lower && l.council_lower.value() <= l.lower_by_law.value()) l.council_lower = {};
  }
}

bool receives_disability_benefit(const FinancesRecord& fin) {
  return std::any_of(fin.income.begin(), fin.income.end(),
                     [](const IncomeItem& i) { return is_disability_benefit(i.type) && i.weekly > Money::zero(); });
}

// A council's night-time disregard of AA, DLA care or PIP daily living: the part above the lower
// rate, at most the difference between the higher and the lower rate (DWP's rates that day).
void night_care_part(IncomeLine& line, Date d, RuleLookup& rules) {
  const IncomeItem& item = *line.item;
  NationalParam<Money> higher = rule::kAttendanceAllowanceHigher, lower = rule::kAttendanceAllowanceLower;
  if (item.type == IncomeType::kDlaCare) {
    higher = rule::kDlaCareHighest;
    lower = rule::kDlaCareMiddle;
  } else if (item.type == IncomeType::kPipDailyLiving) {
    higher = rule::kPipDailyLivingEnhanced;
    lower = rule::kPipDailyLivingStandard;
  }
  line.higher_rate = rules.require(higher, d, item.pointer);
  line.lower_rate = rules.require(lower, d, item.pointer);
  Money night = max(Money::zero(), line.higher_rate.value() - line.lower_rate.value());
  line.night_care = min(night, max(Money::zero(), item.weekly - line.lower_rate.value()));
}

// What an item's treatment applies to: the item, less half of a pension paid to a spouse or civil
// partner by a care-home resident (Sch 1; Annex C; the half rounded half up), less a council's
// night-time disregard.
Money before_treatment(IncomeLine& line, Money weekly, bool in_care_home, const CouncilValue<bool>& night_rule, Date d,
                       RuleLookup& rules) {
  const IncomeItem& item = *line.item;
  if (in_care_home && item.half_paid_to_spouse) {
    line.half_to_spouse = multiply_ratio(weekly, 1, 2, Rounding::kHalfUp);
  }
  if (night_rule && is_disability_benefit(item.type)) {
    line.night_care_rule = night_rule;
    night_care_part(line, d, rules);
  }
  return weekly - line.half_to_spouse - line.night_care;
}

// The item's weekly amount on the day: as given, or under a scenario's projection uprated each
// 6 April after its finances record starts (known_from).
Money weekly_on(const IncomeItem& item, Date known_from, Date d, RuleLookup& rules) {
  const Projection* projection = rules.scenario().projection();
  if (projection == nullptr) return item.weekly;
  return rules.person_amount(item.weekly, projection->incomes[static_cast<std::size_t>(item.type)], "incomes",
                             known_from, d, item.pointer, "/weekly");
}

IncomeLine count_income_item(const IncomeItem& item, const Assessment& a, bool couple,
                             const CouncilValue<bool>& night_rule, RuleLookup& rules) {
  const RuleSet& set = rules.rules();
  const IncomeTreatment& t = set.income[static_cast<std::size_t>(item.type)];
  if (!t.given) {
    // A type added to the person document after this rule file was published: never a guess.
    fail(ErrorCode::kMissingRule, item.pointer + "/type",
         "rule set " + set.ref.id + " " + set.ref.version + " gives no treatment for income type '" +
             std::string(income_type_name(item.type)) + "' (the type is newer than the rule file): calculate with a "
             "later rule version");
  }
  IncomeLine line;
  line.item = &item;
  const Money weekly = weekly_on(item, a.finances->range.first, a.day, rules);
  Money base = before_treatment(line, weekly, a.in_care_home, night_rule, a.day, rules);
  switch (t.kind) {
    case IncomeTreatmentKind::kCounted: line.counted = base; break;
    case IncomeTreatmentKind::kDisregarded: break;
    case IncomeTreatmentKind::kCountedLessDisregard: {
      std::optional<Param> p = couple ? t.disregard_couple : t.disregard_single;
      if (!p) {
        fail(ErrorCode::kMissingRule, item.pointer,
             "rule set " + set.ref.id + " " + set.ref.version + " gives no disregard for income type '" +
                 std::string(income_type_name(item.type)) + "' for this household");
      }
      line.disregard = rules.require(NationalParam<Money>{*p}, a.day, item.pointer);
      line.counted = max(Money::zero(), base - line.disregard.value());
      break;
    }
  }
  return line;
}

// The council's night-time disregard applies outside care homes where no night care is
// arranged and the council's file switches it on (charging.disregard_night_care); empty otherwise.
CouncilValue<bool> night_care_disregard(const Assessment& a, RuleLookup& rules) {
  if (a.in_care_home || a.care->night_care_arranged || a.needs->council.empty() ||
      !receives_disability_benefit(*a.finances)) {
    return {};
  }
  CouncilValue<bool> v = rules.council_find(a.needs->council, rule::kDisregardNightCare, a.day, a.care->pointer);
  return v && v.value() ? v : CouncilValue<bool>{};
}

Money count_income(const Assessment& a, const Household& h, RuleLookup& rules, std::vector<IncomeLine>* lines) {
  bool couple = h.type == HouseholdType::kCouple;
  CouncilValue<bool> night_rule = night_care_disregard(a, rules);
  Money total;
  for (const IncomeItem& item : a.finances->income) {
    IncomeLine line = count_income_item(item, a, couple, night_rule, rules);
    total += line.counted;
    if (lines != nullptr) lines->push_back(line);
  }
  return total;
}

void tariff_income(const Assessment& a, RuleLookup& rules, Tariff& t) {
  Exact capital = a.capital.amount;
  Exact lower = Exact::from(a.limits.lower());
  if (capital > lower && capital <= Exact::from(a.limits.upper())) {
    t.step = rules.require(rule::kTariffStep, a.day, a.finances->pointer);
    t.per_step = rules.require(rule::kTariffPerStep, a.day, a.finances->pointer);
    t.weekly = t.per_step.value() * steps_covering(capital - lower, t.step.value());
  }
}

NationalParam<Money> mig_basic(const Person& person, const PersonFacts& facts, bool pension_age, Date d) {
  switch (person.household.type) {
    case HouseholdType::kCouple: return pension_age ? rule::kMigCouplePensionCreditAge : rule::kMigCouple18;
    case HouseholdType::kLoneParent: return pension_age ? rule::kMigSinglePensionCreditAge : rule::kMigLoneParent;
    case HouseholdType::kSingle: break;
  }
  if (pension_age) return rule::kMigSinglePensionCreditAge;
  return d < facts.turns_25() ? rule::kMigSingle18To24 : rule::kMigSingle25ToPensionCreditAge;
}

void minimum_income_guarantee(const Person& person, const PersonFacts& facts, Date d, RuleLookup& rules,
                              const std::string& needed_by, MinimumIncomeGuarantee& m) {
  const Household& h = person.household;
  if (d < facts.turns_18()) {
    fail(ErrorCode::kInvalidInput, "/birth_date",
         "the minimum income guarantee has no amount for people under 18 (care on " + to_string(d) + ")");
  }
  m.pension_credit_age_from = facts.pension_credit_age_from();
  m.basic = rules.require(mig_basic(person, facts, d >= m.pension_credit_age_from, d), d, needed_by);
  m.weekly = m.basic.value();
  if (h.dependent_children > 0) {
    m.per_child = rules.require(rule::kMigDependentChild, d, needed_by);
    m.weekly += m.per_child.value() * h.dependent_children;
  }
  bool couple = h.type == HouseholdType::kCouple;
  const NationalParam<Money> premium_params[kPremiumCount] = {
      couple ? rule::kDisabilityPremiumCouple : rule::kDisabilityPremiumSingle,
      couple ? rule::kEnhancedDisabilityPremiumCouple : rule::kEnhancedDisabilityPremiumSingle,
      rule::kCarerPremium};
  for (std::size_t i = 0; i < kPremiumCount; ++i) {
    if (!h.has(static_cast<Premium>(i))) continue;
    m.premiums[i] = rules.require(premium_params[i], d, needed_by);
    m.weekly += m.premiums[i].value();
  }
}

// Disability-related expenditure at home: as assessed, else the council's standard allowance
// for someone receiving a disability benefit (charging.standard_dre_allowance), else nothing.
DisabilityRelatedExpenditure disability_related_expenditure(const Assessment& a, RuleLookup& rules) {
  DisabilityRelatedExpenditure dre;
  const FinancesRecord& fin = *a.finances;
  if (fin.disability_related_expenditure) {
    dre.weekly = *fin.disability_related_expenditure;
    dre.assessed = true;
    return dre;
  }
  if (a.needs->council.empty() || !receives_disability_benefit(fin)) return dre;
  dre.standard = rules.council_find(a.needs->council, rule::kStandardDreAllowance, a.day, a.care->pointer);
  if (dre.standard) dre.weekly = dre.standard.value();
  return dre;
}

void allowance(const Assessment& a, const Person& person, const PersonFacts& facts, RuleLookup& rules,
               Allowance& al) {
  const FinancesRecord& fin = *a.finances;
  if (a.in_care_home) {
    al.personal_expenses = rules.require(rule::kPersonalExpensesAllowance, a.day, fin.pointer);
    al.weekly = al.personal_expenses.value();
  } else {
    minimum_income_guarantee(person, facts, a.day, rules, fin.pointer, al.mig);
    al.dre = disability_related_expenditure(a, rules);
    al.weekly = al.mig.weekly + fin.housing_costs + al.dre.weekly;
  }
}

void assessed_charge(const Assessment& a, RuleLookup& rules, AssessedCharge& c) {
  Money available = max(Money::zero(), a.counted_income + a.tariff.weekly - a.allowance.weekly);
  if (a.capital.amount > Exact::from(a.limits.upper())) {
    c.basis = ChargeBasis::kAboveUpperLimit;
    c.weekly = a.B();
  } else if (a.in_care_home) {
    c.basis = ChargeBasis::kCareHome;
    c.weekly = min(a.B(), available);
  } else {
    c.basis = ChargeBasis::kCommunity;
    if (!a.needs->council.empty()) {
      c.percentage_rule = rules.council_find(a.needs->council, rule::kChargingPercentage, a.day, a.care->pointer);
      if (c.percentage_rule) c.percentage = c.percentage_rule.value();
    }
    c.weekly = min(a.B(), percent_of(available, c.percentage, Rounding::kHalfUp));
  }
}

// A as it would be without the notional capital, on the same limits: the diminishing notional
// capital rule (SI 2014/2672 reg 23) reduces it by the difference in the charge.
void charge_without_notional(Assessment& a, RuleLookup& rules) {
  a.notional.left = a.capital.notional;
  if (a.capital.notional.is_zero()) return;
  Assessment without = a;
  without.capital.amount = a.capital.actual();
  without.capital.notional = Exact::zero();
  without.tariff = Tariff{};
  tariff_income(without, rules, without.tariff);
  without.charge = AssessedCharge{};
  assessed_charge(without, rules, without.charge);
  a.notional.charge_without = without.A();
}

void reform_figures(const Assessment& a, bool applies, RuleLookup& rules, ReformFigures& r) {
  r.applies = applies;
  if (!applies) return;
  const std::string& needed_by = a.care->pointer;
  r.cap = rules.require(rule::kReformCap, a.day, needed_by);
  r.meter_full_cost = rules.require(rule::kReformMeterFullCost, a.day, needed_by);
  if (a.in_care_home) {
    r.daily_living_costs = rules.require(rule::kReformDailyLivingCosts, a.day, needed_by);
    r.D = min(r.daily_living_costs.value(), a.B());
  }
}

}  // namespace

void means_test(const MeansTestInputs& in, RuleLookup& rules, std::vector<IncomeLine>* income_lines, Assessment& a) {
  CM_CHECK(in.records.status == DayStatus::kCharged, "the means test is run only on chargeable days");
  const CareRecord& care = *in.records.care;
  a.day = in.day;
  a.care = &care;
  a.needs = in.records.needs;
  a.self_arranged = care.arranged_by == ArrangedBy::kSelf;
  a.in_care_home = care.setting == Setting::kCareHome;
  personal_budget(in.person, care, *a.needs, in.day, rules, a.budget);
  nursing_care_and_fee(care, in.day, rules, a);
  limit_to_fee(a);
  a.top_up = max(Money::zero(), a.F() - a.B());
  if (in.records.finances == nullptr) {
    fail(ErrorCode::kInvalidInput, "/finances",
         "no finances record covers " + to_string(in.day) + ", when the care at " + care.pointer + " is chargeable");
  }
  a.finances = in.records.finances;
  bool reform = rules.scenario().reform_applies_on(in.day);
  counted_capital(a, in.facts, rules, in.capital_spent, in.notional_capital, a.capital);
  capital_limits(a, reform, rules, a.limits);
  a.counted_income = count_income(a, in.person.household, rules, income_lines);
  tariff_income(a, rules, a.tariff);
  allowance(a, in.person, in.facts, rules, a.allowance);
  assessed_charge(a, rules, a.charge);
  charge_without_notional(a, rules);
  reform_figures(a, reform, rules, a.reform);
}

}  // namespace caremeter::calc
