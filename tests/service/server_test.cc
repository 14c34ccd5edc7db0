// server_test.cc — the JSON-RPC dispatcher driven directly: every method, every error code with
// its pointer, idempotent and conditional writes, "as known at" replay on a fake clock, and
// statements with their adjustments after a correction.
#include "rpc/server.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "support/serve_fixtures.h"
#include "rpc/methods.h"
#include "store/statement.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using nlohmann::json;
using test_support::FakeEnv;
using test_support::FaultVfs;
using test_support::TempDir;
using test_support::yusuf;

// Yusuf is followed past 5 April 2026, the day the rules know the yearly figures to: requests
// for later days ask for the last known figures to be carried forward.
const json kCarry = {"unpublished", "carry_forward"};

const RuleCatalog& catalog() {
  static const RuleCatalog* c = new RuleCatalog(std::vector<RuleSet>{test_support::england_rules()});
  return *c;
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { open_store({}); }

  void open_store(const StoreOptions& options, const ServerLimits& limits = {}) {
    server_.reset();
    store_.reset();
    auto s = Store::open(dir_.file("accounts.db"), env_, options);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    store_ = std::move(*s);
    server_ = std::make_unique<Server>(catalog(), *store_, limits);
  }

  // The parsed response to a raw line; fails the test if it is not one JSON-RPC response line.
  json raw(std::string_view line) {
    std::string out = server_->handle_line(line);
    EXPECT_EQ(out.find('\n'), std::string::npos) << "a response must be one line";
    json r = json::parse(out, nullptr, false);
    EXPECT_FALSE(r.is_discarded()) << out;
    if (r.is_discarded()) return json::object();
    EXPECT_EQ(r.value("jsonrpc", ""), "2.0") << out;
    EXPECT_TRUE(r.contains("id")) << out;
    EXPECT_NE(r.contains("result"), r.contains("error")) << out;
    return r;
  }

  json call(const std::string& method, const json& params, int id = 7) {
    json req = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}};
    json r = raw(req.dump());
    EXPECT_EQ(r["id"], id);
    return r;
  }

  // The result of a call that must succeed.
  json ok(const std::string& method, const json& params) {
    json r = call(method, params);
    EXPECT_TRUE(r.contains("result")) << method << " " << params.dump() << " → " << r.dump();
    return r.contains("result") ? r["result"] : json();
  }

  // The error of a call that must fail with `code` and `pointer`.
  json fails(const std::string& method, const json& params, int code, const std::string& pointer) {
    json r = call(method, params);
    EXPECT_TRUE(r.contains("error")) << method << " " << params.dump() << " → " << r.dump();
    if (!r.contains("error")) return json();
    EXPECT_EQ(r["error"]["code"], code) << r.dump();
    EXPECT_EQ(r["error"]["data"]["pointer"], pointer) << r.dump();
    EXPECT_FALSE(r["error"]["message"].get<std::string>().empty());
    return r["error"];
  }

  void expect_protocol_error(std::string_view line, int code, const json& id, const std::string& pointer = "") {
    json r = raw(line);
    ASSERT_TRUE(r.contains("error")) << line.substr(0, 200) << " → " << r.dump();
    EXPECT_EQ(r["error"]["code"], code) << line.substr(0, 200) << " → " << r.dump();
    EXPECT_EQ(r["id"], id) << r.dump();
    if (!pointer.empty()) {
      EXPECT_EQ(r["error"]["data"]["pointer"], pointer) << r.dump();
    }
  }

  TempDir dir_;
  FakeEnv env_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Server> server_;
};

// ---- the envelope ------------------------------------------------------------------------------

TEST_F(ServerTest, LinesThatAreNotJsonAreParseErrorsWithIdNull) {
  expect_protocol_error("this is not json", -32700, nullptr);
  expect_protocol_error("", -32700, nullptr);
  expect_protocol_error("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rules.list\"", -32700, nullptr);
  expect_protocol_error("{\"jsonrpc\":\"2.0\",\"id\":\"\xff\xfe\",\"method\":\"rules.list\"}", -32700, nullptr);
  expect_protocol_error(std::string(100000, '[') + std::string(100000, ']'), -32700, nullptr);
  // Duplicate keys would let a request mean two things: refused, naming the key.
  expect_protocol_error(R"({"jsonrpc":"2.0","id":1,"method":"rules.list","id":2})", -32700, nullptr, "/id");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":1,"method":"calculate","params":{"as_of":"2025-01-01","as_of":"2026-01-01"}})",
                        -32700, nullptr, "/params/as_of");
}

TEST_F(ServerTest, OversizedLineIsRefusedUnread) {
  Server small(catalog(), *store_, ServerLimits{100, 64});
  std::string line = R"({"jsonrpc":"2.0","id":1,"method":"rules.list","params":{}})" + std::string(100, ' ');
  json r = json::parse(small.handle_line(line));
  EXPECT_EQ(r["error"]["code"], -32700);
  EXPECT_EQ(r["id"], nullptr);
  EXPECT_NE(r["error"]["message"].get<std::string>().find("100 bytes"), std::string::npos);
  EXPECT_EQ(json::parse(small.oversized_line_response())["error"]["code"], -32700);
}

TEST_F(ServerTest, NestingDeeperThanTheLimitIsAParseError) {
  std::string deep = R"({"jsonrpc":"2.0","id":1,"method":"calculate","params":{"person":)" + std::string(70, '[') +
                     std::string(70, ']') + "}}";
  expect_protocol_error(deep, -32700, nullptr);
}

TEST_F(ServerTest, InvalidRequests) {
  // (A batch, "[1,2]", and a request without an id, a notification, are in envelope_test.cc.)
  expect_protocol_error("42", -32600, nullptr);
  expect_protocol_error(R"({"jsonrpc":"2.0","id":null,"method":"rules.list"})", -32600, nullptr, "/id");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":{"a":1},"method":"rules.list"})", -32600, nullptr, "/id");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":true,"method":"rules.list"})", -32600, nullptr, "/id");
  // Once the id is known it is echoed.
  expect_protocol_error(R"({"jsonrpc":"1.0","id":3,"method":"rules.list"})", -32600, 3, "/jsonrpc");
  expect_protocol_error(R"({"id":3,"method":"rules.list"})", -32600, 3, "/jsonrpc");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":"x","method":5})", -32600, "x", "/method");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":"x"})", -32600, "x", "/method");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":4,"method":"rules.list","extra":1})", -32600, 4, "/extra");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":4,"method":"rules.list","params":"x"})", -32600, 4, "/params");
  expect_protocol_error(R"({"jsonrpc":"2.0","id":4,"method":"rules.list","params":[]})", -32602, 4);
}

TEST_F(ServerTest, UnknownMethod) {
  expect_protocol_error(R"({"jsonrpc":"2.0","id":5,"method":"person.delete","params":{}})", -32601, 5, "/method");
}

TEST_F(ServerTest, IdsAreEchoedExactly) {
  json r = raw(R"({"jsonrpc":"2.0","id":"abc-1","method":"rules.list"})");
  EXPECT_EQ(r["id"], "abc-1");
  std::string line = server_->handle_line(R"({"jsonrpc":"2.0","id":12.50,"method":"rules.list"})");
  EXPECT_EQ(line.rfind(R"({"jsonrpc":"2.0","id":12.50,"result":)", 0), 0u) << line;
  line = server_->handle_line(R"({"jsonrpc":"2.0","id":-3,"method":"nope"})");
  EXPECT_EQ(line.rfind(R"({"jsonrpc":"2.0","id":-3,"error":{"code":-32601,)", 0), 0u) << line;
}

