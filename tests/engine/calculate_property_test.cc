// calculate_property_test.cc — invariants over many generated people.
//
//  * every day, what the person pays + what the council pays + a third party's top-up = the fee
//    (net of NHS-funded nursing care); per period and in total; council-arranged B is never
//    more than the fee (Care Act 2014 s14(4)); a council never pays a top-up;
//  * nobody pays more than the fee (council-arranged: more than B);
//  * NHS-funded nursing care is shown only on nursing placements, its amounts are its weekly
//    figure over the days, and a gross fee less it is the fee everybody else pays; a gross fee
//    with the flag gives exactly the figures of the net fee without it (never anyone's spend,
//    never metered);
//  * under the reform, what meters on a day when the council contributes is never more than
//    what the person is charged toward care that day (the council's money never meters);
//  * under spend-down, capital is never negative and falls each day by exactly what the person
//    pays that their income less the allowance does not cover — on the day capital runs out by
//    what is left — including on the day the cap is reached;
//  * the accrued total never decreases and never exceeds the cap;
//  * splitting the period at any date gives the same totals, exactly;
//  * the same input gives byte-identical output;
//  * within the years the rules know, a projection changes nothing: asked to project with a
//    scenario's projection, every result is byte for byte the one a finance run gives.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "calc/records.h"
#include "law_fixtures.h"
#include "support/test_support.h"

namespace caremeter {

// Amounts as text in failure messages (found by GoogleTest through argument-dependent look-up).
inline void PrintTo(Money m, std::ostream* os) { *os << to_string(m); }
inline void PrintTo(Exact e, std::ostream* os) { *os << e.in_sevenths() << "/7p"; }

namespace {

using test_support::england_rules;

// A small deterministic generator of plausible people (not the county generator: this one
// aims at edge cases — short stays, gaps, moves between settings, deaths, NHS spells).
class PersonGen {
 public:
  explicit PersonGen(uint64_t seed) : rng_(seed) {}

  Person next(int n) {
    Person p;
    p.id = "G-" + std::to_string(n);
    p.birth_date = Date::from_ymd(1925 + pick(0, 40), 1 + pick(0, 11), 1 + pick(0, 27));
    p.household.type = pick(0, 9) == 0 ? HouseholdType::kCouple : HouseholdType::kSingle;
    Date d = Date::from_ymd(2019 + pick(0, 6), 1 + pick(0, 11), 1 + pick(0, 27));
    p.needs.push_back(NeedsRecord{DateRange{d}, "example-shire", "/needs/0"});
    FinancesRecord f;
    f.range = DateRange{d};
    f.savings = Money::pounds(pick(0, 4) == 0 ? pick(100000, 400000) : pick(0, 60000));
    if (pick(0, 1) == 0) f.home = Home{Money::pounds(pick(80000, 400000)), Money::pounds(pick(0, 50000)), pick(0, 9) == 0};
    f.income.push_back(IncomeItem{IncomeType::kStatePension, Money::pence(pick(15000, 23000)), "/finances/0/income/0"});
    if (pick(0, 1)) f.income.push_back(IncomeItem{IncomeType::kPrivatePension, Money::pence(pick(0, 30000)), "/finances/0/income/1"});
    f.housing_costs = Money::pence(pick(0, 3000));
    f.pointer = "/finances/0";
    p.finances.push_back(f);
    int records = pick(1, 5);
    for (int i = 0; i < records; ++i) {
      CareRecord c;
      int len = pick(1, 900);
      c.range = DateRange{d, d + Days(len - 1)};
      bool home = pick(0, 2) != 0;
      c.setting = home ? Setting::kCareHome : Setting::kHomeCare;
      c.category = pick(0, 1) ? CareHomeCategory::kResidential : CareHomeCategory::kNursing;
      c.stay = pick(0, 5) == 0 ? Stay::kTemporary : Stay::kPermanent;
      c.arranged_by = pick(0, 2) == 0 ? ArrangedBy::kSelf : ArrangedBy::kCouncil;
      Money b = home ? Money::pence(pick(60000, 140000)) : Money::pence(pick(5000, 60000));
      c.personal_budget = b;
      if (pick(0, 2) == 0) c.weekly_fee = b + Money::pence(pick(0, 50000));
      c.pointer = "/care/" + std::to_string(i);
      p.care.push_back(c);
      d = c.range.last + Days(pick(1, 3) == 1 ? 1 : pick(1, 120));
    }
    p.care.back().range.last = pick(0, 1) ? Date::max() : p.care.back().range.last;
    if (pick(0, 3) == 0) {
      Date x = p.care.front().range.first + Days(pick(0, 600));
      p.exclusions.push_back(Exclusion{DateRange{x, x + Days(pick(0, 60))}, ExclusionReason::kNhsContinuingHealthcare, "/exclusions/0"});
    }
    if (pick(0, 3) == 0) p.death_date = p.care.front().range.first + Days(pick(30, 3000));
    return p;
  }

