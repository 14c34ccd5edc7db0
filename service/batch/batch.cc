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
#include <thread>
#include <utility>

#include "caremeter/json/json_io.h"
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
Error in_file(Error e, const std::string& file) {
  if (e.file.empty() && e.code == ErrorCode::kInvalidInput) e.file = file;
  return e;
}

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
  // What each line's worker found; counted on the writing thread, in input order.
  struct Note : LineNote {
    std::optional<Totals> totals;  // set when the line is a result
    bool reached_cap = false;
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
          note.provisional = !result->provisional.empty();
          note.projected = !result->projected.empty();
        } else {
          write_error_line(out, line.number, id, in_file(result.error(), job.input_file));
        }
      } else {
        write_error_line(out, line.number, id, in_file(person.error(), job.input_file));
      }
    } catch (const std::exception& e) {
      // Never lose the rest of the county to one person: the line becomes an error line.
      out.resize(mark);
      note.totals.reset();
      write_error_line(out, line.number, id, internal_error(e.what()));
    }
    note.id = std::move(id);
    note.end = out.size();
  };

  RecalcSummary total;
  ExactTotal person_paid, council_paid, top_ups;  // wide: adding a person can never fail
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
        write_error_line(chunk.replace(note.end), line.number, note.id,
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
  return total;
}

// ---- compare -------------------------------------------------------------------------------

CompareTable::CompareTable(DateRange window, std::size_t scenarios)
    : window_(window),
      first_year_(financial_year(window.first)),
      last_year_(financial_year(window.last)),
      scenarios_(scenarios),
      cells_(static_cast<std::size_t>(last_year_ - first_year_ + 1) * scenarios),
      metering_(static_cast<std::size_t>(last_year_ - first_year_ + 1), 0) {}

CompareTable::Cell& CompareTable::cell(int fy, std::size_t s) {
  return cells_[static_cast<std::size_t>(fy - first_year_) * scenarios_ + s];
}

Status CompareTable::check_totals() const {
  for (int fy = first_year_; fy <= last_year_; ++fy) {
    for (std::size_t s = 0; s < scenarios_; ++s) {
      const Cell& c = cells_.at(static_cast<std::size_t>(fy - first_year_) * scenarios_ + s);
      if (!c.council_spend.exact() || !c.people_spend.exact() || !c.third_party_top_ups.exact()) {
        return Error{ErrorCode::kOverflow,
                     "the county's totals for " + financial_year_label(fy) + " under scenario " + std::to_string(s + 1) +
                         " are too large to add up as exact amounts",
                     "", ""};
      }
    }
  }
  return ok_status();
}

YearFigures CompareTable::at(int fy, std::size_t s) const {
  const Cell& c = cells_.at(static_cast<std::size_t>(fy - first_year_) * scenarios_ + s);
  auto exact = [](const ExactTotal& t) {
    if (auto e = t.exact()) return *e;
    throw MoneyOverflow("a compare total too large for an exact amount (check_totals says which)");
  };
  return YearFigures{exact(c.council_spend), exact(c.people_spend), exact(c.third_party_top_ups), c.people_metering,
                     c.people_reaching_cap, c.figures};
}

