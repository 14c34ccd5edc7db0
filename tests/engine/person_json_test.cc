// Reading the person document: what is accepted, and the exact pointer of every refusal.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "caremeter/json/json_io.h"
#include "caremeter/model/person.h"

namespace caremeter {
namespace {

// The example of doc/person-document.md (its finances records listed out of date order; the
// earlier one covers the home care).
const char* const kExample = R"({
  "id": "P-000123",
  "birth_date": "1946-03-14",
  "death_date": null,
  "household": {"type": "single", "dependent_children": 0, "premiums": []},
  "needs": [
    {"from": "2024-01-08", "to": null, "council": "example-shire"}
  ],
  "care": [
    {"from": "2025-10-01", "to": null, "setting": "care_home", "category": "residential",
     "stay": "permanent", "arranged_by": "self",
     "personal_budget": "850.00", "weekly_fee": "1200.00"},
    {"from": "2024-01-08", "to": "2025-09-30", "setting": "home_care", "hours_per_week": "10.5",
     "arranged_by": "council"}
  ],
  "finances": [
    {"from": "2025-10-01", "savings": "45000.00", "other_capital": "0.00",
     "home": {"value": "250000.00", "secured_debt": "0.00", "qualifying_relative_lives_there": false},
     "income": [{"type": "state_pension", "weekly": "221.20"},
                {"type": "private_pension", "weekly": "80.00"}],
     "housing_costs": "0.00", "disability_related_expenditure": "0.00"},
    {"from": "2024-01-08", "savings": "52000.00",
     "income": [{"type": "state_pension", "weekly": "203.85"}]}
  ],
  "exclusions": [{"from": "2026-02-01", "to": "2026-03-01", "reason": "nhs_continuing_healthcare"}]
})";

Json example() { return Json::parse(kExample); }

// The example with the value at `pointer` replaced by `raw` JSON text, written exactly as given
// (so 12.345 stays 12.345 rather than passing through a double).
std::string with(const std::string& pointer, const std::string& raw) {
  Json doc = example();
  doc[Json::json_pointer(pointer)] = "@@RAW@@";
  std::string text = doc.dump();
  auto at = text.find("\"@@RAW@@\"");
  text.replace(at, 9, raw);
  return text;
}

std::string without(const std::string& pointer) {
  Json doc = example();
  Json::json_pointer p(pointer);
  doc[p.parent_pointer()].erase(p.back());
  return doc.dump();
}

// The error parse_person gives for `text`; fails the test if it parses.
Error error_of(const std::string& text) {
  auto r = parse_person(text);
  EXPECT_FALSE(r.ok()) << "expected an error for " << text;
  if (r.ok()) return Error{};
  return r.error();
}

// Issue 14 (risk): ids had no bound. At most kMaxPersonIdBytes (256) bytes, no control
// characters; any other UTF-8 is an id.
TEST(PersonJson, TheIdIsBoundedAndHasNoControlCharacters) {
  EXPECT_TRUE(parse_person(with("/id", "\"" + std::string(256, 'a') + "\"")).ok());
  EXPECT_TRUE(parse_person(with("/id", "\"Zoë Ø 42\"")).ok());
  for (const std::string& bad : {"\"" + std::string(257, 'a') + "\"", std::string("\"P\\u0000\""),
                                 std::string("\"P\\n1\""), std::string("\"P\\u007f\""), std::string("\"P\\u0085\"")}) {
    Error e = error_of(with("/id", bad));
    EXPECT_EQ(e.pointer, "/id") << bad;
    EXPECT_NE(e.message.find("at most 256 bytes without control characters"), std::string::npos) << e.message;
  }
  EXPECT_TRUE(valid_person_id("P-1"));
  EXPECT_FALSE(valid_person_id(""));
  EXPECT_FALSE(valid_person_id("tab\there"));
  EXPECT_FALSE(valid_person_id("\xc2\x9f"));  // U+009F, a C1 control
  EXPECT_TRUE(valid_person_id("\xc2\xa0"));   // U+00A0, no control
}

