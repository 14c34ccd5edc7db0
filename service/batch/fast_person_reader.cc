// fast_person_reader.cc — the person document read with simdjson, giving up on anything unusual.
//
// Every function here returns false ("not sure") instead of an error. The rules mirror
// engine/json/person_json.cc field by field, and both read the schema in person.h (the keys of
// each object, the names of each enum value, the bounds); where the strict reader would refuse
// something, this one gives up, so it can only ever be less accepting, never more. Strings are
// taken as written, which is why any backslash sends the line to the strict reader (escapes,
// and simdjson's handling of lone surrogates, never need to be matched).
#include "batch/fast_person_reader.h"

#include <simdjson.h>

#include <array>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string>

namespace caremeter {

namespace {

namespace dom = simdjson::dom;

// Longer lines go to the strict reader: a person of a megabyte is not a county's common case,
// and each thread's parser keeps the capacity of the longest line it has read.
constexpr std::size_t kFastLimit = 1 << 20;

// The fields of one object (its keys are the schema's Keys::kKeys), each found once. An
// unknown key or a repeated one gives up: the strict reader names it.
template <class Keys>
struct Fields {
  static constexpr std::size_t N = Keys::kKeys.size();
  std::array<dom::element, N> value{};
  std::array<bool, N> present{};

  bool all_present(std::initializer_list<std::size_t> keys) const {
    for (std::size_t k : keys) {
      if (!present[k]) return false;
    }
    return true;
  }
};

template <class Keys>
bool take_fields(dom::element e, Fields<Keys>& out) {
  dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS) return false;
  for (dom::key_value_pair field : object) {
    std::size_t i = 0;
    while (i < Fields<Keys>::N && Keys::kKeys[i] != field.key) ++i;
    if (i == Fields<Keys>::N || out.present[i]) return false;
    out.present[i] = true;
    out.value[i] = field.value;
  }
  return true;
}

bool text(dom::element e, std::string_view& out) { return e.get_string().get(out) == simdjson::SUCCESS; }

bool nonempty_text(dom::element e, std::string& out) {
  std::string_view s;
  if (!text(e, s) || s.empty()) return false;
  out.assign(s);
  return true;
}

bool date(dom::element e, Date& out) {
  std::string_view s;
  if (!text(e, s)) return false;
  auto d = parse_date(s);
  if (!d) return false;
  out = *d;
  return true;
}

// Money under the document's rules (not negative, at most the documented maximum, two
// decimals). Only the string form: an amount written as a JSON number goes to the strict reader.
bool amount(dom::element e, Money& out) {
  std::string_view s;
  if (!text(e, s)) return false;
  auto m = parse_money(s);
  if (!m) return false;
  out = *m;
  return true;
}

// A two-place decimal in the string form, within the schema's bound.
bool decimal(dom::element e, bool (*within)(Hundredths), Hundredths& out) {
  std::string_view s;
  if (!text(e, s)) return false;
  auto h = parse_hundredths(s, Hundredths{std::numeric_limits<int64_t>::max()});
  if (!h || !within(*h)) return false;
  out = *h;
  return true;
}

bool hours(dom::element e, Hundredths& out) { return decimal(e, valid_hours_per_week, out); }

bool flag(dom::element e, bool& out) { return e.get_bool().get(out) == simdjson::SUCCESS; }

// A whole number that `within` accepts; anything simdjson reads as a double (1.0, 1e0) is
// refused by the strict reader too, and goes there.
bool whole_number(dom::element n, bool (*within)(int64_t), int64_t& out) {
  int64_t v = -1;
  if (n.type() == dom::element_type::INT64) {
    if (n.get_int64().get(v) != simdjson::SUCCESS) return false;
  } else if (n.type() == dom::element_type::UINT64) {
    uint64_t u = 0;
    if (n.get_uint64().get(u) != simdjson::SUCCESS || u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
      return false;
    }
    v = static_cast<int64_t>(u);
  } else {
    return false;
  }
  if (!within(v)) return false;
  out = v;
  return true;
}

template <class E, std::size_t N>
bool name_of(dom::element e, const NameTable<E, N>& names, E& out) {
  std::string_view s;
  if (!text(e, s)) return false;
  auto found = names.find(s);
  if (!found) return false;
  out = *found;
  return true;
}

// `to`: a date, or null for open-ended.
bool end(dom::element e, Date& out, bool& explicit_to) {
  if (e.is_null()) {
    out = Date::max();
    explicit_to = false;
    return true;
  }
  explicit_to = true;
  return date(e, out);
}

std::string child(std::string_view pointer, std::size_t index) {
  std::string out(pointer);
  out += '/';
  out += std::to_string(index);
  return out;
}

bool household(dom::element e, Household& h) {
  using K = HouseholdKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.present[K::kType]) return false;
  if (!name_of(f.value[K::kType], kHouseholdTypeNames, h.type)) return false;
  if (f.present[K::kDependentChildren]) {
    int64_t v = 0;
    if (!whole_number(f.value[K::kDependentChildren], valid_dependent_children, v)) return false;
    h.dependent_children = static_cast<int>(v);
  }
  if (f.present[K::kPremiums]) {
    dom::array premiums;
    if (f.value[K::kPremiums].get_array().get(premiums) != simdjson::SUCCESS) return false;
    for (dom::element item : premiums) {
      Premium p{};
      if (!name_of(item, kPremiumNames, p)) return false;
      auto& slot = h.premiums[static_cast<std::size_t>(p)];
      if (slot) return false;
      slot = true;
    }
  }
  return true;
}

