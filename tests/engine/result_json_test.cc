// Writing the account result and the error object: exact bytes, escaping, codes.
#include <gtest/gtest.h>

#include <string>

#include "caremeter/json/json_io.h"

namespace caremeter {
namespace {

WeeklyFigures care_home_week() {
  WeeklyFigures w;
  w.personal_budget = Money::pence(85000);
  w.weekly_fee = Money::pence(120000);
  w.assessed_charge = Money::pence(85000);
  w.daily_living_costs = Money::pence(20000);
  w.accruing = Money::pence(65000);
  w.person_pays = Money::pence(120000);
  w.council_pays = Money::zero();
  w.top_up = Money::pence(35000);
  return w;
}

AccountResult sample() {
  AccountResult r;
  r.person_id = "P-000123";
  r.as_of = Date::from_ymd(2027, 3, 31);
  r.scenario_name = "reform-2025-10";
  r.reform_start = Date::from_ymd(2025, 10, 1);
  r.rules = RuleFileRef{"england", "2025-04", "abc123", "england/2025-04.json"};
  r.councils.push_back(RuleFileRef{"example-shire", "2025-04", "def456", "councils/example-shire.json"});
  r.account.cap = Money::pounds(86000);
  r.account.accrued = Exact::sevenths(28500003);    // exactly 4,071,429 pence
  r.account.remaining = Exact::sevenths(4);         // 0.57p → 0.01
  r.account.projected_cap_date = Date::from_ymd(2029, 2, 11);
  r.account.cost_of_meeting_needs = Exact::from(Money::pounds(100));
  r.account.daily_living_costs = Exact::sevenths(10);  // 1.43p → 0.01
  r.account.current_weekly = care_home_week();
  r.totals.range = DateRange{Date::from_ymd(2025, 10, 1), Date::from_ymd(2027, 3, 31)};
  r.totals.person_paid = Exact::sevenths(7);
  r.totals.top_ups = Exact::from(Money::pounds(350));

  Period charged;
  charged.range = DateRange{Date::from_ymd(2025, 10, 1), Date::from_ymd(2025, 10, 3)};
  charged.council = "example-shire";
  charged.setting = Setting::kCareHome;
  charged.arranged_by = ArrangedBy::kSelf;
  charged.care = "/care/1";
  charged.weekly = care_home_week();
  charged.amount.personal_budget = accrue(Money::pence(85000), Days(3));  // 36428.57p → 364.29
  charged.amount.assessed_charge = Exact::sevenths(3);                    // 0.43p → 0.00
  charged.amount.accruing = Exact::sevenths(-4);                          // −0.57p → −0.01
  charged.accrued_at_end = Exact::sevenths(28500003);
  r.periods.push_back(charged);

  Period excluded;
  excluded.range = DateRange{Date::from_ymd(2026, 2, 1), Date::from_ymd(2026, 3, 1)};
  excluded.status = PeriodStatus::kExcluded;
  excluded.exclusion = ExclusionReason::kNhsContinuingHealthcare;
  excluded.setting = Setting::kHomeCare;
  excluded.arranged_by = ArrangedBy::kCouncil;
  excluded.care = "/care/0";
  excluded.accrued_at_end = Exact::sevenths(28500003);
  r.periods.push_back(excluded);
  return r;
}

const char* const kZeroFigures =
    R"({"personal_budget":"0.00","weekly_fee":"0.00","assessed_charge":"0.00","daily_living_costs":"0.00",)"
    R"("accruing":"0.00","person_pays":"0.00","council_pays":"0.00","top_up":"0.00"})";
const char* const kCareHomeWeek =
    R"({"personal_budget":"850.00","weekly_fee":"1200.00","assessed_charge":"850.00","daily_living_costs":"200.00",)"
    R"("accruing":"650.00","person_pays":"1200.00","council_pays":"0.00","top_up":"350.00"})";

std::string expected_without_explain() {
  return std::string(R"({"person_id":"P-000123","as_of":"2027-03-31",)") +
         R"("scenario":{"name":"reform-2025-10","reform_start":"2025-10-01"},)" +
         R"("rules":{"id":"england","version":"2025-04","sha256":"abc123",)" +
         R"("councils":[{"id":"example-shire","version":"2025-04","sha256":"def456"}]},)" +
         R"("account":{"cap":"86000.00","accrued":"40714.29","remaining":"0.01","cap_reached_on":null,)" +
         R"("projected_cap_date":"2029-02-11","cost_of_meeting_needs":"100.00","daily_living_costs":"0.01",)" +
         R"("current_weekly":)" + kCareHomeWeek + "}," +
         R"("totals":{"from":"2025-10-01","to":"2027-03-31","person_paid":"0.01","council_paid":"0.00",)" +
         R"("top_ups":"350.00"},)" +
         R"("periods":[{"from":"2025-10-01","to":"2025-10-03","status":"charged","council":"example-shire",)" +
         R"("setting":"care_home","arranged_by":"self","care":"/care/1",)" +
         R"("weekly":)" + kCareHomeWeek + "," +
         R"("amount":{"personal_budget":"364.29","weekly_fee":"0.00","assessed_charge":"0.00",)" +
         R"("daily_living_costs":"0.00","accruing":"-0.01","person_pays":"0.00","council_pays":"0.00",)" +
         R"("top_up":"0.00"},"accrued_at_end":"40714.29"},)" +
         R"({"from":"2026-02-01","to":"2026-03-01","status":"excluded","exclusion":"nhs_continuing_healthcare",)" +
         R"("council":null,"setting":"home_care","arranged_by":"council","care":"/care/0",)" +
         R"("weekly":)" + kZeroFigures + R"(,"amount":)" + kZeroFigures +
         R"(,"accrued_at_end":"40714.29"}]})";
}

TEST(ResultJson, ExactBytesWithoutExplain) {
  EXPECT_EQ(account_result_to_json(sample()), expected_without_explain());
}

TEST(ResultJson, NullOptionals) {
  AccountResult r = sample();
  r.reform_start.reset();
  r.account.cap.reset();
  r.account.remaining.reset();
  r.account.projected_cap_date.reset();
  r.account.cap_reached_on = Date::from_ymd(2028, 1, 2);
  r.account.current_weekly.reset();
  r.councils.clear();
  r.periods.clear();
  std::string out = account_result_to_json(r);
  EXPECT_NE(out.find(R"("scenario":{"name":"reform-2025-10","reform_start":null})"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("councils":[]})"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("cap":null,"accrued":"40714.29","remaining":null,"cap_reached_on":"2028-01-02",)"
                     R"("projected_cap_date":null,)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find(R"("current_weekly":null})"), std::string::npos) << out;
  EXPECT_NE(out.find(R"("periods":[]})"), std::string::npos) << out;
}

TEST(ResultJson, ExplainOnlyWhenAsked) {
  AccountResult r = sample();
  Explanation e;
  e.period = DateRange{Date::from_ymd(2025, 10, 1), Date::max()};
  e.figure = "assessed_charge";
  e.value = "850.00";
  e.formula = "min(B, counted income + tariff income - PEA)";
  e.inputs = {{"counted_income", "301.20"}, {"tariff_income", "104.00"}};
  e.rules.push_back(RuleCitation{"means_test.personal_expenses_allowance", "30.15",
                                 DateRange{Date::from_ymd(2024, 4, 8), Date::from_ymd(2025, 4, 6)},
                                 "SI 2024/325", SourceStatus::kConfirmed});
  e.rules.push_back(RuleCitation{"rates.residential@example-shire", "850.00",
                                 DateRange{Date::from_ymd(2025, 4, 7), Date::max()}, "illustrative",
                                 SourceStatus::kIllustrative});
  r.explain.push_back(e);

  // Not asked: no "explain" key, even with explanations present.
  EXPECT_EQ(account_result_to_json(r), expected_without_explain());

  r.explained = true;
  std::string expected = expected_without_explain();
  expected.pop_back();
  expected +=
      R"(,"explain":[{"from":"2025-10-01","to":null,"figure":"assessed_charge","value":"850.00",)"
      R"x("formula":"min(B, counted income + tariff income - PEA)",)x"
      R"("inputs":{"counted_income":"301.20","tariff_income":"104.00"},)"
      R"("rules":[{"parameter":"means_test.personal_expenses_allowance","value":"30.15","from":"2024-04-08",)"
      R"("to":"2025-04-06","source":"SI 2024/325","status":"confirmed"},)"
      R"({"parameter":"rates.residential@example-shire","value":"850.00","from":"2025-04-07","to":null,)"
      R"("source":"illustrative","status":"illustrative"}]}]})";
  EXPECT_EQ(account_result_to_json(r), expected);

  // Asked for but nothing to explain: the key is still there.
  r.explain.clear();
  std::string empty = expected_without_explain();
  empty.pop_back();
  empty += R"(,"explain":[]})";
  EXPECT_EQ(account_result_to_json(r), empty);
}

TEST(ResultJson, OutputIsValidJsonThatReadsBack) {
  std::string out = account_result_to_json(sample());
  auto doc = parse_json_strict(out);
  ASSERT_TRUE(doc.ok()) << doc.error().to_string();
  EXPECT_EQ((*doc)["account"]["accrued"], "40714.29");
}

TEST(ResultJson, WriteAppends) {
  std::string out = "[";
  write_account_result(sample(), out);
  EXPECT_EQ(out, "[" + expected_without_explain());
}

TEST(ResultJson, StringsAreEscaped) {
  AccountResult r = sample();
  r.person_id = std::string("a\"b\\c\nd\te\x01\x1f/\x7f") + "é€😀";
  std::string out = account_result_to_json(r);
  std::string expected_id = R"("person_id":"a\"b\\c\nd\te\u0001\u001f/)" + std::string("\x7f") + "é€😀\"";
  EXPECT_NE(out.find(expected_id), std::string::npos) << out;
  auto doc = parse_json_strict(out);
  ASSERT_TRUE(doc.ok()) << doc.error().to_string();
  EXPECT_EQ((*doc)["person_id"].get<std::string>(), r.person_id);
}

TEST(ResultJson, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  AccountResult r = sample();
  r.person_id = "x\xff\xc3(y\xe2\x82";  // stray byte, broken 2-byte and truncated 3-byte sequences
  std::string out = account_result_to_json(r);
  EXPECT_NE(out.find(R"("person_id":"x\ufffd\ufffd(y\ufffd\ufffd")"), std::string::npos) << out;
  EXPECT_TRUE(parse_json_strict(out).ok());
}

TEST(ErrorJson, Shape) {
  Error e = invalid_input("/care/0/weekly_fee", "expected an amount of money");
  EXPECT_EQ(error_to_json(e).dump(),
            R"({"code":-32602,"data":{"pointer":"/care/0/weekly_fee","reason":"invalid_input"},)"
            R"("message":"expected an amount of money"})");
  e.file = "people/p1.json";
  EXPECT_EQ(error_to_json(e)["data"]["file"], "people/p1.json");
  Error whole{ErrorCode::kUnknownRules, "no rule set 'scotland'", "", ""};
  Json j = error_to_json(whole);
  EXPECT_EQ(j["data"]["pointer"], "");
  EXPECT_FALSE(j["data"].contains("file"));
  EXPECT_EQ(j["data"]["reason"], "unknown_rules");
}

TEST(ErrorJson, MessagesThatAreNotUtf8StillDump) {
  Error e{ErrorCode::kIo, "cannot open", "", "bad\xffname.json"};
  Json j = error_to_json(e);
  EXPECT_EQ(j["data"]["file"], "bad\xEF\xBF\xBDname.json");
  EXPECT_NO_THROW(j.dump());
}

TEST(ErrorJson, Codes) {
  EXPECT_EQ(json_rpc_code(ErrorCode::kInvalidInput), -32602);
  EXPECT_EQ(json_rpc_code(ErrorCode::kOverflow), -32602);
  EXPECT_EQ(json_rpc_code(ErrorCode::kUnknownRules), -32001);
  EXPECT_EQ(json_rpc_code(ErrorCode::kRuleNotPublished), -32002);
  EXPECT_EQ(json_rpc_code(ErrorCode::kMissingRule), -32006);
  EXPECT_EQ(json_rpc_code(ErrorCode::kConflict), -32003);
  EXPECT_EQ(json_rpc_code(ErrorCode::kUnknownPerson), -32004);
  EXPECT_EQ(json_rpc_code(ErrorCode::kIo), -32010);
  EXPECT_EQ(json_rpc_code(ErrorCode::kInternal), -32603);
  EXPECT_EQ(error_to_json(Error{ErrorCode::kOverflow, "too big", "/x", ""})["data"]["reason"], "overflow");
  EXPECT_EQ(error_to_json(Error{ErrorCode::kMissingRule, "m", "", ""})["code"], -32006);
}

// A figure past what its rule file knows: the parameter, the day and (for a council's figure)
// the council ride in "data", and only then.
TEST(ErrorJson, ARuleNotPublishedCarriesTheParameterDayAndCouncil) {
  Error e{ErrorCode::kRuleNotPublished, "known only to 2026-03-31", "/care/0", ""};
  e.parameter = "rates.residential";
  e.date = "2026-04-01";
  e.council = "example-shire";
  Json j = error_to_json(e);
  EXPECT_EQ(j["code"], -32002);
  EXPECT_EQ(j["data"]["reason"], "rule_not_published");
  EXPECT_EQ(j["data"]["parameter"], "rates.residential");
  EXPECT_EQ(j["data"]["date"], "2026-04-01");
  EXPECT_EQ(j["data"]["council"], "example-shire");
  EXPECT_EQ(j["data"]["pointer"], "/care/0");
  Json plain = error_to_json(Error{ErrorCode::kMissingRule, "m", "", ""});
  EXPECT_FALSE(plain["data"].contains("parameter") || plain["data"].contains("date") || plain["data"].contains("council"));
}

}  // namespace
}  // namespace caremeter