// ---- rules.list -------------------------------------------------------------------------------

TEST_F(ServerTest, RulesListNamesVersionsHashesAndScenarios) {
  json r = ok("rules.list", json::object());
  ASSERT_TRUE(r["rule_sets"].is_array());
  ASSERT_FALSE(r["rule_sets"].empty());
  const json& set = r["rule_sets"][0];
  EXPECT_EQ(set["id"], test_support::england_rules().ref.id);
  EXPECT_EQ(set["version"], test_support::england_rules().ref.version);
  EXPECT_EQ(set["sha256"].get<std::string>().size(), 64u);
  bool found = false;
  for (const json& s : set["scenarios"]) {
    EXPECT_TRUE(s.contains("name") && s.contains("reform_start") && s.contains("description")) << s.dump();
    if (s["name"] == "reform-2025-10") {
      found = true;
      EXPECT_EQ(s["reform_start"], "2025-10-01");
    }
  }
  EXPECT_TRUE(found) << set.dump();
  for (const json& c : set["councils"]) {
    EXPECT_TRUE(c.contains("id") && c.contains("version") && c.contains("status")) << c.dump();
    EXPECT_EQ(c["sha256"].get<std::string>().size(), 64u);
  }
  // The same answer with params left out.
  EXPECT_EQ(raw(R"({"jsonrpc":"2.0","id":7,"method":"rules.list"})")["result"], r);
  fails("rules.list", {{"verbose", true}}, -32602, "/verbose");
}

// ---- calculate and compare --------------------------------------------------------------------

TEST_F(ServerTest, CalculateYusufReachesTheCapOnTheDayTheCaseStudySays) {
  json r = ok("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"scenario", "reform-2023-10"}});
  EXPECT_EQ(r["person_id"], "P-YUSUF");
  EXPECT_EQ(r["account"]["cap_reached_on"], "2027-01-16") << r.dump();
  EXPECT_EQ(r["account"]["accrued"], "86000.00");
  EXPECT_EQ(r["account"]["current_weekly"]["person_pays"], "200.00");
  EXPECT_EQ(r["account"]["current_weekly"]["council_pays"], "500.00");
  EXPECT_EQ(r["rules"]["sha256"], test_support::england_rules().ref.sha256);

  // The response embeds exactly what the engine writes.
  auto person = person_from_json(yusuf());
  ASSERT_TRUE(person.ok());
  auto scenario = scenario_from_json(json("reform-2023-10"), test_support::england_rules(), "/scenario");
  ASSERT_TRUE(scenario.ok());
  CalculationRequest req;
  req.as_of = *parse_date("2027-03-31");
  req.unpublished = Unpublished::kCarryForward;
  auto direct = calculate(*person, test_support::england_rules(), *scenario, req);
  ASSERT_TRUE(direct.ok()) << direct.error().to_string();
  std::string line = server_->handle_line(
      json({{"jsonrpc", "2.0"}, {"id", 1}, {"method", "calculate"},
            {"params", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"scenario", "reform-2023-10"}}}})
          .dump());
  EXPECT_EQ(line, R"({"jsonrpc":"2.0","id":1,"result":)" + account_result_to_json(*direct) + "}");
}

TEST_F(ServerTest, CalculateOptionsAndScenarioObjects) {
  json base = {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry};
  // Without a scenario: the law as it stands, no cap.
  json now = ok("calculate", base);
  EXPECT_EQ(now["scenario"]["name"], "current-law") << now.dump();
  EXPECT_EQ(now["account"]["cap"], nullptr);

  json windowed = base;
  windowed["scenario"] = "reform-2023-10";
  windowed["from"] = "2024-01-01";
  windowed["to"] = "2024-12-31";
  windowed["explain"] = true;
  windowed["capital"] = "spend_down";
  json w = ok("calculate", windowed);
  EXPECT_EQ(w["totals"]["from"], "2024-01-01");
  EXPECT_EQ(w["totals"]["to"], "2024-12-31");
  EXPECT_TRUE(w.contains("explain"));

  json moved = base;
  moved["scenario"] = {{"base", "reform-2023-10"}, {"reform_start", "2025-10-01"}};
  json m = ok("calculate", moved);
  EXPECT_EQ(m["scenario"]["reform_start"], "2025-10-01");
  moved["as_of"] = "2029-03-31";
  EXPECT_EQ(ok("calculate", moved)["account"]["cap_reached_on"], "2029-01-16");

  json explicit_rules = base;
  explicit_rules["rules"] = test_support::england_rules().ref.id + "/" + test_support::england_rules().ref.version;
  EXPECT_EQ(ok("calculate", explicit_rules), now);
}

TEST_F(ServerTest, CalculateErrorsNameTheField) {
  json p = yusuf();
  p["care"][0]["weekly_fee"] = "12.345";
  fails("calculate", {{"person", p}, {"as_of", "2027-03-31"}, kCarry}, -32602, "/person/care/0/weekly_fee");
  p = yusuf();
  p["personal_budjet"] = "1.00";
  fails("calculate", {{"person", p}, {"as_of", "2027-03-31"}, kCarry}, -32602, "/person/personal_budjet");
  p = yusuf();
  p["care"][0]["weekly_fee"] = 700;  // a number with no fraction is fine …
  ok("calculate", {{"person", p}, {"as_of", "2027-03-31"}, kCarry});
  p["care"][0]["weekly_fee"] = true;  // … a boolean is not
  fails("calculate", {{"person", p}, {"as_of", "2027-03-31"}, kCarry}, -32602, "/person/care/0/weekly_fee");

  fails("calculate", {{"as_of", "2027-03-31"}, kCarry}, -32602, "/person");
  fails("calculate", {{"person", "P-1"}, {"as_of", "2027-03-31"}, kCarry}, -32602, "/person");
  fails("calculate", {{"person", yusuf()}}, -32602, "/as_of");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2025-02-30"}}, -32602, "/as_of");
  fails("calculate", {{"person", yusuf()}, {"as_of", 20250101}}, -32602, "/as_of");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"explain", "yes"}}, -32602, "/explain");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"capital", "spent"}}, -32602, "/capital");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"from", "2026-01-01"}, {"to", "2025-01-01"}},
        -32602, "/to");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"sceanrio", "x"}}, -32602, "/sceanrio");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"scenario", 5}}, -32602, "/scenario");

  // -32001: no such scenario or rule set.
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"scenario", "reform-2099"}}, -32001, "/scenario");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"rules", "wales"}}, -32001, "/rules");
  fails("calculate", {{"person", yusuf()}, {"as_of", "2027-03-31"}, kCarry, {"rules", 1}}, -32602, "/rules");

  // -32006 (missing_rule): care long before the rule file's first figures.
  p = yusuf();
  p["needs"][0]["from"] = "1990-01-01";
  p["care"][0]["from"] = "1990-01-01";
  p["finances"][0]["from"] = "1990-01-01";
  json e = call("calculate", {{"person", p}, {"as_of", "1990-12-31"}});
  ASSERT_TRUE(e.contains("error")) << e.dump();
  EXPECT_EQ(e["error"]["code"], -32006) << e.dump();
  EXPECT_EQ(e["error"]["data"]["reason"], "missing_rule") << e.dump();
  // It names the record that needed the value, within params.
  EXPECT_EQ(e["error"]["data"]["pointer"].get<std::string>().rfind("/person/", 0), 0u) << e.dump();

  // A council with no rule file: -32001, naming the needs record.
  p = yusuf();
  p["needs"][0]["council"] = "atlantis";
  p["care"][0].erase("personal_budget");
  p["care"][0].erase("weekly_fee");
  e = call("calculate", {{"person", p}, {"as_of", "2024-03-31"}});
  ASSERT_TRUE(e.contains("error")) << e.dump();
  EXPECT_EQ(e["error"]["code"], -32001) << e.dump();
  EXPECT_EQ(e["error"]["data"]["pointer"].get<std::string>().rfind("/person/", 0), 0u) << e.dump();
}