void CompareTable::add(std::size_t s, const AccountResult& result) {
  std::fill(metering_.begin(), metering_.end(), 0);
  for (const Period& p : result.periods) {
    DateRange range{std::max(p.range.first, window_.first), std::min(p.range.last, window_.last)};
    if (range.last < range.first) continue;
    // The engine cuts periods at the window's edges; one that was not cut is taken day by day.
    const bool whole = range == p.range;
    Exact left_council = p.amount.council_pays;
    Exact left_person = p.amount.person_pays;
    Exact left_fee = p.amount.weekly_fee;
    Exact left_accruing = p.amount.accruing;
    const int fy_last = financial_year(range.last);
    for (int fy = financial_year(range.first); fy <= fy_last; ++fy) {
      DateRange part{std::max(range.first, financial_year_start(fy)), std::min(range.last, financial_year_end(fy))};
      Exact council, person, fee, accruing;
      if (whole && fy == fy_last) {
        council = left_council;
        person = left_person;
        fee = left_fee;
        accruing = left_accruing;
      } else {
        council = accrue(p.weekly.council_pays, part.length());
        person = accrue(p.weekly.person_pays, part.length());
        fee = accrue(p.weekly.weekly_fee, part.length());
        accruing = accrue(p.weekly.accruing, part.length());
        left_council -= council;
        left_person -= person;
        left_fee -= fee;
        left_accruing -= accruing;
      }
      Cell& c = cell(fy, s);
      c.council_spend += council;
      c.people_spend += person;
      // A third party pays what the provider charges beyond the person's and the council's
      // shares (the top-up on council-arranged care; zero when the person arranged it).
      c.third_party_top_ups += max(Exact::zero(), fee - person - council);
      if (accruing > Exact::zero()) metering_[static_cast<std::size_t>(fy - first_year_)] = 1;
      c.figures = std::max(c.figures, p.rules_used);
    }
  }
  for (int fy = first_year_; fy <= last_year_; ++fy) {
    if (metering_[static_cast<std::size_t>(fy - first_year_)]) ++cell(fy, s).people_metering;
  }
  if (result.account.cap_reached_on && window_.contains(*result.account.cap_reached_on)) {
    ++cell(financial_year(*result.account.cap_reached_on), s).people_reaching_cap;
  }
}

void CompareTable::merge(const CompareTable& other) {
  for (std::size_t i = 0; i < cells_.size() && i < other.cells_.size(); ++i) {
    Cell& c = cells_[i];
    const Cell& o = other.cells_[i];
    c.council_spend += o.council_spend;
    c.people_spend += o.people_spend;
    c.third_party_top_ups += o.third_party_top_ups;
    c.people_metering += o.people_metering;
    c.people_reaching_cap += o.people_reaching_cap;
    c.figures = std::max(c.figures, o.figures);
  }
}

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
  // What each line's worker found; added to the table on the writing thread, in input order.
  struct Note : LineNote {
    std::vector<AccountResult> results;  // one per scenario when the person is counted
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
        bool failed = false;
        for (const Scenario& scenario : job.scenarios) {
          auto result = calc(*person, scenario, request);
          if (!result) {
            write_error_line(out, line.number, id, in_file(result.error(), job.input_file), &scenario.name);
            failed = true;
            continue;
          }
          note.results.push_back(std::move(result).value());
        }
        if (failed) note.results.clear();
      } else {
        write_error_line(out, line.number, id, in_file(person.error(), job.input_file));
      }
    } catch (const std::exception& e) {
      out.resize(mark);
      note.results.clear();
      write_error_line(out, line.number, id, internal_error(e.what()));
    }
    note.id = std::move(id);
    note.end = out.size();
  };

  CompareSummary summary;
  summary.table = CompareTable(job.window, job.scenarios.size());
  IdsSeen ids(split.lines.size());
  auto id_of = [&](std::size_t k) -> const std::string& { return *notes[k].id; };
  OrderedRunOptions options;
  options.threads = std::max(1, job.threads);
  options.chunk_lines = job.chunk_lines;
  options.progress = job.progress;
  options.in_order = [&](std::size_t first, std::size_t last, std::string& out) {
    ChunkRewrite chunk(out);
    for (std::size_t k = first; k < last; ++k) {
      Note& note = notes[k];
      const std::vector<AccountResult> results = std::move(note.results);  // freed once added
      const InputLine& line = split.lines[k];
      std::size_t earlier = 0;
      if (note.id && ids.repeats(*note.id, k, earlier, id_of) && !results.empty()) {
        write_error_line(chunk.replace(note.end), line.number, note.id,
                         repeated_id(*note.id, split.lines[earlier].number, job.input_file));
        ++summary.errors;
        continue;
      }
      chunk.keep(note.end);
      if (results.empty()) {
        ++summary.errors;
        continue;
      }
      for (std::size_t s = 0; s < results.size(); ++s) summary.table.add(s, results[s]);
      ++summary.people;
      auto any = [&](auto member) {
        return std::any_of(results.begin(), results.end(), [&](const AccountResult& r) { return !(r.*member).empty(); });
      };
      if (any(&AccountResult::provisional)) ++summary.provisional;
      if (any(&AccountResult::projected)) ++summary.projected;
    }
  };
  Status s = run_ordered(split.lines, options, fn, [&](std::string_view data) {
    return data.empty() ? ok_status() : error_sink(data);
  });
  if (!s) return std::move(s).error();

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

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// "12,345,678.90": pence with thousands separators.
std::string with_separators(Money m) {
  std::string plain = to_string(m);
  std::size_t start = plain[0] == '-' ? 1 : 0;
  std::size_t dot = plain.find('.');
  std::string out = plain.substr(0, start);
  for (std::size_t i = start; i < dot; ++i) {
    out += plain[i];
    std::size_t remaining = dot - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  out += plain.substr(dot);
  return out;
}

// The `figures` column: whether a year's figures are all known, or some were carried forward
// (provisional) or projected past what the rules know.
const char* figures_word(RuleUse use) {
  switch (use) {
    case RuleUse::kKnown: return "known";
    case RuleUse::kCarriedForward: return "provisional";
    case RuleUse::kProjected: return "projected";
  }
  return "known";
}

}  // namespace

