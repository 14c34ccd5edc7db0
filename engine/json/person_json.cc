// person_json.cc — reads the person document (doc/person-document.md) strictly.
//
// Every field is checked for presence, type and range before the engine sees it, because a
// silently misread field (a typo, "2" for 2, 12.345 rounded) would change somebody's charge.
// The keys, names and bounds are the schema's in person.h, which the batch's fast reader reads
// through too; the rules are written out for users in doc/person-document.md.
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "caremeter/json/json_fields.h"
#include "caremeter/json/json_io.h"
#include "caremeter/model/person.h"

namespace caremeter {

namespace {

constexpr std::string_view kEndWords = "a date \"YYYY-MM-DD\" or null (open-ended)";

// A date range's end: a date, or null for open-ended (Date::max()).
Result<Date> read_end(const Json& value, const std::string& pointer) {
  if (value.is_null()) return Date::max();
  if (!value.is_string()) {
    return invalid_input(pointer, "expected " + std::string(kEndWords) + ", got " + json_type_name(value));
  }
  return read_date(value, pointer);
}

struct RangeRead {
  DateRange range;
  bool explicit_to = false;
};

// `from` and `to` of a record; `to` may be left out (open-ended) unless `to_required`.
template <class Keys>
Result<RangeRead> read_range(const JsonObject<Keys>& record, bool to_required) {
  RangeRead out;
  ASSIGN_OR_RETURN(out.range.first, record.date("from"));
  const Json* to = record.find("to");
  if (to == nullptr && to_required) return record.required("to", kEndWords).error();
  if (to != nullptr) {
    ASSIGN_OR_RETURN(out.range.last, read_end(*to, record.pointer_to("to")));
    out.explicit_to = !to->is_null();
  }
  return out;
}

Result<Household> read_household(const Json& value, const std::string& pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<HouseholdKeys>::open(value, pointer));
  Household h;
  ASSIGN_OR_RETURN(h.type, f.name("type", kHouseholdTypeNames));
  ASSIGN_OR_RETURN(auto children, f.optional_whole_number("dependent_children", 0, kMaxDependentChildren));
  h.dependent_children = static_cast<int>(children.value_or(0));
  if (const Json* premiums = f.find("premiums")) {
    const std::string list_pointer = f.pointer_to("premiums");
    if (!premiums->is_array()) {
      return invalid_input(list_pointer, "expected an array of premiums (" + kPremiumNames.list() + "), got " +
                                             json_type_name(*premiums));
    }
    for (std::size_t i = 0; i < premiums->size(); ++i) {
      const std::string item = child_pointer(list_pointer, i);
      ASSIGN_OR_RETURN(Premium p, read_name((*premiums)[i], item, kPremiumNames));
      bool& slot = h.premiums[static_cast<std::size_t>(p)];
      if (slot) return invalid_input(item, "premium '" + std::string(kPremiumNames.name(p)) + "' is listed more than once");
      slot = true;
    }
  }
  return h;
}

Result<NeedsRecord> read_needs(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<NeedsKeys>::open(value, std::move(pointer)));
  NeedsRecord n;
  n.pointer = f.pointer();
  ASSIGN_OR_RETURN(RangeRead r, read_range(f, false));
  n.range = r.range;
  ASSIGN_OR_RETURN(auto council, f.optional_text("council", "a council id"));
  n.council = council.value_or("");
  return n;
}

// A decimal with at most two places (string or number), as hundredths; `words` says what was
// expected, `within` checks the bound and `bound` names it.
template <class Within>
Result<Hundredths> read_decimal(const Json& value, const std::string& pointer, std::string_view words, Within within,
                                const std::string& bound) {
  std::string text;
  if (value.is_string()) {
    text = value.get_ref<const std::string&>();
  } else if (auto n = json_number_text(value)) {
    text = std::move(*n);
  } else {
    return invalid_input(pointer, "expected " + std::string(words) + ", got " + json_type_name(value));
  }
  auto h = parse_hundredths(text, Hundredths{std::numeric_limits<int64_t>::max()});
  if (!h) return std::move(h).error().under(pointer);
  if (!within(*h)) return invalid_input(pointer, "expected " + bound + ", got " + text);
  return *h;
}

// Hours a week: above zero and at most kMaxHoursPerWeek.
Result<Hundredths> read_hours(const Json& value, const std::string& pointer) {
  return read_decimal(value, pointer, "hours a week as a decimal such as \"10.5\"", valid_hours_per_week,
                      "hours a week above 0 and at most " + std::to_string(kMaxHoursPerWeek.value / 100));
}

