// batch.cc — the batch core: input splitting, ordered parallel work, recalc and compare.
#include "batch/batch.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
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

namespace {
Error io_error(const std::string& path, const std::string& what, int err) {
  return Error{ErrorCode::kIo, what + ": " + std::strerror(err), "", path};
}
}  // namespace

Result<std::unique_ptr<InputFile>> InputFile::open(const std::string& path) {
  std::unique_ptr<InputFile> f(new InputFile());
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return io_error(path, "cannot open", errno);
  struct stat st{};
  if (::fstat(fd, &st) != 0) {
    Error e = io_error(path, "cannot read", errno);
    ::close(fd);
    return e;
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      ::madvise(p, static_cast<std::size_t>(st.st_size), MADV_SEQUENTIAL);
      f->map_ = p;
      f->map_size_ = static_cast<std::size_t>(st.st_size);
      f->data_ = std::string_view(static_cast<const char*>(p), f->map_size_);
      ::close(fd);
      return f;
    }
  }
  char buf[1 << 16];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = io_error(path, "cannot read", errno);
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    f->owned_.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  f->data_ = f->owned_;
  return f;
}

InputFile::~InputFile() {
  if (map_ != nullptr) ::munmap(map_, map_size_);
}

// ---- Output --------------------------------------------------------------------------------

Result<std::unique_ptr<OutputFile>> OutputFile::open(const std::string& path) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  if (path.empty() || path == "-") {
    f->fd_ = STDOUT_FILENO;
    f->path_ = "standard output";
    return f;
  }
  f->path_ = path;
  // A device or pipe (/dev/null, a FIFO, /dev/stdout) is written in place: renaming a temporary
  // over it would replace the device with a plain file.
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) return io_error(path, "cannot write: it is a directory", EISDIR);
    f->fd_ = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
    if (f->fd_ < 0) return io_error(path, "cannot open", errno);
    f->owns_fd_ = true;
    return f;
  }
  f->tmp_ = path + ".tmp";
  f->fd_ = ::open(f->tmp_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (f->fd_ < 0) return io_error(f->tmp_, "cannot create", errno);
  return f;
}

OutputFile::~OutputFile() {
  if (owns_fd_ && fd_ >= 0) ::close(fd_);
  if (!tmp_.empty() && !finished_) {
    if (fd_ >= 0) ::close(fd_);
    ::unlink(tmp_.c_str());
  }
}

Status OutputFile::write(std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(tmp_.empty() ? path_ : tmp_, "cannot write", errno);
    }
    done += static_cast<std::size_t>(n);
  }
  written_ += data.size();
  // Start writing the file to disk while the rest is still being calculated, so finish()'s
  // fsync waits only for the last few megabytes (it was a fifth of a county recalculation's
  // time). Only a hint: fsync in finish() is still what makes the file durable, so a failure
  // here is ignored.
  constexpr std::size_t kWritebackStep = std::size_t{4} << 20;
  if (!tmp_.empty() && written_ - writeback_ >= kWritebackStep) {
    ::sync_file_range(fd_, static_cast<off_t>(writeback_), static_cast<off_t>(written_ - writeback_),
                      SYNC_FILE_RANGE_WRITE);
    writeback_ = written_;
  }
  return ok_status();
}

Status OutputFile::finish() {
  if (tmp_.empty()) return ok_status();
  if (::fsync(fd_) != 0) return io_error(tmp_, "cannot fsync", errno);
  int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) return io_error(tmp_, "cannot close", errno);
  if (::rename(tmp_.c_str(), path_.c_str()) != 0) return io_error(path_, "cannot rename into place", errno);
  finished_ = true;
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

Error internal_error(const char* what) {
  return Error{ErrorCode::kInternal, std::string("internal error while calculating: ") + what, "", ""};
}

}  // namespace

// ---- recalc --------------------------------------------------------------------------------

