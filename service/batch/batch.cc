// batch.cc — the batch core: input splitting, ordered parallel work, recalc and compare.
#include "batch/batch.h"

#include <algorithm>
#include <bit>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "caremeter/json/json_io.h"
#include "batch/compare_report.h"
#include "batch/fast_person_reader.h"

namespace caremeter {

// ---- Input ---------------------------------------------------------------------------------

SplitLines split_lines(std::string_view data) {
  SplitLines out;
  // A county line is some hundreds of bytes; reserving avoids regrowing a million-entry vector.
  out.lines.reserve(data.size() / 512 + 1);
  std::size_t number = 0;
  std::size_t pos = 0;
  while (pos < data.size()) {
    std::size_t end = data.find('\n', pos);
    if (end == std::string_view::npos) end = data.size();
    std::string_view text = data.substr(pos, end - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    ++number;
    if (text.find_first_not_of(" \t") == std::string_view::npos) {
      ++out.blank_lines;
    } else {
      out.lines.push_back(InputLine{number, text});
    }
    pos = end + 1;
  }
  return out;
}

Result<std::unique_ptr<MappedFile>> open_county_file(Env& env, const std::string& path) {
  return env.map_file(path, kMaxCountyFileBytes);
}

// ---- Output --------------------------------------------------------------------------------

Result<std::unique_ptr<OutputFile>> OutputFile::open(Env& env, const std::string& path, unsigned permissions) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  if (path.empty() || path == "-") {
    f->stream_ = env.standard_output();
    return f;
  }
  auto info = env.stat(path);
  if (!info) return std::move(info).error();
  if (info->kind == FileInfo::Kind::kDirectory) {
    return Error{ErrorCode::kIo, "cannot write: it is a directory", "", path};
  }
  // A device or pipe (/dev/null, a FIFO, /dev/stdout) is written in place: renaming a file over
  // it would replace the device with a plain file.
  if (info->kind == FileInfo::Kind::kOther) {
    auto device = env.open_device(path);
    if (!device) return std::move(device).error();
    f->stream_ = std::move(*device);
    return f;
  }
  auto replacement = ReplacementFile::create(env, path, permissions);
  if (!replacement) return std::move(replacement).error();
  f->replacement_ = std::move(*replacement);
  return f;
}

Status OutputFile::write(std::string_view data) {
  return replacement_ ? replacement_->append(data) : stream_->append(data);
}

Status OutputFile::finish() {
  if (replacement_) return replacement_->commit();
  return stream_->close();
}

Status refuse_output_over_input(Env& env, const std::string& output, std::string_view output_option,
                                const std::string& input, std::string_view input_option) {
  if (output.empty() || output == "-") return ok_status();
  auto out = env.stat(output);
  auto in = env.stat(input);
  if (out && in && out->same_file_as(*in)) {
    return invalid_input("", "option " + std::string(output_option) + " (" + output + ") is the input file given as " +
                                 std::string(input_option) + " (" + input +
                                 "): the results would replace it; write them to another file");
  }
  return ok_status();
}

// ---- Ordered parallel work -----------------------------------------------------------------

Status run_ordered(const std::vector<InputLine>& lines, const OrderedRunOptions& options, const LineFn& fn,
                   const Sink& sink) {
  const std::size_t chunk = std::max<std::size_t>(1, options.chunk_lines);
  const std::size_t chunks = (lines.size() + chunk - 1) / chunk;
  if (chunks == 0) return ok_status();
  const std::size_t workers = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, options.threads)), chunks);
  // Workers may run ahead of the writer by this many chunks: bounded memory for any county.
  const std::size_t window = workers * 4;

  std::mutex mu;
  std::condition_variable ready;  // a chunk is done
  std::condition_variable room;   // the writer moved on
  std::vector<std::string> buffers(chunks);
  std::vector<char> done(chunks, 0);
  std::vector<std::string> spare;  // written buffers, reused so chunks do not reallocate
  std::size_t next = 0, written = 0;
  bool stop = false;

  auto work = [&](std::size_t worker) {
    for (;;) {
      std::size_t i;
      std::string buf;
      {
        std::unique_lock<std::mutex> lock(mu);
        room.wait(lock, [&] { return stop || next >= chunks || next < written + window; });
        if (stop || next >= chunks) return;
        i = next++;
        if (!spare.empty()) {
          buf = std::move(spare.back());
          spare.pop_back();
        }
      }
      buf.clear();
      const std::size_t last = std::min(lines.size(), (i + 1) * chunk);
      for (std::size_t k = i * chunk; k < last; ++k) fn(worker, lines[k], buf);
      {
        std::lock_guard<std::mutex> lock(mu);
        buffers[i] = std::move(buf);
        done[i] = 1;
      }
      ready.notify_all();
    }
  };

  std::vector<std::thread> pool;
  pool.reserve(workers);
  for (std::size_t w = 0; w < workers; ++w) pool.emplace_back(work, w);

  Status status = ok_status();
  for (std::size_t i = 0; i < chunks; ++i) {
    std::string data;
    {
      std::unique_lock<std::mutex> lock(mu);
      ready.wait(lock, [&] { return done[i] != 0; });
      data = std::move(buffers[i]);
    }
    if (options.in_order) options.in_order(i * chunk, std::min(lines.size(), (i + 1) * chunk), data);
    status = sink(data);
    {
      std::lock_guard<std::mutex> lock(mu);
      spare.push_back(std::move(data));
      written = i + 1;
      if (!status) stop = true;
    }
    room.notify_all();
    if (!status) break;
    if (options.progress) options.progress(std::min(lines.size(), (i + 1) * chunk), lines.size());
  }
  for (auto& t : pool) t.join();
  return status;
}

