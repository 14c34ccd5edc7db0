// uplift.cc — the April uplift of incomes (see uplift.h).
#include "batch/uplift.h"

#include <vector>

#include "batch/compare_report.h"
#include "caremeter/json/json_io.h"

namespace caremeter {

namespace {

using ItemCounts = std::array<std::size_t, kUprateHowNames.size()>;

// The finances record that runs through both the day before `on` and `on` itself: the one to
// split. A record ending the day before (a later one already starts on `on`, or the assessment
// ended then) is left alone.
const FinancesRecord* record_to_uplift(const Person& person, Date on) {
  for (const FinancesRecord& f : person.finances) {
    if (f.range.contains(on.prev()) && f.range.contains(on)) return &f;
  }
  return nullptr;
}

// "/finances/3" → 3.
std::size_t index_in(const std::string& pointer) {
  return static_cast<std::size_t>(std::stoul(pointer.substr(pointer.find_last_of('/') + 1)));
}

struct UpratedItem {
  std::size_t index;  // in the record's income list
  Money weekly;
};

// ---- Where a finances record is in the line ----------------------------------------------
// The line was accepted by a person reader, so it is valid JSON: these only step over it.

std::size_t skip_space(std::string_view s, std::size_t i) {
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  return i;
}

std::size_t skip_string(std::string_view s, std::size_t i) {  // s[i] is the opening quote
  for (++i; i < s.size() && s[i] != '"'; ++i) {
    if (s[i] == '\\') ++i;
  }
  return i + 1;
}

std::size_t skip_value(std::string_view s, std::size_t i) {
  if (s[i] == '"') return skip_string(s, i);
  if (s[i] != '{' && s[i] != '[') {
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
           s[i] != '\r') {
      ++i;
    }
    return i;
  }
  int depth = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '"') {
      i = skip_string(s, i) - 1;
    } else if (s[i] == '{' || s[i] == '[') {
      ++depth;
    } else if ((s[i] == '}' || s[i] == ']') && --depth == 0) {
      return i + 1;
    }
  }
  return i;
}

struct Span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The bytes of the element `index` of the document's top-level "finances" array; nullopt when
// the key is written with escapes (the whole document is then rewritten instead).
std::optional<Span> finances_record_span(std::string_view s, std::size_t index) {
  std::size_t i = skip_space(s, 0);
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  for (i = skip_space(s, i + 1); i < s.size() && s[i] == '"';) {
    const std::size_t key_end = skip_string(s, i);
    const bool finances = s.substr(i, key_end - i) == "\"finances\"";
    i = skip_space(s, key_end);
    i = skip_space(s, i + 1);  // past ':'
    if (finances && i < s.size() && s[i] == '[') {
      i = skip_space(s, i + 1);
      for (std::size_t k = 0; i < s.size() && s[i] != ']'; ++k) {
        const std::size_t end = skip_value(s, i);
        if (k == index) return Span{i, end};
        i = skip_space(s, end);
        if (i < s.size() && s[i] == ',') i = skip_space(s, i + 1);
      }
      return std::nullopt;
    }
    i = skip_space(s, skip_value(s, i));
    if (i < s.size() && s[i] == ',') i = skip_space(s, i + 1);
  }
  return std::nullopt;
}

// The record as it was (ending the day before `on` when it had its own end) and its copy from
// `on` with the uprated amounts.
void split_record(Json& old_record, Json& new_record, const FinancesRecord& old, Date on,
                  const std::vector<UpratedItem>& changed) {
  new_record = old_record;
  new_record["from"] = to_string(on);
  if (old.has_explicit_to) old_record["to"] = to_string(on.prev());  // the new record keeps the old end
  for (const UpratedItem& c : changed) new_record["income"][c.index]["weekly"] = to_string(c.weekly);
}

// The line with the record replaced by the two: every other byte as it was.
Status splice(std::string_view line, Span span, const FinancesRecord& old, Date on, const std::vector<UpratedItem>& changed,
              std::string& out) {
  auto old_record = parse_json_strict(line.substr(span.begin, span.end - span.begin));
  if (!old_record) return std::move(old_record).error();
  Json new_record;
  split_record(*old_record, new_record, old, on, changed);
  out.append(line.substr(0, span.begin));
  if (old.has_explicit_to) {
    out += dump_canonical(*old_record);
  } else {
    out.append(line.substr(span.begin, span.end - span.begin));
  }
  out += ',';
  out += dump_canonical(new_record);
  out.append(line.substr(span.end));
  out += '\n';
  return ok_status();
}