std::string compare_csv(const CompareTable& table, const std::vector<std::string>& names) {
  std::string out =
      "financial_year,scenario,council_spend,people_spend,third_party_top_ups,people_metering,people_reaching_cap,"
      "council_spend_difference,people_spend_difference,figures\n";
  for (int fy = table.first_year(); fy <= table.last_year(); ++fy) {
    const YearFigures& base = table.at(fy, 0);
    for (std::size_t s = 0; s < table.scenarios(); ++s) {
      const YearFigures& c = table.at(fy, s);
      out += financial_year_label(fy);
      out += ',';
      out += csv_field(s < names.size() ? names[s] : std::string());
      out += ',';
      out += to_string(c.council_spend.round_half_up());
      out += ',';
      out += to_string(c.people_spend.round_half_up());
      out += ',';
      out += to_string(c.third_party_top_ups.round_half_up());
      out += ',';
      out += std::to_string(c.people_metering);
      out += ',';
      out += std::to_string(c.people_reaching_cap);
      out += ',';
      out += to_string((c.council_spend - base.council_spend).round_half_up());
      out += ',';
      out += to_string((c.people_spend - base.people_spend).round_half_up());
      out += ',';
      out += figures_word(c.figures);
      out += '\n';
    }
  }
  return out;
}

std::string compare_text(const CompareTable& table, const std::vector<std::string>& names) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"year", "scenario", "council spend", "people's spend", "third-party top-ups", "metering", "reach cap",
                  "council vs first", "people vs first", "figures"});
  for (int fy = table.first_year(); fy <= table.last_year(); ++fy) {
    const YearFigures& base = table.at(fy, 0);
    for (std::size_t s = 0; s < table.scenarios(); ++s) {
      const YearFigures& c = table.at(fy, s);
      bool first = s == 0;
      rows.push_back({financial_year_label(fy), s < names.size() ? names[s] : std::string(),
                      with_separators(c.council_spend.round_half_up()), with_separators(c.people_spend.round_half_up()),
                      with_separators(c.third_party_top_ups.round_half_up()), std::to_string(c.people_metering),
                      std::to_string(c.people_reaching_cap),
                      first ? "" : with_separators((c.council_spend - base.council_spend).round_half_up()),
                      first ? "" : with_separators((c.people_spend - base.people_spend).round_half_up()),
                      figures_word(c.figures)});
    }
  }
  std::vector<std::size_t> width(rows[0].size(), 0);
  auto display_width = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;  // count UTF-8 code points
    return n;
  };
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  }
  std::string out = "Amounts in pounds; differences from the first scenario.\n";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    for (std::size_t i = 0; i < r.size(); ++i) {
      std::string pad(width[i] - display_width(r[i]), ' ');
      if (i < 2) {
        out += r[i] + pad;  // text columns to the left
      } else {
        out += pad + r[i];  // figures to the right
      }
      out += i + 1 < r.size() ? "  " : "\n";
    }
    if (k == 0) {
      std::size_t total = 0;
      for (std::size_t w : width) total += w + 2;
      out += std::string(total - 2, '-') + "\n";
    }
  }
  return out;
}

}  // namespace caremeter
