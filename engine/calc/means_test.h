// means_test.h — the means test for a stretch of days (engine-internal): typed inputs in (the
// records in force, the capital spent so far, the rule values), typed figures out. No text.
//
// Every figure carries what produced it — the records and the rule values (with their dated
// entries) — so explanations, and later sentences for families ("You pay the full fee because
// your capital (£38,000.00) is above the upper limit (£23,250.00)."), are written from these
// figures afterwards without touching the arithmetic. The law: Care Act 2014 s14, s17; the Care
// and Support (Charging and Assessment of Resources) Regulations 2014 (SI 2014/2672); the
// reform's daily living costs, Care Act s15 as amended by the Health and Care Act 2022 s166.
#pragma once

#include <array>
#include <optional>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/money.h"
#include "caremeter/model/person.h"
#include "records.h"
#include "rule_lookup.h"

namespace caremeter::calc {

// B, the cost to the council of meeting eligible needs: the personal budget, or for a
// self-funder the independent personal budget.
enum class BudgetSource {
  kCareRecord,     // given on the care record
  kCareHomeRate,   // the council's weekly rate for the care-home category
  kHomeCareHours,  // hours a week × the council's hourly rate, rounded half up to the penny
};
struct PersonalBudget {
  Money weekly;
  BudgetSource source = BudgetSource::kCareRecord;
  CouncilValue<Money> rate;  // the council rate it came from, when derived
  Hundredths hours_per_week;                // home care from hours
  // After a move between councils, the old council's rate as it stood the day before the move
  // (Care Act 2014 ss37–38: continuity of care until the new council assesses).
  bool rates_of_previous_council = false;
  Date rates_as_on;
  // Council-arranged care whose fee is below the budget: a charge may cover only the cost the
  // council incurs (Care Act 2014 s14(4)), so B is the fee; `before_fee` is what B was.
  bool limited_to_fee = false;
  Money before_fee;
};

// NHS-funded nursing care on a nursing placement: the NHS pays the home a flat weekly rate for
// the nursing (National Framework for NHS Continuing Healthcare and NHS-funded Nursing Care;
// Care Act 2014 s22). It is never the person's or the council's cost and never metered.
struct NursingCare {
  bool nursing = false;   // a nursing placement
  RuleValue<Money> rate;  // the rate in force; empty when the rule set has none and none is needed
  std::optional<Money> weekly() const {
    if (!rate) return std::nullopt;
    return rate.value();
  }
};

// F, the provider's fee, net of NHS-funded nursing care; B when the care record gives none.
struct Fee {
  Money weekly;
  bool given = false;
  bool included_fnc = false;  // the care record gave a gross fee; weekly is it less the FNC rate
  Money gross;                // the fee as given
};

// Why the home is or is not counted (SI 2014/2672 Sch 2; Annex B).
enum class HomeTreatment {
  kNoHome,
  kCareOutsideACareHome,
  kTemporaryStay,
  kRelativeLivesThere,
  kTwelveWeeks,                  // the first 12 weeks of a permanent stay
  kRelativeLeftMandatory,        // a fresh 12 weeks: the relative died or moved into a care home
  kRelativeLeftDiscretionary,    // a fresh 12 weeks the council gives at its discretion
  kCounted,
};

// Counted capital (SI 2014/2672 Part 5, Sch 2): savings, other capital, equal shares of jointly
// held capital (reg 24) and the home's value net of secured debt (the person's equal share)
// unless the home is disregarded; less what spend-down has spent; plus what is left of notional
// capital (regs 22–23).
struct CountedCapital {
  Exact amount;
  bool home_counted = false;
  HomeTreatment home = HomeTreatment::kNoHome;
  CouncilValue<bool> discretion;  // the council's switch, for a fresh 12 weeks at its discretion
  Money joint_shares;             // the person's shares of joint capital
  Money home_share;               // the person's share of the home's equity (counted or not)
  Exact notional;                 // notional capital left, within amount
  Exact actual() const { return amount - notional; }  // the capital the person really has
};

// The capital limits in force (SI 2014/2672 reg 12): the law's (the reform's on and after its
// start), or a council's higher ones for care outside a care home.
struct CapitalLimits {
  RuleValue<Money> upper_by_law;
  RuleValue<Money> lower_by_law;
  CouncilValue<Money> council_upper;  // only when above the law's
  CouncilValue<Money> council_lower;  // only when above the law's
  Money upper() const { return council_upper ? council_upper.value() : upper_by_law.value(); }
  Money lower() const { return council_lower ? council_lower.value() : lower_by_law.value(); }
};

// Attendance Allowance, DLA care and PIP daily living: what a council's night-time disregard
// and standard disability-related expenditure allowance look at.
inline bool is_disability_benefit(IncomeType t) {
  return t == IncomeType::kAttendanceAllowance || t == IncomeType::kDlaCare || t == IncomeType::kPipDailyLiving;
}

// One income item as counted (SI 2014/2672 Part 4, Sch 1; the rule file's treatments).
struct IncomeLine {
  const IncomeItem* item = nullptr;
  Money counted;
  RuleValue<Money> disregard;  // counted less a fixed weekly disregard
  // Half of a pension paid to a spouse or civil partner, disregarded in a care home (Sch 1; Annex C).
  Money half_to_spouse;
  // A council's night-time disregard of a disability benefit where no night care is arranged:
  // the part above the lower rate (council file charging.disregard_night_care).
  Money night_care;
  RuleValue<Money> higher_rate;
  RuleValue<Money> lower_rate;
  CouncilValue<bool> night_care_rule;
};

// Tariff income (SI 2014/2672 reg 25): £1 a week for every £250 or part of £250 above the lower
// limit, up to the upper.
struct Tariff {
  Money weekly;
  RuleValue<Money> step;      // looked up only between the limits
  RuleValue<Money> per_step;
};

// The minimum income guarantee (SI 2014/2672 reg 7): a basic amount by age and household, an
// amount per dependent child, premiums.
inline constexpr std::size_t kPremiumCount = static_cast<std::size_t>(Premium::kCount);
struct MinimumIncomeGuarantee {
  Money weekly;
  RuleValue<Money> basic;
  RuleValue<Money> per_child;
  std::array<RuleValue<Money>, kPremiumCount> premiums;  // by Premium
  Date pension_credit_age_from;
};

// What the person keeps: the personal expenses allowance in a care home (reg 6); elsewhere the
// minimum income guarantee plus housing costs and disability-related expenditure.
// Disability-related expenditure at home: as assessed on the finances record; else a council's
// standard allowance for people receiving a disability benefit; else nothing.
struct DisabilityRelatedExpenditure {
  Money weekly;
  bool assessed = false;
  CouncilValue<Money> standard;  // the council's standard allowance, when used
};

struct Allowance {
  Money weekly;
  RuleValue<Money> personal_expenses;                 // in a care home
  MinimumIncomeGuarantee mig;                         // elsewhere (its basic amount empty in a care home)
  DisabilityRelatedExpenditure dre;                   // elsewhere
};

// A, the assessed weekly charge, never more than B.
enum class ChargeBasis {
  kAboveUpperLimit,  // capital above the upper limit: A = B (a self-funder)
  kCareHome,         // min(B, max(0, income + tariff − PEA))
  kCommunity,        // min(B, round(percentage × max(0, income + tariff − MIG − housing − DRE)))
};
struct AssessedCharge {
  Money weekly;
  ChargeBasis basis = ChargeBasis::kCareHome;
  Percent percentage = kWholeAmount;                     // community care
  CouncilValue<Percent> percentage_rule;  // the council's, when it sets one
};

// The reform's values in force (from the scenario's reform start): the cap, the metering switch
// and D, the daily living costs, min(DLC, B), for care-home residents only.
struct ReformFigures {
  bool applies = false;
  RuleValue<Money> cap;
  RuleValue<bool> meter_full_cost;
  RuleValue<Money> daily_living_costs;  // in a care home
  Money D;
};

// Notional capital (SI 2014/2672 regs 22–23): what is left of it, and A as it would be without
// it, from which the diminishing notional capital rule reduces it week by week.
struct NotionalCapitalFigures {
  Exact left;                 // notional capital left on the stretch's first day
  Money charge_without;       // A without the notional capital (the same capital limits)
};

// The means test of one stretch of chargeable days: every figure, and what produced it.
struct Assessment {
  Date day;  // the stretch's first day; every figure holds unchanged to its end
  const CareRecord* care = nullptr;
  const NeedsRecord* needs = nullptr;
  const FinancesRecord* finances = nullptr;
  bool self_arranged = false;
  bool in_care_home = false;