bool needs(dom::element e, std::size_t index, NeedsRecord& n) {
  using K = NeedsKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.present[K::kFrom]) return false;
  if (!date(f.value[K::kFrom], n.range.first)) return false;
  bool explicit_to = false;
  if (f.present[K::kTo] && !end(f.value[K::kTo], n.range.last, explicit_to)) return false;
  if (f.present[K::kCouncil] && !nonempty_text(f.value[K::kCouncil], n.council)) return false;
  n.pointer = child("/needs", index);
  return true;
}

// A care record's fields that depend on its setting (the strict reader's read_care_by_setting).
bool care_by_setting(const Fields<CareKeys>& f, CareRecord& c) {
  using K = CareKeys;
  if (c.setting == Setting::kCareHome) {
    if (!f.present[K::kCategory] || !f.present[K::kStay] || f.present[K::kHoursPerWeek]) return false;
    return name_of(f.value[K::kCategory], kCareHomeCategoryNames, c.category) &&
           name_of(f.value[K::kStay], kStayNames, c.stay);
  }
  if (f.present[K::kCategory] || f.present[K::kStay]) return false;
  if (c.setting == Setting::kHomeCare) {
    if (f.present[K::kHoursPerWeek]) return hours(f.value[K::kHoursPerWeek], c.hours_per_week);
    return c.personal_budget.has_value();
  }
  return !f.present[K::kHoursPerWeek] && c.personal_budget.has_value();
}

// The strict reader's read_care_extras: FNC fields only on nursing placements (a gross fee
// needs the fee), night care only outside care homes.
bool care_extras(const Fields<CareKeys>& f, CareRecord& c) {
  using K = CareKeys;
  bool nursing = c.setting == Setting::kCareHome && (c.category == CareHomeCategory::kNursing ||
                                                     c.category == CareHomeCategory::kNursingEnhanced);
  if (!nursing && (f.present[K::kWeeklyFeeIncludesFnc] || f.present[K::kFncRate])) return false;
  if (f.present[K::kWeeklyFeeIncludesFnc] && !flag(f.value[K::kWeeklyFeeIncludesFnc], c.weekly_fee_includes_fnc)) {
    return false;
  }
  if (c.weekly_fee_includes_fnc && !c.weekly_fee) return false;
  if (f.present[K::kFncRate] && !name_of(f.value[K::kFncRate], kFncRateNames, c.fnc_rate)) return false;
  if (!f.present[K::kNightCareArranged]) return true;
  return c.setting != Setting::kCareHome && flag(f.value[K::kNightCareArranged], c.night_care_arranged);
}

