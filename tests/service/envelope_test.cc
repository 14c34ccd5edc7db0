// envelope_test.cc — JSON-RPC 2.0's rules for the message as a whole, through the dispatcher:
// a notification (no "id") is never answered and never run (a write is logged instead); a batch
// is answered with the answers to its requests in order, an empty batch with one Invalid Request
// error, a batch of notifications with nothing (JSON-RPC 2.0 sections 4.1, 5 and 6).
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "rpc/envelope.h"
#include "rpc/server.h"
#include "support/fake_env.h"
#include "support/serve_fixtures.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using nlohmann::json;

class EnvelopeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Store::open(":memory:", env_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    store_ = std::move(*s);
    server_ = std::make_unique<Server>(rules_, *store_);
    server_->set_log([this](const std::string& text) { log_.push_back(text); });
  }

  std::string put_line(const std::string& id_member) {
    return R"({"jsonrpc":"2.0",)" + id_member + R"("method":"person.put","params":{"person":)" +
           test_support::yusuf().dump() + "}}";
  }
  bool stored() {
    json r = json::parse(server_->handle_line(R"({"jsonrpc":"2.0","id":99,"method":"person.get","params":{"person_id":"P-YUSUF"}})"));
    return r.contains("result");
  }

  RuleCatalog rules_{std::vector<RuleSet>{test_support::england_rules()}};
  test_support::FakeEnv env_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<Server> server_;
  std::vector<std::string> log_;
};

TEST_F(EnvelopeTest, ANotificationIsNotAnswered) {
  EXPECT_EQ(server_->handle_line(R"({"jsonrpc":"2.0","method":"rules.list"})"), "");
  EXPECT_EQ(server_->handle_line(R"({"jsonrpc":"2.0","method":"calculate","params":{"as_of":"2025-01-01"}})"), "");
  // Not answered whatever it holds, once it is a request: an unknown method, params as a list.
  EXPECT_EQ(server_->handle_line(R"({"jsonrpc":"2.0","method":"no.such.method"})"), "");
  EXPECT_EQ(server_->handle_line(R"({"jsonrpc":"2.0","method":"rules.list","params":[1]})"), "");
  EXPECT_TRUE(log_.empty()) << log_.front();
}

TEST_F(EnvelopeTest, ANotificationOfAWriteIsNotRunButLogged) {
  EXPECT_EQ(server_->handle_line(put_line("")), "");
  EXPECT_FALSE(stored());
  ASSERT_EQ(log_.size(), 1u);
  EXPECT_NE(log_[0].find("notification of person.put"), std::string::npos) << log_[0];
  // The same request with an id is run.
  json r = json::parse(server_->handle_line(put_line(R"("id":1,)")));
  EXPECT_EQ(r["result"]["revision"], 1) << r.dump();
  EXPECT_TRUE(stored());
}

TEST_F(EnvelopeTest, AnObjectWithoutIdThatIsNotAValidRequestIsAnsweredWithIdNull) {
  // JSON-RPC 2.0 section 5: an Invalid Request is answered, its id being unknown, with null.
  for (const char* line : {R"({"jsonrpc":"2.0","method":1})", R"({"jsonrpc":"1.0","method":"rules.list"})",
                           R"({"method":"rules.list"})", R"({"jsonrpc":"2.0","method":"rules.list","params":"x"})",
                           R"({"jsonrpc":"2.0","method":"rules.list","extra":1})", R"({"foo":"boo"})"}) {
    json r = json::parse(server_->handle_line(line));
    EXPECT_EQ(r["error"]["code"], -32600) << line;
    EXPECT_EQ(r["id"], nullptr) << line;
  }
  // "id": null is an id, not a notification; this service refuses it (a client could not tell
  // answers apart).
  json r = json::parse(server_->handle_line(R"({"jsonrpc":"2.0","id":null,"method":"rules.list"})"));
  EXPECT_EQ(r["error"]["code"], -32600);
  EXPECT_EQ(r["error"]["data"]["pointer"], "/id");
}

