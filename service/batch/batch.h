// batch.h — the batch core behind `recalc` and `compare`: split a JSON Lines county into
// lines, calculate each person on several threads, write results in input order, and add up
// totals per financial year and scenario.
//
// Output never depends on the number of threads: the input is cut into chunks of lines, each
// chunk is worked into its own buffer, and buffers are written strictly in chunk order; the
// totals are exact sums (sevenths of a penny), which do not depend on the order of adding.
// Rules are shared read-only; calculate() is thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/discount.h"
#include "batch/grouping.h"
#include "caremeter/calc/calculate.h"
#include "caremeter/model/person.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"
#include "platform/env.h"

namespace caremeter {

// ---- Input ---------------------------------------------------------------------------------

// One non-blank line of a JSON Lines file: its 1-based line number and text (no newline, no
// trailing carriage return).
struct InputLine {
  std::size_t number = 0;
  std::string_view text;
};

struct SplitLines {
  std::vector<InputLine> lines;
  std::size_t blank_lines = 0;  // empty or only spaces/tabs: skipped, counted, reported
};
// The views point into `data`, which must outlive the result.
SplitLines split_lines(std::string_view data);

// The largest county file read: some five million people, far more than any council's. A
// larger file is refused before it is read.
constexpr std::uint64_t kMaxCountyFileBytes = std::uint64_t{4} << 30;

// A county file (or pipe) through env: memory-mapped, not copied (a pipe is read into memory),
// with the guard of Env::map_file — a file truncated while the run goes on cannot kill it with
// SIGBUS, and check_unchanged() after the run says whether the input held still. Errors name
// the file.
Result<std::unique_ptr<MappedFile>> open_county_file(Env& env, const std::string& path);

// ---- Output --------------------------------------------------------------------------------

// Where results go, in pieces as they are ready: standard output, a device or pipe written in
// place, or a file replaced through ReplacementFile once complete and synced (a failed run
// leaves the file under the name asked for as it was, and no temporary behind).
class OutputFile {
 public:
  // "" or "-": standard output. A directory is refused. A new file gets `permissions` (less
  // the umask): 0600 for files of personal data (exports).
  static Result<std::unique_ptr<OutputFile>> open(Env& env, const std::string& path, unsigned permissions = 0644);
  Status write(std::string_view data);
  Status finish();

 private:
  OutputFile() = default;
  std::unique_ptr<ReplacementFile> replacement_;  // a regular file (or a new one)
  std::unique_ptr<WritableFile> stream_;          // standard output, a device or a pipe
};

// An output option naming the input file would replace the county with its results: refused,
// whichever names the two paths use (links, "./").
Status refuse_output_over_input(Env& env, const std::string& output, std::string_view output_option,
                                const std::string& input, std::string_view input_option);

using Sink = std::function<Status(std::string_view)>;

// ---- Ordered parallel work -----------------------------------------------------------------

struct OrderedRunOptions {
  int threads = 1;
  std::size_t chunk_lines = 256;
  // Called on the writing thread after each chunk is written: (lines done, lines in all).
  std::function<void(std::size_t, std::size_t)> progress;
  // Called on the writing thread for each chunk, in input order, before its output goes to the
  // sink: the chunk's lines [first, last) (indices into `lines`) and its output, which it may
  // rewrite. For what must see the lines in input order: counting, a later line repeating an
  // earlier one's id.
  std::function<void(std::size_t first, std::size_t last, std::string& out)> in_order;
};

// fn(worker, line, out) is called once per line, on one of `threads` workers (worker is in
// [0, threads)), appending that line's output to out. The outputs are passed to sink in input
// order. A sink error stops the run and is returned.
using LineFn = std::function<void(std::size_t, const InputLine&, std::string&)>;
Status run_ordered(const std::vector<InputLine>& lines, const OrderedRunOptions& options, const LineFn& fn,
                   const Sink& sink);

// ---- People --------------------------------------------------------------------------------

// The one place a county line becomes a Person (so a faster reader can replace it). On
// failure `id` holds the document's "id" when it could be read.
Result<Person> parse_batch_person(std::string_view line, std::optional<std::string>& id);

// {"line":N,"person_id":"…"|null[,"scenario":"…"],"error":{…error_to_json…}} and a newline.
void write_error_line(std::string& out, std::size_t line, const std::optional<std::string>& person_id,
                      const Error& error, const std::string* scenario = nullptr);

// An error the person's document caused, named as in the county file: `file` when the error
// names none.
Error in_file(Error e, const std::string& file);

// How a person's error is written: an error line (write_error_line) or a CSV row.
using ErrorWriter = std::function<void(std::string& out, std::size_t line, const std::optional<std::string>& person_id,
                                       const Error& error)>;

// The engine, or a stand-in for tests.
using CalculateFn =
    std::function<Result<AccountResult>(const Person&, const Scenario&, const CalculationRequest&)>;
using ResultWriter = std::function<void(const AccountResult&, std::string&)>;

// ---- Totals --------------------------------------------------------------------------------

__extension__ typedef __int128 ExactTotalSevenths;

// A sum of exact amounts over a whole county: 128 bits of sevenths of a penny, which no county
// can overflow (each addend fits in 64 bits), so adding never fails, and the sum never depends
// on how the people were shared between threads. A total too large for an Exact (some £13
// quadrillion) is reported as such, never wrapped.
class ExactTotal {
 public:
  ExactTotal& operator+=(Exact e) {
    sevenths_ += e.in_sevenths();
    return *this;
  }
  ExactTotal& operator+=(const ExactTotal& o) {
    sevenths_ += o.sevenths_;
    return *this;
  }
  // The total as an Exact; nullopt when it is too large for one.
  std::optional<Exact> exact() const;

