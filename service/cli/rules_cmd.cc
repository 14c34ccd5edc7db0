// rules_cmd.cc — `caremeter rules check [DIR]`: validates rule files and lists what they hold.
#include <cstdio>
#include <map>
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
      "a source and status on every value, how each figure is reviewed (a yearly figure's last\n"
      "value must end); and the uprating rates under DIR/uprating (every income type once, money,\n"
      "one new rate per old one). Prints each rule set, council and uprating file with its SHA-256,\n"
      "the council versions each rule set uses, the day each yearly figure is known to and how many\n"
      "values are announced or derived; then notes, and every problem as 'error: FILE#POINTER: message'.\n"
      "\n"
      "Exit status: 0 no problems, 3 problems found, 2 usage error (the table: caremeter --help).\n",
      out);
}

std::string count(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "  known to 2026-04-05: a, b" for each day some yearly figure is known to, in date order; and
// the figures with no value at all.
template <class NameOf>
void print_known_spans(const Timeline* params, std::size_t n, NameOf name_of) {
  std::map<Date, std::string> by_day;
  std::string without_values;
  for (std::size_t i = 0; i < n; ++i) {
    if (!reviewed_periodically(params[i].review())) continue;
    std::string name(name_of(i));
    if (params[i].empty()) {
      without_values += (without_values.empty() ? "" : ", ") + name;
      continue;
    }
    std::string& names = by_day[params[i].known_to()];
    names += (names.empty() ? "" : ", ") + name;
  }
  for (const auto& [day, names] : by_day) std::printf("  known to %s: %s\n", to_string(day).c_str(), names.c_str());
  if (!without_values.empty()) std::printf("  no value yet: %s\n", without_values.c_str());
}

// "  2 announced, 24 derived values" when there are any: figures to replace when the instrument
// or the official figure is seen.
void print_status_counts(const Timeline* params, std::size_t n) {
  std::size_t announced = 0, derived = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (const DatedValue& v : params[i].values()) {
      announced += v.status == SourceStatus::kAnnounced;
      derived += v.status == SourceStatus::kDerived;
    }
  }
  if (announced + derived > 0) {
    std::printf("  %s, %s\n", count(announced, "announced value", "announced values").c_str(),
                count(derived, "derived value", "derived values").c_str());
  }
}

void print_rule_set(const RuleSet& rs) {
  std::printf("%s %s sha256:%s\n", rs.ref.id.c_str(), rs.ref.version.c_str(), rs.ref.sha256.c_str());
  std::string councils;
  for (const auto& [id, c] : rs.councils) councils += (councils.empty() ? "" : ", ") + id + " " + c.ref.version;
  std::printf("  councils: %s\n", councils.empty() ? "none" : councils.c_str());
  print_known_spans(rs.params.data(), kParamCount, [](std::size_t i) { return param_info(static_cast<Param>(i)).name; });
  print_status_counts(rs.params.data(), kParamCount);
}

void print_council(const CouncilRules& c) {
  std::printf("council %s %s sha256:%s (%s)\n", c.ref.id.c_str(), c.ref.version.c_str(), c.ref.sha256.c_str(),
              source_status_name(c.status));
  print_known_spans(c.params.data(), kCouncilParamCount,
                    [](std::size_t i) { return council_param_info(static_cast<CouncilParam>(i)).name; });
  print_status_counts(c.params.data(), kCouncilParamCount);
}

int check(const std::string& dir) {
  RuleLoadReport report = load_rules_dir(*Env::posix(), dir);
  for (const RuleSet& rs : report.rule_sets) print_rule_set(rs);
  for (const CouncilRules& c : report.councils) print_council(c);
  UpratingLoadReport uprating = load_uprating_dir(*Env::posix(), dir);
  for (const UpratingRates& u : uprating.rates) {
    std::printf("uprating %s sha256:%s (from %s)\n", u.ref.version.c_str(), u.ref.sha256.c_str(),
                to_string(u.uprating_day).c_str());
  }
  report.errors.insert(report.errors.end(), uprating.errors.begin(), uprating.errors.end());
  for (const RuleNote& n : report.notes) std::printf("note: %s: %s\n", n.file.c_str(), n.message.c_str());
  for (const Error& e : report.errors) {
    std::printf("error: %s\n", e.to_string().c_str());
  }
  std::string summary = count(report.rule_sets.size(), "rule set", "rule sets") + ", " +
                        count(report.councils.size(), "council file", "council files");
  if (!uprating.rates.empty()) summary += ", " + count(uprating.rates.size(), "uprating file", "uprating files");
  std::printf("%s, %s\n", summary.c_str(), count(report.errors.size(), "problem", "problems").c_str());
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
