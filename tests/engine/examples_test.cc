// examples_test.cc — worked examples published by councils and the government, as data (each
// case file names its source).
//
// Each tests/cases/examples/*.json holds a person document, a request and the expected
// figures as a subset of the account result; the figures are the published ones, so if the
// engine disagrees, the engine or the rule file is wrong — never the case file.
#include <gtest/gtest.h>

#include <filesystem>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::england_rules;
using test_support::expect_case_result;
using test_support::read_source_file;

std::vector<std::string> example_files() {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(std::string(CAREMETER_SOURCE_DIR) + "/tests/cases/examples")) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class WorkedExample : public ::testing::TestWithParam<std::string> {};

TEST_P(WorkedExample, MatchesThePublishedFigures) {
  std::string text = read_source_file("tests/cases/examples/" + GetParam());
  Json c = Json::parse(text);
  SCOPED_TRACE(c.at("name").get<std::string>());
  // A case may be pinned to a rule version ("rules_version"); otherwise it runs on the latest.
  const RuleSet& rules = c.contains("rules_version") ? england_rules(c.at("rules_version").get<std::string>())
                                                      : england_rules();

  auto person = person_from_json(c.at("person"));
  ASSERT_TRUE(person.ok()) << person.error().to_string();
  const Json& req = c.at("request");
  auto scenario = scenario_from_json(req.at("scenario"), rules, "/request/scenario");
  ASSERT_TRUE(scenario.ok()) << scenario.error().to_string();
  CalculationRequest request;
  request.as_of = *parse_date(req.at("as_of").get<std::string>());
  if (req.contains("from")) request.from = *parse_date(req.at("from").get<std::string>());
  if (req.contains("to")) request.to = *parse_date(req.at("to").get<std::string>());
  request.explain = req.value("explain", false);
  if (req.value("capital", std::string("assessed")) == "spend_down") request.capital = CapitalMode::kSpendDown;
  if (req.contains("unpublished")) {
    auto unpublished = kUnpublishedNames.find(req.at("unpublished").get<std::string>());
    ASSERT_TRUE(unpublished.has_value()) << req.at("unpublished");
    request.unpublished = *unpublished;
  }

  auto result = calculate(*person, rules, *scenario, request);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  Json actual = Json::parse(account_result_to_json(*result));

  expect_case_result(c, actual);
}

INSTANTIATE_TEST_SUITE_P(Examples, WorkedExample, ::testing::ValuesIn(example_files()),
                         test_support::case_test_name);

TEST(DeferredPayment, EquityLimitMatchesPublishedExamples) {
  Json c = Json::parse(read_source_file("tests/cases/deferred-payment-equity-limit.json"));
  Date on = *parse_date(c.at("on").get<std::string>());
  for (const Json& k : c.at("cases")) {
    auto limit = deferred_payment_equity_limit(england_rules(), on, *parse_money(k.at("property_value").get<std::string>()),
                                               *parse_money(k.at("secured_debt").get<std::string>()));
    ASSERT_TRUE(limit.ok()) << limit.error().to_string();
    EXPECT_EQ(to_string(*limit), k.at("equity_limit").get<std::string>()) << k.dump();
  }
}

}  // namespace
}  // namespace caremeter