// Yusuf in a care home on 13 April 2026, past the day the rules know the PEA to (5 April 2026):
// refused by default (-32002, naming the parameter and the first day it was needed), carried
// forward when asked and listed as provisional; projecting needs a scenario projection, which
// no scenario has yet. The same for compare, account.get and account.statement.
TEST_F(ServerTest, PastWhatTheRulesKnowIsRefusedUnlessAskedOtherwise) {
  json params = {{"person", yusuf()}, {"as_of", "2026-04-13"}};
  json e = fails("calculate", params, -32002, "/person/finances/0");
  EXPECT_EQ(e["data"]["reason"], "rule_not_published");
  EXPECT_EQ(e["data"]["parameter"], "means_test.personal_expenses_allowance");
  EXPECT_EQ(e["data"]["date"], "2026-04-06");
  EXPECT_FALSE(e["data"].contains("council"));
  const json pea = json::parse(
      R"([{"parameter":"means_test.personal_expenses_allowance","value":"30.65","known_to":"2026-04-05"}])");
  params["unpublished"] = "carry_forward";
  EXPECT_EQ(ok("calculate", params)["provisional"], pea);
  // Projecting uses the scenario's projection: current law's documented default raises the
  // PEA 2.00% a year, to the 5p its published values move in: 30.65 × 1.02 = 31.263 → 31.25.
  params["unpublished"] = "project";
  json projected = ok("calculate", params);
  EXPECT_FALSE(projected.contains("provisional"));
  ASSERT_TRUE(projected["projected"].is_array()) << projected;
  json pea_projected;
  for (const json& v : projected["projected"]) {
    if (v["parameter"] == "means_test.personal_expenses_allowance") pea_projected = v;
  }
  EXPECT_EQ(pea_projected["value"], "31.25") << projected["projected"];
  EXPECT_EQ(pea_projected["known_to"], "2026-04-05");
  EXPECT_EQ(pea_projected["assumption"].get<std::string>().rfind("national_figures: +2.00% a year after 2026-04-05", 0),
            0u)
      << pea_projected;
  // Without a projection, projecting refuses, saying what to give.
  params["scenario"] = {{"base", "current-law"}, {"projection", nullptr}};
  e = fails("calculate", params, -32002, "/person/finances/0");
  EXPECT_NE(e["message"].get<std::string>().find("has no projection"), std::string::npos) << e;
  params.erase("scenario");
  params["unpublished"] = "carry-forward";  // the command line's spelling is not the request's
  fails("calculate", params, -32602, "/unpublished");

  json both = {{"person", yusuf()}, {"as_of", "2026-04-13"}, {"scenarios", {"current-law", "reform-2025-10"}}};
  fails("compare", both, -32002, "/person/finances/0");
  both["unpublished"] = "carry_forward";
  json r = ok("compare", both);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["provisional"], pea);
  EXPECT_EQ(r[1]["provisional"], pea);

  ok("person.put", {{"person", yusuf()}});
  json get = {{"person_id", "P-YUSUF"}, {"as_of", "2026-04-13"}};
  EXPECT_EQ(fails("account.get", get, -32002, "/finances/0")["data"]["parameter"], "means_test.personal_expenses_allowance");
  get["unpublished"] = "carry_forward";
  EXPECT_EQ(ok("account.get", get)["provisional"], pea);
  json statement = {{"person_id", "P-YUSUF"}, {"period_end", "2026-09-30"}, {"scenario", "reform-2023-10"}};
  fails("account.statement", statement, -32002, "/finances/0");
  statement["unpublished"] = "carry_forward";
  EXPECT_EQ(ok("account.statement", statement)["provisional"], pea);
}

