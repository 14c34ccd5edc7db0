// http_door_test.cc — the HTTP door with a real client over loopback: the same JSON-RPC answers
// as on standard input, notifications and batches, the bearer token for stored accounts, the
// page and the schemas, the limits (body, headers, connections, time), many clients at once, and
// SIGTERM on the real program: every write that was answered is in the database afterwards.
#include "http/http_door.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "http/routes.h"
#include "support/fake_env.h"
#include "support/http_client.h"
#include "support/run_program.h"
#include "support/serve_fixtures.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using nlohmann::json;
using test_support::HttpClient;
using test_support::HttpReply;
using test_support::TempDir;

constexpr const char* kToken = "test-token-0123456789abcdef";
const std::pair<std::string, std::string> kAuth{"Authorization", std::string("Bearer ") + kToken};

std::string rpc_line(const std::string& method, const json& params, const json& id = 1) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump();
}
std::string calculate_line(const std::string& person_id = "P-YUSUF") {
  return rpc_line("calculate", {{"person", test_support::yusuf(person_id)}, {"as_of", "2025-09-30"}, {"scenario", "reform-2023-10"}});
}
std::string put_line(const std::string& person_id, const json& id = 1) {
  return rpc_line("person.put", {{"person", test_support::yusuf(person_id)}}, id);
}

class HttpDoorTest : public ::testing::Test {
 protected:
  void start(HttpDoorOptions options = {}, ServerLimits limits = {}) {
    auto s = Store::open(dir_.file("accounts.db"), env_);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    store_ = std::move(*s);
    options.host = "127.0.0.1";
    options.port = 0;
    door_ = std::make_unique<HttpDoor>(rules_, *store_, options, limits);
    door_->set_log([this](const std::string& text) {
      std::lock_guard<std::mutex> lock(log_mutex_);
      log_ += text + "\n";
    });
    Status listening = door_->listen();
    ASSERT_TRUE(listening.ok()) << listening.error().to_string();
    thread_ = std::thread([this] { door_->run(); });
  }
  void start_with_accounts(HttpDoorOptions options = {}) {
    options.stored_accounts = true;
    options.token = kToken;
    start(options);
  }
  void stop() {
    if (!door_) return;
    door_->stop();
    thread_.join();
    door_.reset();
  }
  void TearDown() override { stop(); }

  unsigned short port() const { return door_->port(); }
  HttpReply post(const std::string& body, std::vector<std::pair<std::string, std::string>> headers = {}) {
    HttpClient client(port());
    return client.send("POST", "/rpc", body, std::move(headers));
  }
  // The dispatcher's own answer to a line, for comparison.
  std::string stdin_answer(const std::string& line) {
    auto s = Store::open(":memory:", env_);
    Server server(rules_, **s);
    return server.handle_line(line);
  }

  RuleCatalog rules_{std::vector<RuleSet>{test_support::england_rules()}};
  TempDir dir_;
  test_support::FakeEnv env_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<HttpDoor> door_;
  std::thread thread_;
  std::mutex log_mutex_;
  std::string log_;
};

TEST_F(HttpDoorTest, PostRpcGivesTheSameAnswerAsStandardInput) {
  start();
  for (const std::string& line : {calculate_line(), rpc_line("rules.list", json::object(), "r"),
                                  std::string("not json"), rpc_line("calculate", {{"as_of", "2025-02-30"}})}) {
    HttpReply r = post(line);
    EXPECT_EQ(r.status, 200) << line;
    EXPECT_EQ(r.body, stdin_answer(line)) << line;
    EXPECT_EQ(r.headers[boost::beast::http::field::content_type], "application/json");
  }
}

TEST_F(HttpDoorTest, NotificationsGetNoContentAndBatchesAnArray) {
  start();
  HttpReply n = post(R"({"jsonrpc":"2.0","method":"rules.list"})");
  EXPECT_EQ(n.status, 204);
  EXPECT_EQ(n.body, "");
  EXPECT_EQ(n.headers.count(boost::beast::http::field::content_length), 0u);
  HttpReply b = post("[" + calculate_line() + R"(,{"jsonrpc":"2.0","method":"rules.list"},)" +
                     rpc_line("rules.list", json::object(), 2) + "]");
  ASSERT_EQ(b.status, 200);
  json answers = json::parse(b.body);
  ASSERT_EQ(answers.size(), 2u);
  EXPECT_EQ(answers[0]["result"]["account"]["accrued"], "52214.29");
  EXPECT_EQ(answers[1]["id"], 2);
}