 private:
  ExactTotalSevenths sevenths_ = 0;
};

// ---- recalc --------------------------------------------------------------------------------

struct RecalcJob {
  const RuleSet* rules = nullptr;
  std::string input_file;      // named in error lines about the person's document
  Scenario scenario;
  CalculationRequest request;
  int threads = 1;
  std::size_t chunk_lines = 256;
  CalculateFn calculate;       // empty: caremeter::calculate with *rules
  ResultWriter write_result;   // empty: write_account_result
  ErrorWriter write_error;     // empty: write_error_line
  std::function<void(std::size_t, std::size_t)> progress;
};

struct RecalcSummary {
  std::size_t lines = 0;        // non-blank lines read
  std::size_t blank_lines = 0;
  std::size_t people = 0;       // result lines written
  std::size_t errors = 0;       // error lines written
  std::size_t reached_cap = 0;  // results with cap_reached_on set
  // What an officer checks on the as-of date: the people in charged care then, what they pay
  // a week and what the council pays a week (added exactly; nullopt when too large).
  std::size_t in_charged_care = 0;
  std::optional<Exact> weekly_person_pays;
  std::optional<Exact> weekly_council_pays;
  std::size_t provisional = 0;  // results with a figure carried forward past what is known
  std::size_t projected = 0;    // results with a figure projected past what is known
  // Every result's totals added up exactly; nullopt when the sum is too large for an Exact.
  std::optional<Exact> person_paid;
  std::optional<Exact> council_paid;
  std::optional<Exact> top_ups;  // all top-ups, as in each result's totals: third parties' and people's own
};

// One output line per input line (a result or an error line), in input order. A line whose
// person id an earlier line already gave is not calculated into the county: it becomes an error
// line (/id), so no one is counted twice.
Result<RecalcSummary> run_recalc(std::string_view input, const RecalcJob& job, const Sink& sink);

// The period of `result` covering `day`, or nullptr (no care then, or outside the window).
const Period* period_on(const AccountResult& result, Date day);

// ---- compare -------------------------------------------------------------------------------

// The figures of one row of a comparison: a financial year (clipped to the window), or the
// whole window; for one scenario, and for everyone or one group.
struct YearFigures {
  Exact council_spend;
  Exact people_spend;
  // The fee neither the person nor the council pays (the top-up on council-arranged care). Not
  // all top-ups: a person's own top-up on care they arranged is in people_spend.
  Exact third_party_top_ups;
  int64_t people_metering = 0;       // people with something accruing on some day of the row
  int64_t people_reaching_cap = 0;   // people whose cap_reached_on falls in the row
  int64_t people = 0;                // people in care on some day of the row
  int64_t people_in_care = 0;        // people in care on the row's last day (31 March, or the window's last)
  int64_t care_days = 0;             // days in care, added over people (÷ the row's days: the average in care)
  // How the row's figures stand: all known, some carried forward past what the rules know
  // (provisional), or some projected by the scenario's projection.
  RuleUse figures = RuleUse::kKnown;
};

// One person's figures over the whole window under one scenario (for `compare --per-person`).
struct PersonTotals {
  Exact council_spend;
  Exact people_spend;
  Exact third_party_top_ups;  // as in YearFigures
  int64_t care_days = 0;
  std::optional<Date> cap_reached_on;  // when it falls in the window
};

// Figures per financial year (clipped to the window) and for the whole window, per scenario,
// for everyone and (when grouping) per group, added up person by person.
class CompareTable {
 public:
  CompareTable() = default;
  CompareTable(DateRange window, std::size_t scenarios, GroupBy by = GroupBy::kNone);

  // One person's result under scenario s; `person` (the document the result is of) is needed
  // when grouping. Each period's weekly figures are constant, so its share of a part of n days
  // (a financial year, or the days one group holds) is exactly accrue(weekly, n); the last part
  // of a period is what remains of its amount, so the parts always add up to the period.
  PersonTotals add(std::size_t s, const AccountResult& result, const Person* person = nullptr);
  void merge(const CompareTable& other);

  DateRange window() const { return window_; }
  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  std::size_t scenarios() const { return scenarios_; }
  GroupBy group_by() const { return by_; }
  // The days a row covers: a financial year clipped to the window.
  DateRange year_range(int financial_year) const;

