// mcp_session_test.cc — the MCP door's session driven directly (the node tests drive the real
// program with the official SDK): the handshake and version negotiation, tools with their
// bundled schemas, results as the JSON-RPC methods give them, tool errors, notifications; and
// the schema bundling and the plain-English summaries on their own.
#include "mcp/session.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>

#include "mcp/summary.h"
#include "mcp/tools.h"
#include "schema/schemas.h"
#include "support/fake_env.h"
#include "support/serve_fixtures.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using nlohmann::json;

// True if any object below the top of `schema` carries the key (an MCP client resolves no
// outside references, and one "$id" inside a tool's schema would clash with the next tool's).
bool nested_key(const json& node, const std::string& key, bool top = true) {
  if (node.is_object()) {
    if (!top && node.contains(key)) return true;
    for (const auto& [k, v] : node.items()) {
      if (nested_key(v, key, false)) return true;
    }
  } else if (node.is_array()) {
    for (const auto& v : node) {
      if (nested_key(v, key, false)) return true;
    }
  }
  return false;
}

// Every "$ref" points into the schema's own "$defs", and each target exists.
void expect_refs_resolve(const json& node, const json& root) {
  if (node.is_object()) {
    if (node.contains("$ref")) {
      const std::string ref = node["$ref"];
      ASSERT_EQ(ref.rfind("#/$defs/", 0), 0u) << ref;
      EXPECT_TRUE(root["$defs"].contains(ref.substr(8))) << ref;
    }
    for (const auto& [k, v] : node.items()) expect_refs_resolve(v, root);
  } else if (node.is_array()) {
    for (const auto& v : node) expect_refs_resolve(v, root);
  }
}

TEST(Schemas, EverySchemaFileBundlesIntoOneSelfContainedDocument) {
  ASSERT_EQ(schema_files().size(), 9u);
  for (const EmbeddedFile& f : schema_files()) {
    SCOPED_TRACE(std::string(f.name));
    EXPECT_EQ(json::parse(f.content), json::parse(test_support::read_source_file("service/schema/" + std::string(f.name))));
    auto bundled = bundled_schema(f.name);
    ASSERT_TRUE(bundled.ok()) << bundled.error().to_string();
    EXPECT_FALSE(bundled->contains("$id"));
    EXPECT_FALSE(nested_key(*bundled, "$id"));
    EXPECT_FALSE(nested_key(*bundled, "$schema"));
    expect_refs_resolve(*bundled, *bundled);
  }
  // The params of calculate carry the person and the scenario with them.
  json calc = *bundled_schema("calculate-params.schema.json");
  EXPECT_EQ(calc["properties"]["person"]["$ref"], "#/$defs/person");
  EXPECT_EQ(calc["$defs"]["person"]["required"], json({"id", "birth_date", "household", "needs", "care", "finances"}));
  EXPECT_TRUE(calc["$defs"].contains("scenario"));
  EXPECT_FALSE(bundled_schema("no-such.schema.json").ok());
}

TEST(Summary, PoundsAndDatesInWords) {
  EXPECT_EQ(pounds("86000.00"), "£86,000.00");
  EXPECT_EQ(pounds("700.00"), "£700.00");
  EXPECT_EQ(pounds("1234567.89"), "£1,234,567.89");
  EXPECT_EQ(pounds("-12.00"), "-£12.00");
  EXPECT_EQ(pounds("0.00"), "£0.00");
  EXPECT_EQ(date_in_words("2027-01-16"), "16 January 2027");
  EXPECT_EQ(date_in_words("2025-12-01"), "1 December 2025");
  EXPECT_EQ(date_in_words("soon"), "soon");
}

class McpSessionTest : public ::testing::Test {
 protected:
  void SetUp() override { open(false); }
  void open(bool stored_accounts) {
    auto s = Store::open(":memory:", env_);
    ASSERT_TRUE(s.ok());
    store_ = std::move(*s);
    server_ = std::make_unique<Server>(rules_, *store_);
    session_ = std::make_unique<McpSession>(*server_, stored_accounts);
    session_->set_log([](const std::string&) {});
  }
  json send(const json& message) {
    auto answer = session_->handle_line(message.dump());
    EXPECT_TRUE(answer.has_value()) << message.dump();
    return answer ? json::parse(*answer) : json();
  }
  json request(const std::string& method, const json& params, int id = 1) {
    return send({{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}});
  }
  json initialize(const std::string& version) {
    return request("initialize", {{"protocolVersion", version}, {"capabilities", json::object()},
                                  {"clientInfo", {{"name", "test"}, {"version", "1"}}}});
  }

  RuleCatalog rules_{std::vector<RuleSet>{test_support::england_rules()}};
  test_support::FakeEnv env_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<McpSession> session_;
};

TEST_F(McpSessionTest, TheVersionIsTheClientsWhenSpokenElseTheNewest) {
  EXPECT_EQ(initialize("2025-06-18")["result"]["protocolVersion"], "2025-06-18");
  EXPECT_EQ(session_->negotiated_version(), "2025-06-18");
  json r = initialize("2031-01-01")["result"];
  EXPECT_EQ(r["protocolVersion"], "2025-11-25");
  EXPECT_EQ(r["capabilities"]["tools"]["listChanged"], false);
  EXPECT_EQ(r["serverInfo"]["name"], "caremeter");
  EXPECT_EQ(request("initialize", json::object())["error"]["code"], -32602);
}

