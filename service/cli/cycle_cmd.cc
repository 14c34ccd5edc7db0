// cycle_cmd.cc — the yearly cycle's county commands: `caremeter uplift` (the April uplift of
// people's incomes) and `caremeter changes` (what changed for each person between two days,
// with reasons). Exit statuses: kExitStatuses (cli_common.h).
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>

#include "batch/batch.h"
#include "batch/changes.h"
#include "batch/uplift.h"
#include "cli/batch_support.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "platform/rules_dir.h"

namespace caremeter {

namespace {

struct UpliftOptions {
  std::string people_file;
  std::string rates_file;
  std::string on;
  std::string out;
  std::string reassess;
  int threads = default_threads();
};

Status write_to_stderr(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), stderr) != data.size()) {
    return Error{ErrorCode::kIo, "cannot write to standard error", "", ""};
  }
  return ok_status();
}

std::string uplift_summary_text(const UpliftOptions& o, const UpratingRates& rates, const UpliftSummary& r, double secs) {
  char head[160];
  std::snprintf(head, sizeof head, "uplift: %zu people uplifted, %zu unchanged, %zu error lines in %.2f s\n", r.uplifted,
                r.unchanged, r.errors, secs);
  std::string text = head;
  text += "  rates " + rates.ref.version + " (sha256 " + rates.ref.sha256.substr(0, 12) + "), new amounts from " + o.on + "\n";
  text += "  income items of the people uplifted:";
  for (const auto& how : kUprateHowNames) {
    text += " " + std::to_string(r.items[static_cast<std::size_t>(how.value)]) + " " + how.name;
  }
  text += "\n";
  const std::size_t reassess = r.items[static_cast<std::size_t>(UprateHow::kNeedsReassessment)];
  if (reassess > 0 && o.reassess.empty()) {
    text += "  items needing reassessment (no published percentage applies) are left unchanged: list them with --reassess FILE\n";
  }
  return text;
}

int run_uplift_command(Env& env, const UpliftOptions& o) {
  auto on = parse_date_option(o.on, "--on");
  if (!on) return report_error(on.error());
  if (Status s = check_threads(o.threads); !s) return report_error(s.error());
  for (const auto& [path, option] : {std::pair{o.out, "--out"}, std::pair{o.reassess, "--reassess"}}) {
    if (Status s = refuse_output_over_input(env, path, option, o.people_file, "--people"); !s) return report_error(s.error());
  }
  auto rates = load_uprating_file(env, o.rates_file);
  if (!rates) return report_error(rates.error());
  UpliftJob job;
  job.rates = &*rates;
  job.on = *on;
  job.input_file = o.people_file;
  job.threads = o.threads;
  auto input = open_county_file(env, o.people_file);
  if (!input) return report_error(input.error());
  auto out = OutputFile::open(env, o.out);
  if (!out) {
    report_error(out.error());
    return kExitFailure;
  }
  std::unique_ptr<OutputFile> reassess;
  if (!o.reassess.empty()) {
    auto opened = OutputFile::open(env, o.reassess);
    Status s = opened ? (*opened)->write(uplift_reassess_csv_header()) : Status(opened.error());
    if (!s) {
      report_error(s.error());
      return kExitFailure;
    }
    reassess = std::move(opened).value();
    job.reassess = [&](std::string_view rows) { return reassess->write(rows); };
  }
  ProgressBar bar("uplift");
  job.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
  const auto start = std::chrono::steady_clock::now();
  auto summary = run_uplift((*input)->data(), job, [&](std::string_view data) { return (*out)->write(data); });
  bar.finish();
  Status done = summary ? (*input)->check_unchanged() : Status(summary.error());
  if (!done) return report_error(done.error());
  if (Status s = (*out)->finish(); !s || (reassess && !(s = reassess->finish()))) {
    report_error(s.error());
    return kExitFailure;
  }
  std::fputs(uplift_summary_text(o, *rates, *summary, seconds_since(start)).c_str(), stderr);
  return finished_status(summary->errors);
}

struct ChangesOptions {
  std::string people_file;
  std::string before;
  std::string after;
  std::string scenario = "current-law";
  std::string unpublished = "refuse";
  std::string out;
  int threads = default_threads();
  std::string rules_dir;
  std::string rules_version;
};