// A yearly interest rate in percent: from 0 to kMaxInterestRate.
Result<Hundredths> read_interest_rate(const Json& value, const std::string& pointer) {
  return read_decimal(value, pointer, "a yearly interest rate in percent such as \"2.50\"", valid_interest_rate,
                      "a rate from 0 to " + to_string(kMaxInterestRate) + " percent");
}

// What a care record carries besides its range, setting and arrangement, which depends on the
// setting: a care home's category and stay, home care's hours or budget, community care's budget.
Status read_care_by_setting(const JsonObject<CareKeys>& f, CareRecord& c) {
  if (c.setting == Setting::kCareHome) {
    ASSIGN_OR_RETURN(c.category, f.name("category", kCareHomeCategoryNames));
    ASSIGN_OR_RETURN(c.stay, f.name("stay", kStayNames));
    return f.refuse("hours_per_week", "for a care home (only for home_care)");
  }
  const char* where = c.setting == Setting::kHomeCare ? "for home_care (only for care_home)"
                                                      : "for community care (only for care_home)";
  RETURN_IF_ERROR(f.refuse("category", where));
  RETURN_IF_ERROR(f.refuse("stay", where));
  if (c.setting == Setting::kHomeCare) {
    if (const Json* hours = f.find("hours_per_week")) {
      ASSIGN_OR_RETURN(c.hours_per_week, read_hours(*hours, f.pointer_to("hours_per_week")));
    } else if (!c.personal_budget) {
      return invalid_input(f.pointer_to("hours_per_week"),
                           "missing required field 'hours_per_week' (expected hours a week such as \"10.5\"; "
                           "home care needs hours_per_week unless personal_budget is given)");
    }
    return ok_status();
  }
  RETURN_IF_ERROR(f.refuse("hours_per_week", "for community care (only for home_care)"));
  if (!c.personal_budget) {
    return invalid_input(f.pointer_to("personal_budget"),
                         "missing required field 'personal_budget' (expected an amount of money; "
                         "community care has no council rate to derive it from)");
  }
  return ok_status();
}

// Fields only some care records may carry: a nursing placement's NHS-funded nursing care, and
// whether night-time care is arranged for care outside a care home.
Status read_care_extras(const JsonObject<CareKeys>& f, CareRecord& c) {
  bool nursing = c.setting == Setting::kCareHome && (c.category == CareHomeCategory::kNursing ||
                                                     c.category == CareHomeCategory::kNursingEnhanced);
  if (nursing) {
    ASSIGN_OR_RETURN(auto includes, f.optional_bool("weekly_fee_includes_fnc"));
    c.weekly_fee_includes_fnc = includes.value_or(false);
    if (c.weekly_fee_includes_fnc && !c.weekly_fee) {
      return invalid_input(f.pointer_to("weekly_fee"),
                           "missing required field 'weekly_fee' (expected the gross fee that "
                           "weekly_fee_includes_fnc says includes NHS-funded nursing care)");
    }
    ASSIGN_OR_RETURN(auto rate, f.optional_name("fnc_rate", kFncRateNames));
    c.fnc_rate = rate.value_or(FncRate::kStandard);
  } else {
    const char* why = "except on a nursing placement (category nursing or nursing_enhanced)";
    RETURN_IF_ERROR(f.refuse("weekly_fee_includes_fnc", why));
    RETURN_IF_ERROR(f.refuse("fnc_rate", why));
  }
  if (c.setting == Setting::kCareHome) {
    return f.refuse("night_care_arranged", "for a care home (only for care outside a care home)");
  }
  ASSIGN_OR_RETURN(auto night, f.optional_bool("night_care_arranged"));
  c.night_care_arranged = night.value_or(false);
  return ok_status();
}

Result<CareRecord> read_care(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<CareKeys>::open(value, std::move(pointer)));
  CareRecord c;
  c.pointer = f.pointer();
  ASSIGN_OR_RETURN(RangeRead r, read_range(f, false));
  c.range = r.range;
  ASSIGN_OR_RETURN(c.setting, f.name("setting", kSettingNames));
  ASSIGN_OR_RETURN(c.personal_budget, f.optional_money("personal_budget"));
  ASSIGN_OR_RETURN(c.weekly_fee, f.optional_money("weekly_fee"));
  RETURN_IF_ERROR(read_care_by_setting(f, c));
  ASSIGN_OR_RETURN(c.arranged_by, f.name("arranged_by", kArrangedByNames));
  RETURN_IF_ERROR(read_care_extras(f, c));
  return c;
}

