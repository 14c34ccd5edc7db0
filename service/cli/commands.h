// commands.h — the subcommands of the caremeter program. Each takes its own argv (argv[0] is
// the command's name), returns the process exit status (the table kExitStatuses, cli_common.h).
#pragma once

namespace caremeter {

int rules_main(int argc, char** argv);      // rules_cmd.cc
int calculate_main(int argc, char** argv);  // calculate_cmd.cc
int serve_main(int argc, char** argv);      // serve_cmd.cc
int recalc_main(int argc, char** argv);     // batch_cmd.cc
int compare_main(int argc, char** argv);    // batch_cmd.cc
int generate_main(int argc, char** argv);   // generate_cmd.cc
int store_main(int argc, char** argv);      // store_cmd.cc
int uplift_main(int argc, char** argv);     // cycle_cmd.cc
int changes_main(int argc, char** argv);    // cycle_cmd.cc

// `caremeter --version`: the program's version, its git commit, the rule versions.
int version_main();                         // version_cmd.cc

}  // namespace caremeter
