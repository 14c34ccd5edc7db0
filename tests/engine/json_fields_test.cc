// json_fields_test.cc — the one field reader: what JsonObject refuses, the pointer and the
// expectation each error names, and the typed reads every document reader builds on.
#include "caremeter/json/json_fields.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "caremeter/json/json_io.h"
#include "caremeter/model/person.h"

namespace caremeter {
namespace {

struct ThingKeys {
  static constexpr std::array<std::string_view, 6> kKeys{"name", "from", "amount", "count", "stay", "items"};
};
using Thing = JsonObject<ThingKeys>;

Json parse(const char* text) { return *parse_json_strict(text); }

TEST(JsonObject, RefusesAKeyItDoesNotListNamingItAndTheKeysItTakes) {
  Json doc = parse(R"({"name":"x","colour":"red"})");
  auto f = Thing::open(doc, "/thing");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().pointer, "/thing/colour");
  EXPECT_EQ(f.error().message, "unknown field 'colour' (expected one of: name, from, amount, count, stay, items)");
}

TEST(JsonObject, CanLeaveUnknownKeysToBeReportedLater) {
  Json doc = parse(R"({"name":"x","colour":"red"})");
  auto f = Thing::open(doc, "", "a thing", UnknownKeys::kReportLater);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f->text("name", "a name"), "x");  // the known fields are still read
  ASSERT_FALSE(f->unknown_keys().ok());
  EXPECT_EQ(f->unknown_keys().error().pointer, "/colour");
}

TEST(JsonObject, RefusesWhatIsNotAnObjectSayingWhatWasExpected) {
  Json doc = parse("[1]");
  auto f = Thing::open(doc, "/thing", "a thing {name, from}");
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().pointer, "/thing");
  EXPECT_EQ(f.error().message, "expected a thing {name, from}, got an array");
}

TEST(JsonObject, AMissingRequiredFieldIsNamedWithWhatWasExpected) {
  Json doc = parse("{}");
  auto f = Thing::open(doc, "/thing");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->date("from").error().pointer, "/thing/from");
  EXPECT_EQ(f->date("from").error().message, "missing required field 'from' (expected a date \"YYYY-MM-DD\")");
  EXPECT_EQ(f->name("stay", kStayNames).error().message,
            "missing required field 'stay' (expected one of: permanent, temporary)");
  EXPECT_EQ(f->whole_number("count", 0, 20).error().message,
            "missing required field 'count' (expected a whole number from 0 to 20)");
  // Optional fields left out are nullopt, not a default the reader made up.
  EXPECT_FALSE(f->optional_date("from")->has_value());
  EXPECT_FALSE(f->optional_money("amount")->has_value());
  EXPECT_EQ(*f->money_or_zero("amount"), Money::zero());
  EXPECT_TRUE(f->optional_records<Date>("items", read_date)->empty());
}

TEST(JsonObject, TypedReadsRefuseOtherTypesAtTheFieldsPointer) {
  Json doc = parse(R"({"name":"","from":20250101,"amount":"12.345","count":"2","stay":"respite","items":{}})");
  auto f = Thing::open(doc, "/t");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->text("name", "a name").error().message, "expected a name as a non-empty string, got \"\"");
  EXPECT_EQ(f->date("from").error().message, "expected a date as a string \"YYYY-MM-DD\", got a number");
  EXPECT_EQ(f->money("amount").error().pointer, "/t/amount");
  EXPECT_NE(f->money("amount").error().message.find("more than two decimals"), std::string::npos);
  EXPECT_EQ(f->whole_number("count", 0, 20).error().message, "expected a whole number from 0 to 20, got a string");
  EXPECT_EQ(f->name("stay", kStayNames).error().message, "expected one of: permanent, temporary, got 'respite'");
  EXPECT_EQ(f->records<Date>("items", read_date).error().message, "expected an array, got an object");
}

TEST(JsonObject, ReadsGoodValuesAndRecordsWithTheirOwnPointers) {
  Json doc = parse(R"({"name":"Ann","from":"2025-04-06","amount":"30.15","count":20,"stay":"temporary",
                       "items":["2025-01-01","2025-02-30"]})");
  auto f = Thing::open(doc, "/t");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(*f->text("name", "a name"), "Ann");
  EXPECT_EQ(*f->date("from"), Date::from_ymd(2025, 4, 6));
  EXPECT_EQ(*f->money("amount"), Money::pence(3015));
  EXPECT_EQ(*f->whole_number("count", 0, 20), 20);
  EXPECT_EQ(*f->name("stay", kStayNames), Stay::kTemporary);
  auto items = f->records<Date>("items", read_date);
  ASSERT_FALSE(items.ok());
  EXPECT_EQ(items.error().pointer, "/t/items/1");  // the second element is not a calendar date
}

TEST(ReadWholeNumber, RefusesNumbersOutsideTheRangeAndOtherForms) {
  EXPECT_EQ(*read_whole_number(parse("9223372036854775807"), "/n", 1), INT64_MAX);
  EXPECT_EQ(read_whole_number(parse("18446744073709551615"), "/n", 1).error().message,
            "expected a whole number of at least 1, got 18446744073709551615");
  EXPECT_EQ(read_whole_number(parse("0"), "/n", 1).error().message, "expected a whole number of at least 1, got 0");
  EXPECT_EQ(read_whole_number(parse("1.0"), "/n", 0, 5).error().message, "expected a whole number from 0 to 5, got 1.0");
  EXPECT_FALSE(read_whole_number(parse("true"), "/n", 0, 5).ok());
}

TEST(ReadMoney, SaysTheLimitWhenAnAmountIsAboveIt) {
  auto m = read_money(parse(R"("1000000000.01")"), "/m");
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().message, "expected an amount of money of at most 1000000000.00, got 1000000000.01");
  EXPECT_EQ(*read_money(parse(R"("1000000000.00")"), "/m"), Money::pounds(1'000'000'000));
  EXPECT_EQ(*read_money_text("0.5", "/m"), Money::pence(50));
}

TEST(ReadName, NamesTheKindOfThingWhenGivenANoun) {
  auto t = read_name(parse(R"("lottery")"), "/type", kIncomeTypeNames, "income type");
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().message.rfind("unknown income type 'lottery' (expected one of: state_pension, ", 0), 0u)
      << t.error().message;
}

}  // namespace
}  // namespace caremeter