// ---- People --------------------------------------------------------------------------------

Result<Person> parse_batch_person(std::string_view line, std::optional<std::string>& id) {
  // The fast reader answers only for documents the strict reader would accept as they are;
  // everything else (and so every error) is the strict reader's.
  if (auto fast = read_person_fast(line)) return std::move(*fast);
  auto doc = parse_json_strict(line);
  if (!doc) return std::move(doc).error();
  if (doc->is_object()) {
    auto it = doc->find("id");
    if (it != doc->end() && it->is_string()) id = it->get<std::string>();
  }
  return person_from_json(*doc);
}

void write_error_line(std::string& out, std::size_t line, const std::optional<std::string>& person_id,
                      const Error& error, const std::string* scenario) {
  out += "{\"line\":";
  out += std::to_string(line);
  out += ",\"person_id\":";
  // replace: an id or message that is not valid UTF-8 must still give a line, not throw.
  out += person_id ? Json(*person_id).dump(-1, ' ', false, Json::error_handler_t::replace) : "null";
  if (scenario != nullptr) {
    out += ",\"scenario\":";
    out += Json(*scenario).dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  out += ",\"error\":";
  out += error_to_json(error).dump(-1, ' ', false, Json::error_handler_t::replace);
  out += "}\n";
}

Error in_file(Error e, const std::string& file) {
  if (e.file.empty() && e.code == ErrorCode::kInvalidInput) e.file = file;
  return e;
}

const Period* period_on(const AccountResult& result, Date day) {
  auto it = std::upper_bound(result.periods.begin(), result.periods.end(), day,
                             [](Date d, const Period& p) { return d < p.range.first; });
  if (it == result.periods.begin()) return nullptr;
  --it;
  return it->range.contains(day) ? &*it : nullptr;
}

namespace {

// The engine with each of the job's scenarios prepared once for the whole county: preparing
// a scenario for every person was a quarter of a recalculation's time. A scenario that cannot
// be prepared is left to calculate(), which gives every person the same error as before.
CalculateFn engine_or(const CalculateFn& given, const RuleSet* rules, const std::vector<const Scenario*>& scenarios) {
  if (given) return given;
  auto prepared = std::make_shared<std::vector<std::pair<const Scenario*, PreparedScenario>>>();
  if (rules != nullptr) {
    for (const Scenario* s : scenarios) {
      auto p = PreparedScenario::prepare(*rules, *s);
      if (p) prepared->emplace_back(s, std::move(p).value());
    }
  }
  return [rules, prepared](const Person& p, const Scenario& s, const CalculationRequest& r) -> Result<AccountResult> {
    if (rules == nullptr) return Error{ErrorCode::kInternal, "batch: no rule set given", "", ""};
    for (const auto& [scenario, ready] : *prepared) {
      if (scenario == &s) return calculate(p, ready, r);
    }
    return calculate(p, *rules, s, r);
  };
}

// Input errors point into the person's line; name the file they are in.
// A later line giving a person id an earlier line gave: the same person twice would be counted
// twice in the county's totals.
Error repeated_id(const std::string& id, std::size_t first_line, const std::string& file) {
  return Error{ErrorCode::kInvalidInput,
               "the person id '" + id + "' was given already on line " + std::to_string(first_line) +
                   ": each person appears once in a county, so this line is left out",
               "/id", file};
}

// What a worker leaves about one line for the in-order pass: the id read (if any) and where the
// line's output ends in its chunk's buffer.
struct LineNote {
  std::optional<std::string> id;
  std::size_t end = 0;
};

// The person ids seen so far, in input order: an open-addressing table of (hash, line index),
// the ids themselves staying in the lines' notes. (A node-based map was a tenth of a county
// recalculation's time.)
class IdsSeen {
 public:
  explicit IdsSeen(std::size_t lines) : slots_(std::bit_ceil(lines * 2 + 16)) {}

  // True when `id` (read from line `index`) was seen on an earlier line, whose index `first` then
  // holds; `id_of(i)` gives the id read from line i.
  template <class IdOf>
  bool repeats(const std::string& id, std::size_t index, std::size_t& first, const IdOf& id_of) {
    const std::size_t mask = slots_.size() - 1;
    const std::size_t hash = std::hash<std::string_view>{}(id);
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.line == kEmpty) {
        slot = Slot{hash, index};
        return false;
      }
      if (slot.hash == hash && id_of(slot.line) == id) {
        first = slot.line;
        return true;
      }
    }
  }

 private:
  static constexpr std::size_t kEmpty = static_cast<std::size_t>(-1);
  struct Slot {
    std::size_t hash = 0;
    std::size_t line = kEmpty;
  };
  std::vector<Slot> slots_;
};

