// stubs_until_written.cc — placeholders for commands not yet written; each owner deletes its
// stub from here when its command lands.
#include <cstdio>

#include "commands.h"

namespace caremeter {
namespace {
[[maybe_unused]] int not_yet(const char* name) {
  std::fprintf(stderr, "caremeter %s: not implemented yet\n", name);
  return 1;
}
}  // namespace
}  // namespace caremeter