TEST_F(ServerTest, CompareAnswersOneResultPerScenarioInOrder) {
  json r = ok("compare", {{"person", yusuf()},
                          {"as_of", "2029-03-31"}, kCarry,
                          {"scenarios", {"reform-2025-10", "current-law", "reform-2023-10"}}});
  ASSERT_TRUE(r.is_array());
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0]["scenario"]["name"], "reform-2025-10");
  EXPECT_EQ(r[0]["account"]["cap_reached_on"], "2029-01-16");
  EXPECT_EQ(r[1]["scenario"]["name"], "current-law");
  EXPECT_EQ(r[2]["account"]["cap_reached_on"], "2027-01-16");
  EXPECT_EQ(r[2], ok("calculate", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenario", "reform-2023-10"}}));

  fails("compare", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry}, -32602, "/scenarios");
  fails("compare", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenarios", json::array()}}, -32602, "/scenarios");
  fails("compare", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenarios", "current-law"}}, -32602, "/scenarios");
  fails("compare", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenarios", {"current-law", "nope"}}}, -32001,
        "/scenarios/1");
  // compare takes explain (true or "plain") since issue 13; anything else is refused.
  fails("compare", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenarios", {"current-law"}}, {"explain", "true"}},
        -32602, "/explain");
}

// Issue 14, defect 5: a compare of 600 scenarios for a large person built a multi-gigabyte
// answer while the service answered nobody else. The work and the answer of one request are
// bounded, each refusal naming what to ask for instead.
TEST_F(ServerTest, TheWorkAndTheAnswerOfOneRequestAreBounded) {
  json many = json::array();
  for (int i = 0; i < 600; ++i) many.push_back(i % 2 ? "reform-2025-10" : "current-law");
  json e = fails("compare", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenarios", many}}, -32602, "/scenarios");
  EXPECT_NE(e["message"].get<std::string>().find("at most 16 scenarios in one compare, got 600"), std::string::npos) << e;
  many.erase(many.begin() + 16, many.end());
  EXPECT_EQ(ok("compare", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenarios", many}}).size(), 16u);

  // Smaller limits, to see each bound without building large answers. (As of a day the rules
  // know, current law gives one period.)
  const std::size_t one_answer = ok("calculate", {{"person", yusuf()}, {"as_of", "2026-03-31"}}).dump().size();
  ServerLimits limits;
  limits.max_answer_bytes = one_answer * 5 / 2;  // room for two results of a compare, not three
  limits.max_periods_per_answer = 1;
  open_store({}, limits);
  json three = {{"person", yusuf()}, {"as_of", "2026-03-31"}, {"scenarios", {"current-law", "current-law", "current-law"}}};
  e = fails("compare", three, -32602, "");
  EXPECT_NE(e["message"].get<std::string>().find("larger than " + std::to_string(limits.max_answer_bytes) + " bytes"),
            std::string::npos) << e;
  three["scenarios"].erase(2);
  EXPECT_EQ(ok("compare", three).size(), 2u);
  fails("calculate", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"explain", true}}, -32602, "");
  // Under the 2023 reform the person meters toward the cap until 2027-01-16 and not after: two
  // periods from 2023-10-01, one in March 2029 alone.
  e = fails("calculate",
            {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenario", "reform-2023-10"}, {"from", "2023-10-01"}},
            -32602, "");
  EXPECT_NE(e["message"].get<std::string>().find("more than the 1 one answer may"), std::string::npos) << e;
  EXPECT_EQ(ok("calculate", {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry, {"scenario", "reform-2023-10"}, {"from", "2029-03-01"}})
                ["periods"].size(),
            1u);
}

// Scenarios are prepared once and kept between requests: answers must not depend on what was
// asked before, including scenario objects that differ only in one parameter.
TEST_F(ServerTest, AnswersDoNotDependOnEarlierRequestsScenarios) {
  json base = {{"person", yusuf()}, {"as_of", "2029-03-31"}, kCarry};
  auto with = [&](const json& scenario) {
    json p = base;
    p["scenario"] = scenario;
    return ok("calculate", p);
  };
  const json cap_100k = {{"base", "reform-2023-10"}, {"parameters", {{"reform.cap", "100000.00"}}}};
  const json cap_90k = {{"base", "reform-2023-10"}, {"parameters", {{"reform.cap", "90000.00"}}}};
  json first_2023 = with("reform-2023-10");
  json first_100k = with(cap_100k);
  json first_90k = with(cap_90k);
  EXPECT_EQ(first_100k["account"]["cap"], "100000.00");
  EXPECT_EQ(first_90k["account"]["cap"], "90000.00");
  EXPECT_EQ(with("reform-2023-10"), first_2023);
  EXPECT_EQ(with(cap_100k), first_100k);
  EXPECT_EQ(with("current-law")["account"]["cap"], nullptr);
  EXPECT_EQ(with(cap_90k), first_90k);

  // The same answers from a service that never saw the other scenarios.
  open_store({});
  EXPECT_EQ(with(cap_90k), first_90k);
  EXPECT_EQ(with("reform-2023-10"), first_2023);
}

TEST(PreparedScenarioCache, KeepsOnePerKeyAndStaysBounded) {
  const RuleSet& rules = test_support::england_rules();
  Scenario scenario;
  PreparedScenarioCache cache;
  auto a = cache.get(rules, "a", scenario);
  ASSERT_TRUE(a.ok());
  auto again = cache.get(rules, "a", scenario);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*a, *again) << "the same key must not be prepared twice";
  for (std::size_t i = 0; i < 3 * PreparedScenarioCache::kMaxEntries; ++i) {
    ASSERT_TRUE(cache.get(rules, "s" + std::to_string(i), scenario).ok());
    EXPECT_LE(cache.size(), PreparedScenarioCache::kMaxEntries);
  }
}

// ---- stored people -------------------------------------------------------------------------------

TEST_F(ServerTest, PutAppendsRevisionsAndGetReadsThemBack) {
  env_.set_now("2026-01-05T09:00:00.000Z");
  json a = ok("person.put", {{"person", yusuf()}});
  EXPECT_EQ(a, json({{"person_id", "P-YUSUF"}, {"revision", 1}, {"recorded_at", "2026-01-05T09:00:00.000Z"}}));
  env_.set_now("2026-01-06T10:30:00.250Z");
  json b = ok("person.put", {{"person", yusuf("P-YUSUF", "770.00")}});
  EXPECT_EQ(b["revision"], 2);
  EXPECT_EQ(b["recorded_at"], "2026-01-06T10:30:00.250Z");

  json latest = ok("person.get", {{"person_id", "P-YUSUF"}});
  EXPECT_EQ(latest["revision"], 2);
  EXPECT_EQ(latest["person"], yusuf("P-YUSUF", "770.00"));
  json first = ok("person.get", {{"person_id", "P-YUSUF"}, {"revision", 1}});
  EXPECT_EQ(first["revision"], 1);
  EXPECT_EQ(first["recorded_at"], "2026-01-05T09:00:00.000Z");
  EXPECT_EQ(first["person"], yusuf());

  fails("person.get", {{"person_id", "P-NOBODY"}}, -32004, "/person_id");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", 3}}, -32004, "/revision");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", 0}}, -32602, "/revision");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", 1.5}}, -32602, "/revision");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", "1"}}, -32602, "/revision");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", 18446744073709551615ull}}, -32602, "/revision");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", -1}}, -32602, "/revision");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", 9223372036854775807ll}}, -32004, "/revision");
  fails("person.get", {{"person_id", 5}}, -32602, "/person_id");
  fails("person.get", json::object(), -32602, "/person_id");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"rev", 1}}, -32602, "/rev");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"revision", 1}, {"as_known_at", "2026-01-05"}}, -32602,
        "/as_known_at");
}

TEST_F(ServerTest, InvalidPersonIsRefusedAndNothingIsStored) {
  json p = yusuf();
  p["care"][0]["weekly_fee"] = "-5.00";
  fails("person.put", {{"person", p}}, -32602, "/person/care/0/weekly_fee");
  p = yusuf();
  p["care"][0]["from"] = "2023-02-29";
  fails("person.put", {{"person", p}}, -32602, "/person/care/0/from");
  fails("person.put", {{"person", yusuf()}, {"idempotency_key", ""}}, -32602, "/idempotency_key");
  fails("person.put", {{"person", yusuf()}, {"idempotency_key", std::string(300, 'k')}}, -32602, "/idempotency_key");
  fails("person.put", {{"person", yusuf()}, {"expected_revision", -1}}, -32602, "/expected_revision");
  fails("person.put", {{"person", yusuf()}, {"expected_revison", 0}}, -32602, "/expected_revison");
  fails("person.put", json::object(), -32602, "/person");
  fails("person.get", {{"person_id", "P-YUSUF"}}, -32004, "/person_id");
}

TEST_F(ServerTest, IdempotentRetryReturnsTheOriginalAnswerWithoutWriting) {
  env_.set_now("2026-01-05T09:00:00.000Z");
  json first = ok("person.put", {{"person", yusuf()}, {"idempotency_key", "k-1"}});
  env_.set_now("2026-01-05T09:05:00.000Z");
  json retry = ok("person.put", {{"person", yusuf()}, {"idempotency_key", "k-1"}});
  EXPECT_EQ(retry, first);
  EXPECT_EQ(ok("person.get", {{"person_id", "P-YUSUF"}})["revision"], 1);

  // The same content with its keys in another order is the same content.
  nlohmann::ordered_json reordered;
  json doc = yusuf();
  for (auto it = doc.rbegin(); it != doc.rend(); ++it) reordered[it.key()] = it.value();
  std::string line = R"({"jsonrpc":"2.0","id":7,"method":"person.put","params":{"idempotency_key":"k-1","person":)" +
                     reordered.dump() + "}}";
  ASSERT_EQ(line.find(R"("person":{"id")"), std::string::npos);  // really in another order
  EXPECT_EQ(raw(line)["result"], first);

  // The same key for something else is a conflict, and nothing is written.
  json e = fails("person.put", {{"person", yusuf("P-YUSUF", "770.00")}, {"idempotency_key", "k-1"}}, -32003,
                 "/idempotency_key");
  e = fails("person.put", {{"person", yusuf("P-OTHER")}, {"idempotency_key", "k-1"}}, -32003, "/idempotency_key");
  EXPECT_EQ(ok("person.get", {{"person_id", "P-YUSUF"}})["revision"], 1);
  fails("person.get", {{"person_id", "P-OTHER"}}, -32004, "/person_id");

  // A new key writes a new revision.
  EXPECT_EQ(ok("person.put", {{"person", yusuf()}, {"idempotency_key", "k-2"}})["revision"], 2);
}

