// batch_cmd.cc — `caremeter recalc` (a whole county recalculated, JSON Lines out) and
// `caremeter compare` (scenarios compared year by year: CSV, a table, an SVG chart).
//
// Exit status: 0 when the run finished (even with error lines: their count is printed), 2 for
// usage and bad options or inputs (an unreadable people file, unknown scenario, a people file
// changed while the run read it), 1 when the output could not be written.
#include <unistd.h>

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
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "platform/env.h"
#include "platform/rules_dir.h"
#include "store/store.h"

namespace caremeter {

namespace {

int default_threads() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

Status check_threads(int threads) {
  if (threads < 1 || threads > 1024) {
    return invalid_input("", "option --threads: expected 1 to 1024, got " + std::to_string(threads));
  }
  return ok_status();
}

// A progress bar on stderr, drawn only when stderr is a terminal (never into a log file).
class ProgressBar {
 public:
  explicit ProgressBar(const char* what) : what_(what), enabled_(::isatty(STDERR_FILENO) == 1) {}
  void update(std::size_t done, std::size_t total) {
    if (!enabled_ || total == 0) return;
    const std::size_t percent = done * 100 / total;
    if (percent == last_percent_ && done != total) return;
    last_percent_ = percent;
    constexpr std::size_t kWidth = 30;
    const std::size_t filled = done * kWidth / total;
    std::string bar(filled, '#');
    bar.append(kWidth - filled, ' ');
    std::fprintf(stderr, "\r%s [%s] %3zu%%  %zu / %zu", what_, bar.c_str(), percent, done, total);
    std::fflush(stderr);
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::fputs("\r\033[K", stderr);  // clear the bar before the summary
  }