// Rewrites a chunk's output line by line: kept lines are copied, refused ones replaced.
class ChunkRewrite {
 public:
  explicit ChunkRewrite(std::string& out) : out_(out) {}
  void keep(std::size_t end) {
    if (changed_) rebuilt_.append(out_, start_, end - start_);
    start_ = end;
  }
  std::string& replace(std::size_t end) {
    if (!changed_) rebuilt_.assign(out_, 0, start_);
    changed_ = true;
    start_ = end;
    return rebuilt_;
  }
  ~ChunkRewrite() {
    if (changed_) out_.swap(rebuilt_);
  }

 private:
  std::string& out_;
  std::string rebuilt_;
  std::size_t start_ = 0;
  bool changed_ = false;
};

Error internal_error(const char* what) {
  return Error{ErrorCode::kInternal, std::string("internal error while calculating: ") + what, "", ""};
}

}  // namespace

// ---- Totals --------------------------------------------------------------------------------

std::optional<Exact> ExactTotal::exact() const {
  if (sevenths_ > std::numeric_limits<int64_t>::max() || sevenths_ < std::numeric_limits<int64_t>::min()) {
    return std::nullopt;
  }
  return Exact::sevenths(static_cast<int64_t>(sevenths_));
}

// ---- recalc --------------------------------------------------------------------------------

Result<RecalcSummary> run_recalc(std::string_view input, const RecalcJob& job, const Sink& sink) {
  SplitLines split = split_lines(input);
  const CalculateFn calc = engine_or(job.calculate, job.rules, {&job.scenario});
  const ResultWriter writer =
      job.write_result ? job.write_result : ResultWriter([](const AccountResult& r, std::string& out) { write_account_result(r, out); });
  const ErrorWriter write_error =
      job.write_error ? job.write_error
                      : ErrorWriter([](std::string& out, std::size_t line, const std::optional<std::string>& id, const Error& e) {
                          write_error_line(out, line, id, e);
                        });
  // What each line's worker found; counted on the writing thread, in input order.
  struct Note : LineNote {
    std::optional<Totals> totals;  // set when the line is a result
    bool reached_cap = false;
    std::optional<WeeklyFigures> charged_on_as_of;
    bool provisional = false;
    bool projected = false;
  };
  std::vector<Note> notes(split.lines.size());

  LineFn fn = [&](std::size_t, const InputLine& line, std::string& out) {
    Note& note = notes[static_cast<std::size_t>(&line - split.lines.data())];
    std::optional<std::string> id;
    const std::size_t mark = out.size();
    try {
      auto person = parse_batch_person(line.text, id);
      if (person) {
        id = person->id;
        auto result = calc(*person, job.scenario, job.request);
        if (result) {
          writer(*result, out);
          out += '\n';
          note.totals = result->totals;
          note.reached_cap = result->account.cap_reached_on.has_value();
          const Period* now = period_on(*result, job.request.as_of);
          if (now != nullptr && now->status == PeriodStatus::kCharged) note.charged_on_as_of = now->weekly;
          note.provisional = !result->provisional.empty();
          note.projected = !result->projected.empty();
        } else {
          write_error(out, line.number, id, in_file(result.error(), job.input_file));
        }
      } else {
        write_error(out, line.number, id, in_file(person.error(), job.input_file));
      }
    } catch (const std::exception& e) {
      // Never lose the rest of the county to one person: the line becomes an error line.
      out.resize(mark);
      note.totals.reset();
      note.charged_on_as_of.reset();
      write_error(out, line.number, id, internal_error(e.what()));
    }
    note.id = std::move(id);
    note.end = out.size();
  };

  RecalcSummary total;
  ExactTotal person_paid, council_paid, top_ups;  // wide: adding a person can never fail
  ExactTotal weekly_person_pays, weekly_council_pays;
  IdsSeen ids(split.lines.size());
  auto id_of = [&](std::size_t k) -> const std::string& { return *notes[k].id; };
  OrderedRunOptions options;
  options.threads = std::max(1, job.threads);
  options.chunk_lines = job.chunk_lines;
  options.progress = job.progress;
  options.in_order = [&](std::size_t first, std::size_t last, std::string& out) {
    ChunkRewrite chunk(out);
    for (std::size_t k = first; k < last; ++k) {
      const Note& note = notes[k];
      const InputLine& line = split.lines[k];
      std::size_t earlier = 0;
      if (note.id && ids.repeats(*note.id, k, earlier, id_of) && note.totals) {
        write_error(chunk.replace(note.end), line.number, note.id,
                    repeated_id(*note.id, split.lines[earlier].number, job.input_file));
        ++total.errors;
        continue;
      }
      chunk.keep(note.end);
      if (!note.totals) {
        ++total.errors;
        continue;
      }
      ++total.people;
      person_paid += note.totals->person_paid;
      council_paid += note.totals->council_paid;
      top_ups += note.totals->top_ups;
      if (note.reached_cap) ++total.reached_cap;
      if (note.charged_on_as_of) {
        ++total.in_charged_care;
        weekly_person_pays += Exact::from(note.charged_on_as_of->person_pays);
        weekly_council_pays += Exact::from(note.charged_on_as_of->council_pays);
      }
      if (note.provisional) ++total.provisional;
      if (note.projected) ++total.projected;
    }
  };
  Status s = run_ordered(split.lines, options, fn, sink);
  if (!s) return std::move(s).error();

  total.lines = split.lines.size();
  total.blank_lines = split.blank_lines;
  total.person_paid = person_paid.exact();
  total.council_paid = council_paid.exact();
  total.top_ups = top_ups.exact();
  total.weekly_person_pays = weekly_person_pays.exact();
  total.weekly_council_pays = weekly_council_pays.exact();
  return total;
}