TEST_F(ServerTest, ExpectedRevisionGuardsAgainstLostUpdates) {
  EXPECT_EQ(ok("person.put", {{"person", yusuf()}, {"expected_revision", 0}})["revision"], 1);
  json e = fails("person.put", {{"person", yusuf()}, {"expected_revision", 0}}, -32003, "/expected_revision");
  EXPECT_EQ(e["data"]["current_revision"], 1);
  EXPECT_EQ(ok("person.put", {{"person", yusuf()}, {"expected_revision", 1}})["revision"], 2);
  e = fails("person.put", {{"person", yusuf()}, {"expected_revision", 1}}, -32003, "/expected_revision");
  EXPECT_EQ(e["data"]["current_revision"], 2);
  e = fails("person.put", {{"person", yusuf("P-NEW")}, {"expected_revision", 4}}, -32003, "/expected_revision");
  EXPECT_EQ(e["data"]["current_revision"], 0);
  EXPECT_EQ(ok("person.get", {{"person_id", "P-YUSUF"}})["revision"], 2);
  fails("person.get", {{"person_id", "P-NEW"}}, -32004, "/person_id");

  // A retry of a conditional write that succeeded is answered from its idempotency key, even
  // though its expected_revision is now stale.
  json put = {{"person", yusuf()}, {"expected_revision", 2}, {"idempotency_key", "k-3"}};
  json first = ok("person.put", put);
  EXPECT_EQ(first["revision"], 3);
  EXPECT_EQ(ok("person.put", put), first);
}

TEST_F(ServerTest, AsKnownAtReplaysWhatWasKnown) {
  env_.set_now("2026-01-05T09:00:00.000Z");
  ok("person.put", {{"person", yusuf()}});
  env_.set_now("2026-03-01T12:00:00.500Z");
  ok("person.put", {{"person", yusuf("P-YUSUF", "770.00")}});

  auto rev_at = [&](const std::string& t) {
    return ok("person.get", {{"person_id", "P-YUSUF"}, {"as_known_at", t}})["revision"];
  };
  EXPECT_EQ(rev_at("2026-01-05T09:00:00Z"), 1);
  EXPECT_EQ(rev_at("2026-03-01T12:00:00.499Z"), 1);
  EXPECT_EQ(rev_at("2026-03-01T12:00:00.5Z"), 2);
  EXPECT_EQ(rev_at("2026-02-28"), 1);  // a date: the end of that day
  EXPECT_EQ(rev_at("2026-03-01"), 2);
  EXPECT_EQ(rev_at("2030-01-01T00:00:00Z"), 2);
  fails("person.get", {{"person_id", "P-YUSUF"}, {"as_known_at", "2026-01-04"}}, -32004, "/as_known_at");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"as_known_at", "2026-01-05 09:00"}}, -32602, "/as_known_at");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"as_known_at", "2026-01-05T25:00:00Z"}}, -32602, "/as_known_at");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"as_known_at", "2026-02-30"}}, -32602, "/as_known_at");
  fails("person.get", {{"person_id", "P-YUSUF"}, {"as_known_at", 2026}}, -32602, "/as_known_at");

  // account.get on what was known then and now.
  json params = {{"person_id", "P-YUSUF"}, {"as_of", "2024-09-30"}, {"scenario", "reform-2023-10"}};
  json now = ok("account.get", params);
  params["as_known_at"] = "2026-02-01";
  json then = ok("account.get", params);
  EXPECT_EQ(then["account"]["accrued"], "26142.86");  // 366 days at £500 a week
  EXPECT_EQ(now["account"]["accrued"], "29802.86");   // 366 days at £570 a week
  EXPECT_EQ(then, ok("calculate", {{"person", yusuf()}, {"as_of", "2024-09-30"}, {"scenario", "reform-2023-10"}}));
  params["as_known_at"] = "2025-12-31";
  fails("account.get", params, -32004, "/as_known_at");
}

TEST_F(ServerTest, AccountGetErrors) {
  ok("person.put", {{"person", yusuf()}});
  fails("account.get", {{"person_id", "P-NOBODY"}, {"as_of", "2025-01-01"}}, -32004, "/person_id");
  fails("account.get", {{"person_id", "P-YUSUF"}}, -32602, "/as_of");
  fails("account.get", {{"person_id", "P-YUSUF"}, {"as_of", "2025-01-01"}, {"scenario", "nope"}}, -32001, "/scenario");
  fails("account.get", {{"person_id", "P-YUSUF"}, {"as_of", "2025-01-01"}, {"rules", "nope"}}, -32001, "/rules");
  // account.get takes explain (true or "plain") since issue 13; anything else is refused.
  fails("account.get", {{"person_id", "P-YUSUF"}, {"as_of", "2025-01-01"}, {"explain", nullptr}}, -32602, "/explain");
}

TEST_F(ServerTest, RecordedAtNeverGoesBackWhenTheClockDoes) {
  env_.set_now("2026-01-05T09:00:00.000Z");
  ok("person.put", {{"person", yusuf()}});
  env_.set_now("2025-06-01T00:00:00.000Z");  // the clock was set back
  json b = ok("person.put", {{"person", yusuf("P-OTHER")}});
  EXPECT_EQ(b["recorded_at"], "2026-01-05T09:00:00.000Z");
  env_.set_now("2026-01-05T09:00:00Z");  // without milliseconds: still the same instant
  EXPECT_EQ(ok("person.put", {{"person", yusuf()}})["recorded_at"], "2026-01-05T09:00:00.000Z");
  env_.set_now("2026-01-05T09:00:01.000Z");
  EXPECT_EQ(ok("person.put", {{"person", yusuf()}})["recorded_at"], "2026-01-05T09:00:01.000Z");
  // Replay stays well defined: everything recorded by then is seen.
  EXPECT_EQ(ok("person.get", {{"person_id", "P-YUSUF"}, {"as_known_at", "2026-01-05T09:00:00Z"}})["revision"], 2);
}

// ---- statements -------------------------------------------------------------------------------

