// person_json.cc — reads the person document (interfaces.md section 2) strictly.
//
// Every field is checked for presence, type and range before the engine sees it, because a
// silently misread field (a typo, "2" for 2, 12.345 rounded) would change somebody's charge.
// The rules are written out for users in doc/person-document.md; keep the two in step.
#include <array>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "caremeter/json/json_io.h"
#include "caremeter/model/person.h"

namespace caremeter {

namespace {

// Propagates an Error out of the enclosing function, else binds the value.
#define CM_CONCAT_INNER(a, b) a##b
#define CM_CONCAT(a, b) CM_CONCAT_INNER(a, b)
#define CM_TRY(lhs, expr)                                                  \
  auto CM_CONCAT(cm_try_, __LINE__) = (expr);                              \
  if (!CM_CONCAT(cm_try_, __LINE__)) return std::move(CM_CONCAT(cm_try_, __LINE__)).error(); \
  lhs = std::move(*CM_CONCAT(cm_try_, __LINE__))
#define CM_CHECK(expr)                                  \
  do {                                                  \
    auto cm_status = (expr);                            \
    if (!cm_status) return std::move(cm_status).error(); \
  } while (false)

std::string child(const std::string& pointer, std::string_view key) {
  return pointer + "/" + json_pointer_token(std::string(key));
}
std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

// A field the document must give. `expected` completes "expected …" in the message.
Result<const Json*> required(const Json& object, const std::string& pointer, std::string_view key,
                             std::string_view expected) {
  auto it = object.find(key);
  if (it == object.end()) {
    return invalid_input(child(pointer, key),
                         "missing required field '" + std::string(key) + "' (expected " + std::string(expected) + ")");
  }
  return &*it;
}

const Json* optional(const Json& object, std::string_view key) {
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A field that only some records may carry (e.g. `category` outside a care home).
Status refuse(const Json& object, const std::string& pointer, std::string_view key, std::string_view why) {
  if (object.contains(key)) {
    return invalid_input(child(pointer, key), "field '" + std::string(key) + "' is not allowed " + std::string(why));
  }
  return ok_status();
}

std::string got(const Json& value) {
  if (auto n = json_number_text(value)) return *n;
  if (value.is_string()) return "'" + value.get_ref<const std::string&>() + "'";
  return json_type_name(value);
}

Result<std::string> read_nonempty_string(const Json& value, const std::string& pointer, std::string_view what) {
  if (!value.is_string()) {
    return invalid_input(pointer, "expected " + std::string(what) + " as a non-empty string, got " + json_type_name(value));
  }
  const std::string& s = value.get_ref<const std::string&>();
  if (s.empty()) return invalid_input(pointer, "expected " + std::string(what) + " as a non-empty string, got \"\"");
  return s;
}

bool read_bool(const Json& value, const std::string& pointer, Error& error, bool& out) {
  if (!value.is_boolean()) {
    error = invalid_input(pointer, "expected true or false, got " + json_type_name(value));
    return false;
  }
  out = value.get<bool>();
  return true;
}

// A whole number in [lo, hi]; "2", 1.5 and true are refused rather than converted.
Result<int> read_whole_number(const Json& value, const std::string& pointer, int lo, int hi) {
  std::string range = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (value.is_number_unsigned()) {
    auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(hi) || static_cast<std::int64_t>(u) < lo) {
      return invalid_input(pointer, "expected " + range + ", got " + got(value));
    }
    return static_cast<int>(u);
  }
  if (value.is_number_integer()) {
    auto i = value.get<std::int64_t>();
    if (i < lo || i > hi) return invalid_input(pointer, "expected " + range + ", got " + got(value));
    return static_cast<int>(i);
  }
  if (json_number_text(value)) return invalid_input(pointer, "expected " + range + ", got " + got(value));
  return invalid_input(pointer, "expected " + range + ", got " + json_type_name(value));
}

template <class E>
using NameTable = std::initializer_list<std::pair<std::string_view, E>>;

template <class E>
Result<E> read_enum(const Json& value, const std::string& pointer, NameTable<E> names) {
  std::string list;
  for (const auto& [name, e] : names) list += (list.empty() ? "" : ", ") + std::string(name);
  if (!value.is_string()) {
    return invalid_input(pointer, "expected one of: " + list + " (a string), got " + json_type_name(value));
  }
  const std::string& s = value.get_ref<const std::string&>();
  for (const auto& [name, e] : names) {
    if (name == s) return e;
  }
  return invalid_input(pointer, "expected one of: " + list + ", got '" + s + "'");
}

// Money under the document's rules: not negative, at most £1,000,000,000, two decimals. The
// limit is checked here so the message can say what it is.
Result<Money> read_amount(const Json& value, const std::string& pointer) {
  const MoneyParseOptions limits;
  MoneyParseOptions unlimited;
  unlimited.maximum = Money::pence(std::numeric_limits<int64_t>::max());
  CM_TRY(Money m, read_money(value, pointer, unlimited));
  if (m > limits.maximum) {
    return invalid_input(pointer, "expected an amount of money of at most " + to_string(limits.maximum) + ", got " +
                                      to_string(m));
  }
  return m;
}

Result<Money> read_amount(const Json& object, const std::string& pointer, std::string_view key) {
  return read_amount(object.at(key), child(pointer, key));
}

Result<Money> required_amount(const Json& object, const std::string& pointer, std::string_view key) {
  CM_TRY(const Json* v, required(object, pointer, key, "an amount of money as a decimal string such as \"30.15\""));
  return read_amount(*v, child(pointer, key));
}

Result<Money> amount_or_zero(const Json& object, const std::string& pointer, std::string_view key) {
  if (!object.contains(key)) return Money::zero();
  return read_amount(object, pointer, key);
}

Result<std::optional<Money>> optional_amount(const Json& object, const std::string& pointer, std::string_view key) {
  if (!object.contains(key)) return std::optional<Money>();
  CM_TRY(Money m, read_amount(object, pointer, key));
  return std::optional<Money>(m);
}

Result<Date> required_date(const Json& object, const std::string& pointer, std::string_view key) {
  CM_TRY(const Json* v, required(object, pointer, key, "a date \"YYYY-MM-DD\""));
  return read_date(*v, child(pointer, key));
}

// A date range's end: a date, or null / absent for open-ended (Date::max()).
Result<Date> read_end(const Json& value, const std::string& pointer) {
  if (value.is_null()) return Date::max();
  if (!value.is_string()) {
    return invalid_input(pointer, "expected a date \"YYYY-MM-DD\" or null (open-ended), got " + json_type_name(value));
  }
  return read_date(value, pointer);
}

struct RangeRead {
  DateRange range;
  bool explicit_to = false;
};

Result<RangeRead> read_range(const Json& object, const std::string& pointer, bool to_required) {
  RangeRead out;
  CM_TRY(out.range.first, required_date(object, pointer, "from"));
  const Json* to = optional(object, "to");
  if (to == nullptr && to_required) {
    CM_TRY(to, required(object, pointer, "to", "a date \"YYYY-MM-DD\" or null (open-ended)"));
  }
  if (to != nullptr) {
    CM_TRY(out.range.last, read_end(*to, child(pointer, "to")));
    out.explicit_to = !to->is_null();
  }
  return out;
}

Result<const Json*> required_array(const Json& object, const std::string& pointer, std::string_view key) {
  CM_TRY(const Json* v, required(object, pointer, key, "an array"));
  if (!v->is_array()) {
    return invalid_input(child(pointer, key), "expected an array, got " + json_type_name(*v));
  }
  return v;
}

Result<Household> read_household(const Json& value, const std::string& pointer) {
  CM_CHECK(check_known_keys(value, pointer, {"type", "dependent_children", "premiums"}));
  Household h;
  CM_TRY(const Json* type, required(value, pointer, "type", "one of: single, couple, lone_parent"));
  CM_TRY(h.type, read_enum<HouseholdType>(*type, child(pointer, "type"),
                                          {{"single", HouseholdType::kSingle},
                                           {"couple", HouseholdType::kCouple},
                                           {"lone_parent", HouseholdType::kLoneParent}}));
  if (const Json* children = optional(value, "dependent_children")) {
    CM_TRY(h.dependent_children, read_whole_number(*children, child(pointer, "dependent_children"), 0, 20));
  }
  if (const Json* premiums = optional(value, "premiums")) {
    std::string ptr = child(pointer, "premiums");
    if (!premiums->is_array()) {
      return invalid_input(ptr, "expected an array of premiums (disability, enhanced_disability, carer), got " +
                                    json_type_name(*premiums));
    }
    for (std::size_t i = 0; i < premiums->size(); ++i) {
      std::string item = child(ptr, i);
      CM_TRY(Premium p, read_enum<Premium>((*premiums)[i], item,
                                           {{"disability", Premium::kDisability},
                                            {"enhanced_disability", Premium::kEnhancedDisability},
                                            {"carer", Premium::kCarer}}));
      auto& slot = h.premiums[static_cast<std::size_t>(p)];
      if (slot) {
        return invalid_input(item, "premium '" + (*premiums)[i].get<std::string>() + "' is listed more than once");
      }
      slot = true;
    }
  }
  return h;
}

Result<NeedsRecord> read_needs(const Json& value, const std::string& pointer) {
  CM_CHECK(check_known_keys(value, pointer, {"from", "to", "council"}));
  NeedsRecord n;
  n.pointer = pointer;
  CM_TRY(RangeRead r, read_range(value, pointer, false));
  n.range = r.range;
  if (const Json* council = optional(value, "council")) {
    CM_TRY(n.council, read_nonempty_string(*council, child(pointer, "council"), "a council id"));
  }
  return n;
}

Result<Hundredths> read_hours(const Json& value, const std::string& pointer) {
  std::string text;
  if (value.is_string()) {
    text = value.get<std::string>();
  } else if (auto n = json_number_text(value)) {
    text = *n;
  } else {
    return invalid_input(pointer, "expected hours a week as a decimal such as \"10.5\", got " + json_type_name(value));
  }
  auto h = parse_hundredths(text, Hundredths{std::numeric_limits<int64_t>::max()});
  if (!h) return std::move(h).error().under(pointer);
  if (!valid_hours_per_week(*h)) {
    return invalid_input(pointer, "expected hours a week above 0 and at most 168, got " + text);
  }
  return *h;
}

Result<CareRecord> read_care(const Json& value, const std::string& pointer) {
  CM_CHECK(check_known_keys(value, pointer,
                            {"from", "to", "setting", "category", "stay", "hours_per_week", "arranged_by",
                             "personal_budget", "weekly_fee"}));
  CareRecord c;
  c.pointer = pointer;
  CM_TRY(RangeRead r, read_range(value, pointer, false));
  c.range = r.range;
  CM_TRY(const Json* setting, required(value, pointer, "setting", "one of: care_home, home_care, community"));
  CM_TRY(c.setting, read_enum<Setting>(*setting, child(pointer, "setting"),
                                       {{"care_home", Setting::kCareHome},
                                        {"home_care", Setting::kHomeCare},
                                        {"community", Setting::kCommunity}}));
  CM_TRY(c.personal_budget, optional_amount(value, pointer, "personal_budget"));
  CM_TRY(c.weekly_fee, optional_amount(value, pointer, "weekly_fee"));

  if (c.setting == Setting::kCareHome) {
    CM_TRY(const Json* category,
           required(value, pointer, "category",
                    "one of: residential, residential_enhanced, nursing, nursing_enhanced for a care home"));
    CM_TRY(c.category, read_enum<CareHomeCategory>(*category, child(pointer, "category"),
                                                   {{"residential", CareHomeCategory::kResidential},
                                                    {"residential_enhanced", CareHomeCategory::kResidentialEnhanced},
                                                    {"nursing", CareHomeCategory::kNursing},
                                                    {"nursing_enhanced", CareHomeCategory::kNursingEnhanced}}));
    CM_TRY(const Json* stay, required(value, pointer, "stay", "permanent or temporary for a care home"));
    CM_TRY(c.stay, read_enum<Stay>(*stay, child(pointer, "stay"),
                                   {{"permanent", Stay::kPermanent}, {"temporary", Stay::kTemporary}}));
    CM_CHECK(refuse(value, pointer, "hours_per_week", "for a care home (only for home_care)"));
  } else {
    const char* where = c.setting == Setting::kHomeCare ? "for home_care (only for care_home)"
                                                        : "for community care (only for care_home)";
    CM_CHECK(refuse(value, pointer, "category", where));
    CM_CHECK(refuse(value, pointer, "stay", where));
    if (c.setting == Setting::kHomeCare) {
      if (const Json* hours = optional(value, "hours_per_week")) {
        CM_TRY(c.hours_per_week, read_hours(*hours, child(pointer, "hours_per_week")));
      } else if (!c.personal_budget) {
        return invalid_input(child(pointer, "hours_per_week"),
                             "missing required field 'hours_per_week' (expected hours a week such as \"10.5\"; "
                             "home care needs hours_per_week unless personal_budget is given)");
      }
    } else {
      CM_CHECK(refuse(value, pointer, "hours_per_week", "for community care (only for home_care)"));
      if (!c.personal_budget) {
        return invalid_input(child(pointer, "personal_budget"),
                             "missing required field 'personal_budget' (expected an amount of money; "
                             "community care has no council rate to derive it from)");
      }
    }
  }

  CM_TRY(const Json* arranged, required(value, pointer, "arranged_by", "council or self"));
  CM_TRY(c.arranged_by, read_enum<ArrangedBy>(*arranged, child(pointer, "arranged_by"),
                                              {{"council", ArrangedBy::kCouncil}, {"self", ArrangedBy::kSelf}}));
  return c;
}

Result<IncomeType> read_income_type(const Json& value, const std::string& pointer) {
  std::string list;
  for (std::size_t i = 0; i < kIncomeTypeCount; ++i) {
    list += (list.empty() ? "" : ", ") + std::string(income_type_name(static_cast<IncomeType>(i)));
  }
  if (!value.is_string()) {
    return invalid_input(pointer, "expected an income type (one of: " + list + "), got " + json_type_name(value));
  }
  auto t = income_type_by_name(value.get_ref<const std::string&>());
  if (!t) {
    return invalid_input(pointer, "unknown income type '" + value.get<std::string>() + "' (expected one of: " + list + ")");
  }
  return *t;
}

Result<IncomeItem> read_income_item(const Json& value, const std::string& pointer) {
  CM_CHECK(check_known_keys(value, pointer, {"type", "weekly"}));
  IncomeItem item;
  item.pointer = pointer;
  CM_TRY(const Json* type, required(value, pointer, "type", "an income type such as \"state_pension\""));
  CM_TRY(item.type, read_income_type(*type, child(pointer, "type")));
  CM_TRY(item.weekly, required_amount(value, pointer, "weekly"));
  return item;
}

Result<std::optional<Home>> read_home(const Json& value, const std::string& pointer) {
  if (value.is_null()) return std::optional<Home>();
  CM_CHECK(check_known_keys(value, pointer, {"value", "secured_debt", "qualifying_relative_lives_there"}));
  Home home;
  CM_TRY(home.value, required_amount(value, pointer, "value"));
  CM_TRY(home.secured_debt, amount_or_zero(value, pointer, "secured_debt"));
  if (const Json* q = optional(value, "qualifying_relative_lives_there")) {
    Error e;
    if (!read_bool(*q, child(pointer, "qualifying_relative_lives_there"), e, home.qualifying_relative_lives_there)) {
      return e;
    }
  }
  return std::optional<Home>(home);
}

Result<FinancesRecord> read_finances(const Json& value, const std::string& pointer) {
  CM_CHECK(check_known_keys(value, pointer,
                            {"from", "to", "savings", "other_capital", "home", "income", "housing_costs",
                             "disability_related_expenditure"}));
  FinancesRecord f;
  f.pointer = pointer;
  CM_TRY(RangeRead r, read_range(value, pointer, false));
  f.range = r.range;
  f.has_explicit_to = r.explicit_to;
  CM_TRY(f.savings, required_amount(value, pointer, "savings"));
  CM_TRY(f.other_capital, amount_or_zero(value, pointer, "other_capital"));
  if (const Json* home = optional(value, "home")) {
    CM_TRY(f.home, read_home(*home, child(pointer, "home")));
  }
  CM_TRY(const Json* income, required_array(value, pointer, "income"));
  std::string income_ptr = child(pointer, "income");
  f.income.reserve(income->size());
  for (std::size_t i = 0; i < income->size(); ++i) {
    CM_TRY(IncomeItem item, read_income_item((*income)[i], child(income_ptr, i)));
    f.income.push_back(std::move(item));
  }
  CM_TRY(f.housing_costs, amount_or_zero(value, pointer, "housing_costs"));
  CM_TRY(f.disability_related_expenditure, amount_or_zero(value, pointer, "disability_related_expenditure"));
  return f;
}

Result<Exclusion> read_exclusion(const Json& value, const std::string& pointer) {
  CM_CHECK(check_known_keys(value, pointer, {"from", "to", "reason"}));
  Exclusion x;
  x.pointer = pointer;
  CM_TRY(RangeRead r, read_range(value, pointer, true));
  x.range = r.range;
  CM_TRY(const Json* reason,
         required(value, pointer, "reason", "one of: nhs_continuing_healthcare, s117_aftercare, free_reablement"));
  CM_TRY(x.reason, read_enum<ExclusionReason>(*reason, child(pointer, "reason"),
                                              {{"nhs_continuing_healthcare", ExclusionReason::kNhsContinuingHealthcare},
                                               {"s117_aftercare", ExclusionReason::kS117Aftercare},
                                               {"free_reablement", ExclusionReason::kFreeReablement}}));
  return x;
}

// Reads every element of the array at `key` with `read`, each with its own pointer.
template <class T, class Reader>
Result<std::vector<T>> read_list(const Json* array, const std::string& pointer, Reader read) {
  std::vector<T> out;
  if (array == nullptr) return out;
  if (!array->is_array()) return invalid_input(pointer, "expected an array, got " + json_type_name(*array));
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i) {
    CM_TRY(T item, read((*array)[i], child(pointer, i)));
    out.push_back(std::move(item));
  }
  return out;
}

Result<Person> read_person(const Json& doc) {
  CM_CHECK(check_known_keys(doc, "",
                            {"id", "birth_date", "death_date", "household", "needs", "care", "finances",
                             "exclusions"}));
  Person p;
  CM_TRY(const Json* id, required(doc, "", "id", "the person's id as a non-empty string"));
  CM_TRY(p.id, read_nonempty_string(*id, "/id", "the person's id"));
  if (!valid_person_id(p.id)) {
    return invalid_input("/id", "expected the person's id as at most " + std::to_string(kMaxPersonIdBytes) +
                                    " bytes without control characters, got " + std::to_string(p.id.size()) + " bytes" +
                                    (p.id.size() <= kMaxPersonIdBytes ? " with a control character" : ""));
  }
  CM_TRY(p.birth_date, required_date(doc, "", "birth_date"));
  if (const Json* death = optional(doc, "death_date"); death != nullptr && !death->is_null()) {
    CM_TRY(p.death_date, read_date(*death, "/death_date"));
  }
  CM_TRY(const Json* household, required(doc, "", "household", "an object {type, dependent_children, premiums}"));
  CM_TRY(p.household, read_household(*household, "/household"));
  CM_TRY(const Json* needs, required_array(doc, "", "needs"));
  CM_TRY(p.needs, read_list<NeedsRecord>(needs, "/needs", read_needs));
  CM_TRY(const Json* care, required_array(doc, "", "care"));
  CM_TRY(p.care, read_list<CareRecord>(care, "/care", read_care));
  CM_TRY(const Json* finances, required_array(doc, "", "finances"));
  CM_TRY(p.finances, read_list<FinancesRecord>(finances, "/finances", read_finances));
  CM_TRY(p.exclusions, read_list<Exclusion>(optional(doc, "exclusions"), "/exclusions", read_exclusion));
  return p;
}

#undef CM_CHECK
#undef CM_TRY
#undef CM_CONCAT
#undef CM_CONCAT_INNER

}  // namespace

Result<Person> person_from_json(const Json& document) {
  auto person = read_person(document);
  if (!person) return person;
  Status normal = normalise_person(*person);
  if (!normal) return std::move(normal).error();
  return person;
}

Result<Person> parse_person(std::string_view text, const JsonLimits& limits) {
  auto doc = parse_json_strict(text, limits);
  if (!doc) return std::move(doc).error();
  return person_from_json(*doc);
}

}  // namespace caremeter
