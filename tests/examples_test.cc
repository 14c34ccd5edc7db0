// examples_test.cc — the published worked examples (examples.md), as data.
//
// Each tests/cases/examples/*.json holds a person document, a request and the expected
// figures as a subset of the account result; the figures are the published ones, so if the
// engine disagrees, the engine or the rule file is wrong — never the case file.
#include <gtest/gtest.h>

#include <filesystem>

#include "caremeter/calculate.h"
#include "caremeter/json_io.h"
#include "test_support.h"

namespace caremeter {
namespace {

using testing::england_rules;
using testing::read_source_file;

// Every key of `expected` must be in `actual` with an equal value (objects recursively).
void expect_subset(const Json& expected, const Json& actual, const std::string& where) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << where << ": expected an object, got " << actual.dump();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      ASSERT_TRUE(actual.contains(it.key())) << where << "/" << it.key() << " is missing in " << actual.dump();
      expect_subset(it.value(), actual.at(it.key()), where + "/" + it.key());
    }
  } else {
    EXPECT_EQ(expected, actual) << where;
  }
}

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
  const RuleSet& rules = england_rules();

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

  auto result = calculate(*person, rules, *scenario, request);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  Json actual = Json::parse(account_result_to_json(*result));

  expect_subset(c.at("expect"), actual, "");

  for (const Json& want : c.value("expect_periods", Json::array())) {
    std::string on = want.at("on").get<std::string>();
    const Json* found = nullptr;
    for (const Json& p : actual.at("periods")) {
      if (p.at("from").get<std::string>() <= on && on <= p.at("to").get<std::string>()) found = &p;
    }
    ASSERT_NE(found, nullptr) << "no period covers " << on << " in " << actual.at("periods").dump();
    Json subset = want;
    subset.erase("on");
    expect_subset(subset, *found, "/periods(" + on + ")");
  }

  for (const Json& want : c.value("expect_explain", Json::array())) {
    bool matched = false;
    for (const Json& e : actual.at("explain")) {
      if (e.at("figure") == want.at("figure")) {
        expect_subset(want, e, "/explain(" + want.at("figure").get<std::string>() + ")");
        matched = true;
        break;
      }
    }
    EXPECT_TRUE(matched) << "no explanation of " << want.at("figure");
  }
}

INSTANTIATE_TEST_SUITE_P(Examples, WorkedExample, ::testing::ValuesIn(example_files()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           std::string n = info.param.substr(0, info.param.size() - 5);
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

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