TEST_F(EnvelopeTest, ABatchIsAnsweredWithItsRequestsAnswersInOrder) {
  std::string line = "[" + put_line(R"("id":"put",)") + R"(,{"jsonrpc":"2.0","method":"rules.list"},)" +
                     R"({"jsonrpc":"2.0","id":2,"method":"person.get","params":{"person_id":"P-YUSUF"}},)" +
                     R"({"jsonrpc":"2.0","id":3,"method":"nope"},7])";
  json r = json::parse(server_->handle_line(line));
  ASSERT_TRUE(r.is_array()) << r.dump();
  ASSERT_EQ(r.size(), 4u) << r.dump();  // the notification gets no answer
  EXPECT_EQ(r[0]["id"], "put");
  EXPECT_EQ(r[0]["result"]["revision"], 1);
  // Requests run in order: the get sees the put before it.
  EXPECT_EQ(r[1]["id"], 2);
  EXPECT_EQ(r[1]["result"]["revision"], 1);
  EXPECT_EQ(r[2]["error"]["code"], -32601);
  EXPECT_EQ(r[3]["error"]["code"], -32600);
  EXPECT_EQ(r[3]["id"], nullptr);
}

TEST_F(EnvelopeTest, BatchesAsTheSpecificationsExamplesSay) {
  // An empty array: one Invalid Request error, not an array.
  json empty = json::parse(server_->handle_line("[]"));
  ASSERT_TRUE(empty.is_object()) << empty.dump();
  EXPECT_EQ(empty["error"]["code"], -32600);
  EXPECT_EQ(empty["id"], nullptr);
  // Elements that are not requests: one error each.
  json numbers = json::parse(server_->handle_line("[1,2,3]"));
  ASSERT_TRUE(numbers.is_array());
  ASSERT_EQ(numbers.size(), 3u);
  for (const json& e : numbers) EXPECT_EQ(e["error"]["code"], -32600);
  json nested = json::parse(server_->handle_line(R"([[{"jsonrpc":"2.0","id":1,"method":"rules.list"}]])"));
  ASSERT_EQ(nested.size(), 1u);
  EXPECT_EQ(nested[0]["error"]["code"], -32600);
  // Only notifications: nothing at all, and the write among them not run.
  EXPECT_EQ(server_->handle_line("[" + put_line("") + R"(,{"jsonrpc":"2.0","method":"rules.list"}])"), "");
  EXPECT_FALSE(stored());
  // Not JSON at all: one parse error, as for a single request.
  json bad = json::parse(server_->handle_line(R"([{"jsonrpc":"2.0","method":"sum","params":[1,2,4]},{"jsonrpc":"2.0","method")"));
  EXPECT_EQ(bad["error"]["code"], -32700);
}

TEST(Envelope, AnswerMessageJoinsAnswersAndDropsNotifications) {
  auto echo = [](const json& r) -> std::optional<std::string> {
    if (r.is_number() && r.get<int>() < 0) return std::nullopt;  // stands for a notification
    return r.dump();
  };
  EXPECT_EQ(answer_message(json::parse("5"), echo), "5");
  EXPECT_EQ(answer_message(json::parse("-5"), echo), std::nullopt);
  EXPECT_EQ(answer_message(json::parse("[1,-2,3]"), echo), "[1,3]");
  EXPECT_EQ(answer_message(json::parse("[-1,-2]"), echo), std::nullopt);
  EXPECT_EQ(answer_message(json::parse("[]"), echo),
            R"({"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"an empty batch: expected at least one request","data":{"pointer":"","reason":"invalid_request"}}})");
  EXPECT_TRUE(is_notification(json::parse(R"({"method":"x"})")));
  EXPECT_FALSE(is_notification(json::parse(R"({"method":"x","id":null})")));
}

}  // namespace
}  // namespace caremeter