 private:
  int pick(int lo, int hi) { return lo + static_cast<int>(rng_() % static_cast<uint64_t>(hi - lo + 1)); }
  std::mt19937_64 rng_;
};

const char* kScenarios[] = {"current-law", "reform-2023-10", "reform-2025-10"};

// NHS-funded nursing care: shown only on nursing placements; its amount is its weekly figure over
// the period; on a gross quote the fee everybody else pays is the gross fee less it, and what
// meters is never more than B, which excludes it.
void expect_nursing_care_apart(const CareRecord& care, const Period& period, const RuleFileRef&) {
  const WeeklyFigures& w = period.weekly;
  if (period.status == PeriodStatus::kExcluded) {
    EXPECT_FALSE(w.nhs_nursing_care.has_value());  // the NHS pays the whole care
    return;
  }
  bool nursing = care.setting == Setting::kCareHome && (care.category == CareHomeCategory::kNursing ||
                                                        care.category == CareHomeCategory::kNursingEnhanced);
  if (!nursing) {
    EXPECT_FALSE(w.nhs_nursing_care.has_value());
  }
  EXPECT_EQ(w.nhs_nursing_care.has_value(), period.amount.nhs_nursing_care.has_value());
  if (w.nhs_nursing_care) {
    EXPECT_EQ(*period.amount.nhs_nursing_care, accrue(*w.nhs_nursing_care, period.range.length()));
  }
  if (care.weekly_fee_includes_fnc) {
    ASSERT_TRUE(w.nhs_nursing_care.has_value());
    EXPECT_EQ(w.weekly_fee + *w.nhs_nursing_care, *care.weekly_fee);
  }
  EXPECT_LE(w.accruing, w.personal_budget);
}

const CareRecord* covering_care(const Person& p, Date d) {
  for (const CareRecord& c : p.care) {
    if (c.range.contains(d)) return &c;
  }
  return nullptr;
}

// The properties of one result, checked period by period and stretch by stretch.
void expect_properties(const Person& p, const AccountResult& r, const std::string& what) {
  SCOPED_TRACE(what);
  Exact person_paid, council_paid, top_ups;
  for (const Period& period : r.periods) {
    SCOPED_TRACE(to_string(period.range.first));
    const WeeklyFigures& w = period.weekly;
    const PaymentParts& parts = period.parts;
    Days days = period.range.length();
    // The period's amounts are its weekly figures over its days, exactly.
    EXPECT_EQ(period.amount.person_pays, accrue(w.person_pays, days));
    EXPECT_EQ(period.amount.council_pays, accrue(w.council_pays, days));
    EXPECT_EQ(period.amount.top_up, accrue(w.top_up, days));
    EXPECT_EQ(period.amount.accruing, accrue(w.accruing, days));
    person_paid += period.amount.person_pays;
    council_paid += period.amount.council_pays;
    top_ups += period.amount.top_up;
    if (period.status == PeriodStatus::kExcluded) {
      EXPECT_EQ(w, WeeklyFigures{});
      continue;
    }
    const CareRecord* care = nullptr;
    for (const CareRecord& c : p.care) {
      if (c.range.contains(period.range.first)) care = &c;
    }
    ASSERT_NE(care, nullptr);
    bool self = care->arranged_by == ArrangedBy::kSelf;
    EXPECT_EQ(w.person_pays, parts.toward_daily_living_costs + parts.toward_care + parts.own_top_up);
    // The top-up is the person's own when they arranged the care (a third party's once their
    // capital has run out and they cannot pay it), a third party's when the council did; never
    // the council's.
    EXPECT_LE(parts.own_top_up, self ? w.top_up : Money::zero());
    EXPECT_EQ(parts.own_top_up + parts.third_party_top_up, w.top_up);
    EXPECT_EQ(w.council_pays + parts.toward_daily_living_costs + parts.toward_care,
              self ? min(w.personal_budget, w.weekly_fee) : w.personal_budget);
    // Nobody pays more than the fee; council-arranged B is never above it (s14(4)).
    EXPECT_LE(w.person_pays, self ? w.weekly_fee : w.personal_budget);
    if (!self) {
      EXPECT_LE(w.personal_budget, w.weekly_fee);
    }
    // The person, the council and a third party together pay the fee.
    Money paid = w.person_pays + w.council_pays + parts.third_party_top_up;
    EXPECT_EQ(paid, w.weekly_fee);
    expect_nursing_care_apart(*care, period, r.rules);
    EXPECT_EQ(period.amount.person_pays + period.amount.council_pays + accrue(parts.third_party_top_up, days),
              accrue(paid, days));
    EXPECT_GE(w.council_pays, Money::zero());
    // The council's own money never meters (the named scenarios meter what people are charged).
    if (w.council_pays > Money::zero()) {
      EXPECT_LE(w.accruing, parts.toward_care);
    }
  }
  EXPECT_EQ(r.totals.person_paid, person_paid);
  EXPECT_EQ(r.totals.council_paid, council_paid);
  EXPECT_EQ(r.totals.top_ups, top_ups);
}

// Spend-down: capital falls each day by max(0, person_pays − (income − allowance)) / 7; when less
// is left than a day needs, that day is a day of its own, capital falls by what is left, and the
// person pays no more than their income and that capital can meet.
void expect_capital_never_below_zero(const AccountResult& r, bool spend_down, const std::string& what) {
  SCOPED_TRACE(what);
  if (!spend_down) {
    EXPECT_TRUE(r.capital_history.empty());
    return;
  }
  for (const CapitalStep& step : r.capital_history) {
    SCOPED_TRACE(to_string(step.days.first));
    Exact per_day = daily(max(Money::zero(), step.person_pays - step.income_less_allowance));
    Exact needed = Exact::sevenths(per_day.in_sevenths() * step.days.length().count());
    EXPECT_GE(step.capital_at_start, Exact::zero());
    if (needed <= step.capital_at_start) {
      EXPECT_EQ(step.spent, needed);
    } else {
      EXPECT_EQ(step.spent, step.capital_at_start);  // all that is left, and no more
      EXPECT_TRUE(step.days.length() == Days(1) || step.capital_at_start.is_zero());
      // A day's capital in sevenths is a weekly figure in pence.
      Money can_pay = max(Money::zero(), step.income_less_allowance + Money::pence(step.capital_at_start.in_sevenths()));
      EXPECT_LE(step.person_pays, can_pay);
    }
  }
}

std::vector<Person> generated_people(int64_t count, uint64_t seed) {
  std::vector<Person> people;
  for (const std::string& line : test_support::lines_of(test_support::generated_county(count, seed))) {
    auto p = parse_person(line);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().to_string());
    if (p.ok()) people.push_back(std::move(*p));
  }
  return people;
}

// A few thousand people, each in three scenarios with assessed and spent-down capital: about a
// second in a release build, a few seconds under the sanitizers.
constexpr int64_t kGeneratedPeople = 5000;

// These properties hold on any day, and the people are followed years past the day the rule
// files know the yearly figures to (5 April 2026): the last known figures are carried forward.
constexpr Unpublished kPastKnown = Unpublished::kCarryForward;

TEST(EngineProperties, PaymentsAddUpAccrualIsMonotoneAndBoundedSplitsAgree) {
  const RuleSet& rules = england_rules();
  PersonGen gen(20261123);
  int checked = 0;
  for (int n = 0; n < 300; ++n) {
    Person p = gen.next(n);
    ASSERT_TRUE(normalise_person(p).ok());
    for (const char* name : kScenarios) {
      const Scenario& sc = *rules.scenario(name);
      for (CapitalMode mode : {CapitalMode::kAssessed, CapitalMode::kSpendDown}) {
        CalculationRequest req;
        req.as_of = Date::from_ymd(2031, 3, 31);
        req.capital = mode;
        req.unpublished = kPastKnown;
        auto r = calculate(p, rules, sc, req);
        ASSERT_TRUE(r.ok()) << p.id << " " << name << ": " << r.error().to_string();
        Exact last_accrued;
        for (const Period& period : r->periods) {
          const CareRecord* care = nullptr;
          for (const CareRecord& c : p.care) {
            if (c.range.contains(period.range.first)) care = &c;
          }
          ASSERT_NE(care, nullptr);
          // The person and the council pay the cost (B, or the fee when a self-arranged fee is
          // lower) and the person's own top-up, as much of it as they still pay.
          Money own_top_up = period.parts.own_top_up;
          Money cost = min(period.weekly.personal_budget, period.weekly.weekly_fee);
          EXPECT_EQ(period.weekly.person_pays + period.weekly.council_pays, cost + own_top_up)
              << p.id << " " << name << " " << to_string(period.range.first);
          EXPECT_EQ(period.amount.person_pays + period.amount.council_pays,
                    accrue(cost, period.range.length()) + accrue(own_top_up, period.range.length()));
          EXPECT_GE(period.weekly.council_pays, Money::zero());
          EXPECT_GE(period.weekly.person_pays, Money::zero());
          EXPECT_GE(period.accrued_at_end, last_accrued) << p.id << " " << name;
          if (r->account.cap) {
            EXPECT_LE(period.accrued_at_end, Exact::from(*r->account.cap));
          }
          last_accrued = period.accrued_at_end;
        }
        if (r->account.cap) {
          EXPECT_LE(r->account.accrued, Exact::from(*r->account.cap));
        }
        expect_properties(p, *r, p.id + " " + name);
        expect_capital_never_below_zero(*r, mode == CapitalMode::kSpendDown, p.id + " " + name);
        ++checked;

        // Splitting the window anywhere gives the same totals, to the seventh of a penny.
        Date first = p.care.front().range.first;
        Date last = Date::from_ymd(2030, 12, 31);
        Date mid = first + Days((last - first).count() * (n % 7 + 1) / 8);
        CalculationRequest whole = req, left = req, right = req;
        whole.from = first;
        whole.to = last;
        left.from = first;
        left.to = mid;
        right.from = mid.next();
        right.to = last;
        auto a = calculate(p, rules, sc, whole), b = calculate(p, rules, sc, left), c = calculate(p, rules, sc, right);
        ASSERT_TRUE(a.ok() && b.ok() && c.ok());
        EXPECT_EQ(a->totals.person_paid, b->totals.person_paid + c->totals.person_paid) << p.id << " " << name;
        EXPECT_EQ(a->totals.council_paid, b->totals.council_paid + c->totals.council_paid) << p.id << " " << name;
        EXPECT_EQ(a->totals.top_ups, b->totals.top_ups + c->totals.top_ups) << p.id << " " << name;
      }
    }
  }
  EXPECT_EQ(checked, 300 * 3 * 2);
}

TEST(EngineProperties, GeneratedCountyPaysTheFeeNeverMetersCouncilMoneyAndNeverSpendsBelowZero) {
  const RuleSet& rules = england_rules();
  std::vector<Person> people = generated_people(kGeneratedPeople, 15);
  ASSERT_EQ(static_cast<int64_t>(people.size()), kGeneratedPeople);
  const std::array<Date, 3> as_of = {Date::from_ymd(2024, 10, 1), Date::from_ymd(2027, 6, 30),
                                     Date::from_ymd(2030, 3, 31)};
  int runs = 0;
  for (const char* name : kScenarios) {
    auto prepared = PreparedScenario::prepare(rules, *rules.scenario(name));
    ASSERT_TRUE(prepared.ok());
    for (std::size_t i = 0; i < people.size(); ++i) {
      for (CapitalMode mode : {CapitalMode::kAssessed, CapitalMode::kSpendDown}) {
        CalculationRequest req;
        req.as_of = as_of[i % as_of.size()];
        req.capital = mode;
        req.unpublished = kPastKnown;
        auto r = calculate(people[i], *prepared, req);
        std::string what = people[i].id + " " + name + (mode == CapitalMode::kSpendDown ? " spend_down" : " assessed");
        ASSERT_TRUE(r.ok()) << what << ": " << r.error().to_string();
        expect_properties(people[i], *r, what);
        expect_capital_never_below_zero(*r, mode == CapitalMode::kSpendDown, what);
        ++runs;
        if (::testing::Test::HasFailure()) return;  // one person's failures are enough to read
      }
    }
  }
  EXPECT_EQ(runs, kGeneratedPeople * 3 * 2);
}

// NHS-funded nursing care is never anyone's spend but the NHS's and never meters: with a constant
// FNC rate, a gross fee (the net fee + the rate, weekly_fee_includes_fnc) gives byte for byte the
// result of the net fee without the flag, in every scenario, assessed or spent down; and the
// nursing placements show the rate beside their figures.
TEST(EngineProperties, NhsNursingCareIsNeverAnyonesSpendAndNeverMetered) {
  RuleSet rules = england_rules();
  const Money fnc = Money::pence(25000);
  rules.params[static_cast<std::size_t>(Param::kFncStandardRate)] =
      Timeline({DatedValue{DateRange{Date::from_ymd(2015, 4, 1)}, fnc.in_pence(), "test", SourceStatus::kIllustrative, ""}});
  PersonGen gen(31337);
  int nursing = 0;
  for (int n = 0; n < 200; ++n) {
    Person net = gen.next(n);
    ASSERT_TRUE(normalise_person(net).ok());
    Person gross = net;
    for (std::size_t i = 0; i < net.care.size(); ++i) {
      CareRecord& c = net.care[i];
      if (c.setting != Setting::kCareHome || c.category != CareHomeCategory::kNursing) continue;
      ++nursing;
      c.weekly_fee = c.weekly_fee.value_or(*c.personal_budget);
      gross.care[i].weekly_fee = *c.weekly_fee + fnc;
      gross.care[i].weekly_fee_includes_fnc = true;
    }
    for (const char* name : kScenarios) {
      for (CapitalMode mode : {CapitalMode::kAssessed, CapitalMode::kSpendDown}) {
        CalculationRequest req;
        req.as_of = Date::from_ymd(2031, 3, 31);
        req.capital = mode;
        req.unpublished = kPastKnown;
        auto a = calculate(net, rules, *rules.scenario(name), req);
        auto b = calculate(gross, rules, *rules.scenario(name), req);
        ASSERT_TRUE(a.ok() && b.ok()) << net.id << " " << name;
        EXPECT_EQ(account_result_to_json(*a), account_result_to_json(*b)) << net.id << " " << name;
        for (const Period& period : b->periods) {
          expect_nursing_care_apart(*covering_care(gross, period.range.first), period, b->rules);
        }
      }
    }
  }
  EXPECT_GT(nursing, 50);
}

// England's rules with the figures the law's features need (law_fixtures.h) and example-shire
// using all three charging options.
RuleSet law_county_rules() {
  RuleSet rules = law_test::england_with_new_figures();
  law_test::set_council_option(rules, "example-shire", CouncilParam::kDisregardNightCare, "2024-04-08", 1);
  law_test::set_council_option(rules, "example-shire", CouncilParam::kStandardDreAllowance, "2024-04-08", 1085);
  law_test::set_council_option(rules, "example-shire", CouncilParam::kFreshPropertyDisregardDiscretionary, "2015-04-01", 1);
  return rules;
}

// Every person of a law county keeps the engine's properties in every scenario, assessed and
// spent down, as of 2025-06-30 (within the known interest maxima and benefit rates); the
// agreements' balances add up. Returns how many results had an agreement.
int expect_law_county_properties(const std::string& county, const RuleSet& rules) {
  std::vector<Person> people;
  for (const std::string& line : test_support::lines_of(county)) {
    auto p = parse_person(line);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().to_string()) << "\n" << line;
    if (!p.ok()) return 0;
    people.push_back(std::move(*p));
  }
  int with_agreement = 0, runs = 0;
  for (const char* name : kScenarios) {
    auto prepared = PreparedScenario::prepare(rules, *rules.scenario(name));
    EXPECT_TRUE(prepared.ok());
    if (!prepared.ok()) return 0;
    for (const Person& person : people) {
      for (CapitalMode mode : {CapitalMode::kAssessed, CapitalMode::kSpendDown}) {
        CalculationRequest req;
        req.as_of = Date::from_ymd(2025, 6, 30);
        req.capital = mode;
        auto r = calculate(person, *prepared, req);
        std::string what = person.id + " " + name + (mode == CapitalMode::kSpendDown ? " spend_down" : " assessed");
        EXPECT_TRUE(r.ok()) << what << ": " << (r.ok() ? "" : r.error().to_string());
        if (!r.ok()) return with_agreement;
        expect_properties(person, *r, what);
        expect_capital_never_below_zero(*r, mode == CapitalMode::kSpendDown, what);
        for (const DeferredPaymentAccount& d : r->deferred_payments) {
          ++with_agreement;
          EXPECT_EQ(d.balance, d.deferred + Exact::from(d.fees + d.interest)) << what;
        }
        ++runs;
        if (::testing::Test::HasFailure()) return with_agreement;  // one person's failures are enough
      }
    }
  }
  EXPECT_EQ(runs, static_cast<int>(people.size()) * 3 * 2);
  return with_agreement;
}