// ---- compare -------------------------------------------------------------------------------

CompareTable::CompareTable(DateRange window, std::size_t scenarios, GroupBy by)
    : window_(window),
      first_year_(financial_year(window.first)),
      last_year_(financial_year(window.last)),
      scenarios_(scenarios),
      by_(by),
      cells_(rows() * scenarios),
      in_care_(rows(), 0),
      metering_(rows(), 0) {
  for (int fy = first_year_; fy <= last_year_; ++fy) row_last_.push_back(year_range(fy).last);
  row_last_.push_back(window_.last);
}

DateRange CompareTable::year_range(int fy) const {
  return DateRange{std::max(window_.first, financial_year_start(fy)), std::min(window_.last, financial_year_end(fy))};
}

std::size_t CompareTable::block_of(std::string_view label) {
  for (std::size_t g = 0; g < labels_.size(); ++g) {
    if (labels_[g] == label) return g + 1;
  }
  labels_.emplace_back(label);
  cells_.resize(cells_.size() + rows() * scenarios_);
  in_care_.resize(in_care_.size() + rows(), 0);
  metering_.resize(metering_.size() + rows(), 0);
  return labels_.size();
}

CompareTable::Cell& CompareTable::cell(std::size_t block, std::size_t row, std::size_t s) {
  return cells_[(block * rows() + row) * scenarios_ + s];
}

const CompareTable::Cell& CompareTable::cell(std::size_t block, std::size_t row, std::size_t s) const {
  return cells_.at((block * rows() + row) * scenarios_ + s);
}

Status CompareTable::check_totals() const {
  for (std::size_t block = 0; block <= labels_.size(); ++block) {
    for (std::size_t row = 0; row < rows(); ++row) {
      for (std::size_t s = 0; s < scenarios_; ++s) {
        const Cell& c = cell(block, row, s);
        if (c.council_spend.exact() && c.people_spend.exact() && c.third_party_top_ups.exact()) continue;
        const std::string when = row + 1 == rows() ? "the whole window"
                                                   : financial_year_label(first_year_ + static_cast<int>(row));
        const std::string who = block == 0 ? "county's totals" : "totals of group " + labels_[block - 1];
        return Error{ErrorCode::kOverflow,
                     "the " + who + " for " + when + " under scenario " + std::to_string(s + 1) +
                         " are too large to add up as exact amounts",
                     "", ""};
      }
    }
  }
  return ok_status();
}

