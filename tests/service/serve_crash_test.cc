// serve_crash_test.cc — `caremeter serve --db` killed with SIGKILL at varying points while
// writes stream in, then restarted: every write whose answer was received is there, the database
// passes PRAGMA integrity_check, and retrying the unanswered writes with their idempotency keys
// stores each exactly once.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/serve_fixtures.h"
#include "store/store.h"

namespace caremeter {
namespace {

using nlohmann::json;
using test_support::TempDir;

struct Write {
  std::string key;        // idempotency key
  std::string person_id;
  json person;
  std::string line;       // the request line, with its newline
};

struct Ack {
  std::string person_id;
  int64_t revision = 0;
  std::string recorded_at;
  json person;
};

Write make_write(int n) {
  Write w;
  w.key = "crash-" + std::to_string(n);
  w.person_id = "P-CRASH-" + std::to_string(n % 4);
  // A different fee each time, so each revision's content is its own.
  w.person = test_support::yusuf(w.person_id, std::to_string(600 + n) + ".00");
  json request = {{"jsonrpc", "2.0"},
                  {"id", n},
                  {"method", "person.put"},
                  {"params", {{"person", w.person}, {"idempotency_key", w.key}}}};
  w.line = request.dump() + "\n";
  return w;
}

// One run of the service: writes are fed from a thread (the pipe must not fill up while we
// read), answers are read line by line, and after `kill_after` answers (and a short, varying
// pause) the process is killed. kill_after < 0: no kill; stdin is closed and it ends by itself.
struct Session {
  std::map<int, Ack> acks;  // by request id
  int exit_status = -1;
  bool killed = false;
};

Session run_session(const std::string& db, const std::string& err_path, const std::vector<Write>& writes,
                    const std::vector<int>& ids, int kill_after, int pause_us) {
  Session s;
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0) {
    ADD_FAILURE() << "pipe";
    return s;
  }
  std::string input;
  for (int id : ids) input += writes[static_cast<std::size_t>(id)].line;

  pid_t pid = fork();
  if (pid == 0) {
    int err = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    if (err >= 0) dup2(err, 2);
    std::string rules = test_support::rules_dir();
    const char* argv[] = {CAREMETER_BINARY, "serve", "--db", db.c_str(), "--rules", rules.c_str(), nullptr};
    execv(argv[0], const_cast<char**>(argv));
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);

  int in_fd = in_pipe[1];
  std::thread writer([in_fd, &input] {
    std::size_t done = 0;
    while (done < input.size()) {
      ssize_t n = ::write(in_fd, input.data() + done, input.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        break;  // the service was killed
      }
      done += static_cast<std::size_t>(n);
    }
    close(in_fd);
  });

  if (kill_after == 0) {
    std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
    ::kill(pid, SIGKILL);
    s.killed = true;
  }
  std::string buffer;
  char chunk[65536];
  int answers = 0;
  for (;;) {
    ssize_t n = ::read(out_pipe[0], chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
    std::size_t nl;
    while ((nl = buffer.find('\n')) != std::string::npos) {
      std::string line = buffer.substr(0, nl);
      buffer.erase(0, nl + 1);
      json r = json::parse(line, nullptr, false);
      EXPECT_TRUE(!r.is_discarded() && r.contains("result")) << line;
      if (r.is_discarded() || !r.contains("result")) continue;
      int id = r["id"].get<int>();
      const Write& w = writes[static_cast<std::size_t>(id)];
      s.acks[id] = Ack{w.person_id, r["result"]["revision"].get<int64_t>(),
                       r["result"]["recorded_at"].get<std::string>(), w.person};
      ++answers;
      if (!s.killed && kill_after > 0 && answers >= kill_after) {
        std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
        ::kill(pid, SIGKILL);
        s.killed = true;
      }
    }
  }
  close(out_pipe[0]);
  writer.join();
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) s.exit_status = WEXITSTATUS(status);
  return s;
}

TEST(ServeCrash, AnsweredWritesSurviveSigkillAndTheDatabaseStaysSound) {
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);