// The county with the law's newer features (`generate --law-2026`: gross nursing fees, fees below
// the budget, relatives leaving, joint and notional capital, half pensions, deferred payment
// agreements, attendance allowance, night care, unassessed DRE), with example-shire using all
// three charging options: the same properties, every scenario, assessed and spent down.
TEST(EngineProperties, TheLawCountyKeepsEveryProperty) {
  EXPECT_GT(expect_law_county_properties(test_support::generated_law_county(3000, 27), law_county_rules()), 0);
}

// The same on an open county with the law's features (about 3,100 people in care some day from
// 2018-04-01; records begin on that day at the earliest).
TEST(EngineProperties, TheOpenLawCountyKeepsEveryProperty) {
  OpenCountyOptions o;
  o.in_care = 500;
  o.seed = 27;
  o.law_2026 = true;
  EXPECT_GT(expect_law_county_properties(test_support::generated_open_county(o), law_county_rules()), 0);
}

// The walk follows each person's records day after day with a cursor; it finds what a search
// of the records on each day finds, on every day a record starts or ends, and the days between.
TEST(EngineProperties, FollowingTheRecordsFindsWhatSearchingThemFinds) {
  int days_checked = 0;
  for (const Person& p : generated_people(2000, 41)) {
    std::vector<Date> days;
    auto around = [&](const DateRange& r) {
      for (Date d : {r.first.prev(), r.first, r.first.next()}) days.push_back(d);
      if (!r.open()) {
        for (Date d : {r.last.prev(), r.last, r.last.next()}) days.push_back(d);
      }
    };
    for (const auto& r : p.care) around(r.range);
    for (const auto& r : p.needs) around(r.range);
    for (const auto& r : p.finances) around(r.range);
    for (const auto& r : p.exclusions) around(r.range);
    if (p.death_date) around(DateRange{*p.death_date, *p.death_date});
    std::sort(days.begin(), days.end());
    calc::RecordsCursor cursor(p);
    for (Date d : days) {  // repeated days too: a day may be asked again
      calc::DayRecords want = calc::records_on(p, d), got = cursor.on(d);
      EXPECT_EQ(got.status, want.status) << p.id << " " << to_string(d);
      EXPECT_EQ(got.care, want.care) << p.id << " " << to_string(d);
      EXPECT_EQ(got.needs, want.needs) << p.id << " " << to_string(d);
      EXPECT_EQ(got.exclusion, want.exclusion) << p.id << " " << to_string(d);
      EXPECT_EQ(got.finances, want.finances) << p.id << " " << to_string(d);
      EXPECT_EQ(cursor.finances(), calc::covering(p.finances, d)) << p.id << " " << to_string(d);
      ++days_checked;
    }
  }
  EXPECT_GT(days_checked, 20000);
}

