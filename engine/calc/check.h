// check.h — how the calculation fails (engine-internal): an Error for what the caller can fix,
// and CM_CHECK for what only a bug can cause.
//
// Inside the calculation a failure unwinds to calculate(), which returns it as an Error: the hot
// path stays free of Result plumbing and nothing crosses the module boundary as an exception.
// CM_CHECK stays on in release builds. It is for cheap checks of invariants the arithmetic
// guarantees (payments add up, the accrued total never passes the cap): a violation becomes an
// `internal` error for that one calculation rather than an abort, so a county batch or the
// service reports the broken person and carries on, and the message names the check and line.
#pragma once

#include <string>
#include <utility>

#include "caremeter/model/status.h"

namespace caremeter::calc {

struct CalcFailure {
  Error error;
};

[[noreturn]] inline void fail(ErrorCode code, std::string pointer, std::string message) {
  throw CalcFailure{Error{code, std::move(message), std::move(pointer), {}}};
}

[[noreturn]] void check_failed(const char* condition, const char* what, const char* file, int line);

}  // namespace caremeter::calc

// CM_CHECK(condition, "what should have held, in the domain's words")
#define CM_CHECK(condition, what)                                                \
  do {                                                                           \
    if (!(condition)) [[unlikely]] {                                             \
      ::caremeter::calc::check_failed(#condition, what, __FILE__, __LINE__);     \
    }                                                                            \
  } while (false)