bool care(dom::element e, std::size_t index, CareRecord& c) {
  using K = CareKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kFrom, K::kSetting, K::kArrangedBy})) return false;
  if (!date(f.value[K::kFrom], c.range.first)) return false;
  bool explicit_to = false;
  if (f.present[K::kTo] && !end(f.value[K::kTo], c.range.last, explicit_to)) return false;
  if (!name_of(f.value[K::kSetting], kSettingNames, c.setting)) return false;
  if (f.present[K::kPersonalBudget]) {
    Money m;
    if (!amount(f.value[K::kPersonalBudget], m)) return false;
    c.personal_budget = m;
  }
  if (f.present[K::kWeeklyFee]) {
    Money m;
    if (!amount(f.value[K::kWeeklyFee], m)) return false;
    c.weekly_fee = m;
  }
  if (!care_by_setting(f, c)) return false;
  if (!name_of(f.value[K::kArrangedBy], kArrangedByNames, c.arranged_by)) return false;
  if (!care_extras(f, c)) return false;
  c.pointer = child("/care", index);
  return true;
}

bool income_item(dom::element e, const std::string& list_pointer, std::size_t index, IncomeItem& item) {
  using K = IncomeKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kType, K::kWeekly})) return false;
  if (!name_of(f.value[K::kType], kIncomeTypeNames, item.type)) return false;
  if (!amount(f.value[K::kWeekly], item.weekly)) return false;
  if (f.present[K::kHalfPaidToSpouse] &&
      (item.type != IncomeType::kPrivatePension || !flag(f.value[K::kHalfPaidToSpouse], item.half_paid_to_spouse))) {
    return false;
  }
  item.pointer = child(list_pointer, index);
  return true;
}

bool home(dom::element e, std::optional<Home>& out) {
  if (e.is_null()) return true;  // as if absent
  using K = HomeKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.present[K::kValue]) return false;
  Home h;
  if (!amount(f.value[K::kValue], h.value)) return false;
  if (f.present[K::kSecuredDebt] && !amount(f.value[K::kSecuredDebt], h.secured_debt)) return false;
  if (f.present[K::kOwners]) {
    int64_t owners = 0;
    if (!whole_number(f.value[K::kOwners], valid_home_owners, owners)) return false;
    h.owners = static_cast<int>(owners);
  }
  if (f.present[K::kQualifyingRelativeLivesThere] &&
      !flag(f.value[K::kQualifyingRelativeLivesThere], h.qualifying_relative_lives_there)) {
    return false;
  }
  // Why a relative left, with whether they lived there before the admission: both or neither,
  // and only when no qualifying relative lives there now.
  if (f.present[K::kRelativeLeftReason] != f.present[K::kRelativeLivedThereBeforeAdmission]) return false;
  if (f.present[K::kRelativeLeftReason]) {
    RelativeLeftReason reason{};
    if (h.qualifying_relative_lives_there || !name_of(f.value[K::kRelativeLeftReason], kRelativeLeftReasonNames, reason) ||
        !flag(f.value[K::kRelativeLivedThereBeforeAdmission], h.relative_lived_there_before_admission)) {
      return false;
    }
    h.relative_left_reason = reason;
  }
  out = h;
  return true;
}

bool joint_capital(dom::element e, const std::string& list_pointer, std::size_t index, JointCapital& j) {
  using K = JointCapitalKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kAmount, K::kOwners})) return false;
  if (!amount(f.value[K::kAmount], j.amount)) return false;
  int64_t owners = 0;
  if (!whole_number(f.value[K::kOwners], valid_joint_owners, owners)) return false;
  j.owners = static_cast<int>(owners);
  j.pointer = child(list_pointer, index);
  return true;
}