YearFigures CompareTable::figures(std::size_t block, std::size_t row, std::size_t s) const {
  const Cell& c = cell(block, row, s);
  auto exact = [](const ExactTotal& t) {
    if (auto e = t.exact()) return *e;
    throw MoneyOverflow("a compare total too large for an exact amount (check_totals says which)");
  };
  YearFigures f;
  f.council_spend = exact(c.council_spend);
  f.people_spend = exact(c.people_spend);
  f.third_party_top_ups = exact(c.third_party_top_ups);
  f.people_metering = c.people_metering;
  f.people_reaching_cap = c.people_reaching_cap;
  f.people = c.people;
  f.people_in_care = c.people_in_care;
  f.care_days = c.care_days;
  f.figures = c.figures;
  return f;
}

YearFigures CompareTable::at(int fy, std::size_t s) const {
  return figures(0, static_cast<std::size_t>(fy - first_year_), s);
}
YearFigures CompareTable::window_total(std::size_t s) const { return figures(0, rows() - 1, s); }
YearFigures CompareTable::at(int fy, std::size_t s, std::size_t g) const {
  return figures(g + 1, static_cast<std::size_t>(fy - first_year_), s);
}
YearFigures CompareTable::window_total(std::size_t s, std::size_t g) const { return figures(g + 1, rows() - 1, s); }

std::vector<std::size_t> CompareTable::groups() const {
  std::vector<std::size_t> order(labels_.size());
  for (std::size_t g = 0; g < order.size(); ++g) order[g] = g;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const int ra = group_rank(by_, labels_[a]), rb = group_rank(by_, labels_[b]);
    return ra != rb ? ra < rb : labels_[a] < labels_[b];
  });
  return order;
}

// A part of one period (days in one financial year and one group) goes to its year's row and
// the window's row, for everyone and for its group.
void CompareTable::add_part(std::size_t s, std::size_t block, std::size_t year_row, DateRange part,
                            const YearFigures& amounts) {
  const std::size_t window_row = rows() - 1;
  for (std::size_t b : {std::size_t{0}, block}) {
    for (std::size_t row : {year_row, window_row}) {
      Cell& c = cell(b, row, s);
      c.council_spend += amounts.council_spend;
      c.people_spend += amounts.people_spend;
      c.third_party_top_ups += amounts.third_party_top_ups;
      c.care_days += amounts.care_days;
      c.figures = std::max(c.figures, amounts.figures);
      if (part.contains(row_last_[row])) ++c.people_in_care;
      in_care_[b * rows() + row] = 1;
      if (amounts.people_metering != 0) metering_[b * rows() + row] = 1;
    }
    if (block == 0) break;  // not grouping: everyone only
  }
}

struct CompareTable::Adding {
  std::optional<PeriodGrouper> grouper;
  PersonTotals totals;
  std::size_t cap_block = 0;    // the block of the part the cap was reached in
  std::string_view last_label;  // the group of the last part, and its block
  std::size_t last_block = 0;
};

PersonTotals CompareTable::add(std::size_t s, const AccountResult& result, const Person* person) {
  if (by_ != GroupBy::kNone && person == nullptr) throw std::invalid_argument("compare: grouping needs the person");
  Adding adding;
  if (by_ != GroupBy::kNone) adding.grouper.emplace(by_, *person);
  if (result.account.cap_reached_on && window_.contains(*result.account.cap_reached_on)) {
    adding.totals.cap_reached_on = result.account.cap_reached_on;
  }
  std::fill(in_care_.begin(), in_care_.end(), 0);
  std::fill(metering_.begin(), metering_.end(), 0);
  for (const Period& p : result.periods) add_period(s, p, adding);
  count_person(s, adding);
  return adding.totals;
}