TEST(PersonJson, ExampleDocumentParses) {
  auto r = parse_person(kExample);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const Person& p = *r;
  EXPECT_EQ(p.id, "P-000123");
  EXPECT_EQ(p.birth_date, Date::from_ymd(1946, 3, 14));
  EXPECT_FALSE(p.death_date.has_value());
  EXPECT_EQ(p.household.type, HouseholdType::kSingle);
  EXPECT_EQ(p.household.dependent_children, 0);
  EXPECT_FALSE(p.household.has(Premium::kCarer));

  ASSERT_EQ(p.needs.size(), 1u);
  EXPECT_EQ(p.needs[0].council, "example-shire");
  EXPECT_TRUE(p.needs[0].range.open());
  EXPECT_EQ(p.needs[0].pointer, "/needs/0");

  // Sorted by start; pointers keep the document's indices.
  ASSERT_EQ(p.care.size(), 2u);
  EXPECT_EQ(p.care[0].pointer, "/care/1");
  EXPECT_EQ(p.care[0].setting, Setting::kHomeCare);
  EXPECT_EQ(p.care[0].hours_per_week.value, 1050);
  EXPECT_EQ(p.care[0].range.last, Date::from_ymd(2025, 9, 30));
  EXPECT_EQ(p.care[0].arranged_by, ArrangedBy::kCouncil);
  EXPECT_FALSE(p.care[0].personal_budget.has_value());
  EXPECT_EQ(p.care[1].pointer, "/care/0");
  EXPECT_EQ(p.care[1].setting, Setting::kCareHome);
  EXPECT_EQ(p.care[1].category, CareHomeCategory::kResidential);
  EXPECT_EQ(p.care[1].stay, Stay::kPermanent);
  EXPECT_EQ(p.care[1].arranged_by, ArrangedBy::kSelf);
  EXPECT_EQ(p.care[1].personal_budget, Money::pence(85000));
  EXPECT_EQ(p.care[1].weekly_fee, Money::pence(120000));
  EXPECT_TRUE(p.care[1].range.open());

  // The earlier finances record has no `to`: it runs to the day before the next starts.
  ASSERT_EQ(p.finances.size(), 2u);
  EXPECT_EQ(p.finances[0].pointer, "/finances/1");
  EXPECT_EQ(p.finances[0].range.last, Date::from_ymd(2025, 9, 30));
  EXPECT_FALSE(p.finances[0].has_explicit_to);
  EXPECT_EQ(p.finances[0].other_capital, Money::zero());
  EXPECT_FALSE(p.finances[0].home.has_value());
  EXPECT_EQ(p.finances[1].pointer, "/finances/0");
  EXPECT_TRUE(p.finances[1].range.open());
  EXPECT_EQ(p.finances[1].savings, Money::pounds(45000));
  ASSERT_TRUE(p.finances[1].home.has_value());
  EXPECT_EQ(p.finances[1].home->value, Money::pounds(250000));
  EXPECT_FALSE(p.finances[1].home->qualifying_relative_lives_there);
  ASSERT_EQ(p.finances[1].income.size(), 2u);
  EXPECT_EQ(p.finances[1].income[0].type, IncomeType::kStatePension);
  EXPECT_EQ(p.finances[1].income[0].weekly, Money::pence(22120));
  EXPECT_EQ(p.finances[1].income[1].pointer, "/finances/0/income/1");
  EXPECT_EQ(p.finances[1].income[1].type, IncomeType::kPrivatePension);

  ASSERT_EQ(p.exclusions.size(), 1u);
  EXPECT_EQ(p.exclusions[0].reason, ExclusionReason::kNhsContinuingHealthcare);
  EXPECT_EQ(p.exclusions[0].range.last, Date::from_ymd(2026, 3, 1));
}

TEST(PersonJson, MinimalDocumentTakesDefaults) {
  auto r = parse_person(R"({"id":"x","birth_date":"1950-01-01","household":{"type":"couple"},
                            "needs":[],"care":[],"finances":[]})");
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->household.type, HouseholdType::kCouple);
  EXPECT_EQ(r->household.dependent_children, 0);
  EXPECT_TRUE(r->exclusions.empty());
}

