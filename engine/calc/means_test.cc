// means_test.cc — B, F, counted capital and income, tariff income, the allowance, A and D for
// one stretch of chargeable days. Pure arithmetic over typed inputs; no text but error messages.
#include "means_test.h"

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
                                                           "council_rates", care.range.first, d,
                                                           care.pointer + "/personal_budget");
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

// The home is disregarded for care outside a care home, for temporary stays, while a qualifying
// relative lives there, and for the 12-week property disregard (SI 2014/2672 Sch 2 paras 1–4).
bool home_disregarded(const CareRecord& care, const FinancesRecord& fin, const PersonFacts& facts, Date d) {
  if (!fin.home) return true;
  if (care.setting != Setting::kCareHome) return true;
  if (care.stay == Stay::kTemporary) return true;
  if (fin.home->qualifying_relative_lives_there) return true;
  return facts.in_property_disregard(d);
}

CountedCapital counted_capital(const CareRecord& care, const FinancesRecord& fin, const PersonFacts& facts, Date d,
                               Exact spent) {
  CountedCapital c;
  c.amount = Exact::from(fin.savings + fin.other_capital);
  c.home_counted = fin.home && !home_disregarded(care, fin, facts, d);
  // Negative equity counts as nothing, never as a debt against other capital.
  if (c.home_counted) c.amount += Exact::from(max(Money::zero(), fin.home->value - fin.home->secured_debt));
  c.amount = max(Exact::zero(), c.amount - spent);
  return c;
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

// `known_from`: the day the item's finances record starts (a projection uprates it after then).
IncomeLine count_income_item(const IncomeItem& item, Date known_from, bool couple, Date d, RuleLookup& rules) {
  const RuleSet& set = rules.rules();
  const IncomeTreatment& t = set.income[static_cast<std::size_t>(item.type)];
  IncomeLine line{&item, Money::zero(), {}};
  if (!t.given) {
    // A type added to the person document after this rule file was published: never a guess.
    fail(ErrorCode::kMissingRule, item.pointer + "/type",
         "rule set " + set.ref.id + " " + set.ref.version + " gives no treatment for income type '" +
             std::string(income_type_name(item.type)) + "' (the type is newer than the rule file): calculate with a "
             "later rule version");
  }
  const Projection* projection = rules.scenario().projection();
  const Money weekly =
      projection == nullptr
          ? item.weekly
          : rules.person_amount(item.weekly, projection->incomes[static_cast<std::size_t>(item.type)], "incomes",
                                known_from, d, item.pointer + "/weekly");
  switch (t.kind) {
    case IncomeTreatmentKind::kCounted: line.counted = weekly; break;
    case IncomeTreatmentKind::kDisregarded: break;
    case IncomeTreatmentKind::kCountedLessDisregard: {
      std::optional<Param> p = couple ? t.disregard_couple : t.disregard_single;
      if (!p) {
        fail(ErrorCode::kMissingRule, item.pointer,
             "rule set " + set.ref.id + " " + set.ref.version + " gives no disregard for income type '" +
                 std::string(income_type_name(item.type)) + "' for this household");
      }
      line.disregard = rules.require(NationalParam<Money>{*p}, d, item.pointer);
      line.counted = max(Money::zero(), weekly - line.disregard.value());
      break;
    }
  }
  return line;
}

Money count_income(const FinancesRecord& fin, const Household& h, Date d, RuleLookup& rules,
                   std::vector<IncomeLine>* lines) {
  bool couple = h.type == HouseholdType::kCouple;
  Money total;
  for (const IncomeItem& item : fin.income) {
    IncomeLine line = count_income_item(item, fin.range.first, couple, d, rules);
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

NationalParam<Money> mig_basic(const Person& person, bool pension_age, Date d) {
  switch (person.household.type) {
    case HouseholdType::kCouple: return pension_age ? rule::kMigCouplePensionCreditAge : rule::kMigCouple18;
    case HouseholdType::kLoneParent: return pension_age ? rule::kMigSinglePensionCreditAge : rule::kMigLoneParent;
    case HouseholdType::kSingle: break;
  }
  if (pension_age) return rule::kMigSinglePensionCreditAge;
  return d < birthday(person.birth_date, 25) ? rule::kMigSingle18To24 : rule::kMigSingle25ToPensionCreditAge;
}

void minimum_income_guarantee(const Person& person, const PersonFacts& facts, Date d, RuleLookup& rules,
                              const std::string& needed_by, MinimumIncomeGuarantee& m) {
  const Household& h = person.household;
  if (d < birthday(person.birth_date, 18)) {
    fail(ErrorCode::kInvalidInput, "/birth_date",
         "the minimum income guarantee has no amount for people under 18 (care on " + to_string(d) + ")");
  }
  m.pension_credit_age_from = facts.pension_credit_age_from();
  m.basic = rules.require(mig_basic(person, d >= m.pension_credit_age_from, d), d, needed_by);
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

void allowance(const Assessment& a, const Person& person, const PersonFacts& facts, RuleLookup& rules,
               Allowance& al) {
  const FinancesRecord& fin = *a.finances;
  if (a.in_care_home) {
    al.personal_expenses = rules.require(rule::kPersonalExpensesAllowance, a.day, fin.pointer);
    al.weekly = al.personal_expenses.value();
  } else {
    minimum_income_guarantee(person, facts, a.day, rules, fin.pointer, al.mig);
    al.weekly = al.mig.weekly + fin.housing_costs + fin.disability_related_expenditure;
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
  a.fee = Fee{care.weekly_fee.value_or(a.B()), care.weekly_fee.has_value()};
  if (const Projection* projection = rules.scenario().projection(); projection && care.weekly_fee) {
    a.fee.weekly = rules.person_amount(*care.weekly_fee, projection->fees, "fees", care.range.first, in.day,
                                       care.pointer + "/weekly_fee");
  }
  a.top_up = max(Money::zero(), a.F() - a.B());
  if (in.records.finances == nullptr) {
    fail(ErrorCode::kInvalidInput, "/finances",
         "no finances record covers " + to_string(in.day) + ", when the care at " + care.pointer + " is chargeable");
  }
  a.finances = in.records.finances;
  bool reform = rules.scenario().reform_applies_on(in.day);
  a.capital = counted_capital(care, *a.finances, in.facts, in.day, in.capital_spent);
  capital_limits(a, reform, rules, a.limits);
  a.counted_income = count_income(*a.finances, in.person.household, in.day, rules, income_lines);
  tariff_income(a, rules, a.tariff);
  allowance(a, in.person, in.facts, rules, a.allowance);
  assessed_charge(a, rules, a.charge);
  reform_figures(a, reform, rules, a.reform);
}

}  // namespace caremeter::calc