TEST_F(ServerTest, StatementShowsTheAccountAndAdjustmentsAfterACorrection) {
  env_.set_now("2024-10-02T08:00:00.000Z");
  ok("person.put", {{"person", yusuf()}});
  env_.set_now("2024-10-03T08:00:00.000Z");
  json s1 = ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2024-09-30"}, {"scenario", "reform-2023-10"}});
  EXPECT_EQ(s1["person_id"], "P-YUSUF");
  EXPECT_EQ(s1["person_revision"], 1);
  EXPECT_EQ(s1["issued_at"], "2024-10-03T08:00:00.000Z");
  EXPECT_EQ(s1["period"], json({{"from", "2023-10-01"}, {"to", "2024-09-30"}}));
  EXPECT_EQ(s1["scenario"]["name"], "reform-2023-10");
  EXPECT_EQ(s1["rules"]["sha256"], test_support::england_rules().ref.sha256);
  EXPECT_EQ(s1["cap"], "86000.00");
  EXPECT_EQ(s1["accrued"], "26142.86");
  EXPECT_EQ(s1["remaining"], "59857.14");
  EXPECT_EQ(s1["cost_of_meeting_needs"], "36600.00");  // 366 days of £700 a week
  EXPECT_EQ(s1["progress"]["accrued_in_period"], "26142.86");
  EXPECT_EQ(s1["progress"]["weekly_accruing"], "500.00");
  EXPECT_EQ(s1["daily_living_costs"]["weekly"], "200.00");
  EXPECT_EQ(s1["daily_living_costs"]["total"], "10457.14");
  EXPECT_EQ(s1["adjustments"], nullptr);
  EXPECT_EQ(s1["indicative_cap_date"], nullptr);  // 2027-01-16 is more than 18 months away
  EXPECT_EQ(s1["cap_reached_on"], nullptr);

  // A correction: the fee and budget were £770 a week all along.
  env_.set_now("2025-02-01T10:00:00.000Z");
  json put = ok("person.put", {{"person", yusuf("P-YUSUF", "770.00")}});
  env_.set_now("2025-10-02T08:00:00.000Z");
  json s2 = ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}, {"scenario", "reform-2023-10"}});
  EXPECT_EQ(s2["person_revision"], 2);
  EXPECT_EQ(s2["period"], json({{"from", "2024-10-01"}, {"to", "2025-09-30"}}));
  EXPECT_EQ(s2["accrued"], "59524.29");                         // 731 days at £570 a week
  EXPECT_EQ(s2["progress"]["accrued_in_period"], "29721.43");   // 365 days at £570 a week
  EXPECT_EQ(s2["progress"]["weekly_accruing"], "570.00");
  const json& adj = s2["adjustments"];
  ASSERT_TRUE(adj.is_object()) << s2.dump();
  EXPECT_EQ(adj["previous_statement"]["period_end"], "2024-09-30");
  EXPECT_EQ(adj["previous_statement"]["issued_at"], "2024-10-03T08:00:00.000Z");
  EXPECT_EQ(adj["previous_statement"]["accrued"], "26142.86");
  EXPECT_EQ(adj["previous_statement"]["person_revision"], 1);
  EXPECT_EQ(adj["accrued_at_previous_period_end_now"], "29802.86");
  EXPECT_EQ(adj["amount"], "3660.00");  // 366 days at £70 a week
  EXPECT_EQ(adj["revisions"], json::array({{{"revision", 2}, {"recorded_at", put["recorded_at"]}}}));
  // Within 18 months of the cap: the indicative date is shown, as the account projects it.
  json account = ok("account.get", {{"person_id", "P-YUSUF"}, {"as_of", "2025-09-30"}, {"scenario", "reform-2023-10"}});
  ASSERT_TRUE(account["account"]["projected_cap_date"].is_string()) << account.dump();
  EXPECT_EQ(s2["indicative_cap_date"], account["account"]["projected_cap_date"]);

  // Another scenario keeps its own history: no previous statement there.
  json other = ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}, {"scenario", "reform-2025-10"}});
  EXPECT_EQ(other["adjustments"], nullptr);

  // Statement three: no correction since statement two.
  env_.set_now("2026-10-02T08:00:00.000Z");
  json s3 = ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2026-09-30"}, kCarry, {"scenario", "reform-2023-10"}});
  EXPECT_EQ(s3["adjustments"]["amount"], "0.00");
  EXPECT_EQ(s3["adjustments"]["revisions"], json::array());
  EXPECT_EQ(s3["adjustments"]["previous_statement"]["period_end"], "2025-09-30");
}

TEST_F(ServerTest, StatementErrors) {
  ok("person.put", {{"person", yusuf()}});
  fails("account.statement", {{"person_id", "P-NOBODY"}, {"period_end", "2025-09-30"}}, -32004, "/person_id");
  fails("account.statement", {{"person_id", "P-YUSUF"}}, -32602, "/period_end");
  fails("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-31"}}, -32602, "/period_end");
  fails("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}, {"as_of", "2025-09-30"}}, -32602,
        "/as_of");
  fails("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}, {"scenario", "x"}}, -32001,
        "/scenario");
}

TEST(StatementPeriod, TwelveMonthsEndingOnTheDay) {
  auto period = [](const char* end) {
    DateRange r = statement_period(*parse_date(end));
    return to_string(r.first) + ".." + to_string(r.last);
  };
  EXPECT_EQ(period("2027-03-31"), "2026-04-01..2027-03-31");
  EXPECT_EQ(period("2028-02-29"), "2027-03-01..2028-02-29");
  EXPECT_EQ(period("2027-02-28"), "2026-03-01..2027-02-28");
  EXPECT_EQ(period("2024-02-28"), "2023-03-01..2024-02-28");
  EXPECT_EQ(period("2025-01-01"), "2024-01-02..2025-01-01");
}

// ---- plain-English answers ---------------------------------------------------------------------

// Yusuf under reform-2023-10 on 2025-09-30, by hand: a self-funder (savings £250,000 above the
// reform's upper limit of £100,000) paying the £700.00 fee, of which £200.00 a week is daily
// living costs, so 700 − 200 = £500.00 a week counts toward the £86,000.00 cap.
const char* const kYusufMeters =
    "Under the reform, £500.00 a week counts toward the £86,000.00 cap: the fee less £200.00 for daily living costs.";

// The sentences of a result's why.
std::vector<std::string> why_texts(const json& result) {
  std::vector<std::string> out;
  for (const json& s : result.value("why", json::array())) out.push_back(s["text"].get<std::string>());
  return out;
}
::testing::AssertionResult has_sentence(const std::vector<std::string>& why, const std::string& sentence) {
  for (const std::string& s : why) {
    if (s == sentence) return ::testing::AssertionSuccess();
  }
  std::string all;
  for (const std::string& s : why) all += "\n  " + s;
  return ::testing::AssertionFailure() << "no sentence \"" << sentence << "\" among:" << all;
}

TEST_F(ServerTest, ExplainPlainAddsWhyBesideTheTechnicalExplanation) {
  json params = {{"person", yusuf()}, {"as_of", "2025-09-30"}, {"scenario", "reform-2023-10"}};
  json none = ok("calculate", params);
  EXPECT_FALSE(none.contains("explain"));
  EXPECT_FALSE(none.contains("why"));
  params["explain"] = true;
  json technical = ok("calculate", params);
  EXPECT_TRUE(technical["explain"].is_array());
  EXPECT_FALSE(technical.contains("why"));
  params["explain"] = "plain";
  json plain = ok("calculate", params);
  EXPECT_EQ(plain["explain"], technical["explain"]);  // "plain" gives the technical reading too
  ASSERT_TRUE(plain["why"].is_array()) << plain.dump();
  EXPECT_TRUE(has_sentence(why_texts(plain), kYusufMeters));
  for (const json& s : plain["why"]) {
    EXPECT_TRUE(s["reason"].is_string() && s["from"].is_string() && s["figures"].is_object()) << s.dump();
  }
  // The same figures otherwise.
  plain.erase("explain");
  plain.erase("why");
  EXPECT_EQ(plain, none);

  params["explain"] = "Plain";
  json e = fails("calculate", params, -32602, "/explain");
  EXPECT_NE(e["message"].get<std::string>().find("\"plain\""), std::string::npos) << e.dump();
  params["explain"] = 1;
  fails("calculate", params, -32602, "/explain");
}

TEST_F(ServerTest, ExplainPlainOnCompareAndStoredAccounts) {
  json compared = ok("compare", {{"person", yusuf()}, {"as_of", "2025-09-30"}, {"explain", "plain"},
                                 {"scenarios", {"current-law", "reform-2023-10"}}});
  ASSERT_EQ(compared.size(), 2u);
  // By hand: under current law £250,000 is above the upper limit of £23,250.00; the fee is paid in full.
  EXPECT_TRUE(has_sentence(why_texts(compared[0]), "You pay the full fee because your capital (£250,000.00) is above the upper limit "
                                  "(£23,250.00)."));
  EXPECT_TRUE(has_sentence(why_texts(compared[1]), kYusufMeters));
  fails("compare", {{"person", yusuf()}, {"as_of", "2025-09-30"}, {"explain", "yes"}, {"scenarios", {"current-law"}}},
        -32602, "/explain");

  ok("person.put", {{"person", yusuf()}});
  json account = ok("account.get", {{"person_id", "P-YUSUF"}, {"as_of", "2025-09-30"}, {"scenario", "reform-2023-10"},
                                    {"explain", "plain"}});
  EXPECT_TRUE(account["explain"].is_array());
  EXPECT_TRUE(has_sentence(why_texts(account), kYusufMeters));
  json technical = ok("account.get", {{"person_id", "P-YUSUF"}, {"as_of", "2025-09-30"}, {"explain", true}});
  EXPECT_TRUE(technical["explain"].is_array());
  EXPECT_FALSE(technical.contains("why"));
  fails("account.get", {{"person_id", "P-YUSUF"}, {"as_of", "2025-09-30"}, {"explain", "no"}}, -32602, "/explain");
}