bool finances(dom::element e, std::size_t index, FinancesRecord& r) {
  using K = FinancesKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kFrom, K::kSavings, K::kIncome})) return false;
  if (!date(f.value[K::kFrom], r.range.first)) return false;
  if (f.present[K::kTo] && !end(f.value[K::kTo], r.range.last, r.has_explicit_to)) return false;
  if (!amount(f.value[K::kSavings], r.savings)) return false;
  if (f.present[K::kOtherCapital] && !amount(f.value[K::kOtherCapital], r.other_capital)) return false;
  r.pointer = child("/finances", index);
  if (f.present[K::kJointCapital]) {
    dom::array joint;
    if (f.value[K::kJointCapital].get_array().get(joint) != simdjson::SUCCESS) return false;
    const std::string joint_pointer = r.pointer + "/joint_capital";
    std::size_t j = 0;
    for (dom::element item : joint) {
      if (!joint_capital(item, joint_pointer, j++, r.joint_capital.emplace_back())) return false;
    }
  }
  if (f.present[K::kHome] && !home(f.value[K::kHome], r.home)) return false;
  dom::array income;
  if (f.value[K::kIncome].get_array().get(income) != simdjson::SUCCESS) return false;
  const std::string income_pointer = r.pointer + "/income";
  r.income.reserve(income.size());
  std::size_t i = 0;
  for (dom::element item : income) {
    if (!income_item(item, income_pointer, i++, r.income.emplace_back())) return false;
  }
  if (f.present[K::kHousingCosts] && !amount(f.value[K::kHousingCosts], r.housing_costs)) return false;
  if (f.present[K::kDisabilityRelatedExpenditure]) {
    Money dre;
    if (!amount(f.value[K::kDisabilityRelatedExpenditure], dre)) return false;
    r.disability_related_expenditure = dre;
  }
  return true;
}

bool exclusion(dom::element e, std::size_t index, Exclusion& x) {
  using K = ExclusionKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kFrom, K::kTo, K::kReason})) return false;
  if (!date(f.value[K::kFrom], x.range.first)) return false;
  bool explicit_to = false;
  if (!end(f.value[K::kTo], x.range.last, explicit_to)) return false;
  if (!name_of(f.value[K::kReason], kExclusionReasonNames, x.reason)) return false;
  x.pointer = child("/exclusions", index);
  return true;
}

bool notional_capital(dom::element e, std::size_t index, NotionalCapital& n) {
  using K = NotionalCapitalKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kFrom, K::kAmount})) return false;
  if (!date(f.value[K::kFrom], n.from) || !amount(f.value[K::kAmount], n.amount)) return false;
  n.pointer = child("/notional_capital", index);
  return true;
}

bool deferred_payment_fee(dom::element e, const std::string& list_pointer, std::size_t index, DeferredPaymentFee& fee) {
  using K = DeferredPaymentFeeKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kOn, K::kAmount})) return false;
  if (!date(f.value[K::kOn], fee.on) || !amount(f.value[K::kAmount], fee.amount)) return false;
  fee.pointer = child(list_pointer, index);
  return true;
}

bool deferred_payment(dom::element e, std::size_t index, DeferredPayment& d) {
  using K = DeferredPaymentKeys;
  Fields<K> f;
  if (!take_fields(e, f) || !f.all_present({K::kFrom, K::kPropertyValue})) return false;
  if (!date(f.value[K::kFrom], d.range.first)) return false;
  bool explicit_to = false;
  if (f.present[K::kTo] && !end(f.value[K::kTo], d.range.last, explicit_to)) return false;
  if (!amount(f.value[K::kPropertyValue], d.property_value)) return false;
  if (f.present[K::kSecuredDebt] && !amount(f.value[K::kSecuredDebt], d.secured_debt)) return false;
  if (f.present[K::kInterestRate]) {
    Hundredths rate;
    if (!decimal(f.value[K::kInterestRate], valid_interest_rate, rate)) return false;
    d.interest_rate = rate;
  }
  if (f.present[K::kSetupFee] && !amount(f.value[K::kSetupFee], d.setup_fee)) return false;
  if (f.present[K::kDisposableIncomeAllowance]) {
    Money dia;
    if (!amount(f.value[K::kDisposableIncomeAllowance], dia)) return false;
    d.disposable_income_allowance = dia;
  }
  d.pointer = child("/deferred_payments", index);
  if (f.present[K::kFees]) {
    dom::array fees;
    if (f.value[K::kFees].get_array().get(fees) != simdjson::SUCCESS) return false;
    const std::string fees_pointer = d.pointer + "/fees";
    std::size_t i = 0;
    for (dom::element item : fees) {
      if (!deferred_payment_fee(item, fees_pointer, i++, d.fees.emplace_back())) return false;
    }
  }
  return true;
}