  PersonalBudget budget;  // B
  Fee fee;                // F
  NursingCare nursing_care;
  Money top_up;           // F − B above zero
  CountedCapital capital;
  CapitalLimits limits;
  Money counted_income;
  Tariff tariff;
  Allowance allowance;
  AssessedCharge charge;  // A
  NotionalCapitalFigures notional;
  ReformFigures reform;   // D and the cap

  Money B() const { return budget.weekly; }
  Money F() const { return fee.weekly; }
  Money A() const { return charge.weekly; }
  Money D() const { return reform.D; }
};

struct MeansTestInputs {
  Date day;
  const Person& person;     // household and date of birth
  const DayRecords& records;  // status kCharged: care and needs in force; finances if any
  const PersonFacts& facts;   // property disregards, pension-credit age
  Exact capital_spent;        // spend-down: capital spent since the finances record began
  Exact notional_capital;     // notional capital left (regs 22–23)
};

// The means test, into `out`, a default-constructed Assessment (the figures are filled in place:
// they are large, and copying them would cost the hot path more than the arithmetic). Rule values come through `rules` (which
// records the councils used); a missing record or rule value is an error naming the record that
// needed it. When `income_lines` is given, each income item's counted amount is recorded there.
void means_test(const MeansTestInputs& in, RuleLookup& rules, std::vector<IncomeLine>* income_lines, Assessment& out);

}  // namespace caremeter::calc
