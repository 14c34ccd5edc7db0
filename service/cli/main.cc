// main.cc — the caremeter program: one binary, one subcommand per job.
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/cli_common.h"
#include "cli/commands.h"

namespace {
void usage(std::FILE* out) {
  std::fputs(
      "caremeter — care accounts and adult social care charges in England\n"
      "\n"
      "usage: caremeter <command> [options]   (caremeter <command> --help for each)\n"
      "\n"
      "  calculate   one person's charges and care account on a date\n"
      "  serve       the JSON-RPC service on stdin/stdout, with stored care accounts\n"
      "  recalc      recalculate a whole county (JSON Lines in, JSON Lines out)\n"
      "  compare     compare scenarios year by year across a county (CSV, SVG chart)\n"
      "  generate    write a synthetic county (JSON Lines)\n"
      "  uplift      the April uplift of people's incomes by the uprating rates\n"
      "  changes     what changed for each person between two days, with reasons (CSV)\n"
      "  rules       check rule files (rules check [DIR])\n"
      "  store       verify, export or back up a service database (store verify|export|backup)\n"
      "\n"
      "  --version   the program's version, git commit and rule versions\n"
      "\n",
      out);
  std::fputs(caremeter::exit_status_help().c_str(), out);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    usage(stderr);
    return caremeter::kExitBadInput;
  }
  std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    usage(stdout);
    return caremeter::kExitOk;
  }
  if (cmd == "--version" || cmd == "version") return caremeter::version_main();
  // Each command parses its own options from argv[1..] (its own name first).
  if (cmd == "rules") return caremeter::rules_main(argc - 1, argv + 1);
  if (cmd == "calculate") return caremeter::calculate_main(argc - 1, argv + 1);
  if (cmd == "serve") return caremeter::serve_main(argc - 1, argv + 1);
  if (cmd == "recalc") return caremeter::recalc_main(argc - 1, argv + 1);
  if (cmd == "compare") return caremeter::compare_main(argc - 1, argv + 1);
  if (cmd == "generate") return caremeter::generate_main(argc - 1, argv + 1);
  if (cmd == "store") return caremeter::store_main(argc - 1, argv + 1);
  if (cmd == "uplift") return caremeter::uplift_main(argc - 1, argv + 1);
  if (cmd == "changes") return caremeter::changes_main(argc - 1, argv + 1);
  std::fprintf(stderr, "caremeter: unknown command '%s'\n\n", cmd.c_str());
  usage(stderr);
  return caremeter::kExitBadInput;
}
