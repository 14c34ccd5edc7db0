// shutdown.cc — SIGTERM and SIGINT held back, and let through only while waiting for input.
#include "platform/shutdown.h"

#include <poll.h>

#include <cerrno>

namespace caremeter {

namespace {

volatile sig_atomic_t g_stop = 0;

void on_stop_signal(int) { g_stop = 1; }

}  // namespace

ShutdownSignals::ShutdownSignals() {
  sigemptyset(&held_);
  sigaddset(&held_, SIGTERM);
  sigaddset(&held_, SIGINT);
  pthread_sigmask(SIG_BLOCK, &held_, &previous_mask_);
  struct sigaction action{};
  action.sa_handler = &on_stop_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the wait returns when the signal comes
  sigaction(SIGTERM, &action, &previous_term_);
  sigaction(SIGINT, &action, &previous_int_);
}

ShutdownSignals::~ShutdownSignals() {
  // A stop signal still held back has been heeded: taken off before the signals are let through
  // again (else it would now end the program the way it was asked not to).
  const timespec now{0, 0};
  while (sigtimedwait(&held_, nullptr, &now) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);  // our handler still catches a late one
  sigaction(SIGTERM, &previous_term_, nullptr);
  sigaction(SIGINT, &previous_int_, nullptr);
}

ShutdownSignals::Wait ShutdownSignals::wait_readable(int fd) {
  // While waiting, and only then, the signals are let through (atomically with the wait, so one
  // that arrives just before it is not missed).
  sigset_t waiting = previous_mask_;
  sigdelset(&waiting, SIGTERM);
  sigdelset(&waiting, SIGINT);
  for (;;) {
    if (stop_requested()) return Wait::kStop;
    pollfd p{fd, POLLIN, 0};
    int n = ppoll(&p, 1, nullptr, &waiting);
    if (n > 0) return Wait::kReadable;
    if (n < 0 && errno != EINTR) return Wait::kError;
  }
}

bool ShutdownSignals::stop_requested() const {
  if (g_stop) return true;
  sigset_t pending;
  sigemptyset(&pending);
  sigpending(&pending);
  return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
}

}  // namespace caremeter
