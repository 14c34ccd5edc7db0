// rule_loader.cc — rule files (bytes) into RuleSets, with every problem reported at once.
//
// An analyst editing a rule file wants the whole list of mistakes, not one per run: each
// section, parameter and value is checked on its own and a bad one does not stop the rest.
// A file with any problem contributes nothing, so a half-valid file never reaches a result.
#include "caremeter/json/rule_loader.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <tuple>

#include "caremeter/json/json_fields.h"
#include "caremeter/json/json_io.h"
#include "rule_values.h"

namespace caremeter {

namespace {

// Problems of one file, each with the file's path and a pointer into it.
class FileProblems {
 public:
  FileProblems(const std::string& file, std::vector<Error>& errors, std::vector<RuleNote>& notes)
      : file_(file), errors_(errors), notes_(notes), start_(errors.size()) {}

  void add(Error e) {
    e.file = file_;
    errors_.push_back(std::move(e));
  }
  void add(const std::string& pointer, std::string message) { add(invalid_input(pointer, std::move(message))); }
  // Takes the value of r, or records its error and returns nullopt.
  template <class T>
  std::optional<T> take(Result<T> r) {
    if (r) return std::move(r).value();
    add(std::move(r).error());
    return std::nullopt;
  }
  template <class T>
  bool check(Result<T> s) { return take(std::move(s)).has_value(); }
  bool clean() const { return errors_.size() == start_; }
  std::size_t count() const { return errors_.size(); }
  // Something to tell about the file that is not a problem.
  void note(std::string message) { notes_.push_back(RuleNote{file_, std::move(message)}); }

