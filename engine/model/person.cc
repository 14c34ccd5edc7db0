// person.cc — the checks on a person that no single field can make, and the names of records.
#include "caremeter/model/person.h"

#include <algorithm>

namespace caremeter {

namespace {

std::string show_range(const DateRange& r) {
  return to_string(r.first) + " to " + (r.open() ? std::string("open") : to_string(r.last));
}

template <class Record>
void sort_by_start(std::vector<Record>& records) {
  // Stable, so records starting on the same day keep the document's order and the error for
  // them names the same pair every time.
  std::stable_sort(records.begin(), records.end(),
                   [](const Record& a, const Record& b) { return a.range.first < b.range.first; });
}

template <class Record>
Status check_ends(const std::vector<Record>& records) {
  for (const Record& r : records) {
    if (r.range.last < r.range.first) {
      return invalid_input(r.pointer + "/to", "the record ends (" + to_string(r.range.last) + ") before it starts (" +
                                                  to_string(r.range.first) + "); expected 'to' on or after 'from'");
    }
  }
  return ok_status();
}

// Records sorted by start. Comparing each with the earlier record reaching furthest finds
// every overlap, including one with a long record that an intermediate one does not touch.
template <class Record>
Status check_no_overlap(const std::vector<Record>& records, const char* list) {
  const Record* furthest = nullptr;
  for (const Record& r : records) {
    if (furthest != nullptr && r.range.first <= furthest->range.last) {
      return invalid_input(r.pointer, std::string(list) + " records " + furthest->pointer + " (" +
                                          show_range(furthest->range) + ") and " + r.pointer + " (" +
                                          show_range(r.range) + ") overlap from " + to_string(r.range.first) +
                                          "; records of one list may not overlap");
    }
    if (furthest == nullptr || r.range.last > furthest->range.last) furthest = &r;
  }
  return ok_status();
}

template <class Record>
Status normalise_list(std::vector<Record>& records, const char* list) {
  sort_by_start(records);
  if (Status s = check_ends(records); !s) return s;
  return check_no_overlap(records, list);
}

// A new financial assessment replaces the old one: a record without an explicit end runs to
// the day before the next starts. An explicit end reaching into the next record is a conflict
// the user must resolve, not something to trim.
Status normalise_finances(std::vector<FinancesRecord>& records) {
  sort_by_start(records);
  if (Status s = check_ends(records); !s) return s;
  for (std::size_t i = 0; i < records.size(); ++i) {
    FinancesRecord& f = records[i];
    if (f.has_explicit_to) continue;
    if (i + 1 < records.size()) {
      const FinancesRecord& next = records[i + 1];
      if (next.range.first == f.range.first) {
        return invalid_input(next.pointer, "finances records " + f.pointer + " and " + next.pointer +
                                               " both start on " + to_string(f.range.first) +
                                               " (overlap from " + to_string(f.range.first) +
                                               "); records of one list may not overlap");
      }
      f.range.last = next.range.first.prev();
    } else {
      f.range.last = Date::max();
    }
  }
  return check_no_overlap(records, "finances");
}

// Notional capital is a list of dated amounts, not ranges: several may start on one day.
void sort_notional_capital(std::vector<NotionalCapital>& items) {
  std::stable_sort(items.begin(), items.end(),
                   [](const NotionalCapital& a, const NotionalCapital& b) { return a.from < b.from; });
}

// A fee is added to an agreement's balance, so it cannot come before the agreement starts.
Status normalise_fees(std::vector<DeferredPayment>& agreements) {
  for (DeferredPayment& dpa : agreements) {
    std::stable_sort(dpa.fees.begin(), dpa.fees.end(),
                     [](const DeferredPaymentFee& a, const DeferredPaymentFee& b) { return a.on < b.on; });
    for (const DeferredPaymentFee& fee : dpa.fees) {
      if (fee.on < dpa.range.first) {
        return invalid_input(fee.pointer + "/on", "the fee is dated " + to_string(fee.on) +
                                                      ", before its agreement starts (" + to_string(dpa.range.first) +
                                                      "); expected 'on' on or after the agreement's 'from'");
      }
    }
  }
  return ok_status();
}

}  // namespace

Status normalise_person(Person& person) {
  if (person.death_date && *person.death_date < person.birth_date) {
    return invalid_input("/death_date", "the death date " + to_string(*person.death_date) +
                                            " is before the birth date " + to_string(person.birth_date));
  }
  if (Status s = normalise_list(person.needs, "needs"); !s) return s;
  if (Status s = normalise_list(person.care, "care"); !s) return s;
  if (Status s = normalise_finances(person.finances); !s) return s;
  if (Status s = normalise_list(person.exclusions, "exclusions"); !s) return s;
  sort_notional_capital(person.notional_capital);
  if (Status s = normalise_list(person.deferred_payments, "deferred payment"); !s) return s;
  return normalise_fees(person.deferred_payments);
}

const char* setting_name(Setting s) { return kSettingNames.name(s); }
const char* category_name(CareHomeCategory c) { return kCareHomeCategoryNames.name(c); }
const char* exclusion_reason_name(ExclusionReason r) { return kExclusionReasonNames.name(r); }

}  // namespace caremeter
