// stubs_until_written.cc — placeholders for commands not yet written; each owner deletes its
// stub from here when its command lands.
#include <cstdio>

#include "commands.h"

namespace caremeter {
namespace {
int not_yet(const char* name) {
  std::fprintf(stderr, "caremeter %s: not implemented yet\n", name);
  return 1;
}
}  // namespace
int rules_main(int, char**) { return not_yet("rules"); }
int calculate_main(int, char**) { return not_yet("calculate"); }
int serve_main(int, char**) { return not_yet("serve"); }
int recalc_main(int, char**) { return not_yet("recalc"); }
int compare_main(int, char**) { return not_yet("compare"); }
int generate_main(int, char**) { return not_yet("generate"); }
}  // namespace caremeter