// A period's days in the window, cut where the financial year or the group changes.
void CompareTable::add_period(std::size_t s, const Period& p, Adding& a) {
  DateRange range{std::max(p.range.first, window_.first), std::min(p.range.last, window_.last)};
  if (range.last < range.first) return;
  // The engine cuts periods at the window's edges; one that was not cut is taken day by day.
  const bool whole = range == p.range;
  Exact left_council = p.amount.council_pays;
  Exact left_person = p.amount.person_pays;
  Exact left_fee = p.amount.weekly_fee;
  Exact left_accruing = p.amount.accruing;
  const std::size_t years = rows() - 1;
  std::size_t row = static_cast<std::size_t>(financial_year(range.first) - first_year_);
  for (Date first = range.first; first <= range.last;) {
    while (row + 1 < years && first > row_last_[row]) ++row;
    const GroupSpan span = a.grouper ? a.grouper->group_from(p, first) : GroupSpan{};
    const DateRange part{first, std::min({range.last, row_last_[row], span.last})};
    Exact council, person_pays, fee, accruing;
    if (whole && part.last == range.last) {
      council = left_council;
      person_pays = left_person;
      fee = left_fee;
      accruing = left_accruing;
    } else {
      council = accrue(p.weekly.council_pays, part.length());
      person_pays = accrue(p.weekly.person_pays, part.length());
      fee = accrue(p.weekly.weekly_fee, part.length());
      accruing = accrue(p.weekly.accruing, part.length());
      left_council -= council;
      left_person -= person_pays;
      left_fee -= fee;
      left_accruing -= accruing;
    }
    YearFigures amounts;
    amounts.council_spend = council;
    amounts.people_spend = person_pays;
    // A third party pays what the provider charges beyond the person's and the council's
    // shares (the top-up on council-arranged care; zero when the person arranged it).
    amounts.third_party_top_ups = max(Exact::zero(), fee - person_pays - council);
    amounts.care_days = part.length().count();
    amounts.people_metering = accruing > Exact::zero() ? 1 : 0;
    amounts.figures = p.rules_used;
    if (a.grouper && (a.last_block == 0 || span.label != a.last_label)) {
      a.last_label = span.label;
      a.last_block = block_of(span.label);
    }
    const std::size_t block = a.grouper ? a.last_block : 0;
    add_part(s, block, row, part, amounts);
    if (a.totals.cap_reached_on && part.contains(*a.totals.cap_reached_on)) a.cap_block = block;
    a.totals.council_spend += amounts.council_spend;
    a.totals.people_spend += amounts.people_spend;
    a.totals.third_party_top_ups += amounts.third_party_top_ups;
    a.totals.care_days += amounts.care_days;
    first = part.last.next();
  }
}

// The person counts once in each row (and group) they were in care, or metering, on some day
// of; and once where they reached the cap.
void CompareTable::count_person(std::size_t s, const Adding& a) {
  for (std::size_t b = 0; b <= labels_.size(); ++b) {
    for (std::size_t r = 0; r < rows(); ++r) {
      if (in_care_[b * rows() + r]) ++cell(b, r, s).people;
      if (metering_[b * rows() + r]) ++cell(b, r, s).people_metering;
    }
  }
  if (!a.totals.cap_reached_on) return;
  const std::size_t year_row = static_cast<std::size_t>(financial_year(*a.totals.cap_reached_on) - first_year_);
  for (std::size_t b : {std::size_t{0}, a.cap_block}) {
    ++cell(b, year_row, s).people_reaching_cap;
    ++cell(b, rows() - 1, s).people_reaching_cap;
    if (a.cap_block == 0) break;  // not grouping: everyone only
  }
}

void CompareTable::merge(const CompareTable& other) {
  for (std::size_t ob = 0; ob <= other.labels_.size(); ++ob) {
    const std::size_t b = ob == 0 ? 0 : block_of(other.labels_[ob - 1]);
    for (std::size_t row = 0; row < rows() && row < other.rows(); ++row) {
      for (std::size_t s = 0; s < scenarios_ && s < other.scenarios_; ++s) {
        Cell& c = cell(b, row, s);
        const Cell& o = other.cell(ob, row, s);
        c.council_spend += o.council_spend;
        c.people_spend += o.people_spend;
        c.third_party_top_ups += o.third_party_top_ups;
        c.people_metering += o.people_metering;
        c.people_reaching_cap += o.people_reaching_cap;
        c.people += o.people;
        c.people_in_care += o.people_in_care;
        c.care_days += o.care_days;
        c.figures = std::max(c.figures, o.figures);
      }
    }
  }
}

namespace {

// What a worker leaves about one line of a comparison for the in-order pass, which adds the
// person to the table (so a later line repeating an id is left out, and nothing depends on the
// number of threads).
struct CompareNote : LineNote {
  bool counted = false;                // read, and calculated under every scenario (or not needed)
  bool died_before = false;            // died before the window: nothing of theirs falls in it
  std::vector<AccountResult> results;  // one per scenario when counted and calculated
  std::optional<Person> person;        // when grouping: who the periods' groups are read from
  std::string_view capital_band;       // for --per-person
};

// One person under every scenario, on a worker: the results for the in-order pass, or one
// error line per failure.
void compare_line(const CompareJob& job, const CalculateFn& calc, const CalculationRequest& request,
                  CompareNote& note, const InputLine& line, std::string& out) {
  std::optional<std::string> id;
  const std::size_t mark = out.size();
  try {
    auto person = parse_batch_person(line.text, id);
    if (person) {
      id = person->id;
      // Nothing of someone who died before the window can fall in it: not calculated, zeros.
      note.died_before = person->death_date && *person->death_date < job.window.first;
      bool failed = false;
      for (const Scenario& scenario : job.scenarios) {
        if (note.died_before) break;
        auto result = calc(*person, scenario, request);
        if (!result) {
          write_error_line(out, line.number, id, in_file(result.error(), job.input_file), &scenario.name);
          failed = true;
          continue;
        }
        note.results.push_back(std::move(result).value());
      }
      note.counted = !failed;
      if (failed) note.results.clear();
      if (note.counted && job.per_person) note.capital_band = capital_band(capital_at_first_entry(*person));
      if (note.counted && job.by != GroupBy::kNone && !note.died_before) note.person = std::move(person).value();
    } else {
      write_error_line(out, line.number, id, in_file(person.error(), job.input_file));
    }
  } catch (const std::exception& e) {
    out.resize(mark);
    note.counted = false;
    note.results.clear();
    note.person.reset();
    write_error_line(out, line.number, id, internal_error(e.what()));
  }
  note.id = std::move(id);
  note.end = out.size();
}

// The writing thread's side of a comparison: each line, in input order, added to the table
// (with its per-person rows) or left out; a line repeating an earlier line's id becomes an error.
class CompareAdder {
 public:
  CompareAdder(const CompareJob& job, const SplitLines& split, std::vector<CompareNote>& notes,
               CompareSummary& summary)
      : job_(job), split_(split), notes_(notes), summary_(summary), ids_(split.lines.size()) {}

