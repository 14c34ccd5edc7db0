// serve_program_test.cc — the real `caremeter serve` through stdin and stdout: one stream of bad
// lines (not JSON, invalid UTF-8, 100,000-deep nesting, a 100 MB line, duplicate keys, wrong
// types, unknown fields, an unknown method) each answered in order while the service reads on,
// and a notification (no id) not answered; end of input ends it with status 0; nothing but
// protocol on stdout.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/run_program.h"
#include "support/serve_fixtures.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using nlohmann::json;
using test_support::TempDir;

struct RunResult {
  int exit_status = -1;
  long max_rss_kb = 0;
  std::string out;
  std::string err;
};

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs caremeter with stdin, stdout and stderr on files (no pipe can fill up), and reports the
// child's own peak memory.
RunResult run_with_files(const std::vector<std::string>& args, const std::string& stdin_path, const TempDir& dir) {
  RunResult run;
  std::string out_path = dir.file("stdout"), err_path = dir.file("stderr");
  pid_t pid = fork();
  if (pid == 0) {
    int in = ::open(stdin_path.c_str(), O_RDONLY);
    int out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0 || err < 0) _exit(126);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    std::vector<char*> argv;
    std::string binary = CAREMETER_BINARY;
    argv.push_back(binary.data());
    std::vector<std::string> copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  struct rusage usage {};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) run.exit_status = WEXITSTATUS(status);
  run.max_rss_kb = usage.ru_maxrss;
  run.out = slurp(out_path);
  run.err = slurp(err_path);
  return run;
}

TEST(ServeProgram, EveryBadLineIsAnsweredInOrderAndTheStreamGoesOn) {
  TempDir dir;
  std::string input_path = dir.file("stdin");
  {
    std::ofstream in(input_path, std::ios::binary);
    in << "this is not JSON\n";                                                             // 1
    in << "{\"jsonrpc\":\"2.0\",\"id\":\"\xff\xfe\",\"method\":\"rules.list\"}\n";         // 2
    in << std::string(100000, '[') << std::string(100000, ']') << "\n";                   // 3
    {                                                                                       // 4
      in << R"({"jsonrpc":"2.0","id":4,"method":"rules.list","params":{"padding":")";
      std::string block(1 << 20, 'x');
      for (int i = 0; i < 100; ++i) in.write(block.data(), static_cast<std::streamsize>(block.size()));
      in << "\"}}\n";
    }
    in << R"({"jsonrpc":"2.0","id":5,"method":"rules.list","id":6})" << "\n";             // 5
    in << R"({"jsonrpc":"2.0","id":6,"method":"person.get","params":{"person_id":6}})" << "\n";                  // 6
    in << R"({"jsonrpc":"2.0","id":7,"method":"person.get","params":{"person_id":"P","colour":"red"}})" << "\n";  // 7
    in << R"({"jsonrpc":"2.0","id":8,"method":"person.remove","params":{}})" << "\n";      // 8
    in << R"({"jsonrpc":"2.0","method":"rules.list"})" << "\n";                           // 9: a notification
    in << R"({"jsonrpc":"2.0","id":10,"method":"rules.list"})";                           // 10, no newline at the end
  }
  RunResult run = run_with_files({"serve", "--db", dir.file("s.db"), "--rules", test_support::rules_dir()}, input_path, dir);
  EXPECT_EQ(run.exit_status, 0) << run.err;

  std::vector<std::string> lines = test_support::lines_of(run.out);
  // Ten lines, nine answers: the notification (line 9) gets none.
  ASSERT_EQ(lines.size(), 9u) << run.out.substr(0, 2000) << "\nstderr: " << run.err;
  EXPECT_EQ(run.out.back(), '\n');
  std::vector<json> answers;
  for (const std::string& l : lines) {
    json r = json::parse(l, nullptr, false);
    ASSERT_FALSE(r.is_discarded()) << "stdout holds something that is not a JSON-RPC answer: " << l.substr(0, 200);
    EXPECT_EQ(r["jsonrpc"], "2.0");
    answers.push_back(r);
  }
  auto expect_error = [&](std::size_t i, int code, const json& id, const std::string& pointer = "") {
    SCOPED_TRACE("line " + std::to_string(i + 1));
    ASSERT_TRUE(answers[i].contains("error")) << answers[i].dump();
    EXPECT_EQ(answers[i]["error"]["code"], code) << answers[i].dump();
    EXPECT_EQ(answers[i]["id"], id) << answers[i].dump();
    if (!pointer.empty()) {
      EXPECT_EQ(answers[i]["error"]["data"]["pointer"], pointer) << answers[i].dump();
    }
  };
  expect_error(0, -32700, nullptr);
  expect_error(1, -32700, nullptr);
  expect_error(2, -32700, nullptr);
  expect_error(3, -32700, nullptr);
  expect_error(4, -32700, nullptr, "/id");
  expect_error(5, -32602, 6, "/person_id");
  expect_error(6, -32602, 7, "/colour");
  expect_error(7, -32601, 8, "/method");
  ASSERT_TRUE(answers[8].contains("result")) << answers[8].dump();
  EXPECT_EQ(answers[8]["id"], 10);
  EXPECT_FALSE(answers[8]["result"]["rule_sets"].empty());

  // The 100 MB line streamed past: it was never held whole. Measured against the same service
  // answering one short line (sanitizer builds have a much larger baseline).
  std::string small_path = dir.file("small");
  {
    std::ofstream in(small_path, std::ios::binary);
    in << R"({"jsonrpc":"2.0","id":1,"method":"rules.list"})" << "\n";
  }
  RunResult baseline =
      run_with_files({"serve", "--db", dir.file("s.db"), "--rules", test_support::rules_dir()}, small_path, dir);
  EXPECT_EQ(baseline.exit_status, 0);
  EXPECT_LT(run.max_rss_kb - baseline.max_rss_kb, 50 * 1024)
      << "peak memory " << run.max_rss_kb << " kB against " << baseline.max_rss_kb << " kB for one short line";
}