int run_changes_command(Env& env, const ChangesOptions& o) {
  ChangesJob job;
  auto before = parse_date_option(o.before, "--before");
  if (!before) return report_error(before.error());
  auto after = parse_date_option(o.after, "--after");
  if (!after) return report_error(after.error());
  if (*after <= *before) {
    return report_error(invalid_input("", "option --after (" + o.after + ") must be later than --before (" + o.before + ")"));
  }
  job.before = *before;
  job.after = *after;
  auto unpublished = parse_unpublished_option(o.unpublished);
  if (!unpublished) return report_error(unpublished.error());
  job.unpublished = *unpublished;
  if (Status s = check_threads(o.threads); !s) return report_error(s.error());
  job.threads = o.threads;
  if (Status s = refuse_output_over_input(env, o.out, "--out", o.people_file, "--people"); !s) return report_error(s.error());
  auto loaded = load_rule_set(env, o.rules_dir, o.rules_version);
  if (!loaded) return report_error(loaded.error());
  job.rules = (*loaded)->rules;
  auto scenario = resolve_scenario(env, *job.rules, o.scenario);
  if (!scenario) return report_error(scenario.error());
  job.scenario = std::move(scenario).value();
  job.input_file = o.people_file;
  auto input = open_county_file(env, o.people_file);
  if (!input) return report_error(input.error());
  auto out = OutputFile::open(env, o.out);
  if (!out) {
    report_error(out.error());
    return kExitFailure;
  }
  if (Status s = (*out)->write(changes_csv_header()); !s) {
    report_error(s.error());
    return kExitFailure;
  }
  ProgressBar bar("changes");
  job.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
  const auto start = std::chrono::steady_clock::now();
  auto summary = run_changes((*input)->data(), job, [&](std::string_view data) { return (*out)->write(data); },
                             [&](std::string_view errors) {
                               bar.finish();
                               return write_to_stderr(errors);
                             });
  bar.finish();
  if (!summary) {
    Error e = summary.error();
    if (e.code == ErrorCode::kInvalidInput) return report_error(e);
    if (e.code != ErrorCode::kOverflow) e.code = ErrorCode::kIo;
    report_error(e);
    return kExitFailure;
  }
  if (Status s = (*input)->check_unchanged(); !s) return report_error(s.error());
  if (Status s = (*out)->finish(); !s) {
    report_error(s.error());
    return kExitFailure;
  }
  char text[200];
  std::snprintf(text, sizeof text, "changes: %zu people in charged care on %s or %s, %zu paying a different amount, %zu error lines in %.2f s\n",
                summary->rows, o.before.c_str(), o.after.c_str(), summary->changed, summary->errors, seconds_since(start));
  std::fputs(text, stderr);
  return finished_status(summary->errors);
}

}  // namespace

int uplift_main(int argc, char** argv) {
  return guarded("uplift", [&] {
    CLI::App app{"The April uplift of people's incomes: a new finances record from the uprating day with every income "
                 "item uprated by the rates file.",
                 "uplift"};
    UpliftOptions o;
    app.add_option("--people", o.people_file, "the county: JSON Lines, one person document a line")->required();
    app.add_option("--rates", o.rates_file, "the uprating rates, e.g. rules/uprating/2026-04.json")->required();
    app.add_option("--on", o.on, "the first day of the new amounts (YYYY-MM-DD), e.g. 2026-04-06")->required();
    app.add_option("--out", o.out, "write the uplifted county there (atomically) instead of standard output");
    app.add_option("--reassess", o.reassess,
                   "write the income items no published percentage applies to there (CSV: person_id,item,type,weekly,reason)");
    app.add_option("--threads", o.threads, "worker threads (the output is the same for any number)")->capture_default_str();
    app.footer(
        "For each person whose finances record runs through the day before --on and --on itself, that\n"
        "record ends the day before and a copy starts on --on with each income item uprated: an amount\n"
        "equal to an old standard rate of its type becomes the new rate; any other amount of an uprated\n"
        "type is multiplied by the type's percentage and rounded half up to the penny; types that are\n"
        "not uprated (private pensions, earnings) and amounts no published percentage applies to\n"
        "(pension credit, universal credit) stay as they are (the latter listed by --reassess). A person\n"
        "with nothing to uplift is copied unchanged; a line that cannot be read becomes an error line\n"
        "{\"line\":N,\"person_id\":…|null,\"error\":{…}} in the output, and the run goes on.\n\n" +
        exit_status_help());
    if (auto status = parse_command_line(app, argc, argv)) return *status;
    return run_uplift_command(*Env::posix(), o);
  });
}

int changes_main(int argc, char** argv) {
  return guarded("changes", [&] {
    CLI::App app{"What changed for each person between two days: the weekly figures on each and why they differ (CSV).",
                 "changes"};
    ChangesOptions o;
    app.add_option("--people", o.people_file, "the county: JSON Lines, one person document a line")->required();
    app.add_option("--before", o.before, "the day before the change (YYYY-MM-DD)")->required();
    app.add_option("--after", o.after, "the day after (YYYY-MM-DD), later than --before")->required();
    app.add_option("--scenario", o.scenario, "a scenario name from the rule set, or a scenario object in a .json file")
        ->capture_default_str();
    app.add_option("--unpublished", o.unpublished, kUnpublishedHelp)->capture_default_str();
    app.add_option("--out", o.out, "write the CSV there (atomically) instead of standard output");
    app.add_option("--threads", o.threads, "worker threads (the output is the same for any number)")->capture_default_str();
    app.add_option("--rules", o.rules_dir, "the rules directory (default: the installed rules)");
    app.add_option("--rules-version", o.rules_version, "rule set: england, england/2025-04 or 2025-04 (default: the latest)");
    app.footer(
        "One row per person in charged care on either day, in input order, with the columns\n"
        "person_id,setting,arranged_by,council,assessed_charge_before,assessed_charge_after,\n"
        "person_pays_before,person_pays_after,council_pays_before,council_pays_after,change,reasons\n"
        "(weekly figures; setting, arranged_by and council as on --after, else --before; change =\n"
        "person_pays_after - person_pays_before; 0.00 on a day not in charged care). reasons names\n"
        "each input of the means test that differs, 'NAME old→new' separated by '; ': PEA, MIG, other\n"
        "national parameters by their rule-file names, the council's (rates.residential), the\n"
        "person's income by type (state_pension), their records' figures (capital, personal_budget),\n"
        "and the care itself (charged_care, setting, arranged_by, council). A person who cannot be\n"
        "read or calculated gets an error line on standard error.\n\n" +
        exit_status_help());
    if (auto status = parse_command_line(app, argc, argv)) return *status;
    return run_changes_command(*Env::posix(), o);
  });
}

}  // namespace caremeter
