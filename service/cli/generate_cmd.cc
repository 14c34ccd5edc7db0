// generate_cmd.cc — `caremeter generate`: a synthetic county as JSON Lines.
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

namespace caremeter {

int generate_main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) {
      return write_stdout(county_generator_help()) ? kExitOk : kExitFailure;
    }
  }
  CLI::App app{"a synthetic county (JSON Lines)", "generate"};
  app.set_help_flag();  // --help is answered above with the model's description
  int64_t people = 0;
  uint64_t seed = 0;
  std::string out_path;
  CountyOptions options;
  app.add_option("--people", people, "how many people")->required();
  app.add_option("--seed", seed, "seed (0..2^64-1)")->required();
  app.add_option("--out", out_path, "output file (default: standard output)");
  app.add_option("--council", options.council, "council id in needs records");
  app.add_flag("--law-2026", options.law_2026, "also the law's newer features (see --help)");
  if (auto status = parse_command_line(app, argc, argv)) return *status;

  if (people < 0 || people > 100'000'000) {
    return report_error(invalid_input("", "option --people: expected 0 to 100000000 people, got " + std::to_string(people)));
  }
  if (options.council.empty() || options.council.size() > 64 ||
      options.council.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos) {
    return report_error(invalid_input(
        "", "option --council: expected a council id of lowercase letters, digits, '-' and '_', got '" + options.council + "'"));
  }
  options.people = people;
  options.seed = seed;

  auto out = OutputFile::open(*Env::posix(), out_path);
  if (!out) {
    report_error(out.error());
    return kExitFailure;
  }
  std::string buf;
  constexpr int64_t kBlock = 4096;
  for (int64_t first = 0; first < people; first += kBlock) {
    buf.clear();
    generate_people(options, first, std::min(people, first + kBlock), buf);
    if (Status s = (*out)->write(buf); !s) {
      report_error(s.error());
      return kExitFailure;
    }
  }
  if (Status s = (*out)->finish(); !s) {
    report_error(s.error());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace caremeter
