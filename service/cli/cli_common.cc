// cli_common.cc — shared command-line plumbing.
#include "cli/cli_common.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <exception>

namespace caremeter {

std::string exit_status_help() {
  std::string out = "Exit status:\n";
  for (const ExitStatusRow& row : kExitStatuses) out += "  " + std::to_string(row.status) + "  " + row.meaning + "\n";
  return out;
}

int exit_status_for(const Error& error) {
  return error.code == ErrorCode::kInternal ? kExitFailure : kExitBadInput;
}

std::string error_line(const Error& error) {
  Json line = Json::object();
  line["error"] = error_to_json(error);
  // replace: a message quoting a file name that is not UTF-8 must not throw here.
  return line.dump(-1, ' ', false, Json::error_handler_t::replace);
}

int report_error(const Error& error) {
  std::string line = error_line(error);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  return exit_status_for(error);
}

std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::string help = app.help();
    if (!write_stdout(help)) return kExitFailure;
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    return report_error(invalid_input("", std::string(e.what()) + " (see " + app.get_name() + " --help)"));
  }
  return std::nullopt;
}

Result<std::string> read_input_file(Env& env, const std::string& path, std::uint64_t max_bytes) {
  auto text = env.read_file(path, max_bytes);
  if (!text) {
    Error e = std::move(text).error();
    if (e.file.empty()) e.file = path;
    return e;
  }
  return text;
}

Result<Json> read_json_file(Env& env, const std::string& path, const JsonLimits& limits) {
  auto text = read_input_file(env, path, limits.max_bytes);
  if (!text) return std::move(text).error();
  auto doc = parse_json_strict(*text, limits);
  if (!doc) {
    Error e = std::move(doc).error();
    e.file = path;
    return e;
  }
  return doc;
}

Result<Date> parse_date_option(std::string_view text, std::string_view option) {
  auto d = parse_date(text);
  if (!d) {
    Error e = std::move(d).error();
    e.message = "option " + std::string(option) + ": " + e.message;
    return e;
  }
  return d;
}

Result<std::optional<Date>> parse_optional_date_option(const CLI::Option* given, const std::string& text) {
  if (given == nullptr || given->count() == 0) return std::optional<Date>();
  auto d = parse_date_option(text, given->get_name());
  if (!d) return std::move(d).error();
  return std::optional<Date>(*d);
}

Result<CapitalMode> parse_capital_option(std::string_view text) {
  if (auto mode = kCapitalModeNames.find(text)) return *mode;
  return invalid_input("", "option --capital: expected " + kCapitalModeNames.list(" or ") + ", got '" +
                               std::string(text) + "'");
}

const char* const kUnpublishedHelp =
    "a figure needed past the day its rule file knows it to: refuse (an error naming it), carry-forward (the last "
    "known figure, the result marked provisional) or project (the scenario's projection)";

Result<Unpublished> parse_unpublished_option(std::string_view text) {
  std::string word(text);
  std::replace(word.begin(), word.end(), '-', '_');
  if (auto choice = kUnpublishedNames.find(word)) return *choice;
  std::string expected = kUnpublishedNames.list(", ");
  std::replace(expected.begin(), expected.end(), '_', '-');
  return invalid_input("", "option --unpublished: expected one of " + expected + ", got '" + std::string(text) + "'");
}

namespace {
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

Result<Scenario> resolve_scenario(Env& env, const RuleSet& rules, const std::string& name_or_file) {
  if (!ends_with(name_or_file, ".json")) return scenario_from_json(Json(name_or_file), rules, "");
  auto doc = read_json_file(env, name_or_file);
  if (!doc) return std::move(doc).error();
  auto scenario = scenario_from_json(*doc, rules, "");
  if (!scenario) {
    Error e = std::move(scenario).error();
    if (e.file.empty()) e.file = name_or_file;
    return e;
  }
  return scenario;
}

Status refuse_output_over_database(Env& env, const std::string& output, const std::string& db) {
  if (output.empty() || output == "-") return ok_status();
  auto out_dir = env.stat(directory_of(output));
  auto db_dir = env.stat(directory_of(db));
  if (!out_dir || !db_dir || !out_dir->same_file_as(*db_dir)) return ok_status();
  const std::string out_name = std::filesystem::path(output).filename().string();
  const std::string db_name = std::filesystem::path(db).filename().string();
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (out_name == db_name + suffix) {
      return invalid_input("", "option --out (" + output + ") is the database given as --db (" + db + ")" +
                                   (*suffix ? std::string(" or its ") + suffix + " file" : std::string()) +
                                   ": write to another file");
    }
  }
  return ok_status();
}

Status write_stored_county(Store& store, const std::function<Status(std::string_view line)>& sink) {
  std::string line;
  return store.for_each_current_person([&](const StoredPerson& p) {
    line.assign(p.document);
    line.push_back('\n');
    return sink(line);
  });
}

Status write_stdout(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    return Error{ErrorCode::kIo, "cannot write to standard output", "", ""};
  }
  return ok_status();
}

}  // namespace caremeter
