// generate_cmd.cc — `caremeter generate`: a synthetic county as JSON Lines, either open (people
// entering and leaving care over a window of years) or closed (exactly N accounts).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "batch/batch.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "generator/county_generator.h"
#include "platform/env.h"
#include "platform/rules_dir.h"

namespace caremeter {

namespace {

struct GenerateOptions {
  int64_t people = 0;
  uint64_t seed = 0;
  std::string out;
  std::string council = "example-shire";
  std::string rules_dir;
  std::string from;
  std::string until;
  int64_t in_care = 0;
  std::string growth;
  bool law_2026 = false;
};

// "1.5" or "-0.25" percent a year → parts per million.
Result<int64_t> parse_growth(const std::string& text) {
  const bool negative = !text.empty() && text[0] == '-';
  auto h = parse_hundredths(std::string_view(text).substr(negative ? 1 : 0), Hundredths{kMaxGrowthPpm / 100});
  if (!h) {
    return invalid_input("", "option --growth: expected a percentage a year from -50 to 50 with at most two "
                             "decimals, got '" + text + "'");
  }
  return (negative ? -h->value : h->value) * 100;
}

// The council must have a rule file: its rates derive the budgets records leave out.
Status check_council(Env& env, const GenerateOptions& o) {
  if (o.council.empty() || o.council.size() > 64 ||
      o.council.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos) {
    return invalid_input(
        "", "option --council: expected a council id of lowercase letters, digits, '-' and '_', got '" + o.council + "'");
  }
  const std::string dir = o.rules_dir.empty() ? default_rules_dir(env) : o.rules_dir;
  auto catalog = load_rule_catalog(env, dir);
  if (!catalog) return std::move(catalog).error();
  std::string known;
  for (const RuleSet& set : catalog->sets()) {
    if (set.councils.count(o.council) != 0) return ok_status();
    for (const auto& [id, council] : set.councils) {
      if (known.find("'" + id + "'") == std::string::npos) known += (known.empty() ? "'" : ", '") + id + "'";
    }
  }
  return invalid_input("", "option --council: no council file in " + dir + " has the id '" + o.council +
                               "' (councils there: " + (known.empty() ? "none" : known) + ")");
}

Result<OpenCountyOptions> open_options(const GenerateOptions& o, const CLI::App& app) {
  OpenCountyOptions open;
  open.seed = o.seed;
  open.council = o.council;
  open.law_2026 = o.law_2026;
  if (app.count("--from") != 0) {
    auto from = parse_date_option(o.from, "--from");
    if (!from) return std::move(from).error();
    open.from = *from;
  }
  if (app.count("--until") != 0) {
    auto until = parse_date_option(o.until, "--until");
    if (!until) return std::move(until).error();
    open.until = *until;
  }
  if (app.count("--in-care") != 0) open.in_care = o.in_care;
  if (app.count("--growth") != 0) {
    auto growth = parse_growth(o.growth);
    if (!growth) return std::move(growth).error();
    open.growth_ppm = *growth;
  }
  return open;
}

Status write_closed(const GenerateOptions& o, OutputFile& out) {
  CountyOptions options;
  options.people = o.people;
  options.seed = o.seed;
  options.council = o.council;
  options.law_2026 = o.law_2026;
  std::string buf;
  constexpr int64_t kBlock = 4096;
  for (int64_t first = 0; first < o.people; first += kBlock) {
    buf.clear();
    generate_people(options, first, std::min(o.people, first + kBlock), buf);
    if (Status s = out.write(buf); !s) return s;
  }
  return ok_status();
}

int run_generate(Env& env, const GenerateOptions& o, const CLI::App& app) {
  const bool closed = app.count("--people") != 0;
  if (closed) {
    for (const char* name : {"--in-care", "--from", "--until", "--growth"}) {
      if (app.count(name) != 0) {
        return report_error(invalid_input("", std::string("option ") + name +
                                                  ": not with --people (--people gives a closed county of exactly N "
                                                  "accounts; --in-care, --from, --until and --growth an open one)"));
      }
    }
    if (o.people < 0 || o.people > 100'000'000) {
      return report_error(invalid_input("", "option --people: expected 0 to 100000000 people, got " + std::to_string(o.people)));
    }
  }
  auto open = open_options(o, app);
  if (!open) return report_error(open.error());
  if (!closed) {
    if (Status s = check_open_county(*open); !s) return report_error(s.error());
  }
  if (Status s = check_council(env, o); !s) return report_error(s.error());

  auto out = OutputFile::open(env, o.out);
  if (!out) {
    report_error(out.error());
    return kExitFailure;
  }
  Status written = closed ? write_closed(o, **out)
                          : generate_open_county(*open, [&](std::string_view data) { return (*out)->write(data); });
  if (written) written = (*out)->finish();
  if (!written) return report_error(written.error());
  return kExitOk;
}

}  // namespace

int generate_main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      return write_stdout(county_generator_help()) ? kExitOk : kExitFailure;
    }
  }
  CLI::App app{"a synthetic county (JSON Lines)", "generate"};
  app.set_help_flag();  // --help is answered above with the model's description
  GenerateOptions o;
  app.add_option("--seed", o.seed, "seed (0..2^64-1)")->required();
  app.add_option("--people", o.people, "a closed county of exactly this many accounts");
  app.add_option("--in-care", o.in_care, "an open county: people in care on any day");
  app.add_option("--from", o.from, "an open county's first day (YYYY-MM-DD)");
  app.add_option("--until", o.until, "an open county's last day (YYYY-MM-DD)");
  app.add_option("--growth", o.growth, "an open county: yearly growth of the number in care, percent");
  app.add_option("--out", o.out, "output file (default: standard output)");
  app.add_option("--council", o.council, "council id in needs records");
  app.add_option("--rules", o.rules_dir, "the rules directory (default: the installed rules)");
  app.add_flag("--law-2026", o.law_2026, "also the law's newer features (see --help)");
  if (auto status = parse_command_line(app, argc, argv)) return *status;
  return run_generate(*Env::posix(), o, app);
}

}  // namespace caremeter