template <class T, class Reader>
bool list(dom::element e, std::vector<T>& out, Reader read) {
  dom::array items;
  if (e.get_array().get(items) != simdjson::SUCCESS) return false;
  out.reserve(items.size());
  std::size_t i = 0;
  for (dom::element item : items) {
    if (!read(item, i++, out.emplace_back())) return false;
  }
  return true;
}

bool person(dom::element doc, Person& p) {
  using K = PersonKeys;
  Fields<K> f;
  if (!take_fields(doc, f)) return false;
  if (!f.all_present({K::kId, K::kBirthDate, K::kHousehold, K::kNeeds, K::kCare, K::kFinances})) return false;
  if (!nonempty_text(f.value[K::kId], p.id) || !valid_person_id(p.id)) return false;
  if (!date(f.value[K::kBirthDate], p.birth_date)) return false;
  if (f.present[K::kDeathDate] && !f.value[K::kDeathDate].is_null()) {
    Date d;
    if (!date(f.value[K::kDeathDate], d)) return false;
    p.death_date = d;
  }
  if (!household(f.value[K::kHousehold], p.household)) return false;
  if (!list(f.value[K::kNeeds], p.needs, needs)) return false;
  if (!list(f.value[K::kCare], p.care, care)) return false;
  if (!list(f.value[K::kFinances], p.finances, finances)) return false;
  if (f.present[K::kExclusions] && !list(f.value[K::kExclusions], p.exclusions, exclusion)) return false;
  if (f.present[K::kNotionalCapital] && !list(f.value[K::kNotionalCapital], p.notional_capital, notional_capital)) {
    return false;
  }
  if (f.present[K::kDeferredPayments] && !list(f.value[K::kDeferredPayments], p.deferred_payments, deferred_payment)) {
    return false;
  }
  return normalise_person(p).ok();
}

// Bytes the fast reader leaves to the strict one: escapes (a backslash) and control
// characters, which JSON allows only escaped inside strings and only as whitespace outside.
bool plain_bytes(std::string_view line) {
  unsigned char bad = 0;
  for (char ch : line) {
    const auto c = static_cast<unsigned char>(ch);
    bad |= static_cast<unsigned char>(c < 0x20) | static_cast<unsigned char>(c == '\\');
  }
  return bad == 0;
}

}  // namespace

std::optional<Person> read_person_fast(std::string_view line) {
  if (line.empty() || line.size() > kFastLimit || !plain_bytes(line)) return std::nullopt;
  thread_local dom::parser parser;
  thread_local std::string padded;
  // simdjson reads up to SIMDJSON_PADDING bytes past the end; a line inside a memory-mapped
  // file may end at the end of its last page, so it is copied into a padded buffer.
  padded.assign(line);
  padded.append(simdjson::SIMDJSON_PADDING, ' ');
  try {
    dom::element doc;
    if (parser.parse(padded.data(), line.size(), false).get(doc) != simdjson::SUCCESS) return std::nullopt;
    Person p;
    if (!person(doc, p)) return std::nullopt;
    return p;
  } catch (...) {
    // Nothing here should throw (an allocation failure might); the strict reader decides.
    return std::nullopt;
  }
}

}  // namespace caremeter