Result<RecalcSummary> run_recalc(std::string_view input, const RecalcJob& job, const Sink& sink) {
  SplitLines split = split_lines(input);
  const int threads = std::max(1, job.threads);
  std::vector<RecalcSummary> partial(static_cast<std::size_t>(threads));
  const CalculateFn calc = engine_or(job.calculate, job.rules, {&job.scenario});
  const ResultWriter writer =
      job.write_result ? job.write_result : ResultWriter([](const AccountResult& r, std::string& out) { write_account_result(r, out); });

  LineFn fn = [&](std::size_t worker, const InputLine& line, std::string& out) {
    RecalcSummary& st = partial[worker];
    std::optional<std::string> id;
    const std::size_t mark = out.size();
    try {
      auto person = parse_batch_person(line.text, id);
      if (!person) {
        write_error_line(out, line.number, id, in_file(person.error(), job.input_file));
        ++st.errors;
        return;
      }
      id = person->id;
      auto result = calc(*person, job.scenario, job.request);
      if (!result) {
        write_error_line(out, line.number, id, in_file(result.error(), job.input_file));
        ++st.errors;
        return;
      }
      writer(*result, out);
      out += '\n';
      ++st.people;
      st.person_paid += result->totals.person_paid;
      st.council_paid += result->totals.council_paid;
      st.top_ups += result->totals.top_ups;
      if (result->account.cap_reached_on) ++st.reached_cap;
    } catch (const std::exception& e) {
      // Never lose the rest of the county to one person: the line becomes an error line.
      out.resize(mark);
      write_error_line(out, line.number, id, internal_error(e.what()));
      ++st.errors;
    }
  };

  OrderedRunOptions options;
  options.threads = threads;
  options.chunk_lines = job.chunk_lines;
  options.progress = job.progress;
  Status s = run_ordered(split.lines, options, fn, sink);
  if (!s) return std::move(s).error();

  RecalcSummary total;
  total.lines = split.lines.size();
  total.blank_lines = split.blank_lines;
  for (const RecalcSummary& p : partial) {
    total.people += p.people;
    total.errors += p.errors;
    total.reached_cap += p.reached_cap;
    total.person_paid += p.person_paid;
    total.council_paid += p.council_paid;
    total.top_ups += p.top_ups;
  }
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

YearFigures& CompareTable::cell(std::size_t block, std::size_t row, std::size_t s) {
  return cells_[(block * rows() + row) * scenarios_ + s];
}

const YearFigures& CompareTable::cell(std::size_t block, std::size_t row, std::size_t s) const {
  return cells_.at((block * rows() + row) * scenarios_ + s);
}

const YearFigures& CompareTable::at(int fy, std::size_t s) const {
  return cell(0, static_cast<std::size_t>(fy - first_year_), s);
}
const YearFigures& CompareTable::window_total(std::size_t s) const { return cell(0, rows() - 1, s); }
const YearFigures& CompareTable::at(int fy, std::size_t s, std::size_t g) const {
  return cell(g + 1, static_cast<std::size_t>(fy - first_year_), s);
}
const YearFigures& CompareTable::window_total(std::size_t s, std::size_t g) const { return cell(g + 1, rows() - 1, s); }

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
      YearFigures& c = cell(b, row, s);
      c.council_spend += amounts.council_spend;
      c.people_spend += amounts.people_spend;
      c.top_ups += amounts.top_ups;
      c.care_days += amounts.care_days;
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
    amounts.top_ups = max(Exact::zero(), fee - person_pays - council);
    amounts.care_days = part.length().count();
    amounts.people_metering = accruing > Exact::zero() ? 1 : 0;
    if (a.grouper && (a.last_block == 0 || span.label != a.last_label)) {
      a.last_label = span.label;
      a.last_block = block_of(span.label);
    }
    const std::size_t block = a.grouper ? a.last_block : 0;
    add_part(s, block, row, part, amounts);
    if (a.totals.cap_reached_on && part.contains(*a.totals.cap_reached_on)) a.cap_block = block;
    a.totals.council_spend += amounts.council_spend;
    a.totals.people_spend += amounts.people_spend;
    a.totals.top_ups += amounts.top_ups;
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
        YearFigures& c = cell(b, row, s);
        const YearFigures& o = other.cell(ob, row, s);
        c.council_spend += o.council_spend;
        c.people_spend += o.people_spend;
        c.top_ups += o.top_ups;
        c.people_metering += o.people_metering;
        c.people_reaching_cap += o.people_reaching_cap;
        c.people += o.people;
        c.people_in_care += o.people_in_care;
        c.care_days += o.care_days;
      }
    }
  }
}

namespace {

// A compare line's output carries two streams, error lines (for the error sink) and per-person
// rows (for job.per_person), in one ordered buffer: each piece is framed as a kind byte and
// its length, so neither needs escaping.
constexpr char kErrorFrame = 'E';
constexpr char kPersonFrame = 'P';

void append_frame(std::string& out, char kind, std::string_view text) {
  if (text.empty()) return;
  const uint32_t n = static_cast<uint32_t>(text.size());
  out += kind;
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(text);
}

// Splits a chunk's frames and passes each stream on (errors first).
Status deliver_frames(std::string_view data, const Sink& errors_to, const Sink& rows_to) {
  std::string errors, rows;
  while (data.size() > sizeof(uint32_t)) {
    uint32_t n = 0;
    std::memcpy(&n, data.data() + 1, sizeof n);
    (data[0] == kErrorFrame ? errors : rows).append(data.substr(1 + sizeof n, n));
    data.remove_prefix(std::min(data.size(), 1 + sizeof n + n));
  }
  if (!errors.empty()) {
    if (Status s = errors_to(errors); !s) return s;
  }
  if (!rows.empty() && rows_to) return rows_to(rows);
  return ok_status();
}

}  // namespace