TEST_F(ServerTest, AStatementExplainedInPlainEnglishSaysWhatChangedSinceTheLastOne) {
  env_.set_now("2024-10-02T08:00:00.000Z");
  ok("person.put", {{"person", yusuf()}});
  json s1 = ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2024-09-30"}, {"scenario", "reform-2023-10"}});
  EXPECT_FALSE(s1.contains("why"));
  EXPECT_FALSE(s1.contains("explain"));
  env_.set_now("2025-02-01T10:00:00.000Z");
  ok("person.put", {{"person", yusuf("P-YUSUF", "770.00")}});
  env_.set_now("2025-10-02T08:00:00.000Z");
  json s2 = ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}, {"scenario", "reform-2023-10"},
                                     {"explain", "plain"}});
  EXPECT_TRUE(s2["explain"].is_array());
  std::vector<std::string> why = why_texts(s2);
  ASSERT_FALSE(why.empty()) << s2.dump();
  // The adjustment, first (the figures worked by hand in StatementShowsTheAccountAndAdjustmentsAfterACorrection):
  // £26,142.86 shown at 30 September 2024; 366 days at £570 a week = £29,802.86 now; £3,660.00 more.
  EXPECT_EQ(why[0], "Your last statement showed £26,142.86 counted toward the cap by 30 September 2024; worked out "
                    "again now it is £29,802.86, so this statement adds £3,660.00.");
  EXPECT_EQ(s2["why"][0]["reason"], "statement_adjustment");
  // £770 − £200 = £570 a week meters; the indicative date is shown, so is the sentence that projects it.
  EXPECT_TRUE(has_sentence(why, "Under the reform, £570.00 a week counts toward the £86,000.00 cap: the fee less "
                                       "£200.00 for daily living costs."));
  // 731 days at £570 a week = £59,524.29 accrued; the £26,475.71 left at 570/7 a day takes 326 days from
  // 30 September 2025: 22 August 2026.
  EXPECT_EQ(s2["indicative_cap_date"], "2026-08-22");
  EXPECT_TRUE(has_sentence(why, "At £570.00 a week, you would reach the £86,000.00 cap on about 22 August 2026."));
  fails("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}, {"explain", "maybe"}}, -32602,
        "/explain");
}

// ---- the stored data's lifecycle ---------------------------------------------------------------

// The text of a result, exactly as the response line carries it.
std::string result_text(const std::string& line) {
  const std::string head = "\"result\":";
  std::size_t at = line.find(head);
  if (at == std::string::npos || line.back() != '}') return "";
  return line.substr(at + head.size(), line.size() - at - head.size() - 1);
}

TEST_F(ServerTest, StatementGetReadsBackExactlyWhatWasIssued) {
  ok("person.put", {{"person", yusuf()}});
  json issue = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", "account.statement"},
                {"params", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}, {"scenario", "reform-2023-10"},
                            {"explain", "plain"}}}};
  std::string issued = result_text(server_->handle_line(issue.dump()));
  ASSERT_FALSE(issued.empty());
  std::string read = result_text(server_->handle_line(R"({"jsonrpc":"2.0","id":2,"method":"statement.get","params":{"statement_id":1}})"));
  EXPECT_EQ(read, issued);  // byte for byte, explanations included
  EXPECT_EQ(json::parse(read)["accrued"], "52214.29");

  fails("statement.get", json::object(), -32602, "/statement_id");
  fails("statement.get", {{"statement_id", 0}}, -32602, "/statement_id");
  fails("statement.get", {{"statement_id", "1"}}, -32602, "/statement_id");
  fails("statement.get", {{"statement_id", 1}, {"person_id", "P-YUSUF"}}, -32602, "/person_id");
  fails("statement.get", {{"statement_id", 2}}, -32005, "/statement_id");
}

