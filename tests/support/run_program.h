// run_program.h — runs a program (usually the real caremeter binary, CAREMETER_BINARY) from a
// test: given arguments and stdin, it returns the exit status, stdout and stderr.
//
// fork/exec with three pipes, drained together with poll() so a program that writes a lot on
// both streams (or reads stdin slowly) cannot deadlock the test.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <vector>

namespace caremeter::test_support {

struct ProgramOutput {
  int exit_status = -1;  // the status passed to exit(); -1 if killed by a signal or not started
  int signal = 0;        // the signal that ended it, if any
  std::string out;
  std::string err;
};

// Runs `args[0]` (a path, not searched in PATH) with `args`, feeding `input` on stdin.
inline ProgramOutput run_program(const std::vector<std::string>& args, const std::string& input = "") {
  ProgramOutput result;
  if (args.empty()) return result;
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0) return result;
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return result;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) return result;

  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);

  pid_t pid = fork();
  if (pid < 0) return result;
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);

  // A program that exits without reading all of stdin must not kill the test with SIGPIPE.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ignore, &previous);

  int in_fd = in_pipe[1];
  std::size_t written = 0;
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  } else {
    fcntl(in_fd, F_SETFL, fcntl(in_fd, F_GETFL) | O_NONBLOCK);
  }
  int out_fd = out_pipe[0], err_fd = err_pipe[0];
  char buf[65536];
  while (in_fd >= 0 || out_fd >= 0 || err_fd >= 0) {
    pollfd fds[3];
    int n = 0;
    if (in_fd >= 0) fds[n++] = {in_fd, POLLOUT, 0};
    if (out_fd >= 0) fds[n++] = {out_fd, POLLIN, 0};
    if (err_fd >= 0) fds[n++] = {err_fd, POLLIN, 0};
    if (poll(fds, static_cast<nfds_t>(n), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      int fd = fds[i].fd;
      if (fd == in_fd) {
        ssize_t w = write(in_fd, input.data() + written, input.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) written = input.size();  // reader gone
        if (written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
      } else {
        ssize_t r = read(fd, buf, sizeof buf);
        if (r > 0) {
          (fd == out_fd ? result.out : result.err).append(buf, static_cast<std::size_t>(r));
        } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
          close(fd);
          (fd == out_fd ? out_fd : err_fd) = -1;
        }
      }
    }
  }
  sigaction(SIGPIPE, &previous, nullptr);

  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) result.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

// The caremeter binary built with these tests.
inline ProgramOutput run_caremeter(std::vector<std::string> args, const std::string& input = "") {
  args.insert(args.begin(), CAREMETER_BINARY);
  return run_program(args, input);
}

}  // namespace caremeter::test_support