namespace {

// One worker's share of a comparison.
struct ComparePartial {
  CompareTable table;
  std::size_t people = 0;
  std::size_t errors = 0;
  std::vector<AccountResult> results;
  std::string error_lines;
  std::string rows;
};

// One person under every scenario: added to the worker's table with their per-person rows, or
// left out with one error line per failure.
void compare_line(const CompareJob& job, const CalculateFn& calc, const CalculationRequest& request,
                  ComparePartial& st, const InputLine& line, std::string& out) {
  std::optional<std::string> id;
  st.error_lines.clear();
  st.rows.clear();
  try {
    auto person = parse_batch_person(line.text, id);
    if (!person) {
      write_error_line(st.error_lines, line.number, id, in_file(person.error(), job.input_file));
      append_frame(out, kErrorFrame, st.error_lines);
      ++st.errors;
      return;
    }
    id = person->id;
    st.results.clear();
    bool failed = false;
    // Nothing of someone who died before the window can fall in it: not calculated, zeros.
    const bool died_before = person->death_date && *person->death_date < job.window.first;
    for (const Scenario& scenario : job.scenarios) {
      if (died_before) break;
      auto result = calc(*person, scenario, request);
      if (!result) {
        write_error_line(st.error_lines, line.number, id, in_file(result.error(), job.input_file), &scenario.name);
        failed = true;
        continue;
      }
      st.results.push_back(std::move(result).value());
    }
    if (failed) {
      append_frame(out, kErrorFrame, st.error_lines);
      ++st.errors;
      return;
    }
    const std::string_view band = job.per_person ? capital_band(capital_at_first_entry(*person)) : "";
    for (std::size_t s = 0; s < job.scenarios.size(); ++s) {
      const PersonTotals totals = died_before ? PersonTotals{} : st.table.add(s, st.results[s], &*person);
      if (job.per_person) write_per_person_row(st.rows, person->id, job.scenarios[s].name, band, totals);
    }
    append_frame(out, kPersonFrame, st.rows);
    ++st.people;
  } catch (const std::exception& e) {
    st.error_lines.clear();
    write_error_line(st.error_lines, line.number, id, internal_error(e.what()));
    append_frame(out, kErrorFrame, st.error_lines);
    ++st.errors;
  }
}

}  // namespace

Result<CompareSummary> run_compare(std::string_view input, const CompareJob& job, const Sink& error_sink) {
  if (job.scenarios.empty()) return invalid_input("", "compare: at least one scenario is needed");
  if (job.window.last < job.window.first) {
    return invalid_input("", "compare: the period ends (" + to_string(job.window.last) + ") before it starts (" +
                                 to_string(job.window.first) + ")");
  }
  SplitLines split = split_lines(input);
  const int threads = std::max(1, job.threads);
  std::vector<ComparePartial> partial(static_cast<std::size_t>(threads));
  for (ComparePartial& p : partial) p.table = CompareTable(job.window, job.scenarios.size(), job.by);
  std::vector<const Scenario*> scenarios;
  for (const Scenario& scenario : job.scenarios) scenarios.push_back(&scenario);
  const CalculateFn calc = engine_or(job.calculate, job.rules, scenarios);
  CalculationRequest request;
  request.as_of = job.window.last;
  request.from = job.window.first;
  request.to = job.window.last;
  request.capital = job.capital;

  LineFn fn = [&](std::size_t worker, const InputLine& line, std::string& out) {
    compare_line(job, calc, request, partial[worker], line, out);
  };
  OrderedRunOptions options;
  options.threads = threads;
  options.chunk_lines = job.chunk_lines;
  options.progress = job.progress;
  Status s = run_ordered(split.lines, options, fn,
                         [&](std::string_view data) { return deliver_frames(data, error_sink, job.per_person); });
  if (!s) return std::move(s).error();

  CompareSummary summary;
  summary.lines = split.lines.size();
  summary.blank_lines = split.blank_lines;
  summary.table = CompareTable(job.window, job.scenarios.size(), job.by);
  for (const ComparePartial& p : partial) {
    summary.table.merge(p.table);
    summary.people += p.people;
    summary.errors += p.errors;
  }
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
      "financial_year,scenario,council_spend,people_spend,top_ups,people_metering,people_reaching_cap,"
      "council_spend_difference,people_spend_difference";
  out += more_columns_csv_header(layout) + "\n";
  for (const CompareRows& rows : CompareRows::of(table, layout)) {
    // The years, then the whole window ("total").
    for (int fy = table.first_year(); fy <= table.last_year() + 1; ++fy) {
      for (std::size_t s = 0; s < table.scenarios(); ++s) {
        const YearFigures& c = rows.at(fy, s);
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
        out += to_string(shown.top_ups);
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
  rows.push_back({"year", "scenario", "council spend", "people's spend", "top-ups", "metering", "reach cap",
                  "council vs first", "people vs first"});
  if (grouped) rows.back().insert(rows.back().begin(), group_by_name(table.group_by()));
  for (std::string& h : more_columns_text_header(layout)) rows.back().push_back(std::move(h));
  for (const CompareRows& group : CompareRows::of(table, layout)) {
    for (int fy = table.first_year(); fy <= table.last_year() + 1; ++fy) {
      for (std::size_t s = 0; s < table.scenarios(); ++s) {
        const YearFigures& c = group.at(fy, s);
        const ShownFigures& shown = group.shown(fy, s);
        bool first = s == 0;
        rows.push_back({group.row_label(fy), s < names.size() ? names[s] : std::string(),
                        with_separators(shown.council_spend), with_separators(shown.people_spend),
                        with_separators(shown.top_ups), std::to_string(c.people_metering),
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
