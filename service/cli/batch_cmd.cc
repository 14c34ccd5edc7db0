// batch_cmd.cc — `caremeter recalc` (a whole county recalculated, JSON Lines out) and
// `caremeter compare` (scenarios compared year by year: CSV, a table, an SVG chart).
//
// Exit status (kExitStatuses, cli_common.h): 0 when the run finished without error lines, 3 when
// it finished with some (their count is printed), 2 for usage and bad options or inputs (an
// unreadable people file, unknown scenario, a people file changed while the run read it), 1
// when the output could not be written.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "batch/batch.h"
#include "caremeter/json/json_io.h"
#include "caremeter/json/rule_loader.h"
#include "batch/chart.h"
#include "batch/compare_report.h"
#include "batch/recalc_csv.h"
#include "cli/batch_support.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "platform/env.h"
#include "platform/rules_dir.h"
#include "store/store.h"

namespace caremeter {

namespace {

// A run that stopped: its output could not be written, or (compare) a total overflowed.
Error write_failed(Error e) {
  if (e.code != ErrorCode::kOverflow) e.code = ErrorCode::kIo;
  return e;
}

// "  provisional people (a figure carried forward): N" when the run was asked to carry
// forward, and likewise for projections: what a finance officer must not take as final.
std::string past_known_summary(Unpublished unpublished, std::size_t provisional, std::size_t projected) {
  switch (unpublished) {
    case Unpublished::kRefuse: return "";
    case Unpublished::kCarryForward:
      return "  provisional people (a figure carried forward past what the rules know): " +
             std::to_string(provisional) + "\n";
    case Unpublished::kProject:
      return "  projected people (a figure projected past what the rules know): " + std::to_string(projected) + "\n";
  }
  return "";
}

// ---- recalc --------------------------------------------------------------------------------

struct RecalcOptions {
  std::string people_file;
  std::string db;
  std::string as_of;
  std::string scenario = "current-law";
  std::string out;
  int threads = default_threads();
  std::string capital = "assessed";
  std::string unpublished = "refuse";
  std::string from;
  std::string to;
  std::string rules_dir;
  std::string rules_version;
  std::string format = "jsonl";
};

// The county a recalc reads: a file (mapped), or the current documents of a service's stored
// accounts (read, checked, into memory).
struct CountyInput {
  std::unique_ptr<MappedFile> file;
  std::string stored;
  std::string_view data() const { return file ? file->data() : std::string_view(stored); }
  Status check_unchanged() { return file ? file->check_unchanged() : ok_status(); }
};

Result<CountyInput> open_county(Env& env, const RecalcOptions& o) {
  CountyInput in;
  if (o.db.empty()) {
    auto file = open_county_file(env, o.people_file);
    if (!file) return std::move(file).error();
    in.file = std::move(*file);
    return in;
  }
  StoreOptions options;
  options.read_only = true;
  options.create_if_missing = false;
  auto store = Store::open(o.db, env, options);
  if (!store) return std::move(store).error();
  Status s = write_stored_county(**store, [&](std::string_view line) {
    in.stored += line;
    return ok_status();
  });
  if (!s) return std::move(s).error();
  return in;
}

// What an officer checks after a run: who is in charged care on the as-of date and what they
// and the council pay a week then; errors and provisional people; lifetime totals only when a
// window (--from) was asked for, since without one they run from each person's first record.
std::string recalc_summary_text(const RecalcJob& job, const RecalcSummary& r, double secs, bool window_given) {
  std::string text = "recalc: " + std::to_string(r.people) + " people calculated, " + std::to_string(r.errors) +
                     (r.errors == 1 ? " error line" : " error lines");
  if (r.blank_lines > 0) text += ", " + std::to_string(r.blank_lines) + " blank lines skipped";
  char timing[96];
  std::snprintf(timing, sizeof timing, " in %.2f s (%.0f people a second, %d threads)\n", secs,
                secs > 0 ? static_cast<double>(r.lines) / secs : 0.0, job.threads);
  text += timing;
  text += "  scenario " + job.scenario.name + ", as of " + to_string(job.request.as_of) + "\n";
  text += "  in charged care on " + to_string(job.request.as_of) + ": " + count_with_separators(r.in_charged_care) + " people\n";
  text += "  their weekly charges:        " + pounds(r.weekly_person_pays) + " a week\n";
  text += "  the council's weekly cost:   " + pounds(r.weekly_council_pays) + " a week\n";
  text += "  errors:                      " + std::to_string(r.errors) + "\n";
  text += past_known_summary(job.request.unpublished, r.provisional, r.projected);
  if (window_given) {
    const std::string window = to_string(*job.request.from) + " to " + to_string(job.request.to.value_or(job.request.as_of));
    text += "  totals from " + window + ":\n";
    text += "    paid by people:          " + pounds(r.person_paid) + "\n";
    text += "    paid by the council:     " + pounds(r.council_paid) + "\n";
    text += "    top-ups (fees above B):  " + pounds(r.top_ups) + "\n";
    text += "    people who reached the cap: " + std::to_string(r.reached_cap) + "\n";
  }
  return text;
}

Status set_recalc_format(const std::string& format, RecalcJob& job) {
  if (format == "jsonl") return ok_status();
  if (format != "csv") return invalid_input("", "option --format: expected jsonl or csv, got '" + format + "'");
  job.write_result = [](const AccountResult& r, std::string& out) {
    write_recalc_csv_row(r, out);
    out.pop_back();  // run_recalc ends each result with its newline
  };
  const Date as_of = job.request.as_of;
  job.write_error = [as_of](std::string& out, std::size_t, const std::optional<std::string>& id, const Error& e) {
    write_recalc_csv_error(out, as_of, id, e);
  };
  return ok_status();
}

int run_recalc_command(Env& env, const RecalcOptions& o, const CLI::Option* from_opt, const CLI::Option* to_opt) {
  RecalcJob job;
  if (o.people_file.empty() == o.db.empty()) {
    return report_error(invalid_input("", "give the county as --people FILE or the stored accounts as --db FILE (one of them)"));
  }
  auto as_of = parse_date_option(o.as_of, "--as-of");
  if (!as_of) return report_error(as_of.error());
  job.request.as_of = *as_of;
  auto from = parse_optional_date_option(from_opt, o.from);
  if (!from) return report_error(from.error());
  job.request.from = *from;
  auto to = parse_optional_date_option(to_opt, o.to);
  if (!to) return report_error(to.error());
  job.request.to = *to;
  auto capital = parse_capital_option(o.capital);
  if (!capital) return report_error(capital.error());
  job.request.capital = *capital;
  auto unpublished = parse_unpublished_option(o.unpublished);
  if (!unpublished) return report_error(unpublished.error());
  job.request.unpublished = *unpublished;
  if (Status s = check_threads(o.threads); !s) return report_error(s.error());
  job.threads = o.threads;
  if (Status s = set_recalc_format(o.format, job); !s) return report_error(s.error());
  Status over_input = o.db.empty() ? refuse_output_over_input(env, o.out, "--out", o.people_file, "--people")
                                    : refuse_output_over_database(env, o.out, o.db);
  if (!over_input) return report_error(over_input.error());

  auto loaded = load_rule_set(env, o.rules_dir, o.rules_version);
  if (!loaded) return report_error(loaded.error());
  job.rules = (*loaded)->rules;
  auto scenario = resolve_scenario(env, *job.rules, o.scenario);
  if (!scenario) return report_error(scenario.error());
  job.scenario = std::move(scenario).value();
  job.input_file = o.db.empty() ? o.people_file : o.db;
  auto input = open_county(env, o);
  if (!input) return report_error(input.error());
  auto out = OutputFile::open(env, o.out);
  if (!out) {
    report_error(out.error());
    return kExitFailure;
  }

  if (o.format == "csv") {
    if (Status s = (*out)->write(recalc_csv_header()); !s) {
      report_error(s.error());
      return kExitFailure;
    }
  }
  ProgressBar bar("recalc");
  job.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
  const auto start = std::chrono::steady_clock::now();
  auto summary = run_recalc(input->data(), job, [&](std::string_view data) { return (*out)->write(data); });
  bar.finish();
  if (!summary) {
    report_error(write_failed(summary.error()));
    return kExitFailure;
  }
  // A county changed under the run gives results from a mix of old and new: not kept.
  if (Status s = input->check_unchanged(); !s) return report_error(s.error());
  if (Status s = (*out)->finish(); !s) {
    report_error(s.error());
    return kExitFailure;
  }
  std::fputs(recalc_summary_text(job, *summary, seconds_since(start), from_opt->count() > 0).c_str(), stderr);
  return finished_status(summary->errors);
}

// ---- compare -------------------------------------------------------------------------------

struct CompareOptions {
  std::string people_file;
  std::string scenarios;
  std::string from;
  std::string to;
  std::string out;
  std::string chart;
  std::string chart_kind = "spend";
  int threads = default_threads();
  std::string capital = "assessed";
  std::string unpublished = "refuse";
  std::string rules_dir;
  std::string rules_version;
  std::string by;
  std::string discount;  // "" when not asked for; "3.5" when given without a rate
  std::string per_person;
  std::string who_gains;
};

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  for (;;) {
    std::size_t comma = s.find(',', pos);
    out.push_back(s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos));
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return out;
}

std::string base_name(const std::string& path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The reforms' starts within the window, as chart markers (scenarios starting on the same day
// share one).
std::vector<ChartMarker> reform_markers(const CompareTable& table, const std::vector<Scenario>& scenarios) {
  std::vector<ChartMarker> markers;
  std::vector<Date> dates;
  for (const Scenario& s : scenarios) {
    if (!s.reform_start || !table.window().contains(*s.reform_start)) continue;
    const Date start = *s.reform_start;
    const auto seen = std::find(dates.begin(), dates.end(), start);
    if (seen != dates.end()) {
      markers[static_cast<std::size_t>(seen - dates.begin())].label.insert(0, s.name + ", ");
      continue;
    }
    const int fy = financial_year(start);
    const DateRange year = table.year_range(fy);
    dates.push_back(start);
    markers.push_back(ChartMarker{static_cast<std::size_t>(fy - table.first_year()), (start - year.first).count(),
                                  year.length().count(), s.name + " from " + to_string(start)});
  }
  return markers;
}

// "; from 2026/27 some figures are projected …": a chart must not pass off years worked out
// with figures past what the rules know as known ones (the table's figures column says which).
std::string past_known_note(const CompareTable& table, std::size_t scenarios) {
  for (int fy = table.first_year(); fy <= table.last_year(); ++fy) {
    RuleUse use = RuleUse::kKnown;
    for (std::size_t s = 0; s < scenarios; ++s) use = std::max(use, table.at(fy, s).figures);
    if (use == RuleUse::kKnown) continue;
    return "; from " + financial_year_label(fy) + " some figures are " +
           (use == RuleUse::kProjected ? "projected (each scenario's projection)"
                                       : "carried forward past what the rules know (provisional)");
  }
  return "";
}

BarChart compare_chart(const CompareOptions& o, const CompareJob& job, const CompareSummary& summary,
                       const std::vector<std::string>& names, bool difference) {
  const CompareTable& table = summary.table;
  BarChart chart;
  chart.title = difference ? "Council spend: the difference each scenario makes to " + names[0]
                           : "Council spend on adult social care by financial year";
  chart.subtitle = count_with_separators(summary.people) + " people (" + base_name(o.people_file) + "), capital " +
                   (job.capital == CapitalMode::kSpendDown ? "spent down" : "as assessed") + ", " +
                   to_string(job.window.first) + " to " + to_string(job.window.last);
  const bool whole_years = job.window.first == financial_year_start(table.first_year()) &&
                           job.window.last == financial_year_end(table.last_year());
  chart.x_axis_title = whole_years ? "Financial year (1 April to 31 March)"
                                   : "Financial year (1 April to 31 March; first and last clipped to the period)";
  chart.y_axis_title = difference ? "Council spend minus " + names[0] + "'s" : "Council spend";
  for (int fy = table.first_year(); fy <= table.last_year(); ++fy) chart.categories.push_back(financial_year_label(fy));
  for (std::size_t s = difference ? 1 : 0; s < names.size(); ++s) {
    ChartSeries series;
    series.name = names[s];
    for (int fy = table.first_year(); fy <= table.last_year(); ++fy) {
      const Exact base = difference ? table.at(fy, 0).council_spend : Exact::zero();
      series.values.push_back((table.at(fy, s).council_spend - base).round_half_up());
    }
    chart.series.push_back(std::move(series));
  }
  chart.markers = reform_markers(table, job.scenarios);
  chart.footnote = "caremeter compare; rules " + job.rules->ref.id + " " + job.rules->ref.version + " (sha256 " +
                   job.rules->ref.sha256.substr(0, 12) + ")";
  if (summary.errors > 0) chart.footnote += "; " + std::to_string(summary.errors) + " people left out (errors)";
  chart.footnote += past_known_note(table, names.size());
  return chart;
}

Status write_whole_file(Env& env, const std::string& path, std::string_view text) {
  auto out = OutputFile::open(env, path);
  if (!out) return std::move(out).error();
  Status s = (*out)->write(text);
  if (s) s = (*out)->finish();
  return s;
}

// The options that shape the output (checked before the county is read).
struct CompareOutputs {
  CompareLayout layout;
  bool difference_chart = false;
};

Result<CompareOutputs> compare_outputs(const CompareOptions& o, CompareJob& job, std::size_t scenarios) {
  CompareOutputs outputs;
  if (!o.by.empty()) {
    auto by = parse_group_by(o.by);
    if (!by) return invalid_input("", "option --by: " + by.error().message);
    job.by = *by;
  }
  if (!o.discount.empty()) {
    auto rate = DiscountRate::parse(o.discount);
    if (!rate) return invalid_input("", "option --discount: " + rate.error().message);
    outputs.layout.discount = *rate;
  }
  if (o.chart_kind != "spend" && o.chart_kind != "difference") {
    return invalid_input("", "option --chart-kind: expected spend or difference, got '" + o.chart_kind + "'");
  }
  outputs.difference_chart = o.chart_kind == "difference";
  if (outputs.difference_chart && scenarios < 2) {
    return invalid_input("", "option --chart-kind: a difference chart needs a second scenario to compare with the first");
  }
  if (!o.who_gains.empty() && job.by == GroupBy::kNone) {
    return invalid_input("", "option --who-gains: needs --by (who gains is per group)");
  }
  return outputs;
}

// --scenarios: names or .json files, in order; a scenario object without a name is named by
// what was given.
Status add_scenarios(Env& env, const std::string& list, CompareJob& job) {
  for (const std::string& given : split_commas(list)) {
    if (given.empty()) {
      return invalid_input("", "option --scenarios: expected names or .json files separated by commas, got '" + list + "'");
    }
    auto scenario = resolve_scenario(env, *job.rules, given);
    if (!scenario) return std::move(scenario).error();
    if (scenario->name.empty()) scenario->name = given;
    job.scenarios.push_back(std::move(scenario).value());
  }
  return ok_status();
}

// The table (CSV to --out, else text with who gains on standard output), who gains as CSV, the
// chart.
Status write_compare_outputs(Env& env, const CompareOptions& o, const CompareJob& job, const CompareSummary& summary,
                             const std::vector<std::string>& names, const CompareOutputs& outputs) {
  const CompareTable& table = summary.table;
  Status written = ok_status();
  if (!o.out.empty()) {
    written = write_whole_file(env, o.out, compare_csv(table, names, outputs.layout));
  } else {
    std::string text = compare_text(table, names, outputs.layout);
    if (job.by != GroupBy::kNone) text += "\n" + who_gains_text(table, names);
    written = write_stdout(text);
  }
  if (written && !o.who_gains.empty()) written = write_whole_file(env, o.who_gains, who_gains_csv(table, names));
  if (written && !o.chart.empty()) {
    written = write_whole_file(env, o.chart, render_bar_chart_svg(compare_chart(o, job, summary, names, outputs.difference_chart)));
  }
  return written;
}

int run_compare_command(Env& env, const CompareOptions& o) {
  CompareJob job;
  auto from = parse_date_option(o.from, "--from");
  if (!from) return report_error(from.error());
  auto to = parse_date_option(o.to, "--to");
  if (!to) return report_error(to.error());
  if (*to < *from) {
    return report_error(invalid_input("", "option --to (" + o.to + ") is before --from (" + o.from + ")"));
  }
  job.window = DateRange{*from, *to};
  auto capital = parse_capital_option(o.capital);
  if (!capital) return report_error(capital.error());
  job.capital = *capital;
  auto unpublished = parse_unpublished_option(o.unpublished);
  if (!unpublished) return report_error(unpublished.error());
  job.unpublished = *unpublished;
  if (Status s = check_threads(o.threads); !s) return report_error(s.error());
  job.threads = o.threads;
  for (const auto& [path, option] : {std::pair{o.out, "--out"}, std::pair{o.chart, "--chart"},
                                     std::pair{o.per_person, "--per-person"}, std::pair{o.who_gains, "--who-gains"}}) {
    if (Status s = refuse_output_over_input(env, path, option, o.people_file, "--people"); !s) return report_error(s.error());
  }

  auto loaded = load_rule_set(env, o.rules_dir, o.rules_version);
  if (!loaded) return report_error(loaded.error());
  job.rules = (*loaded)->rules;
  if (Status s = add_scenarios(env, o.scenarios, job); !s) return report_error(s.error());
  std::vector<std::string> names;
  for (const Scenario& scenario : job.scenarios) names.push_back(scenario.name);
  auto outputs = compare_outputs(o, job, names.size());
  if (!outputs) return report_error(outputs.error());
  job.input_file = o.people_file;
  auto input = open_county_file(env, o.people_file);
  if (!input) return report_error(input.error());
  std::unique_ptr<OutputFile> per_person;
  if (!o.per_person.empty()) {
    auto opened = OutputFile::open(env, o.per_person);
    if (!opened) {
      report_error(opened.error());
      return kExitFailure;
    }
    per_person = std::move(opened).value();
    if (Status s = per_person->write(per_person_csv_header()); !s) {
      report_error(s.error());
      return kExitFailure;
    }
    job.per_person = [&](std::string_view rows) { return per_person->write(rows); };
  }

  ProgressBar bar("compare");
  job.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
  const auto start = std::chrono::steady_clock::now();
  // Error lines go to stderr as they come, in input order; the bar is redrawn after them.
  auto summary = run_compare((*input)->data(), job, [&](std::string_view data) -> Status {
    bar.finish();
    if (std::fwrite(data.data(), 1, data.size(), stderr) != data.size()) {
      return Error{ErrorCode::kIo, "cannot write to standard error", "", ""};
    }
    return ok_status();
  });
  bar.finish();
  if (!summary) {
    report_error(write_failed(summary.error()));
    return kExitFailure;
  }
  // A county changed under the run gives figures from a mix of old and new: not kept.
  if (Status s = (*input)->check_unchanged(); !s) return report_error(s.error());
  Status written = per_person ? per_person->finish() : ok_status();
  if (written) written = write_compare_outputs(env, o, job, *summary, names, *outputs);
  if (!written) {
    report_error(written.error());
    return kExitFailure;
  }

  const double secs = seconds_since(start);
  char text[256];
  std::snprintf(text, sizeof text, "compare: %zu people, %zu scenarios, %zu people left out with errors%s in %.2f s (%d threads)\n",
                summary->people, names.size(), summary->errors,
                summary->blank_lines > 0 ? (", " + std::to_string(summary->blank_lines) + " blank lines skipped").c_str() : "",
                secs, job.threads);
  std::fputs(text, stderr);
  std::fputs(past_known_summary(job.unpublished, summary->provisional, summary->projected).c_str(), stderr);
  return finished_status(summary->errors);
}

}  // namespace

int recalc_main(int argc, char** argv) {
  return guarded("recalc", [&] {
    CLI::App app{"Recalculate a whole county: one account result (or error line) per input line, in input order.",
                 "recalc"};
    RecalcOptions o;
    CLI::Option* people = app.add_option("--people", o.people_file, "the county: JSON Lines, one person document a line");
    app.add_option("--db", o.db, "instead of --people: the stored accounts of a `caremeter serve` database (read only)")
        ->excludes(people);
    app.add_option("--as-of", o.as_of, "the date the accounts are calculated on (YYYY-MM-DD)")->required();
    app.add_option("--scenario", o.scenario, "a scenario name from the rule set, or a scenario object in a .json file")
        ->capture_default_str();
    app.add_option("--out", o.out, "write the results there (atomically) instead of standard output");
    app.add_option("--threads", o.threads, "worker threads (the output is the same for any number)")
        ->capture_default_str();
    app.add_option("--capital", o.capital, "capital over time: assessed (finance runs) or spend_down (policy runs)")
        ->capture_default_str();
    CLI::Option* from_opt = app.add_option("--from", o.from, "start of the totals and periods window (YYYY-MM-DD)");
    CLI::Option* to_opt = app.add_option("--to", o.to, "end of the totals and periods window (default: --as-of)");
    app.add_option("--unpublished", o.unpublished, kUnpublishedHelp)->capture_default_str();
    app.add_option("--rules", o.rules_dir, "the rules directory (default: the installed rules)");
    app.add_option("--rules-version", o.rules_version, "rule set: england, england/2025-04 or 2025-04 (default: the latest)");
    app.add_option("--format", o.format, "jsonl (one account result a line) or csv (one row a person, for a finance system)")
        ->capture_default_str();
    app.footer(
        "Blank lines are skipped (and counted in the summary). A line whose person cannot be read or\n"
        "calculated becomes {\"line\":N,\"person_id\":…|null,\"error\":{…}} and the run goes on.\n"
        "With --db the people are each one's latest stored revision, in order of id (N counts them).\n"
        "CSV columns: person_id,as_of,status,setting,arranged_by,council,personal_budget,weekly_fee,\n"
        "assessed_charge,person_pays,council_pays,top_up,accrued,cap_reached_on,provisional — the\n"
        "weekly figures in force on --as-of; status charged, excluded, not_in_care or error (an error\n"
        "row gives the message in the setting column).\n"
        "Summary on stderr; a progress bar too when stderr is a terminal.\n\n" + exit_status_help());
    if (auto status = parse_command_line(app, argc, argv)) return *status;
    return run_recalc_command(*Env::posix(), o, from_opt, to_opt);
  });
}

int compare_main(int argc, char** argv) {
  return guarded("compare", [&] {
    CLI::App app{"Compare scenarios across a county, per financial year: council spend, people's spend, third-party "
                 "top-ups, "
                 "people metering and reaching the cap.",
                 "compare"};
    CompareOptions o;
    app.add_option("--people", o.people_file, "the county: JSON Lines, one person document a line")->required();
    app.add_option("--scenarios", o.scenarios, "scenarios separated by commas (names or .json files); the first is the baseline")
        ->required();
    app.add_option("--from", o.from, "first day compared (YYYY-MM-DD)")->required();
    app.add_option("--to", o.to, "last day compared, also the as-of date (YYYY-MM-DD)")->required();
    app.add_option("--out", o.out, "write the CSV there ('-': standard output); default: a table on standard output");
    app.add_option("--chart", o.chart, "write an SVG bar chart of council spend there");
    app.add_option("--chart-kind", o.chart_kind,
                   "spend (each scenario's council spend) or difference (each scenario's minus the first's)")
        ->capture_default_str();
    app.add_option("--by", o.by, "add a group column: capital_band, setting, age_band, council or arranged_by");
    app.add_option("--discount", o.discount,
                   "when given: add present values at RATE percent a year (3.5, the Green Book rate, when given "
                   "without one); the base year is the window's first")
        ->expected(0, 1)
        ->default_str("3.5");
    app.add_option("--per-person", o.per_person, "write each person's totals per scenario there (CSV)");
    app.add_option("--who-gains", o.who_gains, "with --by: write who gains per group and scenario there (CSV)");
    app.add_option("--threads", o.threads, "worker threads (the figures are the same for any number)")
        ->capture_default_str();
    app.add_option("--capital", o.capital, "capital over time: assessed or spend_down (policy runs usually want spend_down)")
        ->capture_default_str();
    app.add_option("--unpublished", o.unpublished, kUnpublishedHelp)->capture_default_str();
    app.add_option("--rules", o.rules_dir, "the rules directory (default: the installed rules)");
    app.add_option("--rules-version", o.rules_version, "rule set: england, england/2025-04 or 2025-04 (default: the latest)");
    app.footer(
        "CSV columns: [group,]financial_year,scenario,council_spend,people_spend,third_party_top_ups,\n"
        "people_metering,people_reaching_cap,council_spend_difference,people_spend_difference,people,\n"
        "people_in_care,average_in_care[,council_spend_pv,people_spend_pv,council_spend_difference_pv,\n"
        "people_spend_difference_pv],figures; a \"total\" row per scenario (and group) for the whole window\n"
        "(see doc/county-and-batch.md and doc/policy-runs.md). figures is known, provisional or projected:\n"
        "whether the row used figures past what the rules know. With --by, the table on standard output\n"
        "is followed by who gains per group.\n"
        "Past 5 April 2026 the shipped rules know no charging figures: --unpublished project uses each\n"
        "scenario's projection (named scenarios have documented defaults; rules/README.md).\n"
        "A person who cannot be read, or fails under any scenario, is left out of every scenario and\n"
        "reported on stderr as an error line.\n\n" + exit_status_help());
    if (auto status = parse_command_line(app, argc, argv)) return *status;
    return run_compare_command(*Env::posix(), o);
  });
}

}  // namespace caremeter