TEST_F(HttpDoorTest, StoredAccountsNeedTheBearerTokenAndCalculatorsDoNot) {
  start_with_accounts();
  HttpReply none = post(put_line("P-1"));
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.headers[boost::beast::http::field::www_authenticate], "Bearer realm=\"caremeter\"");
  EXPECT_EQ(post(put_line("P-1"), {{"Authorization", "Bearer wrong-token-0123456789abc"}}).status, 401);
  EXPECT_EQ(post(put_line("P-1"), {{"Authorization", kToken}}).status, 401);  // no scheme
  // A batch with one stored-account request among calculators: refused whole, nothing run.
  EXPECT_EQ(post("[" + calculate_line() + "," + put_line("P-1", 2) + "]").status, 401);
  EXPECT_EQ(post(calculate_line()).status, 200);
  // With the token, the first write is revision 1: none of the refused ones was stored.
  HttpReply ok = post(put_line("P-1"), {kAuth});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["result"]["revision"], 1) << ok.body;
  HttpReply got = post(rpc_line("person.get", {{"person_id", "P-1"}}), {{"authorization", std::string("bearer ") + kToken}});
  EXPECT_EQ(json::parse(got.body)["result"]["revision"], 1) << got.body;
}

TEST_F(HttpDoorTest, WithoutADatabaseStoredAccountsAreNotOffered) {
  start();
  HttpReply r = post(put_line("P-1"), {kAuth});
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body.find("--db"), std::string::npos);
}