 private:
  const char* what_;
  bool enabled_;
  bool drawn_ = false;
  std::size_t last_percent_ = 1000;
};

// "£1,234,567.89"; a total too large for an exact amount says so.
std::string pounds(const std::optional<Exact>& total) {
  if (!total) return "too large to add up exactly";
  std::string plain = to_string(total->round_half_up());
  std::size_t start = plain[0] == '-' ? 1 : 0;
  std::size_t dot = plain.find('.');
  std::string out = plain.substr(0, start);
  for (std::size_t i = start; i < dot; ++i) {
    out += plain[i];
    std::size_t remaining = dot - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  return "£" + out + plain.substr(dot);
}

// "23,000"
std::string count_with_separators(std::size_t n) {
  std::string plain = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    out += plain[i];
    std::size_t remaining = plain.size() - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  return out;
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

struct LoadedRules {
  RuleCatalog catalog;
  const RuleSet* rules = nullptr;
};

Result<std::unique_ptr<LoadedRules>> load_rule_set(Env& env, const std::string& rules_dir, const std::string& version) {
  auto loaded = std::make_unique<LoadedRules>();
  std::string dir = rules_dir.empty() ? default_rules_dir(env) : rules_dir;
  auto catalog = load_rule_catalog(env, dir);
  if (!catalog) return std::move(catalog).error();
  loaded->catalog = std::move(catalog).value();
  auto rules = loaded->catalog.find(version);
  if (!rules) return std::move(rules).error();
  loaded->rules = *rules;
  return loaded;
}

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
  const double secs = seconds_since(start);
  const RecalcSummary& r = *summary;
  std::string text = "recalc: " + std::to_string(r.people) + " people calculated, " + std::to_string(r.errors) +
                     (r.errors == 1 ? " error line" : " error lines");
  if (r.blank_lines > 0) text += ", " + std::to_string(r.blank_lines) + " blank lines skipped";
  char timing[96];
  std::snprintf(timing, sizeof timing, " in %.2f s (%.0f people a second, %d threads)\n", secs,
                secs > 0 ? static_cast<double>(r.lines) / secs : 0.0, job.threads);
  text += timing;
  text += "  scenario " + job.scenario.name + ", as of " + to_string(job.request.as_of) + "\n";
  text += "  paid by people:          " + pounds(r.person_paid) + "\n";
  text += "  paid by the council:     " + pounds(r.council_paid) + "\n";
  text += "  top-ups (fees above B):  " + pounds(r.top_ups) + "\n";
  text += "  people who reached the cap: " + std::to_string(r.reached_cap) + "\n";
  text += past_known_summary(job.request.unpublished, r.provisional, r.projected);
  std::fputs(text.c_str(), stderr);
  return kExitOk;
}

// ---- compare -------------------------------------------------------------------------------

struct CompareOptions {
  std::string people_file;
  std::string scenarios;
  std::string from;
  std::string to;
  std::string out;
  std::string chart;
  int threads = default_threads();
  std::string capital = "assessed";
  std::string unpublished = "refuse";
  std::string rules_dir;
  std::string rules_version;
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
  for (const auto& [path, option] : {std::pair{o.out, "--out"}, std::pair{o.chart, "--chart"}}) {
    if (Status s = refuse_output_over_input(env, path, option, o.people_file, "--people"); !s) return report_error(s.error());
  }

  auto loaded = load_rule_set(env, o.rules_dir, o.rules_version);
  if (!loaded) return report_error(loaded.error());
  job.rules = (*loaded)->rules;
  std::vector<std::string> names;
  for (const std::string& given : split_commas(o.scenarios)) {
    if (given.empty()) {
      return report_error(invalid_input("", "option --scenarios: expected names or .json files separated by commas, got '" +
                                                o.scenarios + "'"));
    }
    auto scenario = resolve_scenario(env, *job.rules, given);
    if (!scenario) return report_error(scenario.error());
    names.push_back(scenario->name.empty() ? given : scenario->name);
    job.scenarios.push_back(std::move(scenario).value());
  }
  job.input_file = o.people_file;
  auto input = open_county_file(env, o.people_file);
  if (!input) return report_error(input.error());

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
  if (Status s = (*input)->check_unchanged(); !s) return report_error(s.error());
  const CompareTable& table = summary->table;

  if (!o.out.empty()) {
    auto out = OutputFile::open(env, o.out);
    if (!out) {
      report_error(out.error());
      return kExitFailure;
    }
    Status s = (*out)->write(compare_csv(table, names));
    if (s) s = (*out)->finish();
    if (!s) {
      report_error(s.error());
      return kExitFailure;
    }
  } else if (Status s = write_stdout(compare_text(table, names)); !s) {
    report_error(s.error());
    return kExitFailure;
  }

  if (!o.chart.empty()) {
    BarChart chart;
    chart.title = "Council spend on adult social care by financial year";
    chart.subtitle = count_with_separators(summary->people) + " people (" + base_name(o.people_file) + "), capital " +
                     (job.capital == CapitalMode::kSpendDown ? "spent down" : "as assessed") + ", " +
                     to_string(job.window.first) + " to " + to_string(job.window.last);
    const bool whole_years = job.window.first == financial_year_start(table.first_year()) &&
                             job.window.last == financial_year_end(table.last_year());
    chart.x_axis_title = whole_years ? "Financial year (1 April to 31 March)"
                                     : "Financial year (1 April to 31 March; first and last clipped to the period)";
    chart.y_axis_title = "Council spend";
    for (int fy = table.first_year(); fy <= table.last_year(); ++fy) chart.categories.push_back(financial_year_label(fy));
    for (std::size_t s = 0; s < names.size(); ++s) {
      ChartSeries series;
      series.name = names[s];
      for (int fy = table.first_year(); fy <= table.last_year(); ++fy) {
        series.values.push_back(table.at(fy, s).council_spend.round_half_up());
      }
      chart.series.push_back(std::move(series));
    }
    chart.footnote = "caremeter compare; rules " + job.rules->ref.id + " " + job.rules->ref.version + " (sha256 " +
                     job.rules->ref.sha256.substr(0, 12) + ")";
    if (summary->errors > 0) chart.footnote += "; " + std::to_string(summary->errors) + " people left out (errors)";
    auto out = OutputFile::open(env, o.chart);
    if (!out) {
      report_error(out.error());
      return kExitFailure;
    }
    Status s = (*out)->write(render_bar_chart_svg(chart));
    if (s) s = (*out)->finish();
    if (!s) {
      report_error(s.error());
      return kExitFailure;
    }
  }

  const double secs = seconds_since(start);
  char text[256];
  std::snprintf(text, sizeof text, "compare: %zu people, %zu scenarios, %zu people left out with errors%s in %.2f s (%d threads)\n",
                summary->people, names.size(), summary->errors,
                summary->blank_lines > 0 ? (", " + std::to_string(summary->blank_lines) + " blank lines skipped").c_str() : "",
                secs, job.threads);
  std::fputs(text, stderr);
  std::fputs(past_known_summary(job.unpublished, summary->provisional, summary->projected).c_str(), stderr);
  return kExitOk;
}

int guarded(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const MoneyOverflow& e) {
    return report_error(Error{ErrorCode::kOverflow, std::string("an amount is too large to add up exactly: ") + e.what(), "", ""});
  } catch (const std::exception& e) {
    return report_error(Error{ErrorCode::kInternal, std::string(command) + ": internal error: " + e.what(), "", ""});
  }
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
    app.footer(
        "Blank lines are skipped (and counted in the summary). A line whose person cannot be read or\n"
        "calculated becomes {\"line\":N,\"person_id\":…|null,\"error\":{…}} and the run goes on.\n"
        "With --db the people are each one's latest stored revision, in order of id (N counts them).\n"
        "Summary on stderr; a progress bar too when stderr is a terminal.");
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
    app.add_option("--threads", o.threads, "worker threads (the figures are the same for any number)")
        ->capture_default_str();
    app.add_option("--capital", o.capital, "capital over time: assessed or spend_down (policy runs usually want spend_down)")
        ->capture_default_str();
    app.add_option("--unpublished", o.unpublished, kUnpublishedHelp)->capture_default_str();
    app.add_option("--rules", o.rules_dir, "the rules directory (default: the installed rules)");
    app.add_option("--rules-version", o.rules_version, "rule set: england, england/2025-04 or 2025-04 (default: the latest)");
    app.footer(
        "CSV columns: financial_year,scenario,council_spend,people_spend,third_party_top_ups,people_metering,\n"
        "people_reaching_cap,council_spend_difference,people_spend_difference,figures (known, provisional or\n"
        "projected: whether the year used figures past what the rules know; see doc/county-and-batch.md).\n"
        "Past 5 April 2026 the shipped rules know no charging figures: --unpublished project uses each\n"
        "scenario's projection (named scenarios have documented defaults; rules/README.md).\n"
        "A person who cannot be read, or fails under any scenario, is left out of every scenario and\n"
        "reported on stderr as an error line.");
    if (auto status = parse_command_line(app, argc, argv)) return *status;
    return run_compare_command(*Env::posix(), o);
  });
}

}  // namespace caremeter
