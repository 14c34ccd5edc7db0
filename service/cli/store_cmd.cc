// store_cmd.cc — `caremeter store verify|export|backup --db FILE`: the stored care accounts
// checked, exported as a county, and copied. None of them changes the database.
//
// Exit status: verify 0 when sound, 1 when any record is damaged or SQLite finds the file
// broken; export and backup 0 when written, 1 when the output could not be written; 2 for usage
// errors and a database that is missing or cannot be opened.
#include <cstdio>
#include <string>

#include "batch/batch.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "store/store.h"

namespace caremeter {

namespace {

Result<std::unique_ptr<Store>> open_for_reading(Env& env, const std::string& db) {
  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  return Store::open(db, env, options);
}

int verify(Env& env, const std::string& db) {
  auto info = env.stat(db);
  if (!info) return report_error(info.error());
  if (info->kind == FileInfo::Kind::kMissing) {
    return report_error(Error{ErrorCode::kIo, "no database here", "", db});
  }
  auto store = open_for_reading(env, db);
  Result<VerifyReport> report = store ? (*store)->verify() : Result<VerifyReport>(store.error());
  std::string text;
  if (!report) {
    text = "problem: " + report.error().to_string() + "\n1 problem: the database cannot be read\n";
  } else {
    const VerifyReport& r = *report;
    text = db + ": " + std::to_string(r.people) + " people, " + std::to_string(r.revisions) + " revisions, " +
           std::to_string(r.statements) + " statements, " + std::to_string(r.erasures) + " erasures\n";
    text += "integrity_check: " + r.integrity + "\n";
    for (const std::string& p : r.problems) text += "problem: " + p + "\n";
    const std::size_t n = r.problems.size() + (r.integrity == "ok" ? 0 : 1);
    text += std::to_string(n) + (n == 1 ? " problem" : " problems") + "\n";
  }
  if (Status s = write_stdout(text); !s) return report_error(s.error());
  // Damage found is a finished check with problems (as rules check's); a database that cannot
  // be read at all is a failure.
  if (!report) return kExitFailure;
  return report->ok() ? kExitOk : kExitErrorLines;
}

int export_people(Env& env, const std::string& db, const std::string& out_path) {
  if (Status s = refuse_output_over_database(env, out_path, db); !s) return report_error(s.error());
  auto store = open_for_reading(env, db);
  if (!store) return report_error(store.error());
  // Personal data: a new file is readable by its owner only.
  auto out = OutputFile::open(env, out_path, 0600);
  if (!out) {
    report_error(out.error());
    return kExitFailure;
  }
  std::size_t people = 0;
  Status s = write_stored_county(**store, [&](std::string_view line) {
    ++people;
    return (*out)->write(line);
  });
  if (!s) return report_error(s.error());
  if (Status done = (*out)->finish(); !done) {
    report_error(done.error());
    return kExitFailure;
  }
  std::fprintf(stderr, "store export: %zu %s written\n", people, people == 1 ? "person" : "people");
  return kExitOk;
}

int backup(Env& env, const std::string& db, const std::string& out_path) {
  if (out_path.empty() || out_path == "-") {
    return report_error(invalid_input("", "option --out: expected the path of the copy to write"));
  }
  if (Status s = refuse_output_over_database(env, out_path, db); !s) return report_error(s.error());
  auto store = open_for_reading(env, db);
  if (!store) return report_error(store.error());
  if (Status s = (*store)->backup(out_path); !s) {
    report_error(s.error());
    return kExitFailure;
  }
  std::fprintf(stderr, "store backup: %s copied to %s\n", db.c_str(), out_path.c_str());
  return kExitOk;
}

}  // namespace

int store_main(int argc, char** argv) {
  CLI::App app{"The stored care accounts of a `caremeter serve` database, without changing it.", "store"};
  std::string db;
  std::string out;
  CLI::App* verify_cmd = app.add_subcommand(
      "verify", "check every record against its SHA-256, the links between records and SQLite's integrity");
  verify_cmd->add_option("--db", db, "the database")->required();
  CLI::App* export_cmd =
      app.add_subcommand("export", "write every stored person's current document, one a line, as recalc reads them");
  export_cmd->add_option("--db", db, "the database")->required();
  export_cmd->add_option("--out", out, "the county file to write ('-' or left out: standard output)");
  CLI::App* backup_cmd = app.add_subcommand("backup", "copy the database consistently while it may be in use");
  backup_cmd->add_option("--db", db, "the database")->required();
  backup_cmd->add_option("--out", out, "the copy to write (replaced whole, readable by its owner only)")->required();
  app.require_subcommand(1);
  app.footer("See doc/operations.md for backups, restoring, erasure and what to do about damage.");
  if (auto status = parse_command_line(app, argc, argv)) return *status;

  Env& env = *Env::posix();
  if (verify_cmd->parsed()) return verify(env, db);
  if (export_cmd->parsed()) return export_people(env, db, out);
  return backup(env, db, out);
}

}  // namespace caremeter