 private:
  const std::string& file_;
  std::vector<Error>& errors_;
  std::vector<RuleNote>& notes_;
  std::size_t start_;
};

// Levenshtein distance, to suggest the name an analyst probably meant.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

std::string unknown_name(const std::string& what, const std::string& name, const std::vector<std::string_view>& known) {
  std::string message = "unknown " + what + " '" + name + "'";
  std::string_view best;
  std::size_t best_distance = 4;  // further than this is not a typo
  for (auto k : known) {
    std::size_t d = edit_distance(name, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  if (!best.empty()) return message + " (did you mean '" + std::string(best) + "'?)";
  std::string list;
  for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
  return message + " (known: " + list + ")";
}

std::vector<std::string_view> national_param_names() {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < kParamCount; ++i) out.push_back(param_info(static_cast<Param>(i)).name);
  return out;
}
std::vector<std::string_view> council_param_names() {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < kCouncilParamCount; ++i) out.push_back(council_param_info(static_cast<CouncilParam>(i)).name);
  return out;
}
std::vector<std::string_view> income_type_names() {
  std::vector<std::string_view> out;
  for (const auto& [type, name] : kIncomeTypeNames) out.push_back(name);
  return out;
}

// Ids, versions and scenario names become file names and command-line arguments.
bool is_name(std::string_view s, bool allow_upper) {
  if (s.empty()) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '+' ||
              (allow_upper && c >= 'A' && c <= 'Z');
    if (!ok) return false;
  }
  return true;
}

// The keys of each object of a rule file (rules/schema/*.schema.json describes them too).
struct NationalFileKeys {
  static constexpr std::array<std::string_view, 9> kKeys{"$schema",    "id",           "version",
                                                         "format",     "description",  "parameters",
                                                         "income_types", "pension_credit_age", "scenarios"};
};
struct CouncilFileKeys {
  static constexpr std::array<std::string_view, 8> kKeys{"$schema", "id",     "name",        "version",
                                                         "format",  "status", "description", "parameters"};
};
// A national parameter: {"description"?, "unit"?, "review"?, "review_on"?, "values"} or, for a
// reform figure with no date of its own, {"description"?, "unit"?, "review"?, "value", "source",
// "status"}. "review" and "review_on" are format 2's.
struct NationalParameterKeys {
  static constexpr std::array<std::string_view, 9> kKeys{"description", "unit",  "review", "review_on", "rounded_to",
                                                         "values",      "value", "source", "status"};
};
struct CouncilParameterKeys {
  static constexpr std::array<std::string_view, 6> kKeys{"description", "unit",       "review",
                                                         "review_on",   "rounded_to", "values"};
};

// Income types added to the person document with format 2: a format-1 file (published before
// them) may leave them out, and a person with such income cannot be calculated with it.
constexpr IncomeType kIncomeTypesOfFormat2[] = {IncomeType::kCarersAllowance};
bool added_in_format_2(IncomeType t) {
  return std::find(std::begin(kIncomeTypesOfFormat2), std::end(kIncomeTypesOfFormat2), t) !=
         std::end(kIncomeTypesOfFormat2);
}
struct DatedValueKeys {
  static constexpr std::array<std::string_view, 5> kKeys{"from", "to", "value", "source", "status"};
};
struct TreatmentKeys {
  static constexpr std::array<std::string_view, 4> kKeys{"treatment", "disregard", "source", "description"};
};
struct DisregardKeys {
  static constexpr std::array<std::string_view, 2> kKeys{"single", "couple"};
};
struct BandKeys {
  static constexpr std::array<std::string_view, 6> kKeys{"born_from", "born_to", "age", "reached_on", "source",
                                                         "description"};
};
struct AgeKeys {
  static constexpr std::array<std::string_view, 2> kKeys{"years", "months"};
};

constexpr std::string_view kSourceWords = "the value's source (a citation or URL)";

// An object of the file; a key it may not have is recorded as a problem and reading goes on.
template <class Keys>
std::optional<JsonObject<Keys>> open_object(FileProblems& problems, const Json& value, const std::string& pointer,
                                            std::string_view what, bool check_keys = true) {
  auto f = problems.take(JsonObject<Keys>::open(value, pointer, what, UnknownKeys::kReportLater));
  if (f && check_keys) problems.check(f->unknown_keys());
  return f;
}

// A string field (the empty one too); nullopt when absent or not a string.
template <class Keys>
std::optional<std::string> string_field(FileProblems& problems, const JsonObject<Keys>& f,
                                        typename JsonObject<Keys>::Key k, bool required, std::string_view what) {
  if (required) return problems.take(f.string(k, what));
  auto s = problems.take(f.optional_string(k, what));
  return s ? *s : std::nullopt;
}

// A description, which only documents the file: any string.
template <class Keys>
void check_description(FileProblems& problems, const JsonObject<Keys>& f) {
  string_field(problems, f, "description", false, "a description");
}

template <class Keys>
std::optional<std::string> source_field(FileProblems& problems, const JsonObject<Keys>& f, std::string_view what) {
  return problems.take(f.required_as("source", what, rule_values::read_source));
}

template <class Keys>
std::optional<SourceStatus> status_field(FileProblems& problems, const JsonObject<Keys>& f) {
  return problems.take(f.required_as("status", kSourceStatusNames.alternatives(), rule_values::read_status));
}

// The optional "unit" of a parameter documents it; when given it must agree with the kind.
template <class Keys>
void check_unit(FileProblems& problems, const JsonObject<Keys>& param, ParameterKind kind) {
  const Json* unit = param.find("unit");
  if (!unit) return;
  std::vector<std::string_view> allowed;
  switch (kind) {
    case ParameterKind::kMoney: allowed = {"pounds", "pounds_per_week", "pounds_per_hour"}; break;
    case ParameterKind::kPercent: allowed = {"percent"}; break;
    case ParameterKind::kBoolean: allowed = {"switch"}; break;
    case ParameterKind::kCount: allowed = {"count"}; break;
  }
  if (unit->is_string() &&
      std::find(allowed.begin(), allowed.end(), unit->get_ref<const std::string&>()) != allowed.end()) {
    return;
  }
  std::string list;
  for (auto a : allowed) list += (list.empty() ? "\"" : ", \"") + std::string(a) + "\"";
  problems.add(param.pointer_to("unit"), "expected the unit of this parameter: " + list + ", got " +
                                             (unit->is_string() ? "\"" + unit->get<std::string>() + "\""
                                                                : json_type_name(*unit)));
}

// A parameter's value of `kind`, as a rule file writes it (numbers as strings).
auto value_reader(ParameterKind kind) {
  return [kind](const Json& v, const std::string& pointer) { return rule_values::read_value(v, kind, pointer, true); };
}

// One dated value {"from", "to"?, "value", "source", "status"}, each field checked on its own.
// `required_status`, when set, is the only status it may have (a council's own status).
std::optional<DatedValue> read_dated_value(FileProblems& problems, const Json& entry, ParameterKind kind,
                                           const std::string& pointer, std::optional<SourceStatus> required_status) {
  const std::size_t before = problems.count();
  auto f = open_object<DatedValueKeys>(problems, entry, pointer,
                                       "a dated value {\"from\", \"to\"?, \"value\", \"source\", \"status\"}");
  if (!f) return std::nullopt;
  DatedValue dv;
  dv.pointer = pointer;
  if (auto d = problems.take(f->required_as("from", "the first day this value applies", read_date))) dv.range.first = *d;
  if (const Json* to = f->find_non_null("to")) {
    if (auto d = problems.take(read_date(*to, f->pointer_to("to")))) dv.range.last = *d;
  }
  if (auto v = problems.take(f->required_as("value", "the parameter's value", value_reader(kind)))) {
    dv.value = rule_values::stored_value(*v);
  }
  if (auto s = source_field(problems, *f, kSourceWords)) dv.source = *s;
  if (auto s = status_field(problems, *f)) {
    dv.status = *s;
    // A confirmed council's published but not yet final rates may be announced.
    bool allowed = !required_status || *s == *required_status ||
                   (*required_status == SourceStatus::kConfirmed && *s == SourceStatus::kAnnounced);
    if (!allowed) {
      problems.add(f->pointer_to("status"),
                   std::string("this council file is ") + source_status_name(*required_status) +
                       ", so each of its values must be \"" + source_status_name(*required_status) + "\"" +
                       (*required_status == SourceStatus::kConfirmed ? " (or \"announced\")" : "") +
                       " (a confirmed council carries only published figures; an illustrative one only made-up "
                       "ones)");
    }
  }
  if (problems.count() != before) return std::nullopt;
  if (dv.range.last < dv.range.first) {
    problems.add(f->pointer_to("to"), "the value ends (" + to_string(dv.range.last) + ") before it starts (" +
                                          to_string(dv.range.first) + ")");
    return std::nullopt;
  }
  return dv;
}

// A dated value must start after the one before it and after that one ends.
bool follows(FileProblems& problems, const DatedValue& prev, const DatedValue& dv) {
  if (dv.range.first <= prev.range.first) {
    problems.add(dv.pointer + "/from", "values must be in date order: this one starts " + to_string(dv.range.first) +
                                           ", not after the previous one (" + prev.pointer + ", from " +
                                           to_string(prev.range.first) + ")");
    return false;
  }
  if (dv.range.first <= prev.range.last) {
    problems.add(dv.pointer + "/from", "overlaps the previous value (" + prev.pointer + ", " +
                                           to_string(prev.range.first) + " to " +
                                           (prev.range.open() ? std::string("open") : to_string(prev.range.last)) +
                                           "): give that one a \"to\" before " + to_string(dv.range.first));
    return false;
  }
  return true;
}

// A parameter's dated values: [{"from", "to"?, "value", "source", "status"}, …], ordered and
// not overlapping; gaps are allowed (a lookup in a gap is an error, never a zero).
std::optional<std::vector<DatedValue>> read_dated_values(FileProblems& problems, const Json& list,
                                                         ParameterKind kind, const std::string& pointer,
                                                         std::optional<SourceStatus> required_status) {
  if (!list.is_array()) {
    problems.add(pointer, "expected a list of dated values [{\"from\", \"to\"?, \"value\", \"source\", \"status\"}], got " +
                              json_type_name(list));
    return std::nullopt;
  }
  const std::size_t before = problems.count();
  std::vector<DatedValue> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto dv = read_dated_value(problems, list[i], kind, child_pointer(pointer, i), required_status);
    if (!dv || (!out.empty() && !follows(problems, out.back(), *dv))) continue;
    out.push_back(std::move(*dv));
  }
  if (problems.count() != before) return std::nullopt;
  return out;
}

