// records.h — the person's records in force on a day, and what follows from the person alone
// (engine-internal): the 12-week property disregards and the pension-credit age.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/person.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"
#include "check.h"

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

// The same, from the record of each kind covering d (nullptr where none does): what records_on
// and RecordsCursor::on both answer with.
inline DayRecords records_in_force(const Person& person, Date d, const CareRecord* care, const NeedsRecord* needs,
                                   const Exclusion* exclusion, const FinancesRecord* finances) {
  DayRecords r;
  if (person.death_date && d > *person.death_date) return r;
  if (care == nullptr || needs == nullptr) return r;
  r.care = care;
  r.needs = needs;
  r.exclusion = exclusion;
  r.status = exclusion ? DayStatus::kExcluded : DayStatus::kCharged;
  if (r.status == DayStatus::kCharged) r.finances = finances;
  return r;
}

// The records in force on days asked in order, as the walk asks: each list is followed on from
// where the day before left it rather than searched again (records_on's answers, cheaper).
class RecordsCursor {
 public:
  explicit RecordsCursor(const Person& person) : person_(person) {}

  // The records in force on d, as records_on(person, d); d is never before the day last asked.
  // Inline: the walk asks for every piece, and a call returning the records through memory
  // costs more than finding them.
  DayRecords on(Date d) {
    CM_CHECK(d >= last_asked_, "the walk asks for the records of days in order");
    last_asked_ = d;
    finances_ = follow(person_.finances, finances_next_, d);
    return records_in_force(person_, d, follow(person_.care, care_, d), follow(person_.needs, needs_, d),
                            follow(person_.exclusions, exclusions_, d), finances_);
  }
  // The finances record covering the day last asked, chargeable or not (nullptr if none).
  const FinancesRecord* finances() const { return finances_; }

 private:
  // The record of `records` covering d: the last one starting on or before d, if it reaches d.
  template <class Record>
  static const Record* follow(const std::vector<Record>& records, std::size_t& next, Date d) {
    while (next < records.size() && records[next].range.first <= d) ++next;
    if (next == 0) return nullptr;
    const Record& r = records[next - 1];
    return r.range.contains(d) ? &r : nullptr;
  }

  const Person& person_;
  Date last_asked_ = Date::min();
  std::size_t care_ = 0, needs_ = 0, finances_next_ = 0, exclusions_ = 0;  // the first record not yet begun
  const FinancesRecord* finances_ = nullptr;
};

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
  // Whether any of the person's care is outside a care home; and the days on which the minimum
  // income guarantee changes with age, worked out once for such a person (the only care the
  // guarantee applies to; asking for them otherwise is a bug). The day the person reaches pension-credit age is an error (naming
  // /birth_date) when the rule set has no band for the birth date, raised only when needed.
  bool care_outside_a_care_home() const { return guarantee_.has_value(); }
  bool pension_credit_age_known() const { return guarantee().pension_credit_age.ok(); }
  Date pension_credit_age_from() const;
  Date turns_18() const { return guarantee().turns_18; }
  Date turns_25() const { return guarantee().turns_25; }

 private:
  struct GuaranteeAges {
    Date turns_18;
    Date turns_25;
    Result<Date> pension_credit_age;
  };
  const GuaranteeAges& guarantee() const {
    CM_CHECK(guarantee_.has_value(), "the minimum income guarantee's ages are asked only for care outside a care home");
    return *guarantee_;
  }

  std::vector<DateRange> property_disregards_;
  std::vector<RelativeLeftDisregard> relative_left_;
  std::optional<GuaranteeAges> guarantee_;
};

}  // namespace caremeter::calc
