// shutdown.h — a graceful stop on SIGTERM (or SIGINT) for a program that answers one request at a
// time. The signals are held back while a request is worked on, so it finishes and its answer is
// written (a commit is never cut short); the program sees them only where it waits for the next
// request, or asks between requests.
#pragma once

#include <signal.h>

namespace caremeter {

class ShutdownSignals {
 public:
  // Holds SIGTERM and SIGINT back in the calling thread (make it before starting any thread).
  ShutdownSignals();
  ~ShutdownSignals();  // lets them through again, as they were
  ShutdownSignals(const ShutdownSignals&) = delete;
  ShutdownSignals& operator=(const ShutdownSignals&) = delete;

  enum class Wait { kReadable, kStop, kError };
  // Waits until fd has something to read (or its end) or a signal asks the program to stop.
  Wait wait_readable(int fd);
  // True once a stop was asked: a signal received, or one waiting to be.
  bool stop_requested() const;

 private:
  sigset_t held_;
  sigset_t previous_mask_;
  struct sigaction previous_term_;
  struct sigaction previous_int_;
};

}  // namespace caremeter
