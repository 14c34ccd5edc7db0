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

#include "caremeter/json/json_io.h"
#include "rule_values.h"

namespace caremeter {

namespace {

// Problems of one file, each with the file's path and a pointer into it.
class FileProblems {
 public:
  FileProblems(const std::string& file, std::vector<Error>& errors) : file_(file), errors_(errors), start_(errors.size()) {}

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
  bool check(Status s) { return take(std::move(s)).has_value(); }
  bool clean() const { return errors_.size() == start_; }
  std::size_t count() const { return errors_.size(); }

 private:
  const std::string& file_;
  std::vector<Error>& errors_;
  std::size_t start_;
};

std::string tok(const std::string& key) { return json_pointer_token(key); }

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
  for (std::size_t i = 0; i < kIncomeTypeCount; ++i) out.push_back(income_type_name(static_cast<IncomeType>(i)));
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

const Json* member(const Json& object, const char* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// A required or optional string field.
std::optional<std::string> read_string(FileProblems& problems, const Json& object, const char* key,
                                       const std::string& pointer, bool required, const char* what) {
  const Json* v = member(object, key);
  std::string p = pointer + "/" + key;
  if (!v) {
    if (required) problems.add(p, std::string("missing: ") + what);
    return std::nullopt;
  }
  if (!v->is_string()) {
    problems.add(p, std::string("expected ") + what + " as a string, got " + json_type_name(*v));
    return std::nullopt;
  }
  return v->get<std::string>();
}

// The optional "unit" of a parameter documents it; when given it must agree with the kind.
void check_unit(FileProblems& problems, const Json& param, ParameterKind kind, const std::string& pointer) {
  const Json* unit = member(param, "unit");
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
  problems.add(pointer + "/unit", "expected the unit of this parameter: " + list + ", got " +
                                      (unit->is_string() ? "\"" + unit->get<std::string>() + "\"" : json_type_name(*unit)));
}

// A parameter's dated values: [{"from", "to"?, "value", "source", "status"}, …], ordered and
// not overlapping; gaps are allowed (a lookup in a gap is an error, never a zero).
// `required_status`, when set, is the only status a value may have (a council's own status).
std::optional<std::vector<DatedValue>> read_dated_values(FileProblems& problems, const Json& list,
                                                         ParameterKind kind, const std::string& pointer,
                                                         std::optional<SourceStatus> required_status) {
  if (!list.is_array()) {
    problems.add(pointer, "expected a list of dated values [{\"from\", \"to\"?, \"value\", \"source\", \"status\"}], got " +
                              json_type_name(list));
    return std::nullopt;
  }
  std::size_t before = problems.count();
  std::vector<DatedValue> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& entry = list[i];
    std::string ep = pointer + "/" + std::to_string(i);
    if (!entry.is_object()) {
      problems.add(ep, "expected a dated value {\"from\", \"to\"?, \"value\", \"source\", \"status\"}, got " +
                           json_type_name(entry));
      continue;
    }
    std::size_t entry_before = problems.count();
    problems.check(check_known_keys(entry, ep, {"from", "to", "value", "source", "status"}));
    DatedValue dv;
    dv.pointer = ep;
    if (const Json* from = member(entry, "from")) {
      if (auto d = problems.take(read_date(*from, ep + "/from"))) dv.range.first = *d;
    } else {
      problems.add(ep + "/from", "missing: the first day this value applies");
    }
    if (const Json* to = member(entry, "to"); to && !to->is_null()) {
      if (auto d = problems.take(read_date(*to, ep + "/to"))) dv.range.last = *d;
    }
    if (const Json* value = member(entry, "value")) {
      if (auto v = problems.take(rule_values::read_value(*value, kind, ep + "/value", true))) dv.value = *v;
    } else {
      problems.add(ep + "/value", "missing: the parameter's value");
    }
    if (const Json* source = member(entry, "source")) {
      if (auto s = problems.take(rule_values::read_source(*source, ep + "/source"))) dv.source = *s;
    } else {
      problems.add(ep + "/source", "missing: every value names its source (a citation or URL)");
    }
    if (const Json* status = member(entry, "status")) {
      if (auto s = problems.take(rule_values::read_status(*status, ep + "/status"))) {
        dv.status = *s;
        if (required_status && *s != *required_status) {
          problems.add(ep + "/status",
                       std::string("this council file is ") + source_status_name(*required_status) +
                           ", so each of its values must be \"" + source_status_name(*required_status) +
                           "\" (a confirmed council carries only confirmed figures; an illustrative one only made-up "
                           "ones)");
        }
      }
    } else {
      problems.add(ep + "/status", "missing: \"confirmed\", \"derived\" or \"illustrative\"");
    }
    if (problems.count() != entry_before) continue;
    if (dv.range.last < dv.range.first) {
      problems.add(ep + "/to", "the value ends (" + to_string(dv.range.last) + ") before it starts (" +
                                   to_string(dv.range.first) + ")");
      continue;
    }
    if (!out.empty()) {
      const DatedValue& prev = out.back();
      if (dv.range.first <= prev.range.first) {
        problems.add(ep + "/from", "values must be in date order: this one starts " + to_string(dv.range.first) +
                                       ", not after the previous one (" + prev.pointer + ", from " +
                                       to_string(prev.range.first) + ")");
        continue;
      }
      if (dv.range.first <= prev.range.last) {
        problems.add(ep + "/from", "overlaps the previous value (" + prev.pointer + ", " + to_string(prev.range.first) +
                                       " to " + (prev.range.open() ? std::string("open") : to_string(prev.range.last)) +
                                       "): give that one a \"to\" before " + to_string(dv.range.first));
        continue;
      }
    }
    out.push_back(std::move(dv));
  }
  if (problems.count() != before) return std::nullopt;
  return out;
}

void read_national_parameters(FileProblems& problems, const Json& params, RuleSet& rs) {
  const std::string pointer = "/parameters";
  if (!params.is_object()) {
    problems.add(pointer, "expected an object of parameter name to its values, got " + json_type_name(params));
    return;
  }
  for (auto it = params.begin(); it != params.end(); ++it) {
    std::string pp = pointer + "/" + tok(it.key());
    auto param = param_by_name(it.key());
    if (!param) {
      problems.add(pp, unknown_name("parameter", it.key(), national_param_names()));
      continue;
    }
    const ParamInfo& info = param_info(*param);
    const Json& body = it.value();
    if (!body.is_object()) {
      problems.add(pp, "expected an object {\"values\": [...]}, got " + json_type_name(body));
      continue;
    }
    check_unit(problems, body, info.kind, pp);
    if (const Json* d = member(body, "description"); d && !d->is_string()) {
      problems.add(pp + "/description", "expected a string, got " + json_type_name(*d));
    }
    if (body.contains("values")) {
      problems.check(check_known_keys(body, pp, {"description", "unit", "values"}));
      if (auto values = read_dated_values(problems, body["values"], info.kind, pp + "/values", std::nullopt)) {
        rs.params[static_cast<std::size_t>(*param)] = Timeline(std::move(*values));
      }
    } else if (info.reform && body.contains("value")) {
      // A reform figure with no date of its own: it applies from each scenario's reform start.
      problems.check(check_known_keys(body, pp, {"description", "unit", "value", "source", "status"}));
      std::size_t before = problems.count();
      DatedValue dv{DateRange{Date::min(), Date::max()}, 0, {}, SourceStatus::kConfirmed, pp};
      if (auto v = problems.take(rule_values::read_value(body["value"], info.kind, pp + "/value", true))) dv.value = *v;
      if (const Json* s = member(body, "source")) {
        if (auto src = problems.take(rule_values::read_source(*s, pp + "/source"))) dv.source = *src;
      } else {
        problems.add(pp + "/source", "missing: every value names its source (a citation or URL)");
      }
      if (const Json* s = member(body, "status")) {
        if (auto st = problems.take(rule_values::read_status(*s, pp + "/status"))) dv.status = *st;
      } else {
        problems.add(pp + "/status", "missing: \"confirmed\", \"derived\" or \"illustrative\"");
      }
      if (problems.count() == before) {
        rs.params[static_cast<std::size_t>(*param)] = Timeline(std::vector<DatedValue>{std::move(dv)}, true);
      }
    } else {
      problems.add(pp + "/values", info.reform ? "missing: \"values\": [{\"from\", \"to\"?, \"value\", \"source\", "
                                                 "\"status\"}], or a plain \"value\" with \"source\" and \"status\" "
                                                 "that applies from each scenario's reform start"
                                               : "missing: \"values\": [{\"from\", \"to\"?, \"value\", \"source\", "
                                                 "\"status\"}] (an empty list if no figure is known)");
    }
  }
}

void read_income_types(FileProblems& problems, const Json& types, RuleSet& rs) {
  const std::string pointer = "/income_types";
  if (!types.is_object()) {
    problems.add(pointer, "expected an object of income type to its treatment, got " + json_type_name(types));
    return;
  }
  std::array<bool, kIncomeTypeCount> seen{};
  for (auto it = types.begin(); it != types.end(); ++it) {
    std::string tp = pointer + "/" + tok(it.key());
    auto type = income_type_by_name(it.key());
    if (!type) {
      problems.add(tp, unknown_name("income type", it.key(), income_type_names()));
      continue;
    }
    seen[static_cast<std::size_t>(*type)] = true;
    const Json& body = it.value();
    if (!body.is_object()) {
      problems.add(tp, "expected an object {\"treatment\", \"disregard\"?, \"source\"}, got " + json_type_name(body));
      continue;
    }
    std::size_t before = problems.count();
    problems.check(check_known_keys(body, tp, {"treatment", "disregard", "source", "description"}));
    IncomeTreatment t;
    t.pointer = tp;
    auto treatment = read_string(problems, body, "treatment", tp, true,
                                 "the treatment: \"counted\", \"disregarded\" or \"counted_less_disregard\"");
    if (treatment) {
      if (*treatment == "counted") t.kind = IncomeTreatmentKind::kCounted;
      else if (*treatment == "disregarded") t.kind = IncomeTreatmentKind::kDisregarded;
      else if (*treatment == "counted_less_disregard") t.kind = IncomeTreatmentKind::kCountedLessDisregard;
      else {
        problems.add(tp + "/treatment", "expected \"counted\", \"disregarded\" or \"counted_less_disregard\", got \"" +
                                            *treatment + "\"");
        treatment.reset();
      }
    }
    if (const Json* s = member(body, "source")) {
      if (auto src = problems.take(rule_values::read_source(*s, tp + "/source"))) t.source = *src;
    } else {
      problems.add(tp + "/source", "missing: the law or guidance that sets this treatment");
    }
    if (const Json* d = member(body, "description"); d && !d->is_string()) {
      problems.add(tp + "/description", "expected a string, got " + json_type_name(*d));
    }
    const Json* disregard = member(body, "disregard");
    if (treatment && t.kind == IncomeTreatmentKind::kCountedLessDisregard && !disregard) {
      problems.add(tp + "/disregard", "missing: {\"single\": <parameter>, \"couple\"?: <parameter>} naming the "
                                      "weekly amount disregarded");
    } else if (treatment && t.kind != IncomeTreatmentKind::kCountedLessDisregard && disregard) {
      problems.add(tp + "/disregard", "a disregard applies only with \"treatment\": \"counted_less_disregard\"");
    } else if (disregard) {
      std::string dp = tp + "/disregard";
      if (problems.check(check_known_keys(*disregard, dp, {"single", "couple"}))) {
        auto read_param = [&](const char* key, bool required) -> std::optional<Param> {
          auto name = read_string(problems, *disregard, key, dp, required, "the name of a money parameter");
          if (!name) return std::nullopt;
          auto p = param_by_name(*name);
          if (!p) {
            problems.add(dp + "/" + key, unknown_name("parameter", *name, national_param_names()));
            return std::nullopt;
          }
          if (param_info(*p).kind != ParameterKind::kMoney || param_info(*p).reform) {
            problems.add(dp + "/" + key, "'" + *name + "' is not a weekly amount of money, so it cannot be a disregard");
            return std::nullopt;
          }
          return p;
        };
        t.disregard_single = read_param("single", true);
        t.disregard_couple = read_param("couple", false);
      }
    }
    if (problems.count() == before) rs.income[static_cast<std::size_t>(*type)] = std::move(t);
  }
  std::string missing;
  for (std::size_t i = 0; i < kIncomeTypeCount; ++i) {
    if (!seen[i]) missing += (missing.empty() ? "" : ", ") + std::string(income_type_name(static_cast<IncomeType>(i)));
  }
  if (!missing.empty()) {
    problems.add(pointer, "every income type needs a treatment (none is assumed); missing: " + missing);
  }
}

std::optional<int> read_small_int(FileProblems& problems, const Json& object, const char* key, const std::string& pointer,
                                  int maximum, bool required) {
  const Json* v = member(object, key);
  std::string p = pointer + "/" + key;
  if (!v) {
    if (required) problems.add(p, "missing: a whole number from 0 to " + std::to_string(maximum));
    return std::nullopt;
  }
  if ((v->is_number_integer() || v->is_number_unsigned()) && v->get<int64_t>() >= 0 && v->get<int64_t>() <= maximum) {
    return static_cast<int>(v->get<int64_t>());
  }
  std::string got = json_number_text(*v) ? *json_number_text(*v) : json_type_name(*v);
  problems.add(p, "expected a whole number from 0 to " + std::to_string(maximum) + ", got " + got);
  return std::nullopt;
}

void read_pension_age(FileProblems& problems, const Json& bands, RuleSet& rs) {
  const std::string pointer = "/pension_credit_age";
  if (!bands.is_array() || bands.empty()) {
    problems.add(pointer, "expected a non-empty list of bands {\"born_from\", \"born_to\", \"age\" | \"reached_on\", "
                          "\"source\"}, got " + json_type_name(bands));
    return;
  }
  std::size_t before = problems.count();
  std::optional<PensionAgeBand> prev;
  for (std::size_t i = 0; i < bands.size(); ++i) {
    const Json& b = bands[i];
    std::string bp = pointer + "/" + std::to_string(i);
    if (!b.is_object()) {
      problems.add(bp, "expected a band object, got " + json_type_name(b));
      prev.reset();
      continue;
    }
    std::size_t band_before = problems.count();
    problems.check(check_known_keys(b, bp, {"born_from", "born_to", "age", "reached_on", "source", "description"}));
    PensionAgeBand band;
    band.pointer = bp;
    bool have_from = false, have_to = false;
    if (const Json* v = member(b, "born_from")) {
      if (auto d = problems.take(read_date(*v, bp + "/born_from"))) {
        band.born.first = *d;
        have_from = true;
      }
    } else {
      problems.add(bp + "/born_from", "missing: the first date of birth in the band");
    }
    if (const Json* v = member(b, "born_to")) {
      if (auto d = problems.take(read_date(*v, bp + "/born_to"))) {
        band.born.last = *d;
        have_to = true;
      }
    } else {
      problems.add(bp + "/born_to", "missing: the last date of birth in the band");
    }
    const Json* age = member(b, "age");
    const Json* reached = member(b, "reached_on");
    if ((age == nullptr) == (reached == nullptr)) {
      problems.add(bp, "give exactly one of \"age\": {\"years\", \"months\"?} or \"reached_on\": \"YYYY-MM-DD\"");
    } else if (age) {
      if (problems.check(check_known_keys(*age, bp + "/age", {"years", "months"}))) {
        auto years = read_small_int(problems, *age, "years", bp + "/age", 150, true);
        auto months = read_small_int(problems, *age, "months", bp + "/age", 11, false);
        if (years) band.years = *years;
        if (months) band.months = *months;
      }
    } else if (auto d = problems.take(read_date(*reached, bp + "/reached_on"))) {
      band.reached_on = *d;
      if (have_to && *d <= band.born.last) {
        problems.add(bp + "/reached_on", "the band reaches pension-credit age on " + to_string(*d) +
                                             ", not after its last date of birth " + to_string(band.born.last));
      }
    }
    if (const Json* s = member(b, "source")) {
      if (auto src = problems.take(rule_values::read_source(*s, bp + "/source"))) band.source = *src;
    } else {
      problems.add(bp + "/source", "missing: the Act that sets this band");
    }
    if (have_from && have_to && band.born.last < band.born.first) {
      problems.add(bp + "/born_to", "the band ends (" + to_string(band.born.last) + ") before it starts (" +
                                        to_string(band.born.first) + ")");
    }
    if (problems.count() != band_before) {
      prev.reset();
      continue;
    }
    // Every date of birth must fall in exactly one band: bands follow on day after day.
    if (prev && band.born.first != prev->born.last.next()) {
      problems.add(bp + "/born_from",
                   "bands must follow on without gap or overlap: this one starts " + to_string(band.born.first) +
                       " but the previous one ends " + to_string(prev->born.last) + " (expected " +
                       to_string(prev->born.last.next()) + ")");
    }
    prev = band;
    rs.pension_age.push_back(std::move(band));
  }
  if (problems.count() != before) rs.pension_age.clear();
}

void read_scenarios(FileProblems& problems, const Json& scenarios, RuleSet& rs) {
  const std::string pointer = "/scenarios";
  if (!scenarios.is_object() || scenarios.empty()) {
    problems.add(pointer, "expected an object of scenario name to {\"description\", \"reform_start\", …} with at "
                          "least one scenario, got " + json_type_name(scenarios));
    return;
  }
  for (auto it = scenarios.begin(); it != scenarios.end(); ++it) {
    std::string sp = pointer + "/" + tok(it.key());
    if (!is_name(it.key(), false)) {
      problems.add(sp, "a scenario name uses only a-z, 0-9, '-', '_', '.' and '+': '" + it.key() + "'");
      continue;
    }
    if (auto s = problems.take(rule_values::read_scenario(it.value(), rs, it.key(),
                                                          rule_values::ScenarioOrigin::kRuleFile, sp))) {
      rs.scenarios[it.key()] = std::move(*s);
    }
  }
}

std::optional<std::string> read_version(FileProblems& problems, const Json& doc, const std::string& stem,
                                        bool must_match_stem) {
  auto version = read_string(problems, doc, "version", "", true, "the version, e.g. \"2025-04\"");
  if (!version) return std::nullopt;
  if (!is_name(*version, true)) {
    problems.add("/version", "a version uses only letters, digits, '-', '_', '.' and '+': '" + *version + "'");
    return std::nullopt;
  }
  if (must_match_stem && *version != stem) {
    problems.add("/version", "the version '" + *version + "' does not match the file name '" + stem +
                                 ".json' (a national rule file is named after its version)");
    return std::nullopt;
  }
  return version;
}

std::optional<RuleSet> read_national(FileProblems& problems, const Json& doc, const std::string& dir_id,
                                     const std::string& stem) {
  if (!doc.is_object()) {
    problems.add("", "expected a national rule file (a JSON object), got " + json_type_name(doc));
    return std::nullopt;
  }
  problems.check(check_known_keys(doc, "", {"$schema", "id", "version", "description", "parameters", "income_types",
                                            "pension_credit_age", "scenarios"}));
  RuleSet rs;
  if (auto id = read_string(problems, doc, "id", "", true, "the rule set's id, e.g. \"england\"")) {
    if (*id != dir_id) {
      problems.add("/id", "the id '" + *id + "' does not match the folder the file is in ('" + dir_id + "')");
    }
    rs.ref.id = *id;
  }
  if (auto version = read_version(problems, doc, stem, true)) rs.ref.version = *version;
  if (auto d = read_string(problems, doc, "description", "", false, "a description")) rs.description = *d;
  read_string(problems, doc, "$schema", "", false, "the schema's path or URL");

  if (const Json* p = member(doc, "parameters")) read_national_parameters(problems, *p, rs);
  else problems.add("/parameters", "missing: the national parameters");
  if (const Json* t = member(doc, "income_types")) read_income_types(problems, *t, rs);
  else problems.add("/income_types", "missing: how each income type is treated");
  if (const Json* b = member(doc, "pension_credit_age")) read_pension_age(problems, *b, rs);
  else problems.add("/pension_credit_age", "missing: pension-credit age bands by date of birth");
  // Scenarios may fill in from the national parameters, so they are read last.
  if (const Json* s = member(doc, "scenarios")) read_scenarios(problems, *s, rs);
  else problems.add("/scenarios", "missing: the named scenarios (at least current law)");
  if (!problems.clean()) return std::nullopt;
  return rs;
}

std::optional<CouncilRules> read_council(FileProblems& problems, const Json& doc, const std::string& stem) {
  if (!doc.is_object()) {
    problems.add("", "expected a council rule file (a JSON object), got " + json_type_name(doc));
    return std::nullopt;
  }
  problems.check(check_known_keys(doc, "", {"$schema", "id", "name", "version", "status", "description", "parameters"}));
  CouncilRules c;
  if (auto id = read_string(problems, doc, "id", "", true, "the council's id, the file's name without .json")) {
    if (*id != stem) {
      problems.add("/id", "the council id '" + *id + "' does not match the file name '" + stem + ".json'");
    } else if (!is_name(*id, false)) {
      problems.add("/id", "a council id uses only a-z, 0-9, '-', '_', '.' and '+': '" + *id + "'");
    }
    c.ref.id = *id;
  }
  if (auto name = read_string(problems, doc, "name", "", true, "the council's name")) {
    if (name->empty()) problems.add("/name", "the council's name is empty");
    c.name = *name;
  }
  if (auto version = read_version(problems, doc, stem, false)) c.ref.version = *version;
  read_string(problems, doc, "description", "", false, "a description");
  read_string(problems, doc, "$schema", "", false, "the schema's path or URL");
  std::optional<SourceStatus> status;
  if (auto s = read_string(problems, doc, "status", "", true, "\"confirmed\" or \"illustrative\"")) {
    if (*s == "confirmed") status = SourceStatus::kConfirmed;
    else if (*s == "illustrative") status = SourceStatus::kIllustrative;
    else problems.add("/status", "a council file is \"confirmed\" (real figures only) or \"illustrative\" (made up), got \"" + *s + "\"");
  }
  if (status) c.status = *status;

  const Json* params = member(doc, "parameters");
  if (!params) {
    problems.add("/parameters", "missing: the council's rates and charging options");
  } else if (!params->is_object()) {
    problems.add("/parameters", "expected an object of parameter name to its values, got " + json_type_name(*params));
  } else {
    for (auto it = params->begin(); it != params->end(); ++it) {
      std::string pp = "/parameters/" + tok(it.key());
      auto param = council_param_by_name(it.key());
      if (!param) {
        problems.add(pp, unknown_name("council parameter", it.key(), council_param_names()));
        continue;
      }
      const Json& body = it.value();
      if (!body.is_object()) {
        problems.add(pp, "expected an object {\"values\": [...]}, got " + json_type_name(body));
        continue;
      }
      problems.check(check_known_keys(body, pp, {"description", "unit", "values"}));
      const CouncilParamInfo& info = council_param_info(*param);
      check_unit(problems, body, info.kind, pp);
      if (const Json* d = member(body, "description"); d && !d->is_string()) {
        problems.add(pp + "/description", "expected a string, got " + json_type_name(*d));
      }
      const Json* values = member(body, "values");
      if (!values) {
        problems.add(pp + "/values", "missing: \"values\": [{\"from\", \"to\"?, \"value\", \"source\", \"status\"}]");
        continue;
      }
      if (auto v = read_dated_values(problems, *values, info.kind, pp + "/values", status)) {
        c.params[static_cast<std::size_t>(*param)] = Timeline(std::move(*v));
      }
    }
  }
  if (!problems.clean()) return std::nullopt;
  return c;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
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
    FileProblems problems(file.path, report.errors);
    auto slash = file.path.find('/');
    std::string dir = slash == std::string::npos ? "" : file.path.substr(0, slash);
    std::string rest = slash == std::string::npos ? file.path : file.path.substr(slash + 1);
    bool json = ends_with(rest, ".json") && rest.size() > 5 && rest.find('/') == std::string::npos;
    std::string stem = json ? rest.substr(0, rest.size() - 5) : "";
    if (!json || (dir != "england" && dir != "councils")) {
      problems.add("", "not a rule file location: national rule sets are england/<version>.json and councils are "
                       "councils/<id>.json");
      continue;
    }
    auto doc = problems.take(parse_json_strict(file.content));
    if (!doc) continue;
    RuleFileRef ref;
    ref.sha256 = sha256_hex(file.content);
    ref.file = file.path;
    if (dir == "england") {
      auto rs = read_national(problems, *doc, dir, stem);
      if (!rs) continue;
      ref.id = rs->ref.id;
      ref.version = rs->ref.version;
      rs->ref = ref;
      bool duplicate = false;
      for (const auto& other : sets) {
        if (other.ref.id == ref.id && other.ref.version == ref.version) {
          problems.add("/version", "rule set " + ref.id + " " + ref.version + " is already defined by " + other.ref.file);
          duplicate = true;
        }
      }
      if (!duplicate) sets.push_back(std::move(*rs));
    } else {
      auto c = read_council(problems, *doc, stem);
      if (!c) continue;
      ref.id = c->ref.id;
      ref.version = c->ref.version;
      c->ref = ref;
      bool duplicate = false;
      for (const auto& other : councils) {
        if (other.ref.id == ref.id) {
          problems.add("/id", "council " + ref.id + " is already defined by " + other.ref.file);
          duplicate = true;
        }
      }
      if (!duplicate) councils.push_back(std::move(*c));
    }
  }
  std::sort(councils.begin(), councils.end(),
            [](const CouncilRules& a, const CouncilRules& b) { return a.ref.id < b.ref.id; });
  for (auto& rs : sets) {
    for (const auto& c : councils) rs.councils[c.ref.id] = c;
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