TEST(EngineProperties, SameInputSameBytes) {
  const RuleSet& rules = england_rules();
  PersonGen gen(7);
  for (int n = 0; n < 50; ++n) {
    Person p = gen.next(n);
    ASSERT_TRUE(normalise_person(p).ok());
    CalculationRequest req;
    req.as_of = Date::from_ymd(2029, 3, 31);
    req.explain = n % 2 == 0;
    req.unpublished = kPastKnown;
    auto a = calculate(p, rules, *rules.scenario("reform-2025-10"), req);
    Person copy = p;
    auto b = calculate(copy, rules, *rules.scenario("reform-2025-10"), req);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(account_result_to_json(*a), account_result_to_json(*b));
  }
}

TEST(EngineProperties, WithinKnownYearsAProjectionChangesNothing) {
  const RuleSet& rules = england_rules();
  PersonGen gen(11);
  Scenario projected = *rules.scenario("reform-2025-10");
  Projection steep;  // large percentages, so any leak into known years would show
  steep.national_figures = Hundredths{5000};
  steep.council_rates = Hundredths{5000};
  steep.fees = Hundredths{5000};
  steep.cap_and_dlc = Hundredths{5000};
  steep.incomes.fill(Hundredths{5000});
  steep.source = "test";
  projected.projection = steep;
  ASSERT_EQ(rules[Param::kPersonalExpensesAllowance].known_to(), Date::from_ymd(2026, 4, 5));
  int compared = 0;
  for (int n = 0; n < 120; ++n) {
    Person p = gen.next(n);
    ASSERT_TRUE(normalise_person(p).ok());
    CalculationRequest finance;
    finance.as_of = Date::from_ymd(2026, 4, 5);  // the last day every charging figure is known
    finance.explain = n % 3 == 0;
    CalculationRequest project = finance;
    project.unpublished = Unpublished::kProject;
    auto a = calculate(p, rules, projected, finance);
    auto b = calculate(p, rules, projected, project);
    ASSERT_EQ(a.ok(), b.ok()) << p.id;
    if (!a.ok()) continue;
    EXPECT_TRUE(b->projected.empty()) << p.id;
    EXPECT_EQ(account_result_to_json(*a), account_result_to_json(*b)) << p.id;
    ++compared;
  }
  EXPECT_GE(compared, 100);
}

TEST(EngineProperties, TenYearsCostAboutWhatOneYearDoes) {
  // Cost follows changes, not days: the number of stretches, not the horizon, sets the work.
  const RuleSet& rules = england_rules();
  PersonGen gen(99);
  Person p = gen.next(1);
  p.death_date.reset();
  ASSERT_TRUE(normalise_person(p).ok());
  CalculationRequest near, far;
  near.as_of = Date::from_ymd(2031, 3, 31);
  far.as_of = Date::from_ymd(2051, 3, 31);
  near.unpublished = far.unpublished = kPastKnown;
  auto a = calculate(p, rules, *rules.scenario("current-law"), near);
  auto b = calculate(p, rules, *rules.scenario("current-law"), far);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_LE(b->periods.size(), a->periods.size() + 4);
}

}  // namespace
}  // namespace caremeter
