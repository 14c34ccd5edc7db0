// rules_cmd.cc — `caremeter rules check [DIR]`: validates rule files and lists what they hold.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "platform/rules_dir.h"

namespace caremeter {

namespace {

void usage(std::FILE* out) {
  std::fputs(
      "usage: caremeter rules check [DIR]\n"
      "\n"
      "Checks every rule file under DIR (default: $CAREMETER_RULES, else ./rules, else the rules\n"
      "shipped with the program): schema, money and dates, dated values in order without overlap,\n"
      "a source and status on every value; and the uprating rates under DIR/uprating (every income\n"
      "type once, money, one new rate per old one). Prints each rule set, council and uprating\n"
      "file with its SHA-256, then\n"
      "every problem as 'error: FILE#POINTER: message'.\n"
      "\n"
      "Exit status: 0 no problems, 3 problems found, 2 usage error (the table: caremeter --help).\n",
      out);
}

int check(const std::string& dir) {
  RuleLoadReport report = load_rules_dir(*Env::posix(), dir);
  for (const RuleSet& rs : report.rule_sets) {
    std::printf("%s %s sha256:%s\n", rs.ref.id.c_str(), rs.ref.version.c_str(), rs.ref.sha256.c_str());
  }
  for (const CouncilRules& c : report.councils) {
    std::printf("council %s %s sha256:%s (%s)\n", c.ref.id.c_str(), c.ref.version.c_str(), c.ref.sha256.c_str(),
                source_status_name(c.status));
  }
  UpratingLoadReport uprating = load_uprating_dir(*Env::posix(), dir);
  for (const UpratingRates& u : uprating.rates) {
    std::printf("uprating %s sha256:%s (from %s)\n", u.ref.version.c_str(), u.ref.sha256.c_str(),
                to_string(u.uprating_day).c_str());
  }
  report.errors.insert(report.errors.end(), uprating.errors.begin(), uprating.errors.end());
  for (const Error& e : report.errors) {
    std::printf("error: %s\n", e.to_string().c_str());
  }
  auto count = [](std::size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  std::printf("%s, %s, %s\n", count(report.rule_sets.size(), "rule set", "rule sets").c_str(),
              count(report.councils.size(), "council", "councils").c_str(),
              count(report.errors.size(), "problem", "problems").c_str());
  std::fflush(stdout);
  return finished_status(report.errors.size());
}

}  // namespace

int rules_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (const auto& a : args) {
    if (a == "--help" || a == "-h") {
      usage(stdout);
      return 0;
    }
  }
  if (args.empty() || args[0] != "check") {
    std::fprintf(stderr, "caremeter rules: %s\n\n",
                 args.empty() ? "missing command" : ("unknown command '" + args[0] + "'").c_str());
    usage(stderr);
    return 2;
  }
  std::vector<std::string> positional;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i].size() > 1 && args[i][0] == '-') {
      std::fprintf(stderr, "caremeter rules check: unknown option '%s'\n\n", args[i].c_str());
      usage(stderr);
      return 2;
    }
    positional.push_back(args[i]);
  }
  if (positional.size() > 1) {
    std::fprintf(stderr, "caremeter rules check: give at most one directory\n\n");
    usage(stderr);
    return 2;
  }
  return check(positional.empty() ? default_rules_dir(*Env::posix()) : positional[0]);
}

}  // namespace caremeter
