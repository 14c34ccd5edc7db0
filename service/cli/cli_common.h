// cli_common.h — what every caremeter subcommand does the same way: parse its options, read
// input files through Env, read dates and scenarios given on the command line, and report an
// Error as the one-line {"error": …} object on stderr with the agreed exit status.
#pragma once

#include <CLI/CLI.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"
#include "platform/env.h"
#include "store/store.h"

namespace caremeter {

// The exit statuses of every command: this is the one table (`caremeter --help` prints it; the
// README's "Exit status" section gives the same).
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitErrorLines = 3;
struct ExitStatusRow {
  int status;
  const char* meaning;
};
inline constexpr std::array<ExitStatusRow, 4> kExitStatuses{{
    {kExitOk, "success"},
    {kExitFailure, "failed: the output could not be written (disk full, closed pipe), or an internal error"},
    {kExitBadInput, "bad usage or input, nothing done: an option, a file given, a rule set or scenario, a person"},
    {kExitErrorLines, "finished with error lines: some people could not be read or calculated (recalc, compare, "
                      "uplift, changes), or rules check or store verify found problems"},
}};
// "Exit status:\n  0  success\n  …" for help texts.
std::string exit_status_help();
// kExitErrorLines when a run that finished wrote any error lines, else kExitOk.
inline int finished_status(std::size_t error_lines) { return error_lines > 0 ? kExitErrorLines : kExitOk; }
int exit_status_for(const Error& error);

// {"error":{"code":…,"message":…,"data":{…}}} on one line, without the newline.
std::string error_line(const Error& error);
// Writes error_line + "\n" to stderr and returns exit_status_for(error).
int report_error(const Error& error);

// Parses argv (argv[0] is the command's name) into `app`, whose name should be the whole
// command ("caremeter calculate") as help and messages show it. Returns nullopt when the
// command should carry on; otherwise the status to exit with: 0 after --help (printed on
// stdout), 2 after a usage error (reported as an error object).
std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv);

// A file's bytes; errors name the file. A file larger than the JSON reader accepts (or than
// max_bytes) is refused before it is read.
Result<std::string> read_input_file(Env& env, const std::string& path, std::uint64_t max_bytes = JsonLimits{}.max_bytes);
// A file parsed with parse_json_strict; errors carry the file and a pointer into it.
Result<Json> read_json_file(Env& env, const std::string& path, const JsonLimits& limits = {});

// A date given as an option: `option` ("--as-of") is named in the message.
Result<Date> parse_date_option(std::string_view text, std::string_view option);
// The same for an option that may be left out: nullopt when `option` was not given.
Result<std::optional<Date>> parse_optional_date_option(const CLI::Option* given, const std::string& text);
// "--capital assessed|spend_down".
Result<CapitalMode> parse_capital_option(std::string_view text);
// "--unpublished refuse|carry-forward|project" (the request words, '-' for '_'; the request
// spellings carry_forward are taken too): what to do with a figure past what its rule file knows.
Result<Unpublished> parse_unpublished_option(std::string_view text);
// The help text of --unpublished, the same for every command that takes it.
extern const char* const kUnpublishedHelp;

// --scenario: a scenario name from the rule set, or a path ending ".json" holding a scenario
// object (errors then carry the file and a pointer into it).
Result<Scenario> resolve_scenario(Env& env, const RuleSet& rules, const std::string& name_or_file);

// An output path naming a service database, or its -wal, -shm or -journal file (whether or not
// that exists now), would damage the store: refused, whatever names the paths use.
Status refuse_output_over_database(Env& env, const std::string& output, const std::string& db);

// Every stored person's current document as a county line (the canonical document and a
// newline), in order of id: what `store export` writes and `recalc --db` reads.
Status write_stored_county(Store& store, const std::function<Status(std::string_view line)>& sink);

// Writes all of `text` to stdout and flushes; a short write (disk full, closed pipe) is an error.
Status write_stdout(std::string_view text);

}  // namespace caremeter