// ---- Known spans: how each figure is reviewed, and the day it is known to ----------------

// How a parameter is reviewed and on which days, as its file says (format 2) or, for a file
// that does not say (format 1), as the parameter table says.
struct ReviewMark {
  Review review = Review::kOnChange;
  ReviewDays days{};
};

// A file may declare a parameter reviewed more often than the law's least, never less (a file
// cannot call a yearly figure a law figure). A dated reform value is reviewed at least yearly.
bool review_allowed(Review declared, Review least) {
  auto frequency = [](Review r) {
    switch (r) {
      case Review::kOnChange: return 0;
      case Review::kYearly: return 1;
      case Review::kHalfYearly: return 2;
      case Review::kScenario: break;
    }
    return -1;
  };
  if (least == Review::kScenario) return reviewed_periodically(declared);
  return frequency(declared) >= frequency(least);
}

// "MM-DD", a day every year has (29 February is not).
Result<ReviewDay> read_review_day(const Json& value, const std::string& pointer) {
  static constexpr unsigned kDaysIn[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const std::string text = value.is_string() ? value.get<std::string>() : "";
  auto digit = [&](std::size_t i) { return std::isdigit(static_cast<unsigned char>(text[i])) != 0; };
  if (text.size() == 5 && digit(0) && digit(1) && text[2] == '-' && digit(3) && digit(4)) {
    unsigned month = static_cast<unsigned>((text[0] - '0') * 10 + (text[1] - '0'));
    unsigned day = static_cast<unsigned>((text[3] - '0') * 10 + (text[4] - '0'));
    if (month >= 1 && month <= 12 && day >= 1 && day <= kDaysIn[month - 1]) return ReviewDay{month, day};
  }
  return invalid_input(pointer, "expected a day of the year \"MM-DD\" that every year has (e.g. \"04-06\"; not "
                                "\"02-29\"), got " + (value.is_string() ? "\"" + text + "\"" : json_type_name(value)));
}

// "review_on": one day for a yearly figure, two (in calendar order) for a half-yearly one, none
// otherwise.
template <class Keys>
std::optional<ReviewDays> read_review_on(FileProblems& problems, const JsonObject<Keys>& body, Review review) {
  const Json* on = body.find("review_on");
  const std::size_t want = review == Review::kYearly ? 1 : review == Review::kHalfYearly ? 2 : 0;
  if (want == 0) {
    if (on) problems.add(body.pointer_to("review_on"), "only a yearly or half-yearly figure has review days");
    return on ? std::nullopt : std::optional<ReviewDays>(ReviewDays{});
  }
  const char* expected = want == 1 ? "the day each year the figure is reviewed, e.g. [\"04-06\"]"
                                   : "the two days each year the figure is reviewed, e.g. [\"01-01\", \"07-01\"]";
  if (!on || !on->is_array() || on->size() != want) {
    problems.add(body.pointer_to("review_on"), std::string(on ? "expected " : "missing: ") + expected);
    return std::nullopt;
  }
  ReviewDays days{};
  for (std::size_t i = 0; i < want; ++i) {
    auto day = problems.take(read_review_day((*on)[i], child_pointer(body.pointer_to("review_on"), i)));
    if (!day) return std::nullopt;
    days[i] = *day;
  }
  if (want == 2 && std::tie(days[0].month, days[0].day) >= std::tie(days[1].month, days[1].day)) {
    problems.add(body.pointer_to("review_on"), "give the two review days in calendar order");
    return std::nullopt;
  }
  return days;
}

// A parameter's "review" and "review_on" (format 2), or in a format-1 file, which has neither,
// the parameter table's. `plain_reform` says the body is a plain reform value.
template <class Keys>
std::optional<ReviewMark> read_review(FileProblems& problems, const JsonObject<Keys>& body, int format,
                                      std::string_view name, Review least, const ReviewDays& table_days,
                                      bool plain_reform) {
  if (format == 1) {
    if (body.has("review") || body.has("review_on")) {
      problems.add(body.has("review") ? body.pointer_to("review") : body.pointer_to("review_on"),
                   "\"review\" is part of format 2: give the file \"format\": 2 (then every parameter says how it "
                   "is reviewed)");
      return std::nullopt;
    }
    if (plain_reform) return ReviewMark{Review::kScenario, {}};
    return ReviewMark{least == Review::kScenario ? Review::kOnChange : least, table_days};
  }
  auto review = problems.take(body.required_as(
      "review", "how the figure is reviewed: " + kReviewNames.alternatives(),
      [](const Json& v, const std::string& p) { return read_name(v, p, kReviewNames); }));
  if (!review) return std::nullopt;
  const std::string pointer = body.pointer_to("review");
  if (plain_reform && *review != Review::kScenario) {
    problems.add(pointer, "a plain reform value applies from each scenario's reform start: \"review\": \"scenario\"");
    return std::nullopt;
  }
  if (!plain_reform && *review == Review::kScenario) {
    problems.add(pointer, "\"scenario\" is for a plain reform value (one \"value\" with no dates); dated values "
                          "are reviewed \"yearly\", \"half_yearly\" or \"on_change\"");
    return std::nullopt;
  }
  if (!plain_reform && !review_allowed(*review, least)) {
    problems.add(pointer, "'" + std::string(name) + "' is reviewed at least " +
                              (least == Review::kScenario ? std::string("yearly when it has dated values")
                                                          : std::string(kReviewNames.name(least))) +
                              " (the least review the law gives it), so it cannot be \"" +
                              kReviewNames.name(*review) + "\"");
    return std::nullopt;
  }
  auto days = read_review_on(problems, body, *review);
  if (!days) return std::nullopt;
  return ReviewMark{*review, *days};
}

// In a format-2 file a figure reviewed yearly or half-yearly is known only to the day before its
// next review, which its last value must say; earlier values may span several years.
void check_last_value_ends(FileProblems& problems, const ReviewMark& mark, const std::vector<DatedValue>& values,
                           int format) {
  if (format == 1 || !reviewed_periodically(mark.review) || values.empty() || !values.back().range.open()) return;
  const Date example = next_review_after(mark.days, values.back().range.first).prev();
  problems.add(values.back().pointer,
               std::string("a ") + (mark.review == Review::kYearly ? "yearly" : "half-yearly") +
                   " figure is known only to the day before its next review: give the last value a \"to\" (e.g. " +
                   to_string(example) + ")");
}

// "rounded_to" (format 2): what a projection of a yearly money figure is rounded to, as its
// published values are (e.g. "0.05": the MIG and PEA move in 5p steps); a penny when left out.
template <class Keys>
Money read_rounded_to(FileProblems& problems, const JsonObject<Keys>& body, const ReviewMark& mark, ParameterKind kind) {
  const Json* step = body.find("rounded_to");
  if (step == nullptr) return Money::pence(1);
  const std::string pointer = body.pointer_to("rounded_to");
  if (kind != ParameterKind::kMoney || !reviewed_periodically(mark.review)) {
    problems.add(pointer, "only a yearly or half-yearly money figure says what its projections are rounded to");
    return Money::pence(1);
  }
  Result<Money> m = step->is_string() ? parse_money(step->get_ref<const std::string&>())
                                      : Result<Money>(invalid_input("", "expected a money string"));
  if (!m || m->in_pence() <= 0 || m->in_pence() > 100) {
    problems.add(pointer, "expected the step projected values are rounded to, a money string from \"0.01\" to "
                          "\"1.00\" (e.g. \"0.05\"), got " + step->dump());
    return Money::pence(1);
  }
  return *m;
}

// A timeline of a file and its review days, kept until the whole file is read.
struct ReviewedTimeline {
  Timeline* timeline;
  ReviewDays days;
};

// Sets the day each yearly or half-yearly figure of one file is known to: its last value's `to`;
// or, for an open last value (format 1 only), the day before the first review day after the
// latest `from` of any such figure in the file (rules/README.md, "Known spans"). Returns that
// latest `from` when an open value was so settled (for the note `rules check` prints).
std::optional<Date> settle_known_spans(const std::vector<ReviewedTimeline>& timelines) {
  Date latest_from = Date::min();
  for (const ReviewedTimeline& r : timelines) {
    if (!r.timeline->empty()) latest_from = std::max(latest_from, r.timeline->values().back().range.first);
  }
  bool any_open = false;
  for (const ReviewedTimeline& r : timelines) {
    if (r.timeline->empty()) continue;
    const DatedValue& last = r.timeline->values().back();
    if (last.range.open()) {
      any_open = true;
      r.timeline->set_known_to(next_review_after(r.days, latest_from).prev());
    } else {
      r.timeline->set_known_to(last.range.last);
    }
  }
  if (!any_open) return std::nullopt;
  return latest_from;
}

// A reform figure with no date of its own: it applies from each scenario's reform start.
std::optional<Timeline> read_from_reform_start(FileProblems& problems, const JsonObject<NationalParameterKeys>& body,
                                               ParameterKind kind) {
  problems.check(
      check_known_keys(body.json(), body.pointer(), {"description", "unit", "review", "value", "source", "status"}));
  const std::size_t before = problems.count();
  DatedValue dv{DateRange{Date::min(), Date::max()}, 0, {}, SourceStatus::kConfirmed, body.pointer()};
  if (auto v = problems.take(body.required_as("value", "the parameter's value", value_reader(kind)))) {
    dv.value = rule_values::stored_value(*v);
  }
  if (auto s = source_field(problems, body, kSourceWords)) dv.source = *s;
  if (auto s = status_field(problems, body)) dv.status = *s;
  if (problems.count() != before) return std::nullopt;
  return Timeline(std::vector<DatedValue>{std::move(dv)}, true);
}

void read_national_parameter(FileProblems& problems, const Json& value, const std::string& pointer, Param param,
                             RuleSet& rs, std::vector<ReviewedTimeline>& reviewed) {
  const ParamInfo& info = param_info(param);
  // Which keys the body may have depends on its form, so they are checked below.
  auto body = open_object<NationalParameterKeys>(problems, value, pointer, "an object {\"values\": [...]}", false);
  if (!body) return;
  check_unit(problems, *body, info.kind);
  check_description(problems, *body);
  Timeline& timeline = rs.params[static_cast<std::size_t>(param)];
  const bool plain_reform = info.reform && !body->has("values") && body->has("value");
  auto mark = read_review(problems, *body, rs.format, info.name, info.least_review, info.review_days, plain_reform);
  if (const Json* values = body->find("values")) {
    problems.check(
        check_known_keys(value, pointer, {"description", "unit", "review", "review_on", "rounded_to", "values"}));
    auto v = read_dated_values(problems, *values, info.kind, body->pointer_to("values"), std::nullopt);
    if (v && mark) {
      check_last_value_ends(problems, *mark, *v, rs.format);
      timeline = Timeline(std::move(*v));
      timeline.set_review(mark->review, mark->days);
      timeline.set_rounded_to(read_rounded_to(problems, *body, *mark, info.kind));
      if (reviewed_periodically(mark->review)) reviewed.push_back(ReviewedTimeline{&timeline, mark->days});
    }
  } else if (plain_reform) {
    if (auto t = read_from_reform_start(problems, *body, info.kind)) {
      timeline = *t;
      timeline.set_review(Review::kScenario);
    }
  } else {
    problems.add(body->pointer_to("values"),
                 info.reform ? "missing: \"values\": [{\"from\", \"to\"?, \"value\", \"source\", \"status\"}], or a "
                               "plain \"value\" with \"source\" and \"status\" that applies from each scenario's "
                               "reform start"
                             : "missing: \"values\": [{\"from\", \"to\"?, \"value\", \"source\", \"status\"}] (an "
                               "empty list if no figure is known)");
  }
}

// A format-1 file's open yearly figures are known to a day the loader works out: said, so the
// reader of `rules check` sees it (a note, never a problem: such files are published).
void note_known_spans(FileProblems& problems, std::optional<Date> latest_from,
                      const std::vector<ReviewedTimeline>& reviewed) {
  if (!latest_from) return;
  Date known_to = Date::max();
  for (const ReviewedTimeline& r : reviewed) {
    if (!r.timeline->empty() && r.timeline->values().back().range.open()) {
      known_to = std::min(known_to, r.timeline->known_to());
    }
  }
  problems.note("format 1 (no \"review\"): its open yearly figures are known to " + to_string(known_to) +
                ", the day before their first review day after " + to_string(*latest_from) +
                " (the latest \"from\" of a yearly figure in the file); later days are unpublished");
}

void read_national_parameters(FileProblems& problems, const Json& params, const std::string& pointer, RuleSet& rs) {
  if (!params.is_object()) {
    problems.add(pointer, "expected an object of parameter name to its values, got " + json_type_name(params));
    return;
  }
  std::vector<ReviewedTimeline> reviewed;
  for (auto it = params.begin(); it != params.end(); ++it) {
    const std::string pp = child_pointer(pointer, it.key());
    if (auto param = param_by_name(it.key())) {
      read_national_parameter(problems, it.value(), pp, *param, rs, reviewed);
    } else {
      problems.add(pp, unknown_name("parameter", it.key(), national_param_names()));
    }
  }
  note_known_spans(problems, settle_known_spans(reviewed), reviewed);
}

// A disregard's parameter: the name of a weekly amount of money.
std::optional<Param> read_disregard_param(FileProblems& problems, const JsonObject<DisregardKeys>& d,
                                          JsonObject<DisregardKeys>::Key k, bool required) {
  auto name = string_field(problems, d, k, required, "the name of a money parameter");
  if (!name) return std::nullopt;
  const std::string pointer = d.pointer_to(k);
  auto p = param_by_name(*name);
  if (!p) {
    problems.add(pointer, unknown_name("parameter", *name, national_param_names()));
    return std::nullopt;
  }
  if (param_info(*p).kind != ParameterKind::kMoney || param_info(*p).reform) {
    problems.add(pointer, "'" + *name + "' is not a weekly amount of money, so it cannot be a disregard");
    return std::nullopt;
  }
  return p;
}

// "disregard": {"single": <parameter>, "couple"?: <parameter>}, only with counted_less_disregard.
void read_disregard(FileProblems& problems, const JsonObject<TreatmentKeys>& body,
                    std::optional<IncomeTreatmentKind> kind, IncomeTreatment& t) {
  const Json* disregard = body.find("disregard");
  const bool less_disregard = kind == IncomeTreatmentKind::kCountedLessDisregard;
  if (kind && less_disregard && !disregard) {
    problems.add(body.pointer_to("disregard"), "missing: {\"single\": <parameter>, \"couple\"?: <parameter>} naming "
                                               "the weekly amount disregarded");
  } else if (kind && !less_disregard && disregard) {
    problems.add(body.pointer_to("disregard"),
                 "a disregard applies only with \"treatment\": \"counted_less_disregard\"");
  } else if (disregard) {
    auto d = problems.take(JsonObject<DisregardKeys>::open(*disregard, body.pointer_to("disregard")));
    if (!d) return;
    t.disregard_single = read_disregard_param(problems, *d, "single", true);
    t.disregard_couple = read_disregard_param(problems, *d, "couple", false);
  }
}

Result<IncomeTreatmentKind> read_treatment_kind(const Json& value, const std::string& pointer) {
  if (value.is_string()) {
    if (auto k = kIncomeTreatmentNames.find(value.get_ref<const std::string&>())) return *k;
  }
  const std::string got = value.is_string() ? "\"" + value.get<std::string>() + "\"" : json_type_name(value);
  return invalid_input(pointer, "expected " + kIncomeTreatmentNames.alternatives() + ", got " + got);
}

// One income type's treatment: {"treatment", "disregard"?, "source", "description"?}.
std::optional<IncomeTreatment> read_treatment(FileProblems& problems, const Json& value, const std::string& pointer) {
  const std::size_t before = problems.count();
  auto body = open_object<TreatmentKeys>(problems, value, pointer,
                                         "an object {\"treatment\", \"disregard\"?, \"source\"}");
  if (!body) return std::nullopt;
  IncomeTreatment t;
  t.given = true;
  t.pointer = pointer;
  auto kind = problems.take(body->required_as("treatment", "the treatment: " + kIncomeTreatmentNames.alternatives(),
                                              read_treatment_kind));
  if (kind) t.kind = *kind;
  if (auto s = source_field(problems, *body, "the law or guidance that sets this treatment")) t.source = *s;
  check_description(problems, *body);
  read_disregard(problems, *body, kind, t);
  if (problems.count() != before) return std::nullopt;
  return t;
}

void read_income_types(FileProblems& problems, const Json& types, const std::string& pointer, RuleSet& rs) {
  if (!types.is_object()) {
    problems.add(pointer, "expected an object of income type to its treatment, got " + json_type_name(types));
    return;
  }
  std::array<bool, kIncomeTypeCount> seen{};
  for (auto it = types.begin(); it != types.end(); ++it) {
    const std::string tp = child_pointer(pointer, it.key());
    auto type = income_type_by_name(it.key());
    if (!type) {
      problems.add(tp, unknown_name("income type", it.key(), income_type_names()));
      continue;
    }
    seen[static_cast<std::size_t>(*type)] = true;
    if (auto t = read_treatment(problems, it.value(), tp)) rs.income[static_cast<std::size_t>(*type)] = std::move(*t);
  }
  std::string missing;
  for (const auto& [type, name] : kIncomeTypeNames) {
    if (seen[static_cast<std::size_t>(type)] || (rs.format == 1 && added_in_format_2(type))) continue;
    missing += (missing.empty() ? "" : ", ") + std::string(name);
  }
  if (!missing.empty()) {
    problems.add(pointer, "every income type needs a treatment (none is assumed); missing: " + missing);
  }
}

// Age at pension-credit age: {"years", "months"?}.
void read_age(FileProblems& problems, const Json& value, const std::string& pointer, PensionAgeBand& band) {
  auto age = problems.take(JsonObject<AgeKeys>::open(value, pointer));
  if (!age) return;
  if (auto years = problems.take(age->whole_number("years", 0, 150))) band.years = static_cast<int>(*years);
  auto months = problems.take(age->optional_whole_number("months", 0, 11));
  if (months && *months) band.months = static_cast<int>(**months);
}

// One band's fields; nullopt (with its problems recorded) unless all of them are right.
std::optional<PensionAgeBand> read_band(FileProblems& problems, const Json& value, const std::string& pointer) {
  const std::size_t before = problems.count();
  auto b = open_object<BandKeys>(problems, value, pointer, "a band object");
  if (!b) return std::nullopt;
  PensionAgeBand band;
  band.pointer = pointer;
  auto from = problems.take(b->required_as("born_from", "the first date of birth in the band", read_date));
  auto to = problems.take(b->required_as("born_to", "the last date of birth in the band", read_date));
  if (from) band.born.first = *from;
  if (to) band.born.last = *to;
  const Json* age = b->find("age");
  const Json* reached = b->find("reached_on");
  if ((age == nullptr) == (reached == nullptr)) {
    problems.add(pointer, "give exactly one of \"age\": {\"years\", \"months\"?} or \"reached_on\": \"YYYY-MM-DD\"");
  } else if (age) {
    read_age(problems, *age, b->pointer_to("age"), band);
  } else if (auto d = problems.take(read_date(*reached, b->pointer_to("reached_on")))) {
    band.reached_on = *d;
    if (to && *d <= band.born.last) {
      problems.add(b->pointer_to("reached_on"), "the band reaches pension-credit age on " + to_string(*d) +
                                                    ", not after its last date of birth " + to_string(band.born.last));
    }
  }
  if (auto s = source_field(problems, *b, "the Act that sets this band")) band.source = *s;
  check_description(problems, *b);
  if (from && to && band.born.last < band.born.first) {
    problems.add(b->pointer_to("born_to"), "the band ends (" + to_string(band.born.last) + ") before it starts (" +
                                               to_string(band.born.first) + ")");
  }
  if (problems.count() != before) return std::nullopt;
  return band;
}

void read_pension_age(FileProblems& problems, const Json& bands, const std::string& pointer, RuleSet& rs) {
  if (!bands.is_array() || bands.empty()) {
    problems.add(pointer, "expected a non-empty list of bands {\"born_from\", \"born_to\", \"age\" | \"reached_on\", "
                          "\"source\"}, got " + json_type_name(bands));
    return;
  }
  const std::size_t before = problems.count();
  std::optional<PensionAgeBand> prev;
  for (std::size_t i = 0; i < bands.size(); ++i) {
    auto band = read_band(problems, bands[i], child_pointer(pointer, i));
    if (!band) {
      prev.reset();
      continue;
    }
    // Every date of birth must fall in exactly one band: bands follow on day after day.
    if (prev && band->born.first != prev->born.last.next()) {
      problems.add(band->pointer + "/born_from",
                   "bands must follow on without gap or overlap: this one starts " + to_string(band->born.first) +
                       " but the previous one ends " + to_string(prev->born.last) + " (expected " +
                       to_string(prev->born.last.next()) + ")");
    }
    prev = band;
    rs.pension_age.push_back(std::move(*band));
  }
  if (problems.count() != before) rs.pension_age.clear();
}

void read_scenarios(FileProblems& problems, const Json& scenarios, const std::string& pointer, RuleSet& rs) {
  if (!scenarios.is_object() || scenarios.empty()) {
    problems.add(pointer, "expected an object of scenario name to {\"description\", \"reform_start\", …} with at "
                          "least one scenario, got " + json_type_name(scenarios));
    return;
  }
  for (auto it = scenarios.begin(); it != scenarios.end(); ++it) {
    const std::string sp = child_pointer(pointer, it.key());
    if (!is_name(it.key(), false)) {
      problems.add(sp, "a scenario name uses only a-z, 0-9, '-', '_', '.' and '+': '" + it.key() + "'");
      continue;
    }
    if (auto s = problems.take(rule_values::read_rule_file_scenario(it.value(), rs, it.key(), sp))) {
      rs.scenarios[it.key()] = std::move(*s);
    }
  }
}

template <class Keys>
std::optional<std::string> read_version(FileProblems& problems, const JsonObject<Keys>& doc, const std::string& stem) {
  auto version = string_field(problems, doc, "version", true, "the version, e.g. \"2025-04\"");
  if (!version) return std::nullopt;
  if (!is_name(*version, true)) {
    problems.add("/version", "a version uses only letters, digits, '-', '_', '.' and '+': '" + *version + "'");
    return std::nullopt;
  }
  if (*version != stem) {
    problems.add("/version", "the version '" + *version + "' does not match the file name '" + stem +
                                 ".json' (a rule file is named after its version)");
    return std::nullopt;
  }
  return version;
}

// A section of a national file, read by `read(problems, value, pointer, rules)`, or a problem
// saying what it should hold.
template <class Read>
void read_section(FileProblems& problems, const JsonObject<NationalFileKeys>& doc,
                  JsonObject<NationalFileKeys>::Key k, const char* missing, Read read, RuleSet& rs) {
  if (const Json* v = doc.find(k)) {
    read(problems, *v, doc.pointer_to(k), rs);
  } else {
    problems.add(doc.pointer_to(k), std::string("missing: ") + missing);
  }
}

// "format": 1 (absent; the first files, with no review marks) or 2.
template <class Keys>
int read_format(FileProblems& problems, const JsonObject<Keys>& doc) {
  const Json* f = doc.find("format");
  if (f == nullptr) return 1;
  if (f->is_number_integer() && (f->get<int64_t>() == 1 || f->get<int64_t>() == 2)) return f->get<int>();
  problems.add(doc.pointer_to("format"), "expected 2 (the format with \"review\" on every parameter) or 1, got " +
                                             f->dump());
  return 2;
}

std::optional<RuleSet> read_national(FileProblems& problems, const Json& value, const std::string& dir_id,
                                     const std::string& stem) {
  auto doc = open_object<NationalFileKeys>(problems, value, "", "a national rule file (a JSON object)");
  if (!doc) return std::nullopt;
  RuleSet rs;
  rs.format = read_format(problems, *doc);
  if (auto id = string_field(problems, *doc, "id", true, "the rule set's id, e.g. \"england\"")) {
    if (*id != dir_id) {
      problems.add("/id", "the id '" + *id + "' does not match the folder the file is in ('" + dir_id + "')");
    }
    rs.ref.id = *id;
  }
  if (auto version = read_version(problems, *doc, stem)) rs.ref.version = *version;
  if (auto d = string_field(problems, *doc, "description", false, "a description")) rs.description = *d;
  string_field(problems, *doc, "$schema", false, "the schema's path or URL");

  read_section(problems, *doc, "parameters", "the national parameters", read_national_parameters, rs);
  read_section(problems, *doc, "income_types", "how each income type is treated", read_income_types, rs);
  read_section(problems, *doc, "pension_credit_age", "pension-credit age bands by date of birth", read_pension_age, rs);
  // Scenarios may fill in from the national parameters, so they are read last.
  read_section(problems, *doc, "scenarios", "the named scenarios (at least current law)", read_scenarios, rs);
  if (!problems.clean()) return std::nullopt;
  return rs;
}

// A council file's own status: "confirmed" (real figures only) or "illustrative" (made up).
std::optional<SourceStatus> read_council_status(FileProblems& problems, const JsonObject<CouncilFileKeys>& doc) {
  auto s = string_field(problems, doc, "status", true, "\"confirmed\" or \"illustrative\"");
  if (!s) return std::nullopt;
  if (*s == "confirmed") return SourceStatus::kConfirmed;
  if (*s == "illustrative") return SourceStatus::kIllustrative;
  problems.add("/status",
               "a council file is \"confirmed\" (real figures only) or \"illustrative\" (made up), got \"" + *s + "\"");
  return std::nullopt;
}

void read_council_parameter(FileProblems& problems, const Json& value, const std::string& pointer,
                            CouncilParam param, std::optional<SourceStatus> status, CouncilRules& c,
                            std::vector<ReviewedTimeline>& reviewed) {
  auto body = open_object<CouncilParameterKeys>(problems, value, pointer, "an object {\"values\": [...]}");
  if (!body) return;
  const CouncilParamInfo& info = council_param_info(param);
  check_unit(problems, *body, info.kind);
  check_description(problems, *body);
  auto mark = read_review(problems, *body, c.format, info.name, info.least_review, info.review_days, false);
  const Json* values = body->find("values");
  if (!values) {
    problems.add(body->pointer_to("values"),
                 "missing: \"values\": [{\"from\", \"to\"?, \"value\", \"source\", \"status\"}]");
    return;
  }
  auto v = read_dated_values(problems, *values, info.kind, body->pointer_to("values"), status);
  if (!v || !mark) return;
  check_last_value_ends(problems, *mark, *v, c.format);
  Timeline& timeline = c.params[static_cast<std::size_t>(param)];
  timeline = Timeline(std::move(*v));
  timeline.set_review(mark->review, mark->days);
  timeline.set_rounded_to(read_rounded_to(problems, *body, *mark, info.kind));
  if (reviewed_periodically(mark->review)) reviewed.push_back(ReviewedTimeline{&timeline, mark->days});
}

void read_council_parameters(FileProblems& problems, const JsonObject<CouncilFileKeys>& doc,
                             std::optional<SourceStatus> status, CouncilRules& c) {
  const Json* params = doc.find("parameters");
  if (!params) {
    problems.add("/parameters", "missing: the council's rates and charging options");
    return;
  }
  if (!params->is_object()) {
    problems.add("/parameters", "expected an object of parameter name to its values, got " + json_type_name(*params));
    return;
  }
  std::vector<ReviewedTimeline> reviewed;
  for (auto it = params->begin(); it != params->end(); ++it) {
    const std::string pp = child_pointer("/parameters", it.key());
    if (auto param = council_param_by_name(it.key())) {
      read_council_parameter(problems, it.value(), pp, *param, status, c, reviewed);
    } else {
      problems.add(pp, unknown_name("council parameter", it.key(), council_param_names()));
    }
  }
  note_known_spans(problems, settle_known_spans(reviewed), reviewed);
}

// A council file councils/<id>/<version>.json: `folder` is its id, `stem` its version.
std::optional<CouncilRules> read_council(FileProblems& problems, const Json& value, const std::string& folder,
                                         const std::string& stem) {
  auto doc = open_object<CouncilFileKeys>(problems, value, "", "a council rule file (a JSON object)");
  if (!doc) return std::nullopt;
  CouncilRules c;
  c.format = read_format(problems, *doc);
  if (auto id = string_field(problems, *doc, "id", true, "the council's id, the name of the folder its file is in")) {
    if (*id != folder) {
      problems.add("/id", "the council id '" + *id + "' does not match the folder the file is in ('councils/" +
                              folder + "/')");
    } else if (!is_name(*id, false)) {
      problems.add("/id", "a council id uses only a-z, 0-9, '-', '_', '.' and '+': '" + *id + "'");
    }
    c.ref.id = *id;
  }
  if (auto name = string_field(problems, *doc, "name", true, "the council's name")) {
    if (name->empty()) problems.add("/name", "the council's name is empty");
    c.name = *name;
  }
  if (auto version = read_version(problems, *doc, stem)) c.ref.version = *version;
  string_field(problems, *doc, "description", false, "a description");
  string_field(problems, *doc, "$schema", false, "the schema's path or URL");
  std::optional<SourceStatus> status = read_council_status(problems, *doc);
  if (status) c.status = *status;
  read_council_parameters(problems, *doc, status, c);
  if (!problems.clean()) return std::nullopt;
  return c;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Where a file sits under the rules directory, and the names its path gives it.
struct RuleFileLocation {
  enum Kind { kNational, kCouncil, kFlatCouncil, kElsewhere } kind = kElsewhere;
  std::string folder;  // "england"; a council's id
  std::string stem;    // the file's name without .json: its version (a flat council file: its id)
};

RuleFileLocation locate(const std::string& path) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    std::size_t slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  const std::string& name = parts.back();
  if (!ends_with(name, ".json") || name.size() <= 5) return {};
  const std::string stem = name.substr(0, name.size() - 5);
  if (parts.size() == 2 && parts[0] == "england") return {RuleFileLocation::kNational, parts[0], stem};
  if (parts.size() == 2 && parts[0] == "councils") return {RuleFileLocation::kFlatCouncil, parts[0], stem};
  if (parts.size() == 3 && parts[0] == "councils" && !parts[1].empty()) {
    return {RuleFileLocation::kCouncil, parts[1], stem};
  }
  return {};
}

// A council file in the first layout (councils/<id>.json): where it belongs now.
std::string move_to_version_folder(const Json& doc, const std::string& id) {
  std::string message = "council files are kept by version: move councils/" + id + ".json to councils/" + id +
                        "/<version>.json";
  if (doc.is_object() && doc.contains("version") && doc["version"].is_string()) {
    const std::string version = doc["version"].get<std::string>();
    if (is_name(version, true)) message += " (its \"version\" is \"" + version + "\": councils/" + id + "/" + version + ".json)";
  }
  return message;
}

void add_rule_set(FileProblems& problems, RuleSet rs, RuleFileRef ref, std::vector<RuleSet>& sets) {
  ref.id = rs.ref.id;
  ref.version = rs.ref.version;
  rs.ref = std::move(ref);
  for (const auto& other : sets) {
    if (other.ref.id == rs.ref.id && other.ref.version == rs.ref.version) {
      problems.add("/version", "rule set " + rs.ref.id + " " + rs.ref.version + " is already defined by " + other.ref.file);
      return;
    }
  }
  sets.push_back(std::move(rs));
}

void add_council(FileProblems& problems, CouncilRules c, RuleFileRef ref, std::vector<CouncilRules>& councils) {
  ref.id = c.ref.id;
  ref.version = c.ref.version;
  c.ref = std::move(ref);
  for (const auto& other : councils) {
    if (other.ref.id == c.ref.id && other.ref.version == c.ref.version) {
      problems.add("/version", "council " + c.ref.id + " " + c.ref.version + " is already defined by " + other.ref.file);
      return;
    }
  }
  councils.push_back(std::move(c));
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 0xF]);
  }
  return out;
}

