// check.cc — the failure path of CM_CHECK.
#include "check.h"

#include <string_view>

namespace caremeter::calc {

void check_failed(const char* condition, const char* what, const char* file, int line) {
  std::string_view f(file);
  // The file's own name is enough to find the check, and keeps the message the same wherever
  // the engine was built.
  if (auto slash = f.rfind('/'); slash != std::string_view::npos) f.remove_prefix(slash + 1);
  fail(ErrorCode::kInternal, "",
       std::string("internal check failed (a bug in the engine, please report it): ") + what + " [" + condition +
           ", " + std::string(f) + ":" + std::to_string(line) + "]");
}

}  // namespace caremeter::calc