Result<IncomeItem> read_income_item(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<IncomeKeys>::open(value, std::move(pointer)));
  IncomeItem item;
  item.pointer = f.pointer();
  ASSIGN_OR_RETURN(item.type, f.name("type", kIncomeTypeNames, "income type"));
  ASSIGN_OR_RETURN(item.weekly, f.money("weekly"));
  if (item.type != IncomeType::kPrivatePension) {
    RETURN_IF_ERROR(f.refuse("half_paid_to_spouse",
                             "for this income type (only for private_pension: an occupational or personal pension)"));
    return item;
  }
  ASSIGN_OR_RETURN(auto half, f.optional_bool("half_paid_to_spouse"));
  item.half_paid_to_spouse = half.value_or(false);
  return item;
}

// Why a qualifying relative stopped living in the home, and whether they had lived there since
// before the admission: only when no qualifying relative lives there now, and both together.
Status read_relative_left(const JsonObject<HomeKeys>& f, Home& home) {
  if (home.qualifying_relative_lives_there) {
    const char* why = "while qualifying_relative_lives_there is true";
    RETURN_IF_ERROR(f.refuse("relative_left_reason", why));
    return f.refuse("relative_lived_there_before_admission", why);
  }
  ASSIGN_OR_RETURN(home.relative_left_reason, f.optional_name("relative_left_reason", kRelativeLeftReasonNames));
  if (!home.relative_left_reason) {
    return f.refuse("relative_lived_there_before_admission", "without relative_left_reason");
  }
  ASSIGN_OR_RETURN(home.relative_lived_there_before_admission,
                   f.required_as("relative_lived_there_before_admission", "true or false", read_bool));
  return ok_status();
}

// A home, or null for none (as if left out).
Result<std::optional<Home>> read_home(const Json& value, const std::string& pointer) {
  if (value.is_null()) return std::optional<Home>();
  ASSIGN_OR_RETURN(auto f, JsonObject<HomeKeys>::open(value, pointer));
  Home home;
  ASSIGN_OR_RETURN(home.value, f.money("value"));
  ASSIGN_OR_RETURN(home.secured_debt, f.money_or_zero("secured_debt"));
  ASSIGN_OR_RETURN(auto owners, f.optional_whole_number("owners", 1, kMaxOwners));
  home.owners = static_cast<int>(owners.value_or(1));
  ASSIGN_OR_RETURN(auto relative, f.optional_bool("qualifying_relative_lives_there"));
  home.qualifying_relative_lives_there = relative.value_or(false);
  RETURN_IF_ERROR(read_relative_left(f, home));
  return std::optional<Home>(home);
}

Result<JointCapital> read_joint_capital(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<JointCapitalKeys>::open(value, std::move(pointer)));
  JointCapital j;
  j.pointer = f.pointer();
  ASSIGN_OR_RETURN(j.amount, f.money("amount"));
  ASSIGN_OR_RETURN(auto owners, f.whole_number("owners", kMinJointOwners, kMaxOwners));
  j.owners = static_cast<int>(owners);
  return j;
}

Result<FinancesRecord> read_finances(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<FinancesKeys>::open(value, std::move(pointer)));
  FinancesRecord r;
  r.pointer = f.pointer();
  ASSIGN_OR_RETURN(RangeRead range, read_range(f, false));
  r.range = range.range;
  r.has_explicit_to = range.explicit_to;
  ASSIGN_OR_RETURN(r.savings, f.money("savings"));
  ASSIGN_OR_RETURN(r.other_capital, f.money_or_zero("other_capital"));
  ASSIGN_OR_RETURN(r.joint_capital, f.optional_records<JointCapital>("joint_capital", read_joint_capital));
  if (const Json* home = f.find("home")) {
    ASSIGN_OR_RETURN(r.home, read_home(*home, f.pointer_to("home")));
  }
  ASSIGN_OR_RETURN(r.income, f.records<IncomeItem>("income", read_income_item));
  ASSIGN_OR_RETURN(r.housing_costs, f.money_or_zero("housing_costs"));
  ASSIGN_OR_RETURN(r.disability_related_expenditure, f.optional_money("disability_related_expenditure"));
  return r;
}