  void chunk(std::size_t first, std::size_t last, std::string& out) {
    ChunkRewrite chunk(out);
    auto id_of = [&](std::size_t i) -> const std::string& { return *notes_[i].id; };
    for (std::size_t k = first; k < last; ++k) {
      CompareNote& note = notes_[k];
      std::size_t earlier = 0;
      if (note.id && ids_.repeats(*note.id, k, earlier, id_of) && note.counted) {
        write_error_line(chunk.replace(note.end), split_.lines[k].number, note.id,
                         repeated_id(*note.id, split_.lines[earlier].number, job_.input_file));
        ++summary_.errors;
      } else if (!note.counted) {
        chunk.keep(note.end);
        ++summary_.errors;
      } else {
        chunk.keep(note.end);
        add_person(note);
        ++summary_.people;
      }
      // Only the id is needed from here on (for later lines repeating it).
      std::vector<AccountResult>().swap(note.results);
      note.person.reset();
    }
  }

  // The per-person rows of the chunk last added, handed over once.
  std::string take_rows() { return std::exchange(rows_, std::string()); }
  // Set when adding someone failed (an amount of one person too large for an Exact): the run
  // fails, as the table is no longer whole; nobody is added after it.
  const std::optional<Error>& failure() const { return failure_; }

 private:
  void add_person(const CompareNote& note) {
    if (failure_) return;
    try {
      const Person* person = note.person ? &*note.person : nullptr;
      for (std::size_t s = 0; s < job_.scenarios.size(); ++s) {
        const PersonTotals totals = note.died_before ? PersonTotals{} : summary_.table.add(s, note.results[s], person);
        if (job_.per_person) write_per_person_row(rows_, *note.id, job_.scenarios[s].name, note.capital_band, totals);
      }
      auto any = [&](RuleUse use) {
        return std::any_of(note.results.begin(), note.results.end(), [&](const AccountResult& r) {
          return std::any_of(r.periods.begin(), r.periods.end(), [&](const Period& p) { return p.rules_used == use; });
        });
      };
      if (any(RuleUse::kCarriedForward)) ++summary_.provisional;
      if (any(RuleUse::kProjected)) ++summary_.projected;
    } catch (const MoneyOverflow& e) {
      failure_ = Error{ErrorCode::kOverflow, std::string("compare: an amount too large to add up exactly: ") + e.what(), "", ""};
    } catch (const std::exception& e) {
      failure_ = internal_error(e.what());
    }
  }

  const CompareJob& job_;
  const SplitLines& split_;
  std::vector<CompareNote>& notes_;
  CompareSummary& summary_;
  IdsSeen ids_;
  std::string rows_;
  std::optional<Error> failure_;
};

}  // namespace

