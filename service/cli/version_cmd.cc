// version_cmd.cc — `caremeter --version`: the program's version (CMake's project version), the
// git commit it was configured from when that was known (a build from a tarball has none), and
// the rule versions it would use: read from the rules directory at run time (the same one every
// command uses), since rules are data installed beside the program, not built into it.
#include <cstdio>
#include <string>

#include "cli/commands.h"
#include "platform/rules_dir.h"

#ifndef CAREMETER_VERSION
#define CAREMETER_VERSION "unknown"
#endif
#ifndef CAREMETER_GIT_COMMIT
#define CAREMETER_GIT_COMMIT ""
#endif

namespace caremeter {

int version_main() {
  std::string text = std::string("caremeter ") + CAREMETER_VERSION;
  const std::string commit = CAREMETER_GIT_COMMIT;
  text += commit.empty() ? " (git commit not known)\n" : " (git commit " + commit + ")\n";
  Env& env = *Env::posix();
  const std::string dir = default_rules_dir(env);
  RuleLoadReport report = load_rules_dir(env, dir);
  UpratingLoadReport uprating = load_uprating_dir(env, dir);
  text += "rules in " + dir + " (read now):\n";
  for (const RuleSet& rs : report.rule_sets) text += "  " + rs.ref.id + " " + rs.ref.version + " sha256:" + rs.ref.sha256 + "\n";
  for (const CouncilRules& c : report.councils) {
    text += "  council " + c.ref.id + " " + c.ref.version + " sha256:" + c.ref.sha256 + "\n";
  }
  for (const UpratingRates& u : uprating.rates) text += "  uprating " + u.ref.version + " sha256:" + u.ref.sha256 + "\n";
  const std::size_t problems = report.errors.size() + uprating.errors.size();
  if (problems > 0) {
    text += "  (" + std::to_string(problems) + " problems in the rule files: caremeter rules check " + dir + ")\n";
  }
  std::fputs(text.c_str(), stdout);
  return std::fflush(stdout) == 0 ? 0 : 1;
}

}  // namespace caremeter
