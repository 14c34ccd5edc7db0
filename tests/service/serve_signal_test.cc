// serve_signal_test.cc — `caremeter serve` stopped with SIGTERM (issue 14, a risk: the request
// in progress was cut short). The request being worked on finishes, its answer is written, and
// the program exits 0 without starting another; stopped while idle, it exits 0 at once.
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "store/store.h"
#include "support/serve_fixtures.h"

namespace caremeter {
namespace {

using nlohmann::json;
using test_support::TempDir;

// A running `caremeter serve` with pipes on stdin and stdout, stderr to a file.
struct Service {
  pid_t pid = -1;
  int in = -1;         // its standard input (write end)
  int in_unread = -1;  // a second read end of that pipe: FIONREAD on it counts unread bytes
  int out = -1;
  std::string err_path;

  Service(const std::string& db, const std::string& err) : err_path(err) {
    int in_pipe[2], out_pipe[2];
    if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) return;
    pid = fork();
    if (pid == 0) {
      int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(in_pipe[0], 0);
      dup2(out_pipe[1], 1);
      if (e >= 0) dup2(e, 2);
      std::string rules = test_support::rules_dir();
      const char* argv[] = {CAREMETER_BINARY, "serve", "--db", db.c_str(), "--rules", rules.c_str(), nullptr};
      execv(argv[0], const_cast<char**>(argv));
      _exit(127);
    }
    in = in_pipe[1];
    in_unread = in_pipe[0];
    out = out_pipe[0];
    close(out_pipe[1]);
  }
  ~Service() {
    for (int fd : {in, in_unread, out}) {
      if (fd >= 0) close(fd);
    }
    if (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
      kill(pid, SIGKILL);
      waitpid(pid, nullptr, 0);
    }
  }
  bool wait_until(const std::function<bool()>& done, int ms = 10'000) {
    for (int waited = 0; waited < ms; waited += 5) {
      if (done()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return done();
  }
  bool ready() {
    std::ifstream f(err_path);
    std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    return text.find("ready:") != std::string::npos;
  }
  int unread() {
    int n = -1;
    ioctl(in_unread, FIONREAD, &n);
    return n;
  }
  void send(const std::string& line) { ASSERT_EQ(::write(in, line.data(), line.size()), static_cast<ssize_t>(line.size())); }
  std::string read_all() {
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(out, buf, sizeof buf)) != 0) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      text.append(buf, static_cast<std::size_t>(n));
    }
    return text;
  }
  // The exit status, or -(signal) if a signal ended it.
  int wait_exit() {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }
};

std::string put_line(int id, const std::string& person_id) {
  json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", "person.put"}, {"params", {{"person", test_support::yusuf(person_id)}}}};
  return request.dump() + "\n";
}

TEST(ServeSignal, SigtermLetsTheRequestInProgressFinishAndBeAnswered) {
  TempDir dir;
  const std::string db = dir.file("accounts.db");
  Service service(db, dir.file("stderr.log"));
  ASSERT_GT(service.pid, 0);
  ASSERT_TRUE(service.wait_until([&] { return service.ready(); })) << "the service did not start";

  // Another connection holds the write lock, so the put waits inside the service (up to 5 s).
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  service.send(put_line(1, "P-FIRST"));
  ASSERT_TRUE(service.wait_until([&] { return service.unread() == 0; })) << "the service did not read the request";
  std::this_thread::sleep_for(std::chrono::milliseconds(50));

  ASSERT_EQ(kill(service.pid, SIGTERM), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(waitpid(service.pid, nullptr, WNOHANG), 0) << "the service stopped in the middle of a request";
  service.send(put_line(2, "P-SECOND"));  // after the signal: must not be started
  ASSERT_EQ(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(other);

  std::string answers = service.read_all();
  EXPECT_EQ(service.wait_exit(), 0);
  ASSERT_EQ(std::count(answers.begin(), answers.end(), '\n'), 1) << answers;
  json r = json::parse(answers);
  EXPECT_EQ(r["id"], 1);
  EXPECT_EQ(r["result"]["revision"], 1) << answers;

  test_support::FakeEnv env;
  auto store = Store::open(db, env);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->get_person("P-FIRST").ok());
  EXPECT_EQ((*store)->get_person("P-SECOND").error().code, ErrorCode::kUnknownPerson);
}

TEST(ServeSignal, SigtermWhileWaitingForARequestExitsAtOnce) {
  TempDir dir;
  Service service(dir.file("accounts.db"), dir.file("stderr.log"));
  ASSERT_GT(service.pid, 0);
  ASSERT_TRUE(service.wait_until([&] { return service.ready(); }));
  service.send(put_line(1, "P-ONE"));
  std::string first;
  char c;
  while (::read(service.out, &c, 1) == 1 && c != '\n') first += c;
  EXPECT_EQ(json::parse(first)["result"]["revision"], 1);
  ASSERT_EQ(kill(service.pid, SIGTERM), 0);
  EXPECT_EQ(service.read_all(), "");
  EXPECT_EQ(service.wait_exit(), 0);
  std::ifstream f(service.err_path);
  std::string log((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(log.find("stopping on a signal"), std::string::npos) << log;
}

}  // namespace
}  // namespace caremeter
