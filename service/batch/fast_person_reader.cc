// fast_person_reader.cc — the person document read with simdjson, giving up on anything unusual.
//
// Every function here returns false ("not sure") instead of an error. The rules mirror
// engine/person_json.cc field by field; where that reader would refuse something, this one
// gives up, so it can only ever be less accepting, never more. Strings are taken as written,
// which is why any backslash sends the line to the strict reader (escapes, and simdjson's
// handling of lone surrogates, never need to be matched).
#include "batch/fast_person_reader.h"

#include <simdjson.h>

#include <array>
#include <cstring>
#include <limits>
#include <string>

#include "caremeter/json/json_io.h"

namespace caremeter {

namespace {

namespace dom = simdjson::dom;

// Longer lines go to the strict reader: a person of a megabyte is not a county's common case,
// and each thread's parser keeps the capacity of the longest line it has read.
constexpr std::size_t kFastLimit = 1 << 20;

// The fields of one object, each found once. An unknown key or a repeated one gives up: the
// strict reader names it.
template <std::size_t N>
struct Fields {
  std::array<dom::element, N> value{};
  std::array<bool, N> present{};
};

template <std::size_t N>
bool take_fields(dom::element e, const std::array<std::string_view, N>& names, Fields<N>& out) {
  dom::object object;
  if (e.get_object().get(object) != simdjson::SUCCESS) return false;
  for (dom::key_value_pair field : object) {
    std::size_t i = 0;
    while (i < N && names[i] != field.key) ++i;
    if (i == N || out.present[i]) return false;
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

bool hours(dom::element e, Hundredths& out) {
  std::string_view s;
  if (!text(e, s)) return false;
  auto h = parse_hundredths(s, Hundredths{std::numeric_limits<int64_t>::max()});
  if (!h || !valid_hours_per_week(*h)) return false;
  out = *h;
  return true;
}

template <class E, std::size_t N>
bool name_of(dom::element e, const std::array<std::pair<std::string_view, E>, N>& names, E& out) {
  std::string_view s;
  if (!text(e, s)) return false;
  for (const auto& [name, value] : names) {
    if (name == s) {
      out = value;
      return true;
    }
  }
  return false;
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
  static constexpr std::array<std::string_view, 3> kNames{"type", "dependent_children", "premiums"};
  Fields<3> f;
  if (!take_fields(e, kNames, f) || !f.present[0]) return false;
  static constexpr std::array<std::pair<std::string_view, HouseholdType>, 3> kTypes{
      {{"single", HouseholdType::kSingle}, {"couple", HouseholdType::kCouple}, {"lone_parent", HouseholdType::kLoneParent}}};
  if (!name_of(f.value[0], kTypes, h.type)) return false;
  if (f.present[1]) {
    // A whole number from 0 to 20; anything simdjson reads as a double (1.0, 1e0) is refused
    // by the strict reader too, and goes there.
    const dom::element n = f.value[1];
    int64_t v = -1;
    if (n.type() == dom::element_type::INT64) {
      if (n.get_int64().get(v) != simdjson::SUCCESS) return false;
    } else if (n.type() == dom::element_type::UINT64) {
      uint64_t u = 0;
      if (n.get_uint64().get(u) != simdjson::SUCCESS || u > 20) return false;
      v = static_cast<int64_t>(u);
    } else {
      return false;
    }
    if (v < 0 || v > 20) return false;
    h.dependent_children = static_cast<int>(v);
  }
  if (f.present[2]) {
    dom::array premiums;
    if (f.value[2].get_array().get(premiums) != simdjson::SUCCESS) return false;
    static constexpr std::array<std::pair<std::string_view, Premium>, 3> kPremiums{
        {{"disability", Premium::kDisability},
         {"enhanced_disability", Premium::kEnhancedDisability},
         {"carer", Premium::kCarer}}};
    for (dom::element item : premiums) {
      Premium p{};
      if (!name_of(item, kPremiums, p)) return false;
      auto& slot = h.premiums[static_cast<std::size_t>(p)];
      if (slot) return false;
      slot = true;
    }
  }
  return true;
}

bool needs(dom::element e, std::size_t index, NeedsRecord& n) {
  static constexpr std::array<std::string_view, 3> kNames{"from", "to", "council"};
  Fields<3> f;
  if (!take_fields(e, kNames, f) || !f.present[0]) return false;
  if (!date(f.value[0], n.range.first)) return false;
  bool explicit_to = false;
  if (f.present[1] && !end(f.value[1], n.range.last, explicit_to)) return false;
  if (f.present[2] && !nonempty_text(f.value[2], n.council)) return false;
  n.pointer = child("/needs", index);
  return true;
}

bool care(dom::element e, std::size_t index, CareRecord& c) {
  enum { kFrom, kTo, kSetting, kCategory, kStay, kHours, kArrangedBy, kBudget, kFee, kCount };
  static constexpr std::array<std::string_view, kCount> kNames{
      "from", "to", "setting", "category", "stay", "hours_per_week", "arranged_by", "personal_budget", "weekly_fee"};
  Fields<kCount> f;
  if (!take_fields(e, kNames, f) || !f.present[kFrom] || !f.present[kSetting] || !f.present[kArrangedBy]) return false;
  if (!date(f.value[kFrom], c.range.first)) return false;
  bool explicit_to = false;
  if (f.present[kTo] && !end(f.value[kTo], c.range.last, explicit_to)) return false;
  static constexpr std::array<std::pair<std::string_view, Setting>, 3> kSettings{
      {{"care_home", Setting::kCareHome}, {"home_care", Setting::kHomeCare}, {"community", Setting::kCommunity}}};
  if (!name_of(f.value[kSetting], kSettings, c.setting)) return false;
  if (f.present[kBudget]) {
    Money m;
    if (!amount(f.value[kBudget], m)) return false;
    c.personal_budget = m;
  }
  if (f.present[kFee]) {
    Money m;
    if (!amount(f.value[kFee], m)) return false;
    c.weekly_fee = m;
  }
  if (c.setting == Setting::kCareHome) {
    if (!f.present[kCategory] || !f.present[kStay] || f.present[kHours]) return false;
    static constexpr std::array<std::pair<std::string_view, CareHomeCategory>, 4> kCategories{
        {{"residential", CareHomeCategory::kResidential},
         {"residential_enhanced", CareHomeCategory::kResidentialEnhanced},
         {"nursing", CareHomeCategory::kNursing},
         {"nursing_enhanced", CareHomeCategory::kNursingEnhanced}}};
    if (!name_of(f.value[kCategory], kCategories, c.category)) return false;
    static constexpr std::array<std::pair<std::string_view, Stay>, 2> kStays{
        {{"permanent", Stay::kPermanent}, {"temporary", Stay::kTemporary}}};
    if (!name_of(f.value[kStay], kStays, c.stay)) return false;
  } else {
    if (f.present[kCategory] || f.present[kStay]) return false;
    if (c.setting == Setting::kHomeCare) {
      if (f.present[kHours]) {
        if (!hours(f.value[kHours], c.hours_per_week)) return false;
      } else if (!c.personal_budget) {
        return false;
      }
    } else if (f.present[kHours] || !c.personal_budget) {
      return false;
    }
  }
  static constexpr std::array<std::pair<std::string_view, ArrangedBy>, 2> kArranged{
      {{"council", ArrangedBy::kCouncil}, {"self", ArrangedBy::kSelf}}};
  if (!name_of(f.value[kArrangedBy], kArranged, c.arranged_by)) return false;
  c.pointer = child("/care", index);
  return true;
}

bool income_item(dom::element e, const std::string& list_pointer, std::size_t index, IncomeItem& item) {
  static constexpr std::array<std::string_view, 2> kNames{"type", "weekly"};
  Fields<2> f;
  if (!take_fields(e, kNames, f) || !f.present[0] || !f.present[1]) return false;
  std::string_view type;
  if (!text(f.value[0], type)) return false;
  auto t = income_type_by_name(type);
  if (!t) return false;
  item.type = *t;
  if (!amount(f.value[1], item.weekly)) return false;
  item.pointer = child(list_pointer, index);
  return true;
}

bool home(dom::element e, std::optional<Home>& out) {
  if (e.is_null()) return true;  // as if absent
  static constexpr std::array<std::string_view, 3> kNames{"value", "secured_debt", "qualifying_relative_lives_there"};
  Fields<3> f;
  if (!take_fields(e, kNames, f) || !f.present[0]) return false;
  Home h;
  if (!amount(f.value[0], h.value)) return false;
  if (f.present[1] && !amount(f.value[1], h.secured_debt)) return false;
  if (f.present[2] && f.value[2].get_bool().get(h.qualifying_relative_lives_there) != simdjson::SUCCESS) return false;
  out = h;
  return true;
}

bool finances(dom::element e, std::size_t index, FinancesRecord& r) {
  enum { kFrom, kTo, kSavings, kOtherCapital, kHome, kIncome, kHousing, kDre, kCount };
  static constexpr std::array<std::string_view, kCount> kNames{
      "from", "to", "savings", "other_capital", "home", "income", "housing_costs", "disability_related_expenditure"};
  Fields<kCount> f;
  if (!take_fields(e, kNames, f) || !f.present[kFrom] || !f.present[kSavings] || !f.present[kIncome]) return false;
  if (!date(f.value[kFrom], r.range.first)) return false;
  if (f.present[kTo] && !end(f.value[kTo], r.range.last, r.has_explicit_to)) return false;
  if (!amount(f.value[kSavings], r.savings)) return false;
  if (f.present[kOtherCapital] && !amount(f.value[kOtherCapital], r.other_capital)) return false;
  if (f.present[kHome] && !home(f.value[kHome], r.home)) return false;
  dom::array income;
  if (f.value[kIncome].get_array().get(income) != simdjson::SUCCESS) return false;
  r.pointer = child("/finances", index);
  const std::string income_pointer = r.pointer + "/income";
  r.income.reserve(income.size());
  std::size_t i = 0;
  for (dom::element item : income) {
    if (!income_item(item, income_pointer, i++, r.income.emplace_back())) return false;
  }
  if (f.present[kHousing] && !amount(f.value[kHousing], r.housing_costs)) return false;
  if (f.present[kDre] && !amount(f.value[kDre], r.disability_related_expenditure)) return false;
  return true;
}

bool exclusion(dom::element e, std::size_t index, Exclusion& x) {
  static constexpr std::array<std::string_view, 3> kNames{"from", "to", "reason"};
  Fields<3> f;
  if (!take_fields(e, kNames, f) || !f.present[0] || !f.present[1] || !f.present[2]) return false;
  if (!date(f.value[0], x.range.first)) return false;
  bool explicit_to = false;
  if (!end(f.value[1], x.range.last, explicit_to)) return false;
  static constexpr std::array<std::pair<std::string_view, ExclusionReason>, 3> kReasons{
      {{"nhs_continuing_healthcare", ExclusionReason::kNhsContinuingHealthcare},
       {"s117_aftercare", ExclusionReason::kS117Aftercare},
       {"free_reablement", ExclusionReason::kFreeReablement}}};
  if (!name_of(f.value[2], kReasons, x.reason)) return false;
  x.pointer = child("/exclusions", index);
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
  enum { kId, kBirth, kDeath, kHousehold, kNeeds, kCare, kFinances, kExclusions, kCount };
  static constexpr std::array<std::string_view, kCount> kNames{
      "id", "birth_date", "death_date", "household", "needs", "care", "finances", "exclusions"};
  Fields<kCount> f;
  if (!take_fields(doc, kNames, f)) return false;
  for (int required : {kId, kBirth, kHousehold, kNeeds, kCare, kFinances}) {
    if (!f.present[static_cast<std::size_t>(required)]) return false;
  }
  if (!nonempty_text(f.value[kId], p.id) || !valid_person_id(p.id)) return false;
  if (!date(f.value[kBirth], p.birth_date)) return false;
  if (f.present[kDeath] && !f.value[kDeath].is_null()) {
    Date d;
    if (!date(f.value[kDeath], d)) return false;
    p.death_date = d;
  }
  if (!household(f.value[kHousehold], p.household)) return false;
  if (!list(f.value[kNeeds], p.needs, needs)) return false;
  if (!list(f.value[kCare], p.care, care)) return false;
  if (!list(f.value[kFinances], p.finances, finances)) return false;
  if (f.present[kExclusions] && !list(f.value[kExclusions], p.exclusions, exclusion)) return false;
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
