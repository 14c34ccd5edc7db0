// records.cc — the records in force on a day; the 12-week property disregards; pension-credit age.
#include "records.h"

#include <optional>

#include "check.h"

namespace caremeter::calc {
namespace {

constexpr int64_t kPropertyDisregardDays = 84;  // 12 weeks (SI 2014/2672 Sch 2 para 2(1))
constexpr int64_t kReturnWindowDays = 52 * 7;   // a return within 52 weeks (Sch 2 para 2(2))

// The first 84 days of each permanent care-home stay; a person who leaves and returns within
// 52 weeks has only what is left of the 12 weeks. Adjacent permanent care-home records (a change
// of category) are one stay.
std::vector<DateRange> property_disregards_of(const Person& person) {
  std::vector<DateRange> out;
  std::optional<DateRange> stay;  // the current run of adjacent permanent care-home records
  std::optional<Date> last_stay_end;
  int64_t used_in_chain = 0;
  auto close_stay = [&] {
    if (!stay) return;
    int64_t left = kPropertyDisregardDays;
    if (last_stay_end && (stay->first - *last_stay_end).count() <= kReturnWindowDays) {
      left = std::max<int64_t>(0, kPropertyDisregardDays - used_in_chain);
    } else {
      used_in_chain = 0;
    }
    if (left > 0) {
      Date end = std::min(stay->last, stay->first + Days(left - 1));
      out.push_back(DateRange{stay->first, end});
      used_in_chain += (end - stay->first).count() + 1;
    }
    last_stay_end = stay->last;
    stay.reset();
  };
  for (const CareRecord& c : person.care) {
    bool permanent_home = c.setting == Setting::kCareHome && c.stay == Stay::kPermanent;
    if (!permanent_home) {
      close_stay();
    } else if (stay && c.range.first == stay->last.next()) {
      stay->last = c.range.last;
    } else {
      close_stay();
      stay = c.range;
    }
  }
  close_stay();
  return out;
}

std::vector<RelativeLeftDisregard> relative_left_disregards_of(const Person& person) {
  std::vector<RelativeLeftDisregard> out;
  for (const FinancesRecord& f : person.finances) {
    if (!f.home || !f.home->relative_left_reason) continue;
    RelativeLeftReason why = *f.home->relative_left_reason;
    bool unexpected_end = why == RelativeLeftReason::kDied || why == RelativeLeftReason::kMovedToCareHome;
    out.push_back(RelativeLeftDisregard{DateRange{f.range.first, f.range.first + Days(kPropertyDisregardDays - 1)},
                                        unexpected_end && f.home->relative_lived_there_before_admission, &f});
  }
  return out;
}

}  // namespace

DayRecords records_on(const Person& person, Date d) {
  return records_in_force(person, d, covering(person.care, d), covering(person.needs, d),
                          covering(person.exclusions, d), covering(person.finances, d));
}

PersonFacts::PersonFacts(const Person& person, const RuleSet& rules)
    : property_disregards_(property_disregards_of(person)),
      relative_left_(relative_left_disregards_of(person)) {
  bool outside_care_home = std::any_of(person.care.begin(), person.care.end(),
                                       [](const CareRecord& c) { return c.setting != Setting::kCareHome; });
  if (outside_care_home) {
    guarantee_.emplace(GuaranteeAges{birthday(person.birth_date, 18), birthday(person.birth_date, 25),
                                     rules.pension_credit_age_date(person.birth_date)});
  }
}

bool PersonFacts::in_property_disregard(Date d) const {
  for (const DateRange& r : property_disregards_) {
    if (r.contains(d)) return true;
  }
  return false;
}

const RelativeLeftDisregard* PersonFacts::relative_left_disregard_on(Date d) const {
  // 84 days may reach past the next finances record's start, so two may cover d: a mandatory
  // one wins, else the latest.
  const RelativeLeftDisregard* found = nullptr;
  for (const RelativeLeftDisregard& r : relative_left_) {
    if (!r.days.contains(d)) continue;
    if (r.mandatory) return &r;
    found = &r;
  }
  return found;
}

Date PersonFacts::pension_credit_age_from() const {
  const Result<Date>& pension_credit_age = guarantee().pension_credit_age;
  if (!pension_credit_age.ok()) {
    Error e = pension_credit_age.error();
    e.pointer = "/birth_date";
    throw CalcFailure{std::move(e)};
  }
  return *pension_credit_age;
}

}  // namespace caremeter::calc