Result<CompareSummary> run_compare(std::string_view input, const CompareJob& job, const Sink& error_sink) {
  if (job.scenarios.empty()) return invalid_input("", "compare: at least one scenario is needed");
  if (job.window.last < job.window.first) {
    return invalid_input("", "compare: the period ends (" + to_string(job.window.last) + ") before it starts (" +
                                 to_string(job.window.first) + ")");
  }
  SplitLines split = split_lines(input);
  std::vector<const Scenario*> scenarios;
  for (const Scenario& scenario : job.scenarios) scenarios.push_back(&scenario);
  const CalculateFn calc = engine_or(job.calculate, job.rules, scenarios);
  CalculationRequest request;
  request.as_of = job.window.last;
  request.from = job.window.first;
  request.to = job.window.last;
  request.capital = job.capital;
  request.unpublished = job.unpublished;
  request.list_past_known = false;  // the periods say how their figures stand; nothing lists them
  std::vector<CompareNote> notes(split.lines.size());

  LineFn fn = [&](std::size_t, const InputLine& line, std::string& out) {
    compare_line(job, calc, request, notes[static_cast<std::size_t>(&line - split.lines.data())], line, out);
  };
  CompareSummary summary;
  summary.table = CompareTable(job.window, job.scenarios.size(), job.by);
  CompareAdder adder(job, split, notes, summary);
  OrderedRunOptions options;
  options.threads = std::max(1, job.threads);
  options.chunk_lines = job.chunk_lines;
  options.progress = job.progress;
  options.in_order = [&](std::size_t first, std::size_t last, std::string& out) { adder.chunk(first, last, out); };
  // A chunk's error lines, then its per-person rows (added by in_order just before).
  Status s = run_ordered(split.lines, options, fn, [&](std::string_view errors) -> Status {
    if (!errors.empty()) RETURN_IF_ERROR(error_sink(errors));
    const std::string rows = adder.take_rows();
    return rows.empty() || !job.per_person ? ok_status() : job.per_person(rows);
  });
  if (!s) return std::move(s).error();
  if (adder.failure()) return *adder.failure();

  summary.lines = split.lines.size();
  summary.blank_lines = split.blank_lines;
  if (Status totals = summary.table.check_totals(); !totals) return std::move(totals).error();
  return summary;
}

std::string financial_year_label(int fy) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d/%02d", fy, (fy + 1) % 100);
  return buf;
}

std::string compare_csv(const CompareTable& table, const std::vector<std::string>& names, const CompareLayout& layout) {
  std::string out = table.group_by() == GroupBy::kNone ? "" : "group,";
  out +=
      "financial_year,scenario,council_spend,people_spend,third_party_top_ups,people_metering,people_reaching_cap,"
      "council_spend_difference,people_spend_difference";
  out += more_columns_csv_header(layout) + "\n";
  for (const CompareRows& rows : CompareRows::of(table, layout)) {
    // The years, then the whole window ("total").
    for (int fy = table.first_year(); fy <= table.last_year() + 1; ++fy) {
      for (std::size_t s = 0; s < table.scenarios(); ++s) {
        const YearFigures c = rows.at(fy, s);
        const ShownFigures& shown = rows.shown(fy, s);
        if (table.group_by() != GroupBy::kNone) out += csv_field(rows.group_label()) + ",";
        out += rows.row_label(fy);
        out += ',';
        out += csv_field(s < names.size() ? names[s] : std::string());
        out += ',';
        out += to_string(shown.council_spend);
        out += ',';
        out += to_string(shown.people_spend);
        out += ',';
        out += to_string(shown.third_party_top_ups);
        out += ',';
        out += std::to_string(c.people_metering);
        out += ',';
        out += std::to_string(c.people_reaching_cap);
        out += ',';
        out += to_string(shown.council_spend_difference);
        out += ',';
        out += to_string(shown.people_spend_difference);
        out += more_columns_csv(rows, fy, s, layout);
        out += '\n';
      }
    }
  }
  return out;
}

std::string compare_text(const CompareTable& table, const std::vector<std::string>& names, const CompareLayout& layout) {
  const bool grouped = table.group_by() != GroupBy::kNone;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"year", "scenario", "council spend", "people's spend", "third-party top-ups", "metering", "reach cap",
                  "council vs first", "people vs first"});
  if (grouped) rows.back().insert(rows.back().begin(), group_by_name(table.group_by()));
  for (std::string& h : more_columns_text_header(layout)) rows.back().push_back(std::move(h));
  for (const CompareRows& group : CompareRows::of(table, layout)) {
    for (int fy = table.first_year(); fy <= table.last_year() + 1; ++fy) {
      for (std::size_t s = 0; s < table.scenarios(); ++s) {
        const YearFigures c = group.at(fy, s);
        const ShownFigures& shown = group.shown(fy, s);
        bool first = s == 0;
        rows.push_back({group.row_label(fy), s < names.size() ? names[s] : std::string(),
                        with_separators(shown.council_spend), with_separators(shown.people_spend),
                        with_separators(shown.third_party_top_ups), std::to_string(c.people_metering),
                        std::to_string(c.people_reaching_cap),
                        first ? "" : with_separators(shown.council_spend_difference),
                        first ? "" : with_separators(shown.people_spend_difference)});
        if (grouped) rows.back().insert(rows.back().begin(), group.group_label());
        for (std::string& cell : more_columns_text(group, fy, s, layout)) rows.back().push_back(std::move(cell));
      }
    }
  }
  return "Amounts in pounds; differences from the first scenario; \"total\" is the whole window.\n" +
         aligned_table(rows, grouped ? 3 : 2);
}

}  // namespace caremeter
