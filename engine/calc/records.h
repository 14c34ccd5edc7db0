// records.h — the person's records in force on a day, and what follows from the person alone
// (engine-internal): the 12-week property disregards and the pension-credit age.
#pragma once

#include <algorithm>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/person.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter::calc {

// The record of `records` covering d, or nullptr. Records are sorted by start and do not
// overlap (normalise_person), so the only candidate is the last one starting on or before d.
template <class Record>
const Record* covering(const std::vector<Record>& records, Date d) {
  auto it = std::upper_bound(records.begin(), records.end(), d,
                             [](Date x, const Record& r) { return x < r.range.first; });
  if (it == records.begin()) return nullptr;
  --it;
  return it->range.contains(d) ? &*it : nullptr;
}

enum class DayStatus {
  kNoCare,    // dead, or no care record or no needs record: nothing charged or metered, no period
  kExcluded,  // NHS continuing healthcare, s117 aftercare, free reablement: nothing charged or metered
  kCharged,   // chargeable care
};

// The records in force on one day.
struct DayRecords {
  DayStatus status = DayStatus::kNoCare;
  const CareRecord* care = nullptr;
  const NeedsRecord* needs = nullptr;
  const Exclusion* exclusion = nullptr;      // when excluded
  const FinancesRecord* finances = nullptr;  // may be missing; the means test refuses a charged day without one
};

// Care is chargeable only while the person is alive, has eligible needs (a needs record) and a
// care record, and no exclusion covers the day (Care Act 2014 s14; SI 2014/2672 regs 3–4).
DayRecords records_on(const Person& person, Date d);

// A fresh 12-week property disregard after the qualifying relative living in the home left
// (SI 2014/2672 Sch 2; Care and Support Statutory Guidance Annex B): mandatory when they died or
// moved into a care home, having lived there since before the admission; otherwise given only
// by a council that uses its discretion (charging.fresh_property_disregard_discretionary).
struct RelativeLeftDisregard {
  DateRange days;  // 84 days from the first day of the finances record saying the relative left
  bool mandatory = false;
  const FinancesRecord* finances = nullptr;
};

// What follows from the person alone, worked out once per calculation.
class PersonFacts {
 public:
  PersonFacts(const Person& person, const RuleSet& rules);

  // The first 84 days of each permanent care-home stay (SI 2014/2672 Sch 2 para 2).
  const std::vector<DateRange>& property_disregards() const { return property_disregards_; }
  bool in_property_disregard(Date d) const;
  // The fresh disregards after a qualifying relative left, in date order; the one covering d.
  const std::vector<RelativeLeftDisregard>& relative_left_disregards() const { return relative_left_; }
  const RelativeLeftDisregard* relative_left_disregard_on(Date d) const;
  // The day the person reaches pension-credit age; an error (naming /birth_date) when the rule
  // set has no band for the birth date, raised only when the figure is needed.
  bool pension_credit_age_known() const { return pension_credit_age_.ok(); }
  Date pension_credit_age_from() const;

 private:
  std::vector<DateRange> property_disregards_;
  std::vector<RelativeLeftDisregard> relative_left_;
  Result<Date> pension_credit_age_;
};

}  // namespace caremeter::calc