  // An error naming the first row (and group) and scenario whose sums are too large for an
  // Exact; the accessors below may be called only when there is none (they throw MoneyOverflow).
  Status check_totals() const;
  // Everyone: one financial year, or the whole window.
  YearFigures at(int financial_year, std::size_t s) const;
  YearFigures window_total(std::size_t s) const;
  // The groups met, in display order (bands low to high, then by label), as indices for the
  // accessors below; empty when not grouping.
  std::vector<std::size_t> groups() const;
  const std::string& group_label(std::size_t g) const { return labels_.at(g); }
  YearFigures at(int financial_year, std::size_t s, std::size_t g) const;
  YearFigures window_total(std::size_t s, std::size_t g) const;

 private:
  // A row's sums, kept wide while people are added (see ExactTotal); the counts as in
  // YearFigures.
  struct Cell {
    ExactTotal council_spend;
    ExactTotal people_spend;
    ExactTotal third_party_top_ups;
    int64_t people_metering = 0;
    int64_t people_reaching_cap = 0;
    int64_t people = 0;
    int64_t people_in_care = 0;
    int64_t care_days = 0;
    RuleUse figures = RuleUse::kKnown;
  };
  std::size_t rows() const { return static_cast<std::size_t>(last_year_ - first_year_ + 2); }  // years + window
  std::size_t block_of(std::string_view label);  // 0: everyone; group g is block g + 1
  Cell& cell(std::size_t block, std::size_t row, std::size_t s);
  const Cell& cell(std::size_t block, std::size_t row, std::size_t s) const;
  YearFigures figures(std::size_t block, std::size_t row, std::size_t s) const;
  struct Adding;  // one person's add(): their groups, totals, where the cap was reached
  void add_period(std::size_t s, const Period& period, Adding& adding);
  void add_part(std::size_t s, std::size_t block, std::size_t year_row, DateRange part, const YearFigures& amounts);
  void count_person(std::size_t s, const Adding& adding);

  DateRange window_;
  int first_year_ = 0;
  int last_year_ = -1;
  std::size_t scenarios_ = 0;
  GroupBy by_ = GroupBy::kNone;
  std::vector<Date> row_last_;       // the last day of each row: the years (clipped), then the window
  std::vector<std::string> labels_;  // of the groups, in the order met
  std::vector<Cell> cells_;          // [block][row][scenario]
  // For the person being added, per block and row: in care on some day, metering on some day.
  std::vector<char> in_care_;
  std::vector<char> metering_;
};

struct CompareJob {
  const RuleSet* rules = nullptr;
  std::string input_file;  // named in error lines about the person's document
  std::vector<Scenario> scenarios;
  DateRange window;  // --from..--to; as_of is window.last
  CapitalMode capital = CapitalMode::kAssessed;
  GroupBy by = GroupBy::kNone;
  Unpublished unpublished = Unpublished::kRefuse;
  int threads = 1;
  std::size_t chunk_lines = 128;
  CalculateFn calculate;  // empty: caremeter::calculate with *rules
  // When set, each person's totals per scenario (per_person_csv_row), in input order.
  Sink per_person;
  std::function<void(std::size_t, std::size_t)> progress;
};

struct CompareSummary {
  std::size_t lines = 0;
  std::size_t blank_lines = 0;
  std::size_t people = 0;   // people counted (every scenario calculated)
  std::size_t errors = 0;   // people left out: unreadable, or failing under some scenario
  std::size_t provisional = 0;  // people counted with a figure carried forward under some scenario
  std::size_t projected = 0;    // people counted with a figure projected under some scenario
  CompareTable table;
};

// Each person is parsed once and calculated under every scenario. A person who fails under
// any scenario is left out of every scenario (so the scenarios compare the same people) and
// gets one error line per failure on error_sink, in input order. A line repeating an earlier
// line's person id is left out too, with an error line.
Result<CompareSummary> run_compare(std::string_view input, const CompareJob& job, const Sink& error_sink);

// "2025/26".
std::string financial_year_label(int financial_year);

// How the comparison's table is laid out: present values added when a discount rate is given.
struct CompareLayout {
  std::optional<DiscountRate> discount;
};

// CSV: [group,]financial_year,scenario,council_spend,people_spend,third_party_top_ups,
// people_metering,people_reaching_cap,council_spend_difference,people_spend_difference,people,
// people_in_care,average_in_care[,council_spend_pv,people_spend_pv,council_spend_difference_pv,
// people_spend_difference_pv] — per group (when grouping), one row per year and scenario, then
// one row per scenario for the whole window (financial_year "total"); amounts rounded once from
// the exact sums; differences are from the first scenario (computed exactly, then rounded).
std::string compare_csv(const CompareTable& table, const std::vector<std::string>& scenario_names,
                        const CompareLayout& layout = {});
// The same figures as an aligned table for a terminal (amounts in pounds with separators).
std::string compare_text(const CompareTable& table, const std::vector<std::string>& scenario_names,
                         const CompareLayout& layout = {});

}  // namespace caremeter