TEST_F(McpSessionTest, ToolsDependOnTheDatabase) {
  initialize("2025-11-25");
  json tools = request("tools/list", json::object())["result"]["tools"];
  ASSERT_EQ(tools.size(), 2u);
  EXPECT_EQ(tools[0]["name"], "calculate_charges");
  EXPECT_EQ(tools[1]["outputSchema"]["required"], json({"results"}));
  open(true);
  initialize("2025-11-25");
  EXPECT_EQ(request("tools/list", json::object())["result"]["tools"].size(), 4u);
}

TEST_F(McpSessionTest, CalculateChargesGivesWhatCalculateGives) {
  initialize("2025-11-25");
  json args = {{"person", test_support::yusuf()}, {"as_of", "2025-09-30"}, {"scenario", "reform-2023-10"}};
  json r = request("tools/call", {{"name", "calculate_charges"}, {"arguments", args}})["result"];
  EXPECT_EQ(r["isError"], false);
  json rpc = json::parse(server_->handle_line(json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", "calculate"}, {"params", args}}.dump()));
  EXPECT_EQ(r["structuredContent"], rpc["result"]);
  EXPECT_EQ(json::parse(r["content"][1]["text"].get<std::string>()), rpc["result"]);
  // By hand: £500 a week for 731 days = 500 × 731 / 7 = £52,214.29.
  EXPECT_NE(r["content"][0]["text"].get<std::string>().find("£52,214.29 counted so far"), std::string::npos)
      << r["content"][0]["text"];
}

TEST_F(McpSessionTest, ARefusedInputIsAToolErrorWithItsPointer) {
  initialize("2025-11-25");
  json person = test_support::yusuf();
  person["finances"][0]["savings"] = "lots";
  json r = request("tools/call", {{"name", "calculate_charges"}, {"arguments", {{"person", person}, {"as_of", "2025-09-30"}}}})["result"];
  EXPECT_EQ(r["isError"], true);
  EXPECT_FALSE(r.contains("structuredContent"));
  EXPECT_NE(r["content"][0]["text"].get<std::string>().find("(at /person/finances/0/savings)"), std::string::npos);
  EXPECT_EQ(request("tools/call", {{"name", "nope"}})["error"]["code"], -32602);
  EXPECT_EQ(request("tools/call", {{"name", "get_statement"}, {"arguments", json::object()}})["error"]["code"], -32602);
  EXPECT_EQ(request("no/such/method", json::object())["error"]["code"], -32601);
}

TEST_F(McpSessionTest, OlderVersionsGetNoStructuredOutput) {
  initialize("2024-11-05");
  json tools = request("tools/list", json::object())["result"]["tools"];
  EXPECT_FALSE(tools[0].contains("outputSchema"));
  json r = request("tools/call", {{"name", "calculate_charges"},
                                  {"arguments", {{"person", test_support::yusuf()}, {"as_of", "2025-09-30"}}}})["result"];
  EXPECT_FALSE(r.contains("structuredContent"));
  EXPECT_EQ(r["content"].size(), 2u);
}

TEST_F(McpSessionTest, NotificationsAndResponsesGetNoAnswer) {
  EXPECT_FALSE(session_->handle_line(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").has_value());
  EXPECT_FALSE(session_->handle_line(R"({"jsonrpc":"2.0","method":"tools/call","params":{"name":"calculate_charges"}})").has_value());
  EXPECT_FALSE(session_->handle_line(R"({"jsonrpc":"2.0","id":5,"result":{}})").has_value());
  EXPECT_FALSE(session_->handle_line(R"([{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}])").has_value());
  json parse_error = json::parse(*session_->handle_line("{nope"));
  EXPECT_EQ(parse_error["error"]["code"], -32700);
  EXPECT_EQ(parse_error["id"], nullptr);
  json bad_id = json::parse(*session_->handle_line(R"({"jsonrpc":"2.0","id":true,"method":"ping"})"));
  EXPECT_EQ(bad_id["error"]["code"], -32600);
}

TEST_F(McpSessionTest, Revision20260728NeedsNoHandshake) {
  json meta = {{"io.modelcontextprotocol/protocolVersion", "2026-07-28"}};
  json d = request("server/discover", {{"_meta", meta}})["result"];
  EXPECT_EQ(d["resultType"], "complete");
  EXPECT_EQ(d["supportedVersions"][0], "2026-07-28");
  EXPECT_EQ(d["_meta"]["io.modelcontextprotocol/serverInfo"]["name"], "caremeter");
  json list = request("tools/list", {{"_meta", meta}})["result"];
  EXPECT_EQ(list["cacheScope"], "public");
  EXPECT_TRUE(list["tools"][0].contains("outputSchema"));
  json old = request("tools/list", {{"_meta", {{"io.modelcontextprotocol/protocolVersion", "2025-11-25"}}}});
  EXPECT_EQ(old["error"]["code"], -32022);
  EXPECT_EQ(old["error"]["data"]["requested"], "2025-11-25");
  EXPECT_EQ(session_->negotiated_version(), "");
}

}  // namespace
}  // namespace caremeter