  TempDir dir;
  std::string db = dir.file("crash.db");
  std::string err_path = dir.file("stderr.log");
  test_support::FakeEnv env;

  constexpr int kBatch = 60;     // writes offered to each run
  constexpr int kMaxKills = 36;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);

  std::vector<Write> writes;
  std::map<int, Ack> acked;    // every write ever answered, by request id
  std::vector<int> unanswered;  // sent to a run that was killed before answering them
  int kills = 0;
  for (int round = 0; round < kMaxKills && std::chrono::steady_clock::now() < deadline; ++round) {
    // Retry what the last run left unanswered, then offer new writes.
    std::vector<int> ids = unanswered;
    for (int i = 0; i < kBatch; ++i) {
      ids.push_back(static_cast<int>(writes.size()));
      writes.push_back(make_write(static_cast<int>(writes.size())));
    }
    int kill_after = (round * 13) % 41;  // 0 (before any answer) … 40
    int pause_us = (round * 379) % 3000;
    Session s = run_session(db, err_path, writes, ids, kill_after, pause_us);
    ASSERT_TRUE(s.killed);
    ++kills;
    for (auto& [id, ack] : s.acks) {
      auto earlier = acked.find(id);
      if (earlier != acked.end()) {
        // Answered twice (a retry of a write that had been answered): the same revision.
        EXPECT_EQ(earlier->second.revision, ack.revision) << "write " << id;
      }
      acked[id] = ack;
    }
    unanswered.clear();
    for (int id : ids) {
      if (!s.acks.count(id)) unanswered.push_back(id);
    }

    // After the crash: everything answered is there, exactly as answered.
    auto store = Store::open(db, env);
    ASSERT_TRUE(store.ok()) << store.error().to_string();
    auto integrity = (*store)->integrity_check();
    ASSERT_TRUE(integrity.ok());
    ASSERT_EQ(*integrity, "ok") << "after kill " << kills;
    for (const auto& [id, ack] : acked) {
      auto got = (*store)->get_person(ack.person_id, ack.revision);
      ASSERT_TRUE(got.ok()) << "answered write " << id << " (" << ack.person_id << " revision " << ack.revision
                            << ") is missing after kill " << kills;
      EXPECT_EQ(got->recorded_at, ack.recorded_at);
      EXPECT_EQ(json::parse(got->document), ack.person) << "write " << id;
    }
  }
  EXPECT_GE(kills, 12) << "too few kills in the time allowed";

  // A last run without a kill: the remaining retries are answered, and then every write ever
  // offered is stored exactly once (retried writes that had committed unanswered were not
  // stored again).
  Session last = run_session(db, err_path, writes, unanswered, -1, 0);
  EXPECT_EQ(last.exit_status, 0);
  for (auto& [id, ack] : last.acks) acked[id] = ack;
  EXPECT_EQ(acked.size(), writes.size());

  auto store = Store::open(db, env);
  ASSERT_TRUE(store.ok());
  std::map<std::string, int64_t> revisions;
  std::set<std::pair<std::string, int64_t>> seen;
  for (const auto& [id, ack] : acked) {
    EXPECT_TRUE(seen.insert({ack.person_id, ack.revision}).second)
        << "two writes were answered with the same revision " << ack.person_id << "/" << ack.revision;
    revisions[ack.person_id] = std::max(revisions[ack.person_id], ack.revision);
  }
  int64_t total = 0;
  for (const auto& [person_id, latest] : revisions) {
    auto got = (*store)->get_person(person_id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->revision, latest) << person_id << ": a revision was stored that no answer names";
    total += latest;
  }
  EXPECT_EQ(total, static_cast<int64_t>(writes.size()));
  EXPECT_EQ(*(*store)->integrity_check(), "ok");

  sigaction(SIGPIPE, &previous, nullptr);
}

}  // namespace
}  // namespace caremeter