TEST(PersonJson, NumbersAreReadExactly) {
  auto r = parse_person(with("/finances/0/income/0/weekly", "221.2"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->finances[1].income[0].weekly, Money::pence(22120));

  auto hours = parse_person(with("/care/1/hours_per_week", "7.25"));
  ASSERT_TRUE(hours.ok()) << hours.error().to_string();
  EXPECT_EQ(hours->care[0].hours_per_week.value, 725);

  auto billion = parse_person(with("/finances/0/home/value", "\"1000000000.00\""));
  ASSERT_TRUE(billion.ok()) << billion.error().to_string();
  EXPECT_EQ(billion->finances[1].home->value, Money::pounds(1'000'000'000));

  auto whole = parse_person(with("/care/0/weekly_fee", "1300"));
  ASSERT_TRUE(whole.ok()) << whole.error().to_string();
  EXPECT_EQ(whole->care[1].weekly_fee, Money::pounds(1300));
}

TEST(PersonJson, PremiumsAndChildren) {
  auto r = parse_person(with("/household", R"({"type":"lone_parent","dependent_children":2,
                                               "premiums":["carer","disability"]})"));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->household.type, HouseholdType::kLoneParent);
  EXPECT_EQ(r->household.dependent_children, 2);
  EXPECT_TRUE(r->household.has(Premium::kCarer));
  EXPECT_TRUE(r->household.has(Premium::kDisability));
  EXPECT_FALSE(r->household.has(Premium::kEnhancedDisability));
}

TEST(PersonJson, CommunityCareAndHomeCareWithBudget) {
  auto community = parse_person(with("/care/1", R"({"from":"2024-01-08","to":"2025-09-30","setting":"community",
                                                    "arranged_by":"council","personal_budget":"120.00"})"));
  ASSERT_TRUE(community.ok()) << community.error().to_string();
  EXPECT_EQ(community->care[0].setting, Setting::kCommunity);
  EXPECT_EQ(community->care[0].personal_budget, Money::pounds(120));

  auto budget_only = parse_person(with("/care/1", R"({"from":"2024-01-08","to":"2025-09-30","setting":"home_care",
                                                      "arranged_by":"self","personal_budget":"300"})"));
  ASSERT_TRUE(budget_only.ok()) << budget_only.error().to_string();
}

struct BadCase {
  const char* name;
  std::string text;
  const char* pointer;
  const char* message_part;
};

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.name; }

class PersonJsonRefuses : public ::testing::TestWithParam<BadCase> {};

TEST_P(PersonJsonRefuses, WithExactPointer) {
  const BadCase& c = GetParam();
  Error e = error_of(c.text);
  EXPECT_EQ(e.code, ErrorCode::kInvalidInput);
  EXPECT_EQ(e.pointer, c.pointer) << e.message;
  EXPECT_NE(e.message.find(c.message_part), std::string::npos) << e.message;
}

std::string care0_with(const std::string& field, const std::string& raw) { return with("/care/0/" + field, raw); }

std::string duplicate_key() {
  std::string text = kExample;
  text.replace(text.find("\"birth_date\""), 0, R"("id": "P-other", )");
  return text;
}

INSTANTIATE_TEST_SUITE_P(
    Fields, PersonJsonRefuses,
    ::testing::Values(
        BadCase{"unknown_field", care0_with("personal_budjet", "\"850.00\""), "/care/0/personal_budjet",
                "unknown field 'personal_budjet'"},
        BadCase{"unknown_top_level", with("/nickname", "\"Bob\""), "/nickname", "unknown field"},
        BadCase{"unknown_in_home", with("/finances/0/home/mortgage", "\"1\""), "/finances/0/home/mortgage",
                "unknown field"},
        BadCase{"unknown_in_income", with("/finances/0/income/1/note", "\"x\""), "/finances/0/income/1/note",
                "unknown field"},
        BadCase{"duplicate_key", duplicate_key(), "/id", "duplicate key"},
        BadCase{"money_three_decimals_string", care0_with("weekly_fee", "\"12.345\""), "/care/0/weekly_fee",
                "more than two decimals"},
        BadCase{"money_three_decimals_number", care0_with("weekly_fee", "12.345"), "/care/0/weekly_fee",
                "more than two decimals"},
        BadCase{"money_negative", with("/finances/0/savings", "\"-1.00\""), "/finances/0/savings", "negative"},
        BadCase{"money_negative_number", with("/finances/0/income/0/weekly", "-5"), "/finances/0/income/0/weekly",
                "negative"},
        BadCase{"money_above_a_billion", with("/finances/0/home/value", "\"1000000000.01\""),
                "/finances/0/home/value", "at most 1000000000.00"},
        BadCase{"money_boolean", care0_with("personal_budget", "true"), "/care/0/personal_budget",
                "got a boolean"},
        BadCase{"money_exponent", care0_with("weekly_fee", "1e3"), "/care/0/weekly_fee", "unexpected character"},
        BadCase{"invalid_date", care0_with("from", "\"2025-02-30\""), "/care/0/from", "not a calendar date"},
        BadCase{"date_wrong_form", with("/birth_date", "\"14/03/1946\""), "/birth_date", "YYYY-MM-DD"},
        BadCase{"date_number", with("/needs/0/to", "20250101"), "/needs/0/to", "got a number"},
        BadCase{"to_before_from", with("/exclusions/0/to", "\"2026-01-31\""), "/exclusions/0/to",
                "before it starts"},
        BadCase{"death_before_birth", with("/death_date", "\"1940-01-01\""), "/death_date",
                "before the birth date"},
        BadCase{"children_string", with("/household/dependent_children", "\"2\""), "/household/dependent_children",
                "whole number"},
        BadCase{"children_fraction", with("/household/dependent_children", "1.5"), "/household/dependent_children",
                "got 1.5"},
        BadCase{"children_negative", with("/household/dependent_children", "-1"), "/household/dependent_children",
                "from 0 to 20"},
        BadCase{"children_too_many", with("/household/dependent_children", "21"), "/household/dependent_children",
                "from 0 to 20"},
        BadCase{"id_number", with("/id", "123"), "/id", "got a number"},
        BadCase{"id_empty", with("/id", "\"\""), "/id", "non-empty"},
        BadCase{"missing_id", without("/id"), "/id", "missing required field 'id'"},
        BadCase{"missing_savings", without("/finances/0/savings"), "/finances/0/savings",
                "missing required field 'savings'"},
        BadCase{"missing_income", without("/finances/1/income"), "/finances/1/income",
                "missing required field 'income'"},
        BadCase{"missing_arranged_by", without("/care/1/arranged_by"), "/care/1/arranged_by",
                "missing required field 'arranged_by'"},
        BadCase{"missing_care_list", without("/care"), "/care", "missing required field 'care'"},
        BadCase{"care_not_array", with("/care", "{}"), "/care", "expected an array"},
        BadCase{"missing_category", without("/care/0/category"), "/care/0/category",
                "missing required field 'category'"},
        BadCase{"missing_stay", without("/care/0/stay"), "/care/0/stay", "missing required field 'stay'"},
        BadCase{"category_on_home_care", with("/care/1/category", "\"residential\""), "/care/1/category",
                "not allowed"},
        BadCase{"hours_on_care_home", care0_with("hours_per_week", "\"10\""), "/care/0/hours_per_week",
                "not allowed"},
        BadCase{"missing_hours", without("/care/1/hours_per_week"), "/care/1/hours_per_week",
                "missing required field 'hours_per_week'"},
        BadCase{"hours_zero", with("/care/1/hours_per_week", "\"0\""), "/care/1/hours_per_week", "above 0"},
        BadCase{"hours_above_week", with("/care/1/hours_per_week", "168.01"), "/care/1/hours_per_week",
                "at most 168"},
        BadCase{"community_without_budget",
                with("/care/1", R"({"from":"2024-01-08","to":"2025-09-30","setting":"community","arranged_by":"self"})"),
                "/care/1/personal_budget", "missing required field 'personal_budget'"},
        BadCase{"bad_setting", care0_with("setting", "\"hospital\""), "/care/0/setting",
                "expected one of: care_home, home_care, community, got 'hospital'"},
        BadCase{"bad_category", care0_with("category", "\"nursing_plus\""), "/care/0/category", "expected one of"},
        BadCase{"bad_stay", care0_with("stay", "\"respite\""), "/care/0/stay", "expected one of"},
        BadCase{"bad_arranged_by", care0_with("arranged_by", "\"family\""), "/care/0/arranged_by",
                "expected one of"},
        BadCase{"bad_household_type", with("/household/type", "\"widowed\""), "/household/type", "expected one of"},
        BadCase{"bad_premium", with("/household/premiums", R"(["disability","severe"])"), "/household/premiums/1",
                "expected one of"},
        BadCase{"repeated_premium", with("/household/premiums", R"(["carer","carer"])"), "/household/premiums/1",
                "more than once"},
        BadCase{"bad_exclusion_reason", with("/exclusions/0/reason", "\"hospital_stay\""), "/exclusions/0/reason",
                "expected one of"},
        BadCase{"exclusion_without_to", without("/exclusions/0/to"), "/exclusions/0/to",
                "missing required field 'to'"},
        BadCase{"unknown_income_type", with("/finances/0/income/1/type", "\"lottery\""),
                "/finances/0/income/1/type", "unknown income type 'lottery'"},
        BadCase{"qualifying_relative_string", with("/finances/0/home/qualifying_relative_lives_there", "\"yes\""),
                "/finances/0/home/qualifying_relative_lives_there", "true or false"},
        BadCase{"council_empty", with("/needs/0/council", "\"\""), "/needs/0/council", "non-empty"},
        BadCase{"not_an_object", "[1,2]", "", "expected an object"},
        BadCase{"not_json", "{\"id\": ", "", "not valid JSON"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

// The fields of nursing care funding, night care, joint and notional capital, the relative who
// left, half a pension to a spouse and deferred payment agreements (doc/person-document.md).
const char* const kLawExample = R"({
  "id": "P-000124", "birth_date": "1941-05-02", "household": {"type": "couple"},
  "needs": [{"from": "2024-01-08", "council": "example-shire"}],
  "care": [
    {"from": "2024-01-08", "to": "2025-09-30", "setting": "home_care", "hours_per_week": "10",
     "arranged_by": "council", "night_care_arranged": true},
    {"from": "2025-10-01", "setting": "care_home", "category": "nursing", "stay": "permanent",
     "arranged_by": "council", "weekly_fee": "1300.00", "weekly_fee_includes_fnc": true, "fnc_rate": "higher"}
  ],
  "finances": [
    {"from": "2024-01-08", "savings": "1000.00", "income": [{"type": "state_pension", "weekly": "200.00"}]},
    {"from": "2025-10-01", "savings": "1000.00",
     "joint_capital": [{"amount": "30000.00", "owners": 3}],
     "home": {"value": "250000.00", "owners": 2, "relative_left_reason": "moved_to_care_home",
              "relative_lived_there_before_admission": true},
     "income": [{"type": "private_pension", "weekly": "80.00", "half_paid_to_spouse": true}]}
  ],
  "notional_capital": [{"from": "2025-11-01", "amount": "5000.00"}, {"from": "2025-10-15", "amount": "100.00"}],
  "deferred_payments": [{"from": "2026-01-01", "to": null, "property_value": "250000.00", "secured_debt": "10000",
                         "interest_rate": "2.5", "setup_fee": "600.00",
                         "fees": [{"on": "2027-01-01", "amount": "50.00"}, {"on": "2026-06-01", "amount": "25.00"}],
                         "disposable_income_allowance": "120.00"}]
})";

std::string law_with(const std::string& pointer, const std::string& raw) {
  Json doc = Json::parse(kLawExample);
  doc[Json::json_pointer(pointer)] = "@@RAW@@";
  std::string text = doc.dump();
  text.replace(text.find("\"@@RAW@@\""), 9, raw);
  return text;
}

std::string law_without(const std::string& pointer) {
  Json doc = Json::parse(kLawExample);
  Json::json_pointer p(pointer);
  doc[p.parent_pointer()].erase(p.back());
  return doc.dump();
}

TEST(PersonJson, TheLawsNewerFieldsAreRead) {
  auto r = parse_person(kLawExample);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  const Person& p = *r;
  EXPECT_TRUE(p.care[0].night_care_arranged);
  EXPECT_TRUE(p.care[1].weekly_fee_includes_fnc);
  EXPECT_EQ(p.care[1].fnc_rate, FncRate::kHigher);
  EXPECT_FALSE(p.care[0].weekly_fee_includes_fnc);
  EXPECT_FALSE(p.finances[0].disability_related_expenditure.has_value());
  const FinancesRecord& f = p.finances[1];
  ASSERT_EQ(f.joint_capital.size(), 1u);
  EXPECT_EQ(f.joint_capital[0].amount, Money::pounds(30000));
  EXPECT_EQ(f.joint_capital[0].owners, 3);
  EXPECT_EQ(f.joint_capital[0].pointer, "/finances/1/joint_capital/0");
  EXPECT_EQ(f.home->owners, 2);
  EXPECT_EQ(f.home->relative_left_reason, RelativeLeftReason::kMovedToCareHome);
  EXPECT_TRUE(f.home->relative_lived_there_before_admission);
  EXPECT_TRUE(f.income[0].half_paid_to_spouse);
  // Notional capital sorted by date, keeping the document's pointers.
  ASSERT_EQ(p.notional_capital.size(), 2u);
  EXPECT_EQ(p.notional_capital[0].pointer, "/notional_capital/1");
  EXPECT_EQ(p.notional_capital[1].amount, Money::pounds(5000));
  ASSERT_EQ(p.deferred_payments.size(), 1u);
  const DeferredPayment& d = p.deferred_payments[0];
  EXPECT_TRUE(d.range.open());
  EXPECT_EQ(d.property_value, Money::pounds(250000));
  EXPECT_EQ(d.secured_debt, Money::pounds(10000));
  EXPECT_EQ(d.interest_rate, Hundredths{250});
  EXPECT_EQ(d.setup_fee, Money::pounds(600));
  EXPECT_EQ(d.disposable_income_allowance, Money::pounds(120));
  ASSERT_EQ(d.fees.size(), 2u);
  EXPECT_EQ(d.fees[0].on, Date::from_ymd(2026, 6, 1));  // sorted by date
  EXPECT_EQ(d.fees[0].pointer, "/deferred_payments/0/fees/1");
  // Left out, the defaults: the home is the person's alone; FNC standard; no interest rate of
  // the agreement's own (the national maximum).
  auto plain = parse_person(law_without("/deferred_payments/0/interest_rate"));
  ASSERT_TRUE(plain.ok()) << plain.error().to_string();
  EXPECT_FALSE(plain->deferred_payments[0].interest_rate.has_value());
  auto standard = parse_person(law_without("/care/1/fnc_rate"));
  ASSERT_TRUE(standard.ok());
  EXPECT_EQ(standard->care[1].fnc_rate, FncRate::kStandard);
}

INSTANTIATE_TEST_SUITE_P(
    LawFields, PersonJsonRefuses,
    ::testing::Values(
        BadCase{"fnc_on_residential", law_with("/care/1/category", "\"residential\""),
                "/care/1/weekly_fee_includes_fnc", "not allowed except on a nursing placement"},
        BadCase{"fnc_rate_on_home_care", law_with("/care/0/fnc_rate", "\"standard\""), "/care/0/fnc_rate",
                "not allowed except on a nursing placement"},
        BadCase{"gross_fee_without_fee", law_without("/care/1/weekly_fee"), "/care/1/weekly_fee",
                "missing required field 'weekly_fee'"},
        BadCase{"fnc_flag_string", law_with("/care/1/weekly_fee_includes_fnc", "\"yes\""),
                "/care/1/weekly_fee_includes_fnc", "true or false"},
        BadCase{"bad_fnc_rate", law_with("/care/1/fnc_rate", "\"band_3\""), "/care/1/fnc_rate",
                "expected one of: standard, higher"},
        BadCase{"night_care_in_care_home", law_with("/care/1/night_care_arranged", "false"),
                "/care/1/night_care_arranged", "not allowed for a care home"},
        BadCase{"joint_one_owner", law_with("/finances/1/joint_capital/0/owners", "1"),
                "/finances/1/joint_capital/0/owners", "from 2 to 20"},
        BadCase{"joint_without_owners", law_without("/finances/1/joint_capital/0/owners"),
                "/finances/1/joint_capital/0/owners", "missing required field 'owners'"},
        BadCase{"home_owners_zero", law_with("/finances/1/home/owners", "0"), "/finances/1/home/owners",
                "from 1 to 20"},
        BadCase{"bad_relative_reason", law_with("/finances/1/home/relative_left_reason", "\"emigrated\""),
                "/finances/1/home/relative_left_reason", "expected one of: died, moved_to_care_home, other"},
        BadCase{"reason_without_lived_before", law_without("/finances/1/home/relative_lived_there_before_admission"),
                "/finances/1/home/relative_lived_there_before_admission", "missing required field"},
        BadCase{"lived_before_without_reason", law_without("/finances/1/home/relative_left_reason"),
                "/finances/1/home/relative_lived_there_before_admission", "not allowed without relative_left_reason"},
        BadCase{"reason_while_relative_lives_there",
                law_with("/finances/1/home/qualifying_relative_lives_there", "true"),
                "/finances/1/home/relative_left_reason", "not allowed while qualifying_relative_lives_there"},
        BadCase{"half_to_spouse_on_state_pension", law_with("/finances/1/income/0/type", "\"state_pension\""),
                "/finances/1/income/0/half_paid_to_spouse", "only for private_pension"},
        BadCase{"notional_without_amount", law_without("/notional_capital/0/amount"), "/notional_capital/0/amount",
                "missing required field 'amount'"},
        BadCase{"dpa_without_property_value", law_without("/deferred_payments/0/property_value"),
                "/deferred_payments/0/property_value", "missing required field 'property_value'"},
        BadCase{"dpa_rate_above_100", law_with("/deferred_payments/0/interest_rate", "\"100.01\""),
                "/deferred_payments/0/interest_rate", "from 0 to 100.00 percent"},
        BadCase{"dpa_rate_three_decimals", law_with("/deferred_payments/0/interest_rate", "\"2.505\""),
                "/deferred_payments/0/interest_rate", "more than two decimals"},
        BadCase{"dpa_fee_before_agreement", law_with("/deferred_payments/0/fees/0/on", "\"2025-12-31\""),
                "/deferred_payments/0/fees/0/on", "before its agreement starts"},
        BadCase{"dpa_ends_before_start", law_with("/deferred_payments/0/to", "\"2025-12-31\""),
                "/deferred_payments/0/to", "before it starts"},
        BadCase{"unknown_in_dpa", law_with("/deferred_payments/0/rate", "\"1\""), "/deferred_payments/0/rate",
                "unknown field"}),
    [](const ::testing::TestParamInfo<BadCase>& info) { return std::string(info.param.name); });

TEST(PersonJson, DeferredPaymentAgreementsMayNotOverlap) {
  Error e = error_of(law_with("/deferred_payments/1", R"({"from":"2026-06-01","property_value":"1000.00"})"));
  EXPECT_EQ(e.pointer, "/deferred_payments/1");
  EXPECT_NE(e.message.find("overlap from 2026-06-01"), std::string::npos) << e.message;
}

TEST(PersonJson, OverlappingCareNamesBothRecords) {
  Error e = error_of(with("/care/1/to", "\"2025-10-15\""));
  EXPECT_EQ(e.pointer, "/care/0");
  EXPECT_NE(e.message.find("/care/0"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("/care/1"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("overlap from 2025-10-01"), std::string::npos) << e.message;
}

TEST(PersonJson, OverlapWithALongEarlierRecordIsFound) {
  // /needs/2 overlaps /needs/0 though not /needs/1, which lies between them.
  Error e = error_of(with("/needs", R"([{"from":"2024-01-01","to":"2024-12-31"},
                                       {"from":"2024-02-01","to":"2024-02-10"},
                                       {"from":"2024-03-01","to":"2024-03-05"}])"));
  // /needs/1 already overlaps /needs/0; the later one of that pair is named.
  EXPECT_EQ(e.pointer, "/needs/1");
  Error e2 = error_of(with("/needs", R"([{"from":"2024-01-01","to":"2024-12-31"},
                                        {"from":"2023-02-01","to":"2023-02-10"},
                                        {"from":"2024-12-31","to":null}])"));
  EXPECT_EQ(e2.pointer, "/needs/2");
  EXPECT_NE(e2.message.find("/needs/0"), std::string::npos) << e2.message;
  EXPECT_NE(e2.message.find("overlap from 2024-12-31"), std::string::npos) << e2.message;
}

TEST(PersonJson, TouchingRecordsDoNotOverlap) {
  auto r = parse_person(with("/care/1/to", "\"2025-09-30\""));
  EXPECT_TRUE(r.ok());
}

TEST(PersonJson, FinancesWithExplicitEndIntoTheNextOverlap) {
  Error e = error_of(with("/finances/1/to", "\"2025-10-01\""));
  EXPECT_EQ(e.pointer, "/finances/0");
  EXPECT_NE(e.message.find("/finances/1"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("2025-10-01"), std::string::npos) << e.message;
}

TEST(PersonJson, FinancesStartingTheSameDayOverlap) {
  Error e = error_of(with("/finances/1/from", "\"2025-10-01\""));
  EXPECT_EQ(e.pointer, "/finances/1");
  EXPECT_NE(e.message.find("/finances/0"), std::string::npos) << e.message;
}

TEST(PersonJson, FinancesWithExplicitEndLeaveAGap) {
  auto r = parse_person(with("/finances/1/to", "\"2025-06-30\""));
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_TRUE(r->finances[0].has_explicit_to);
  EXPECT_EQ(r->finances[0].range.last, Date::from_ymd(2025, 6, 30));
}

TEST(PersonJson, NormaliseIsIdempotent) {
  auto r = parse_person(kExample);
  ASSERT_TRUE(r.ok());
  Person again = *r;
  ASSERT_TRUE(normalise_person(again).ok());
  ASSERT_EQ(again.finances.size(), 2u);
  EXPECT_EQ(again.finances[0].range, r->finances[0].range);
  EXPECT_EQ(again.finances[1].range, r->finances[1].range);
  EXPECT_EQ(again.care[0].pointer, "/care/1");
}

TEST(PersonJson, ErrorsCanBePlacedUnderARequest) {
  Error e = error_of(care0_with("weekly_fee", "\"x\""));
  e.under("/person");
  EXPECT_EQ(e.pointer, "/person/care/0/weekly_fee");
}

TEST(PersonNames, NamesMatchTheDocument) {
  EXPECT_STREQ(setting_name(Setting::kCommunity), "community");
  EXPECT_STREQ(category_name(CareHomeCategory::kNursingEnhanced), "nursing_enhanced");
  EXPECT_STREQ(exclusion_reason_name(ExclusionReason::kS117Aftercare), "s117_aftercare");
  EXPECT_STREQ(kPremiumNames.name(Premium::kEnhancedDisability), "enhanced_disability");
  EXPECT_EQ(kHouseholdTypeNames.find("lone_parent"), HouseholdType::kLoneParent);
  EXPECT_EQ(kIncomeTypeNames.find("war_widows_pension"), IncomeType::kWarWidowsPension);
  EXPECT_EQ(income_type_name(IncomeType::kOther), "other");
  EXPECT_FALSE(kStayNames.find("Permanent").has_value());  // names are exact, case included
  EXPECT_EQ(kArrangedByNames.list(), "council, self");
}

// The readers' bounds are the schema's constants: one past each is refused, the bound is not.
TEST(PersonJson, BoundsAreTheSchemasConstants) {
  EXPECT_EQ(kMaxDependentChildren, 20);
  EXPECT_TRUE(parse_person(with("/household/dependent_children", "20")).ok());
  EXPECT_EQ(error_of(with("/household/dependent_children", "21")).message,
            "expected a whole number from 0 to 20, got 21");
  EXPECT_TRUE(parse_person(with("/care/1/hours_per_week", "\"168.00\"")).ok());
  EXPECT_EQ(error_of(with("/care/1/hours_per_week", "\"168.01\"")).message,
            "expected hours a week above 0 and at most 168, got 168.01");
}

// Person's operator== is defaulted: a change to any field of any record makes people differ.
TEST(PersonEquality, EveryFieldOfEveryRecordCounts) {
  auto read = parse_person(kExample);
  ASSERT_TRUE(read.ok());
  const Person p = *read;
  EXPECT_EQ(p, *parse_person(kExample));
  std::vector<std::function<void(Person&)>> changes = {
      [](Person& x) { x.id += "x"; },
      [](Person& x) { x.death_date = Date::from_ymd(2030, 1, 1); },
      [](Person& x) { x.household.premiums[2] = true; },
      [](Person& x) { x.needs[0].council = "leeds"; },
      [](Person& x) { x.care[0].hours_per_week.value += 1; },
      [](Person& x) { x.care[1].weekly_fee.reset(); },
      [](Person& x) { x.care[1].pointer = "/care/9"; },
      [](Person& x) { x.finances[0].has_explicit_to = true; },
      [](Person& x) { x.finances[1].home->qualifying_relative_lives_there = true; },
      [](Person& x) { x.finances[1].income[1].weekly += Money::pence(1); },
      [](Person& x) { x.exclusions[0].reason = ExclusionReason::kFreeReablement; },
      [](Person& x) { x.care[1].weekly_fee_includes_fnc = true; },
      [](Person& x) { x.care[1].fnc_rate = FncRate::kHigher; },
      [](Person& x) { x.care[0].night_care_arranged = true; },
      [](Person& x) { x.finances[1].home->owners = 2; },
      [](Person& x) { x.finances[1].home->relative_left_reason = RelativeLeftReason::kDied; },
      [](Person& x) { x.finances[1].home->relative_lived_there_before_admission = true; },
      [](Person& x) { x.finances[1].joint_capital.push_back(JointCapital{}); },
      [](Person& x) { x.finances[1].disability_related_expenditure.reset(); },
      [](Person& x) { x.finances[1].income[1].half_paid_to_spouse = true; },
      [](Person& x) { x.notional_capital.push_back(NotionalCapital{}); },
      [](Person& x) { x.deferred_payments.push_back(DeferredPayment{}); },
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    Person changed = p;
    changes[i](changed);
    EXPECT_NE(changed, p) << "change " << i;
  }
}

}  // namespace
}  // namespace caremeter
