// changes.cc — each person's figures on two days and why they differ (see changes.h).
#include "batch/changes.h"

#include <vector>

#include "batch/compare_report.h"

namespace caremeter {

namespace {

std::string shown(int64_t hundredths) { return to_string(Money::pence(hundredths)); }

void add_reason(std::string& out, std::string_view name, const std::string& old_value, const std::string& new_value) {
  if (!out.empty()) out += "; ";
  out += name;
  out += ' ';
  out += old_value;
  out += "\u2192";
  out += new_value;
}

// What a day shows: its period when the person is in charged care then.
const Period* charged_on(const AccountResult& result, Date day) {
  const Period* p = period_on(result, day);
  return p != nullptr && p->status == PeriodStatus::kCharged ? p : nullptr;
}

// The care itself changing (a move into a care home, to another council, to arranging it
// oneself) is a reason too, before the means test's inputs.
std::string care_reasons(const Period* before, const Period* after) {
  std::string out;
  if ((before == nullptr) != (after == nullptr)) {
    add_reason(out, "charged_care", before ? "yes" : "no", after ? "yes" : "no");
    return out;
  }
  if (before->setting != after->setting) add_reason(out, "setting", setting_name(before->setting), setting_name(after->setting));
  if (before->arranged_by != after->arranged_by) {
    add_reason(out, "arranged_by", kArrangedByNames.name(before->arranged_by), kArrangedByNames.name(after->arranged_by));
  }
  if (before->council != after->council) add_reason(out, "council", before->council, after->council);
  return out;
}

void append_figures(std::string& row, const Period* before, const Period* after) {
  auto figure = [](const Period* p, Money WeeklyFigures::*f) { return p ? p->weekly.*f : Money::zero(); };
  for (Money WeeklyFigures::*f : {&WeeklyFigures::assessed_charge, &WeeklyFigures::person_pays, &WeeklyFigures::council_pays}) {
    row += ',';
    row += to_string(figure(before, f));
    row += ',';
    row += to_string(figure(after, f));
  }
  row += ',';
  row += to_string(figure(after, &WeeklyFigures::person_pays) - figure(before, &WeeklyFigures::person_pays));
}

struct PersonChange {
  std::string row;
  bool changed = false;
};

Result<std::optional<PersonChange>> person_change(const Person& person, const PreparedScenario& scenario, const ChangesJob& job) {
  CalculationRequest request;
  request.as_of = job.after;
  request.from = job.before;
  request.to = job.after;
  request.unpublished = job.unpublished;
  auto result = calculate(person, scenario, request);
  if (!result) return std::move(result).error();
  const Period* before = charged_on(*result, job.before);
  const Period* after = charged_on(*result, job.after);
  if (before == nullptr && after == nullptr) return std::optional<PersonChange>();
  ChargingInputs inputs[2];
  for (int i = 0; i < 2; ++i) {
    auto in = charging_inputs_on(person, scenario, i == 0 ? job.before : job.after, job.unpublished);
    if (!in) return std::move(in).error();
    inputs[i] = std::move(in).value();
  }
  const Period* shown_period = after ? after : before;
  PersonChange change;
  std::string& row = change.row;
  row = csv_field(person.id) + "," + setting_name(shown_period->setting) + "," +
        kArrangedByNames.name(shown_period->arranged_by) + "," + csv_field(shown_period->council);
  append_figures(row, before, after);
  // Care starting or ending is the reason by itself: every input would otherwise be listed
  // as appearing or going.
  std::string reasons = care_reasons(before, after);
  if (before != nullptr && after != nullptr) {
    const std::string inputs_changed = change_reasons(inputs[0], inputs[1]);
    if (!reasons.empty() && !inputs_changed.empty()) reasons += "; ";
    reasons += inputs_changed;
  }
  row += ',';
  row += csv_field(reasons);
  row += '\n';
  change.changed = (after ? after->weekly.person_pays : Money::zero()) != (before ? before->weekly.person_pays : Money::zero());
  return std::optional<PersonChange>(std::move(change));
}

}  // namespace

const char* changes_csv_header() {
  return "person_id,setting,arranged_by,council,assessed_charge_before,assessed_charge_after,person_pays_before,"
         "person_pays_after,council_pays_before,council_pays_after,change,reasons\n";
}

std::string change_reasons(const ChargingInputs& before, const ChargingInputs& after) {
  std::string out;
  auto find = [](const ChargingInputs& in, const std::string& name) -> const ChargingInput* {
    for (const ChargingInput& i : in.inputs) {
      if (i.name == name) return &i;
    }
    return nullptr;
  };
  for (const ChargingInput& b : before.inputs) {
    const ChargingInput* a = find(after, b.name);
    if (a == nullptr) {
      add_reason(out, b.name, shown(b.hundredths), "none");
    } else if (a->hundredths != b.hundredths) {
      add_reason(out, b.name, shown(b.hundredths), shown(a->hundredths));
    }
  }
  for (const ChargingInput& a : after.inputs) {
    if (find(before, a.name) == nullptr) add_reason(out, a.name, "none", shown(a.hundredths));
  }
  return out;
}

Result<ChangesSummary> run_changes(std::string_view input, const ChangesJob& job, const Sink& rows, const Sink& errors) {
  if (job.after <= job.before) {
    return invalid_input("", "the day after (" + to_string(job.after) + ") must be later than the day before (" +
                                 to_string(job.before) + ")");
  }
  auto prepared = PreparedScenario::prepare(*job.rules, job.scenario);
  if (!prepared) return std::move(prepared).error();
  SplitLines split = split_lines(input);
  struct Note {
    std::string error_line;
    bool row = false;
    bool changed = false;
  };
  std::vector<Note> notes(split.lines.size());
  LineFn fn = [&](std::size_t, const InputLine& line, std::string& out) {
    Note& note = notes[static_cast<std::size_t>(&line - split.lines.data())];
    std::optional<std::string> id;
    const std::size_t mark = out.size();
    try {
      auto person = parse_batch_person(line.text, id);
      if (!person) {
        write_error_line(note.error_line, line.number, id, in_file(person.error(), job.input_file));
        return;
      }
      id = person->id;
      auto change = person_change(*person, *prepared, job);
      if (!change) {
        write_error_line(note.error_line, line.number, id, in_file(change.error(), job.input_file));
      } else if (*change) {
        out += (*change)->row;
        note.row = true;
        note.changed = (*change)->changed;
      }
    } catch (const std::exception& e) {
      out.resize(mark);
      note = Note{};
      write_error_line(note.error_line, line.number, id,
                       Error{ErrorCode::kInternal, std::string("internal error while calculating: ") + e.what(), "", ""});
    }
  };
  ChangesSummary total;
  Status error_status = ok_status();
  OrderedRunOptions options;
  options.threads = std::max(1, job.threads);
  options.chunk_lines = job.chunk_lines;
  options.progress = job.progress;
  options.in_order = [&](std::size_t first, std::size_t last, std::string&) {
    for (std::size_t k = first; k < last; ++k) {
      const Note& note = notes[k];
      if (!note.error_line.empty()) {
        ++total.errors;
        if (error_status) error_status = errors(note.error_line);
      }
      if (note.row) ++total.rows;
      if (note.changed) ++total.changed;
    }
  };
  Status s = run_ordered(split.lines, options, fn, rows);
  if (!s) return std::move(s).error();
  if (!error_status) return std::move(error_status).error();
  total.lines = split.lines.size();
  total.blank_lines = split.blank_lines;
  return total;
}

}  // namespace caremeter