RuleLoadReport load_rules(const std::vector<RuleFile>& files) {
  RuleLoadReport report;
  std::vector<RuleSet> sets;
  std::vector<CouncilRules> councils;
  for (const RuleFile& file : files) {
    FileProblems problems(file.path, report.errors, report.notes);
    const RuleFileLocation at = locate(file.path);
    if (at.kind == RuleFileLocation::kElsewhere) {
      problems.add("", "not a rule file location: national rule sets are england/<version>.json, councils are "
                       "councils/<id>/<version>.json (uprating rates, uprating/<version>.json, are read on their own)");
      continue;
    }
    auto doc = problems.take(parse_json_strict(file.content));
    if (!doc) continue;
    RuleFileRef ref{"", "", sha256_hex(file.content), file.path};
    switch (at.kind) {
      case RuleFileLocation::kNational:
        if (auto rs = read_national(problems, *doc, at.folder, at.stem)) add_rule_set(problems, std::move(*rs), ref, sets);
        break;
      case RuleFileLocation::kCouncil:
        if (auto c = read_council(problems, *doc, at.folder, at.stem)) add_council(problems, std::move(*c), ref, councils);
        break;
      case RuleFileLocation::kFlatCouncil: problems.add("", move_to_version_folder(*doc, at.stem)); break;
      case RuleFileLocation::kElsewhere: break;
    }
  }
  std::sort(councils.begin(), councils.end(), [](const CouncilRules& a, const CouncilRules& b) {
    return std::tie(a.ref.id, a.ref.version) < std::tie(b.ref.id, b.ref.version);
  });
  // Each national version takes, for each council, the latest version not later than its own:
  // a council file added later never changes an earlier version's results, and neither file
  // needs copying when the other is corrected.
  for (auto& rs : sets) {
    for (const auto& c : councils) {
      if (c.ref.version <= rs.ref.version) rs.councils[c.ref.id] = c;
    }
  }
  std::sort(sets.begin(), sets.end(), [](const RuleSet& a, const RuleSet& b) {
    return std::tie(a.ref.id, a.ref.version) < std::tie(b.ref.id, b.ref.version);
  });
  report.rule_sets = std::move(sets);
  report.councils = std::move(councils);
  return report;
}

Result<const RuleSet*> RuleCatalog::find(std::string_view spec) const {
  std::string want(spec);
  const RuleSet* found = nullptr;
  auto slash = want.find('/');
  if (slash != std::string::npos) {
    std::string id = want.substr(0, slash), version = want.substr(slash + 1);
    for (const auto& rs : sets_) {
      if (rs.ref.id == id && rs.ref.version == version) found = &rs;
    }
  } else {
    std::string id = want.empty() ? "england" : want;
    // Sets are ordered by (id, version), so the last match is the latest version.
    for (const auto& rs : sets_) {
      if (rs.ref.id == id) found = &rs;
    }
    if (!found) {
      for (const auto& rs : sets_) {
        if (rs.ref.version == want && (!found || rs.ref.id == "england")) found = &rs;
      }
    }
  }
  if (found) return found;
  std::string available;
  for (const auto& rs : sets_) available += (available.empty() ? "" : ", ") + rs.ref.id + "/" + rs.ref.version;
  return Error{ErrorCode::kUnknownRules,
               "no rule set '" + want + "' (available: " + (available.empty() ? "none" : available) +
                   "; give \"england\" for the latest, or \"england/<version>\")",
               "", {}};
}

}  // namespace caremeter