// The same through the whole document (a document whose "finances" key is written with
// escapes): keys come out sorted, values as they were.
Status rewrite(std::string_view line, const FinancesRecord& old, Date on, const std::vector<UpratedItem>& changed,
               std::string& out) {
  auto doc = parse_json_strict(line);
  if (!doc) return std::move(doc).error();
  Json& finances = (*doc)["finances"];
  const std::size_t at = index_in(old.pointer);
  Json new_record;
  split_record(finances[at], new_record, old, on, changed);
  finances.insert(finances.begin() + static_cast<std::ptrdiff_t>(at) + 1, std::move(new_record));
  out += dump_canonical(*doc);
  out += '\n';
  return ok_status();
}

}  // namespace

const char* uplift_reassess_csv_header() { return "person_id,item,type,weekly,reason\n"; }

Result<bool> uplift_line(std::string_view line, const UpratingRates& rates, Date on, std::string& out, std::string* reassess,
                   ItemCounts& items, std::optional<std::string>& person_id) {
  auto person = parse_batch_person(line, person_id);
  if (!person) return std::move(person).error();
  person_id = person->id;
  // The dead have no income to uplift (a record left open after death is only not closed yet).
  const bool alive = !person->death_date || *person->death_date >= on;
  const FinancesRecord* old = alive ? record_to_uplift(*person, on) : nullptr;
  std::vector<UpratedItem> changed;
  ItemCounts counts{};
  if (old != nullptr) {
    for (std::size_t k = 0; k < old->income.size(); ++k) {
      const IncomeItem& item = old->income[k];
      const UpratedAmount u = uprate(rates, item.type, item.weekly);
      ++counts[static_cast<std::size_t>(u.how)];
      if (u.weekly != item.weekly) changed.push_back(UpratedItem{index_in(item.pointer), u.weekly});
      if (u.how == UprateHow::kNeedsReassessment && reassess != nullptr) {
        *reassess += csv_field(person->id) + "," + item.pointer + "," + std::string(income_type_name(item.type)) + "," +
                     to_string(item.weekly) + "," + csv_field(rates[item.type].source) + "\n";
      }
    }
  }
  if (changed.empty()) {
    out.append(line);
    out += '\n';
    return false;
  }
  for (std::size_t i = 0; i < counts.size(); ++i) items[i] += counts[i];
  const auto span = finances_record_span(line, index_in(old->pointer));
  Status s = span ? splice(line, *span, *old, on, changed, out) : rewrite(line, *old, on, changed, out);
  if (!s) return std::move(s).error();
  return true;
}

Result<UpliftSummary> run_uplift(std::string_view input, const UpliftJob& job, const Sink& sink) {
  SplitLines split = split_lines(input);
  struct Note {
    enum class Kind { kUnchanged, kUplifted, kError } kind = Kind::kUnchanged;
    ItemCounts items{};
    std::string reassess;
  };
  std::vector<Note> notes(split.lines.size());
  LineFn fn = [&](std::size_t, const InputLine& line, std::string& out) {
    Note& note = notes[static_cast<std::size_t>(&line - split.lines.data())];
    std::optional<std::string> id;
    const std::size_t mark = out.size();
    Result<bool> s = [&]() -> Result<bool> {
      try {
        return uplift_line(line.text, *job.rates, job.on, out, job.reassess ? &note.reassess : nullptr, note.items, id);
      } catch (const std::exception& e) {
        return Error{ErrorCode::kInternal, std::string("internal error while uplifting: ") + e.what(), "", ""};
      }
    }();
    if (!s) {
      out.resize(mark);
      note = Note{Note::Kind::kError, {}, {}};
      write_error_line(out, line.number, id, in_file(s.error(), job.input_file));
    } else if (*s) {
      note.kind = Note::Kind::kUplifted;
    }
  };
  UpliftSummary total;
  Status reassess_status = ok_status();
  OrderedRunOptions options;
  options.threads = std::max(1, job.threads);
  options.chunk_lines = job.chunk_lines;
  options.progress = job.progress;
  options.in_order = [&](std::size_t first, std::size_t last, std::string&) {
    for (std::size_t k = first; k < last; ++k) {
      const Note& note = notes[k];
      if (note.kind == Note::Kind::kError) ++total.errors;
      if (note.kind == Note::Kind::kUnchanged) ++total.unchanged;
      if (note.kind == Note::Kind::kUplifted) ++total.uplifted;
      for (std::size_t i = 0; i < note.items.size(); ++i) total.items[i] += note.items[i];
      if (job.reassess && !note.reassess.empty() && reassess_status) reassess_status = job.reassess(note.reassess);
    }
  };
  Status s = run_ordered(split.lines, options, fn, sink);
  if (!s) return std::move(s).error();
  if (!reassess_status) return std::move(reassess_status).error();
  total.lines = split.lines.size();
  total.blank_lines = split.blank_lines;
  return total;
}

}  // namespace caremeter