TEST_F(ServerTest, StatementListPagesAPersonsStatementsInTheOrderIssued) {
  ok("person.put", {{"person", yusuf()}});
  ok("person.put", {{"person", yusuf("P-OTHER")}});
  std::vector<json> issued;
  for (const char* end : {"2024-09-30", "2025-09-30"}) {
    issued.push_back(ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", end}, {"scenario", "reform-2023-10"}}));
  }
  ok("account.statement", {{"person_id", "P-OTHER"}, {"period_end", "2025-09-30"}});  // statement 3, not Yusuf's
  issued.push_back(ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2026-09-30"}, kCarry}));

  json first = ok("statement.list", {{"person_id", "P-YUSUF"}, {"limit", 2}});
  EXPECT_EQ(first["person_id"], "P-YUSUF");
  ASSERT_EQ(first["statements"].size(), 2u) << first.dump();
  EXPECT_EQ(first["statements"][0]["statement_id"], 1);
  EXPECT_EQ(first["statements"][0]["period_end"], "2024-09-30");
  EXPECT_EQ(first["statements"][0]["scenario"], "reform-2023-10");
  EXPECT_EQ(first["statements"][0]["person_revision"], 1);
  EXPECT_EQ(first["statements"][0]["accrued"], "26142.86");
  EXPECT_EQ(first["statements"][0]["statement"], issued[0]);
  EXPECT_EQ(first["statements"][1]["statement"], issued[1]);
  EXPECT_EQ(first["next_after"], 2);
  json rest = ok("statement.list", {{"person_id", "P-YUSUF"}, {"after", 2}, {"limit", 2}});
  ASSERT_EQ(rest["statements"].size(), 1u) << rest.dump();
  EXPECT_EQ(rest["statements"][0]["statement_id"], 4);
  EXPECT_EQ(rest["statements"][0]["scenario"], "current-law");
  EXPECT_EQ(rest["statements"][0]["statement"], issued[2]);
  EXPECT_EQ(rest["next_after"], nullptr);
  EXPECT_EQ(ok("statement.list", {{"person_id", "P-YUSUF"}})["statements"].size(), 3u);  // default page

  fails("statement.list", json::object(), -32602, "/person_id");
  fails("statement.list", {{"person_id", "P-NOBODY"}}, -32004, "/person_id");
  fails("statement.list", {{"person_id", "P-YUSUF"}, {"limit", 0}}, -32602, "/limit");
  fails("statement.list", {{"person_id", "P-YUSUF"}, {"limit", 1001}}, -32602, "/limit");
  fails("statement.list", {{"person_id", "P-YUSUF"}, {"after", -1}}, -32602, "/after");
  fails("statement.list", {{"person_id", "P-YUSUF"}, {"after", "2"}}, -32602, "/after");
  fails("statement.list", {{"person_id", "P-YUSUF"}, {"page", 2}}, -32602, "/page");
}

TEST_F(ServerTest, PersonListPagesStoredPeopleInOrderOfId) {
  json empty = ok("person.list", json::object());
  EXPECT_EQ(empty, json({{"people", json::array()}, {"next_after", nullptr}}));
  json put_c = ok("person.put", {{"person", yusuf("P-C")}});
  ok("person.put", {{"person", yusuf("P-A")}});
  ok("person.put", {{"person", yusuf("P-B")}});
  json put_b2 = ok("person.put", {{"person", yusuf("P-B", "770.00")}});

  json first = ok("person.list", {{"limit", 2}});
  ASSERT_EQ(first["people"].size(), 2u) << first.dump();
  EXPECT_EQ(first["people"][0]["person_id"], "P-A");
  EXPECT_EQ(first["people"][1], json({{"person_id", "P-B"}, {"revision", 2}, {"recorded_at", put_b2["recorded_at"]}}));
  EXPECT_EQ(first["next_after"], "P-B");
  json rest = ok("person.list", {{"after", "P-B"}, {"limit", 2}});
  EXPECT_EQ(rest, json({{"people", {{{"person_id", "P-C"}, {"revision", 1}, {"recorded_at", put_c["recorded_at"]}}}},
                        {"next_after", nullptr}}));

  fails("person.list", {{"limit", "2"}}, -32602, "/limit");
  fails("person.list", {{"limit", 1001}}, -32602, "/limit");
  fails("person.list", {{"after", 5}}, -32602, "/after");
  fails("person.list", {{"person_id", "P-A"}}, -32602, "/person_id");
}

TEST_F(ServerTest, PersonEraseRemovesThePersonAndTheirStatementsOnceAndIsIdempotent) {
  ok("person.put", {{"person", yusuf()}});
  ok("person.put", {{"person", yusuf("P-YUSUF", "770.00")}});
  ok("person.put", {{"person", yusuf("P-KEPT")}});
  ok("account.statement", {{"person_id", "P-YUSUF"}, {"period_end", "2025-09-30"}});
  ok("account.statement", {{"person_id", "P-KEPT"}, {"period_end", "2025-09-30"}});

  env_.set_now("2026-11-01T12:00:00.000Z");
  json erased = ok("person.erase", {{"person_id", "P-YUSUF"}, {"reason", "ER-2026-17"}});
  EXPECT_EQ(erased["erasure_id"], 1);
  EXPECT_EQ(erased["revisions"], 2);
  EXPECT_EQ(erased["statements"], 1);
  EXPECT_EQ(erased["reason"], "ER-2026-17");
  EXPECT_EQ(erased["erased_at"], "2026-11-01T12:00:00.000Z");
  EXPECT_EQ(erased["already_erased"], false);
  EXPECT_EQ(erased["person_hash"].get<std::string>().size(), 64u);
  fails("person.get", {{"person_id", "P-YUSUF"}}, -32004, "/person_id");
  fails("statement.get", {{"statement_id", 1}}, -32005, "/statement_id");
  fails("statement.list", {{"person_id", "P-YUSUF"}}, -32004, "/person_id");
  EXPECT_EQ(ok("statement.get", {{"statement_id", 2}})["person_id"], "P-KEPT");
  EXPECT_EQ(ok("person.list", json::object())["people"].size(), 1u);

  // Again, later and with another reason: the first tombstone, and nothing written.
  env_.set_now("2026-11-02T12:00:00.000Z");
  json again = ok("person.erase", {{"person_id", "P-YUSUF"}, {"reason", "ER-2026-18"}});
  EXPECT_EQ(again["already_erased"], true);
  again["already_erased"] = false;
  EXPECT_EQ(again, erased);

  fails("person.erase", {{"person_id", "P-NOBODY"}, {"reason", "ER-1"}}, -32004, "/person_id");
  fails("person.erase", {{"person_id", "P-KEPT"}}, -32602, "/reason");
  fails("person.erase", {{"person_id", "P-KEPT"}, {"reason", ""}}, -32602, "/reason");
  fails("person.erase", {{"person_id", "P-KEPT"}, {"reason", "line\nbreak"}}, -32602, "/reason");
  fails("person.erase", {{"person_id", "P-KEPT"}, {"reason", std::string(201, 'x')}}, -32602, "/reason");
  fails("person.erase", {{"reason", "ER-1"}}, -32602, "/person_id");
  EXPECT_EQ(ok("person.get", {{"person_id", "P-KEPT"}})["revision"], 1);  // none of those erased anything
}

TEST_F(ServerTest, TheMethodsTableSaysWhatEachLifecycleMethodTouches) {
  for (const char* name : {"statement.get", "statement.list", "person.list", "person.erase"}) {
    const MethodInfo* m = find_rpc_method(name);
    ASSERT_NE(m, nullptr) << name;
    EXPECT_TRUE(uses_store(*m)) << name;  // so the HTTP door asks for the bearer token
    EXPECT_EQ(has_effects(*m), std::string(name) == "person.erase") << name;
  }
  // Every method in the table is answered (here: its params refused), none is -32601.
  for (const MethodInfo& m : kRpcMethods) {
    json r = call(std::string(m.name), {{"no_such_param", 1}});
    ASSERT_TRUE(r.contains("error")) << m.name << " " << r.dump();
    EXPECT_EQ(r["error"]["code"], -32602) << m.name << " " << r.dump();
  }
}

TEST_F(ServerTest, ANotificationOfAnErasureIsNotRun) {
  std::vector<std::string> log;
  server_->set_log([&](const std::string& text) { log.push_back(text); });
  ok("person.put", {{"person", yusuf()}});
  EXPECT_EQ(server_->handle_line(
                R"({"jsonrpc":"2.0","method":"person.erase","params":{"person_id":"P-YUSUF","reason":"ER-1"}})"),
            "");
  ASSERT_EQ(log.size(), 1u);
  EXPECT_NE(log[0].find("notification of person.erase"), std::string::npos) << log[0];
  EXPECT_EQ(ok("person.get", {{"person_id", "P-YUSUF"}})["revision"], 1);
}

TEST_F(ServerTest, AnErasureThatCannotBeMadeDurableStopsTheService) {
  FaultVfs::install();
  open_store(test_support::store_options_with_vfs(FaultVfs::kName));
  ok("person.put", {{"person", yusuf()}});
  FaultVfs::fail_sync = true;
  fails("person.erase", {{"person_id", "P-YUSUF"}, {"reason", "ER-1"}}, -32010, "");
  FaultVfs::fail_sync = false;
  EXPECT_TRUE(server_->must_stop());
}

// ---- storage errors ---------------------------------------------------------------------------

TEST_F(ServerTest, AWriteLockHeldElsewhereIsAStorageErrorNotAStop) {
  open_store(test_support::store_options_with_busy_timeout(50));
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("accounts.db").c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  json e = fails("person.put", {{"person", yusuf()}}, -32010, "");
  EXPECT_FALSE(server_->must_stop());
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);
  EXPECT_EQ(ok("person.put", {{"person", yusuf()}})["revision"], 1);
}

TEST_F(ServerTest, AnFsyncFailureOnCommitIsAStorageErrorAndStopsTheService) {
  FaultVfs::install();
  open_store(test_support::store_options_with_vfs(FaultVfs::kName));
  EXPECT_EQ(ok("person.put", {{"person", yusuf()}})["revision"], 1);
  FaultVfs::fail_sync = true;
  json e = fails("person.put", {{"person", yusuf("P-YUSUF", "770.00")}}, -32010, "");
  FaultVfs::fail_sync = false;
  EXPECT_TRUE(server_->must_stop());
}

TEST_F(ServerTest, ADiskFullOnWriteIsAStorageErrorAndStopsTheService) {
  FaultVfs::install();
  open_store(test_support::store_options_with_vfs(FaultVfs::kName));
  FaultVfs::fail_write = true;
  json e = fails("person.put", {{"person", yusuf()}}, -32010, "");
  FaultVfs::fail_write = false;
  EXPECT_TRUE(server_->must_stop());
}

}  // namespace
}  // namespace caremeter
