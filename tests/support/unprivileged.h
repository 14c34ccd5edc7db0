// unprivileged.h — runs part of a test in a child process that file permissions apply to.
//
// Tests of unreadable directories and read-only databases mean nothing to root, which reads and
// writes through any permission; the test suite often runs as root in containers. When it does,
// the child becomes the user "nobody" (65534) first. The child reports back a description of
// what went wrong ("" when all was well).
#pragma once

#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <functional>
#include <string>

namespace caremeter::test_support {

struct UnprivilegedRun {
  bool ran = false;      // false: the child could not be started or could not drop root
  std::string failure;   // what the child found wrong; "" if nothing
};

// Directories the child must reach should be made world-searchable by the test (TempDir makes
// its directory 0700).
inline UnprivilegedRun run_unprivileged(const std::function<std::string()>& body) {
  UnprivilegedRun run;
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return run;
  pid_t pid = ::fork();
  if (pid < 0) return run;
  if (pid == 0) {
    ::close(pipe_fds[0]);
    if (::geteuid() == 0) {
      constexpr uid_t kNobody = 65534;
      if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) _exit(77);
    }
    std::string failure = body();
    std::size_t done = 0;
    while (done < failure.size()) {
      ssize_t n = ::write(pipe_fds[1], failure.data() + done, failure.size() - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    _exit(0);
  }
  ::close(pipe_fds[1]);
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipe_fds[0], buf, sizeof buf)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) break;
    run.failure.append(buf, static_cast<std::size_t>(n));
  }
  ::close(pipe_fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  run.ran = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  if (WIFSIGNALED(status)) run.failure += "the child was killed by signal " + std::to_string(WTERMSIG(status));
  return run;
}

}  // namespace caremeter::test_support