TEST_F(HttpDoorTest, ThePageTheSchemasAndHealth) {
  start();
  HttpClient client(port());
  HttpReply page = client.send("GET", "/");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.headers[boost::beast::http::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<html"), std::string::npos);
  EXPECT_NE(page.headers["Content-Security-Policy"].find("default-src 'none'"), std::string::npos);
  EXPECT_EQ(client.send("GET", "/app.js").headers[boost::beast::http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(client.send("GET", "/app.css").status, 200);
  HttpReply schema = client.send("GET", "/schema/person.schema.json");
  EXPECT_EQ(schema.status, 200);
  EXPECT_EQ(schema.body, test_support::read_source_file("service/schema/person.schema.json"));
  EXPECT_EQ(json::parse(client.send("GET", "/schema/").body).size(), 9u);
  EXPECT_EQ(client.send("GET", "/schema/nothing.schema.json").status, 404);
  EXPECT_EQ(client.send("GET", "/healthz").body, R"({"status":"ok"})");
  HttpReply head = client.send("HEAD", "/healthz");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(client.send("GET", "/no/such/thing").status, 404);
  HttpReply get_rpc = client.send("GET", "/rpc");
  EXPECT_EQ(get_rpc.status, 405);
  EXPECT_EQ(get_rpc.headers[boost::beast::http::field::allow], "POST");
  EXPECT_EQ(client.send("POST", "/healthz", "{}").status, 405);
  EXPECT_EQ(client.send("POST", "/rpc", calculate_line(), {{"Content-Type", "text/plain"}}).status, 415);
  EXPECT_EQ(client.send("POST", "/rpc", calculate_line(), {{"Content-Type", "application/json; charset=utf-8"}}).status, 200);
}

TEST_F(HttpDoorTest, BodiesAndHeadersOverTheLimitAreRefusedAndTheConnectionClosed) {
  HttpDoorOptions options;
  options.max_header_bytes = 2048;
  start(options, ServerLimits{4096, 64});
  HttpClient big_body(port());
  HttpReply r = big_body.send("POST", "/rpc", std::string(5000, ' '));
  EXPECT_EQ(r.status, 413);
  EXPECT_TRUE(big_body.closed_by_server());
  HttpClient big_header(port());
  HttpReply h = big_header.send("GET", "/healthz", "", {{"X-Padding", std::string(3000, 'x')}});
  EXPECT_EQ(h.status, 431);
  HttpClient garbage(port());
  ASSERT_TRUE(garbage.write_bytes("HELLO THERE\r\n\r\n"));
  EXPECT_EQ(garbage.read_reply().status, 400);
  // Within the limit, on a new connection, all is well.
  EXPECT_EQ(post(rpc_line("rules.list", json::object())).status, 200);
}

TEST_F(HttpDoorTest, ConnectionsOverTheLimitAreAnswered503) {
  HttpDoorOptions options;
  options.max_connections = 2;
  start(options);
  HttpClient a(port()), b(port());
  EXPECT_EQ(a.send("GET", "/healthz").status, 200);  // both accepted and kept open
  EXPECT_EQ(b.send("GET", "/healthz").status, 200);
  HttpClient c(port());
  HttpReply refused = c.read_reply();
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.headers[boost::beast::http::field::retry_after], "1");
}

TEST_F(HttpDoorTest, AConnectionThatSendsNothingIsClosedAfterTheReadTimeout) {
  HttpDoorOptions options;
  options.read_timeout = std::chrono::milliseconds(200);
  start(options);
  HttpClient idle(port());
  ASSERT_TRUE(idle.connected());
  EXPECT_TRUE(idle.closed_by_server());  // blocks until the door gives up on it
  EXPECT_EQ(post(rpc_line("rules.list", json::object())).status, 200);
}

TEST_F(HttpDoorTest, ManyClientsAtOnceEachGetTheirOwnAnswersAndEveryWriteIsStored) {
  HttpDoorOptions options;
  options.workers = 4;
  start_with_accounts(options);
  const std::string expected = stdin_answer(calculate_line());
  constexpr int kClients = 8, kEach = 30;
  std::atomic<int> wrong{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      HttpClient client(port());  // one keep-alive connection each
      for (int i = 0; i < kEach; ++i) {
        if (i % 2 == 0) {
          HttpReply r = client.send("POST", "/rpc", calculate_line());
          if (r.status != 200 || r.body != expected) ++wrong;
        } else {
          const std::string id = "P-" + std::to_string(c) + "-" + std::to_string(i);
          HttpReply r = client.send("POST", "/rpc", put_line(id, id), {kAuth});
          json a = json::parse(r.body, nullptr, false);
          if (r.status != 200 || a.is_discarded() || a["id"] != id || a["result"]["revision"] != 1) ++wrong;
        }
      }
    });
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(wrong.load(), 0);
  stop();
  for (int c = 0; c < kClients; ++c) {
    for (int i = 1; i < kEach; i += 2) {
      auto stored = store_->get_person("P-" + std::to_string(c) + "-" + std::to_string(i));
      EXPECT_TRUE(stored.ok()) << c << " " << i;
    }
  }
}

TEST_F(HttpDoorTest, StopClosesIdleConnectionsAndRefusesNewOnes) {
  start();
  HttpClient kept(port());
  EXPECT_EQ(kept.send("GET", "/healthz").status, 200);
  const unsigned short p = port();
  stop();  // returns once run() has returned
  EXPECT_TRUE(kept.closed_by_server());
  HttpClient late(p);
  EXPECT_FALSE(late.connected());
}

TEST(HttpAddress, HostAndPort) {
  EXPECT_EQ(*parse_listen_address("8080"), std::make_pair(std::string("127.0.0.1"), static_cast<unsigned short>(8080)));
  EXPECT_EQ(parse_listen_address("localhost:80")->first, "127.0.0.1");
  EXPECT_EQ(parse_listen_address("[::1]:8080")->first, "::1");
  EXPECT_EQ(parse_listen_address("0.0.0.0:0")->second, 0);
  EXPECT_FALSE(parse_listen_address("127.0.0.1:99999").ok());
  EXPECT_FALSE(parse_listen_address("example.org:80").ok());
  EXPECT_FALSE(parse_listen_address("127.0.0.1:").ok());
}

// ---- the real program ----------------------------------------------------------------------

struct RunningProgram {
  pid_t pid = -1;
  unsigned short port = 0;
  std::string stderr_path;
};

// Starts `caremeter serve --http 127.0.0.1:0 …` with stderr to a file, and waits for the port.
RunningProgram start_program(const TempDir& dir, std::vector<std::string> args) {
  RunningProgram p;
  p.stderr_path = dir.file("stderr");
  args.insert(args.begin(), {CAREMETER_BINARY, "serve", "--http", "127.0.0.1:0", "--rules", test_support::rules_dir()});
  p.pid = fork();
  if (p.pid == 0) {
    int err = ::open(p.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int null = ::open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 600 && p.port == 0; ++i) {  // up to a minute (sanitizer builds start slowly)
    std::ifstream in(p.stderr_path);
    std::stringstream s;
    s << in.rdbuf();
    const std::string text = s.str();
    if (auto at = text.find("listening on http://127.0.0.1:"); at != std::string::npos) {
      p.port = static_cast<unsigned short>(std::stoi(text.substr(at + 30)));
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  return p;
}

TEST(HttpProgram, SigtermFinishesWhatWasReadAndLosesNoAnsweredWrite) {
  TempDir dir;
  {
    std::ofstream token(dir.file("token"));
    token << kToken << "\n";
  }
  RunningProgram p = start_program(dir, {"--db", dir.file("s.db"), "--token-file", dir.file("token"), "--workers", "2"});
  ASSERT_NE(p.port, 0) << "the program did not start listening";
  std::mutex acked_mutex;
  std::vector<std::string> acked;
  std::atomic<bool> go_on{true};
  std::vector<std::thread> writers;
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; go_on; ++i) {
        HttpClient client(p.port);
        if (!client.connected()) return;  // the door has stopped listening
        const std::string id = "P-" + std::to_string(w) + "-" + std::to_string(i);
        HttpReply r = client.send("POST", "/rpc", put_line(id), {kAuth});
        if (r.closed) continue;  // not answered: the client cannot know, and need not
        json a = json::parse(r.body, nullptr, false);
        if (r.status == 200 && !a.is_discarded() && a.contains("result")) {
          std::lock_guard<std::mutex> lock(acked_mutex);
          acked.push_back(id);
        }
      }
    });
  }
  for (int i = 0; i < 200; ++i) {
    {
      std::lock_guard<std::mutex> lock(acked_mutex);
      if (acked.size() >= 40) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(::kill(p.pid, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(waitpid(p.pid, &status, 0), p.pid);
  go_on = false;
  for (auto& t : writers) t.join();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  std::ifstream err_file(p.stderr_path);
  std::stringstream err;
  err << err_file.rdbuf();
  EXPECT_NE(err.str().find("SIGTERM"), std::string::npos) << err.str();
  EXPECT_NE(err.str().find("stopped"), std::string::npos) << err.str();

  ASSERT_GE(acked.size(), 40u);
  test_support::FakeEnv env;
  auto store = Store::open(dir.file("s.db"), env);
  ASSERT_TRUE(store.ok());
  for (const std::string& id : acked) EXPECT_TRUE((*store)->get_person(id).ok()) << id << " was answered but is not stored";
}

TEST(HttpProgram, ADatabaseOverHttpNeedsATokenFile) {
  TempDir dir;
  auto r = test_support::run_caremeter({"serve", "--http", "127.0.0.1:0", "--db", dir.file("s.db"), "--rules", test_support::rules_dir()});
  EXPECT_EQ(r.exit_status, 2) << r.err;
  EXPECT_NE(r.err.find("--token-file"), std::string::npos) << r.err;
  auto bad = test_support::run_caremeter({"serve", "--http", "somewhere", "--rules", test_support::rules_dir()});
  EXPECT_EQ(bad.exit_status, 2) << bad.err;
  auto both = test_support::run_caremeter({"serve", "--http", "0", "--mcp"});
  EXPECT_EQ(both.exit_status, 2) << both.err;
}

}  // namespace
}  // namespace caremeter