Result<Exclusion> read_exclusion(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<ExclusionKeys>::open(value, std::move(pointer)));
  Exclusion x;
  x.pointer = f.pointer();
  ASSIGN_OR_RETURN(RangeRead r, read_range(f, true));
  x.range = r.range;
  ASSIGN_OR_RETURN(x.reason, f.name("reason", kExclusionReasonNames));
  return x;
}

Result<NotionalCapital> read_notional_capital(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<NotionalCapitalKeys>::open(value, std::move(pointer)));
  NotionalCapital n;
  n.pointer = f.pointer();
  ASSIGN_OR_RETURN(n.from, f.date("from"));
  ASSIGN_OR_RETURN(n.amount, f.money("amount"));
  return n;
}

Result<DeferredPaymentFee> read_deferred_payment_fee(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<DeferredPaymentFeeKeys>::open(value, std::move(pointer)));
  DeferredPaymentFee fee;
  fee.pointer = f.pointer();
  ASSIGN_OR_RETURN(fee.on, f.date("on"));
  ASSIGN_OR_RETURN(fee.amount, f.money("amount"));
  return fee;
}

Result<DeferredPayment> read_deferred_payment(const Json& value, std::string pointer) {
  ASSIGN_OR_RETURN(auto f, JsonObject<DeferredPaymentKeys>::open(value, std::move(pointer)));
  DeferredPayment d;
  d.pointer = f.pointer();
  ASSIGN_OR_RETURN(RangeRead r, read_range(f, false));
  d.range = r.range;
  ASSIGN_OR_RETURN(d.property_value, f.money("property_value"));
  ASSIGN_OR_RETURN(d.secured_debt, f.money_or_zero("secured_debt"));
  ASSIGN_OR_RETURN(d.interest_rate, f.optional_as("interest_rate", read_interest_rate));
  ASSIGN_OR_RETURN(d.setup_fee, f.money_or_zero("setup_fee"));
  ASSIGN_OR_RETURN(d.fees, f.optional_records<DeferredPaymentFee>("fees", read_deferred_payment_fee));
  ASSIGN_OR_RETURN(d.disposable_income_allowance, f.optional_money("disposable_income_allowance"));
  return d;
}

// The person's fields as the document gives them, before normalise_person.
Result<Person> read_person_fields(const Json& document) {
  ASSIGN_OR_RETURN(auto f, JsonObject<PersonKeys>::open(document, ""));
  Person p;
  ASSIGN_OR_RETURN(p.id, f.text("id", "the person's id"));
  if (!valid_person_id(p.id)) {
    return invalid_input("/id", "expected the person's id as at most " + std::to_string(kMaxPersonIdBytes) +
                                    " bytes without control characters, got " + std::to_string(p.id.size()) + " bytes" +
                                    (p.id.size() <= kMaxPersonIdBytes ? " with a control character" : ""));
  }
  ASSIGN_OR_RETURN(p.birth_date, f.date("birth_date"));
  if (const Json* death = f.find_non_null("death_date")) {
    ASSIGN_OR_RETURN(p.death_date, read_date(*death, f.pointer_to("death_date")));
  }
  ASSIGN_OR_RETURN(const Json* household,
                   f.required("household", "an object {type, dependent_children, premiums}"));
  ASSIGN_OR_RETURN(p.household, read_household(*household, f.pointer_to("household")));
  ASSIGN_OR_RETURN(p.needs, f.records<NeedsRecord>("needs", read_needs));
  ASSIGN_OR_RETURN(p.care, f.records<CareRecord>("care", read_care));
  ASSIGN_OR_RETURN(p.finances, f.records<FinancesRecord>("finances", read_finances));
  ASSIGN_OR_RETURN(p.exclusions, f.optional_records<Exclusion>("exclusions", read_exclusion));
  ASSIGN_OR_RETURN(p.notional_capital, f.optional_records<NotionalCapital>("notional_capital", read_notional_capital));
  ASSIGN_OR_RETURN(p.deferred_payments,
                   f.optional_records<DeferredPayment>("deferred_payments", read_deferred_payment));
  return p;
}

}  // namespace

Result<Person> person_from_json(const Json& document) {
  auto person = read_person_fields(document);
  if (!person) return person;
  RETURN_IF_ERROR(normalise_person(*person));
  return person;
}

Result<Person> parse_person(std::string_view text, const JsonLimits& limits) {
  ASSIGN_OR_RETURN(Json doc, parse_json_strict(text, limits));
  return person_from_json(doc);
}

}  // namespace caremeter