TEST(ServeProgram, StoredPeopleOutliveTheProcess) {
  TempDir dir;
  std::string db = dir.file("s.db");
  std::string person = test_support::yusuf().dump();
  auto first = test_support::run_caremeter(
      {"serve", "--db", db, "--rules", test_support::rules_dir()},
      R"({"jsonrpc":"2.0","id":1,"method":"person.put","params":{"person":)" + person + "}}\n");
  ASSERT_EQ(first.exit_status, 0) << first.err;
  json put = json::parse(first.out);
  ASSERT_EQ(put["result"]["revision"], 1) << first.out;

  auto second = test_support::run_caremeter(
      {"serve", "--db", db, "--rules", test_support::rules_dir()},
      "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"person.get\",\"params\":{\"person_id\":\"P-YUSUF\"}}\n");
  ASSERT_EQ(second.exit_status, 0) << second.err;
  json got = json::parse(second.out);
  EXPECT_EQ(got["result"]["revision"], 1);
  EXPECT_EQ(got["result"]["recorded_at"], put["result"]["recorded_at"]);
  EXPECT_EQ(got["result"]["person"], test_support::yusuf());
}

TEST(ServeProgram, ANotificationOfAWriteIsNotRunAndIsLogged) {
  TempDir dir;
  std::string db = dir.file("s.db");
  std::string person = test_support::yusuf().dump();
  auto r = test_support::run_caremeter(
      {"serve", "--db", db, "--rules", test_support::rules_dir()},
      R"({"jsonrpc":"2.0","method":"person.put","params":{"person":)" + person + "}}\n" +
          R"([{"jsonrpc":"2.0","method":"person.put","params":{"person":)" + person + "}}]\n" +
          "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"person.get\",\"params\":{\"person_id\":\"P-YUSUF\"}}\n");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  // One answer, to the request with an id: nothing was stored by the two notifications.
  std::vector<std::string> lines = test_support::lines_of(r.out);
  ASSERT_EQ(lines.size(), 1u) << r.out;
  EXPECT_EQ(json::parse(lines[0])["error"]["code"], -32004) << lines[0];
  EXPECT_NE(r.err.find("a notification of person.put (a request without an id) was not run"), std::string::npos) << r.err;
}

TEST(ServeProgram, EmptyInputIsACleanExit) {
  TempDir dir;
  auto r = test_support::run_caremeter({"serve", "--db", dir.file("s.db"), "--rules", test_support::rules_dir()}, "");
  EXPECT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, "");
}

// Issue 14 (risk): no check at start-up. A database SQLite's quick_check finds broken is refused
// with a log line saying what to do; a new database is announced as new.
TEST(ServeProgram, StartupChecksTheDatabaseAndSaysWhenItIsNew) {
  TempDir dir;
  const std::string db = dir.file("s.db");
  auto fresh = test_support::run_caremeter({"serve", "--db", db, "--rules", test_support::rules_dir()}, "");
  EXPECT_EQ(fresh.exit_status, 0) << fresh.err;
  EXPECT_NE(fresh.err.find("(created: a new, empty store)"), std::string::npos) << fresh.err;
  std::string puts;
  for (int i = 0; i < 100; ++i) {
    puts += json({{"jsonrpc", "2.0"}, {"id", i}, {"method", "person.put"},
                  {"params", {{"person", test_support::yusuf("P-" + std::to_string(i))}}}}).dump() + "\n";
  }
  auto filled = test_support::run_caremeter({"serve", "--db", db, "--rules", test_support::rules_dir()}, puts);
  ASSERT_EQ(filled.exit_status, 0) << filled.err;
  EXPECT_EQ(filled.err.find("created"), std::string::npos) << filled.err;
  {
    // Garbage over the middle of the fifth page (the pages of the documents' table).
    std::fstream f(db, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4 * 4096 + 100);
    const std::string garbage(2000, '\xff');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  auto broken = test_support::run_caremeter({"serve", "--db", db, "--rules", test_support::rules_dir()},
                                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rules.list\"}\n");
  EXPECT_EQ(broken.exit_status, 1) << broken.err;
  EXPECT_EQ(broken.out, "");
  EXPECT_NE(broken.err.find("quick_check"), std::string::npos) << broken.err;
  EXPECT_NE(broken.err.find("caremeter store verify --db " + db), std::string::npos) << broken.err;
}

TEST(ServeProgram, StartupFailuresExitOneWithALogLine) {
  TempDir dir;
  auto bad_rules = test_support::run_caremeter({"serve", "--db", dir.file("s.db"), "--rules", dir.file("no-such-dir")},
                                               "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rules.list\"}\n");
  EXPECT_EQ(bad_rules.exit_status, 1);
  EXPECT_EQ(bad_rules.out, "");
  EXPECT_NE(bad_rules.err.find("rules"), std::string::npos) << bad_rules.err;

  auto bad_db = test_support::run_caremeter({"serve", "--db", dir.file("no/such/dir/s.db"), "--rules", test_support::rules_dir()},
                                            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"rules.list\"}\n");
  EXPECT_EQ(bad_db.exit_status, 1);
  EXPECT_EQ(bad_db.out, "");
  EXPECT_NE(bad_db.err.find("database"), std::string::npos) << bad_db.err;

  auto usage = test_support::run_caremeter({"serve", "--colour"});
  EXPECT_EQ(usage.exit_status, 2);
  EXPECT_EQ(usage.out, "");
}

}  // namespace
}  // namespace caremeter
