// calculate_cmd.cc — `caremeter calculate`: one person's account result on a date.
//
// The person file is read before the rules so that a mistake in it is reported even when the
// rules cannot be loaded; errors carry the file they are about and a pointer into it.
#include <exception>
#include <optional>
#include <string>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "caremeter/json/rule_loader.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "platform/env.h"
#include "platform/rules_dir.h"

namespace caremeter {

namespace {

struct CalculateOptions {
  std::string person_file;
  std::string as_of;
  std::string scenario = "current-law";
  std::string from;
  std::string to;
  std::optional<std::string> explain;  // given: "" (technical) or "plain"
  std::string capital = "assessed";
  std::string unpublished = "refuse";
  std::string rules_dir;
  std::string rules_version;
};

int run_calculate(Env& env, const CalculateOptions& o, const CLI::Option* from_opt, const CLI::Option* to_opt) {
  CalculationRequest request;
  auto as_of = parse_date_option(o.as_of, "--as-of");
  if (!as_of) return report_error(as_of.error());
  request.as_of = *as_of;
  auto from = parse_optional_date_option(from_opt, o.from);
  if (!from) return report_error(from.error());
  request.from = *from;
  auto to = parse_optional_date_option(to_opt, o.to);
  if (!to) return report_error(to.error());
  request.to = *to;
  auto capital = parse_capital_option(o.capital);
  if (!capital) return report_error(capital.error());
  request.capital = *capital;
  auto unpublished = parse_unpublished_option(o.unpublished);
  if (!unpublished) return report_error(unpublished.error());
  request.unpublished = *unpublished;
  if (o.explain) {
    if (!o.explain->empty() && *o.explain != kPlainExplanation) {
      return report_error(invalid_input("", "option --explain: expected nothing (each figure with its formula) or " +
                                                std::string(kPlainExplanation) + ", got '" + *o.explain + "'"));
    }
    request.explain = true;
    request.plain = *o.explain == kPlainExplanation;
  }

  auto text = read_input_file(env, o.person_file);
  if (!text) return report_error(text.error());
  auto person = parse_person(*text);
  if (!person) {
    Error e = std::move(person).error();
    e.file = o.person_file;
    return report_error(e);
  }

  std::string dir = o.rules_dir.empty() ? default_rules_dir(env) : o.rules_dir;
  auto catalog = load_rule_catalog(env, dir);
  if (!catalog) return report_error(catalog.error());
  auto rules = catalog->find(o.rules_version);
  if (!rules) return report_error(rules.error());

  auto scenario = resolve_scenario(env, **rules, o.scenario);
  if (!scenario) return report_error(scenario.error());

  auto result = calculate(*person, **rules, *scenario, request);
  if (!result) {
    Error e = std::move(result).error();
    // Input errors found while calculating point at a record of the person file.
    if (e.file.empty() && e.code == ErrorCode::kInvalidInput) e.file = o.person_file;
    return report_error(e);
  }
  std::string out = account_result_to_json(*result);
  out.push_back('\n');
  if (auto written = write_stdout(out); !written) {
    report_error(written.error());
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

int calculate_main(int argc, char** argv) {
  try {
    CLI::App app{"One person's charges and care account on a date (the account result as JSON on stdout).",
                 "caremeter calculate"};
    CalculateOptions o;
    app.add_option("--person", o.person_file, "the person document (JSON, see doc/person-document.md)")
        ->required();
    app.add_option("--as-of", o.as_of, "the date the account is calculated on (YYYY-MM-DD)")->required();
    app.add_option("--scenario", o.scenario,
                   "a scenario name from the rule set, or a scenario object in a .json file")
        ->capture_default_str();
    CLI::Option* from_opt = app.add_option("--from", o.from, "start of the totals and periods window (YYYY-MM-DD)");
    CLI::Option* to_opt = app.add_option("--to", o.to, "end of the totals and periods window (default: --as-of)");
    std::string explain_mode;
    CLI::Option* explain_opt =
        app.add_option("--explain", explain_mode,
                       "show each figure with its inputs and the rule values it used; --explain plain adds the "
                       "reasons in plain English (\"why\")")
            ->expected(0, 1);
    app.add_option("--capital", o.capital, "capital over time: assessed (finance runs) or spend_down (policy runs)")
        ->capture_default_str();
    app.add_option("--unpublished", o.unpublished, kUnpublishedHelp)->capture_default_str();
    app.add_option("--rules", o.rules_dir, "the rules directory (default: the installed rules)");
    app.add_option("--rules-version", o.rules_version,
                   "rule set: england, england/2025-04 or 2025-04 (default: the latest)");
    if (auto status = parse_command_line(app, argc, argv)) return *status;
    if (explain_opt->count() > 0) o.explain = explain_mode;
    return run_calculate(*Env::posix(), o, from_opt, to_opt);
  } catch (const MoneyOverflow& e) {
    return report_error(Error{ErrorCode::kOverflow, std::string("an amount is too large to calculate exactly: ") + e.what(), "", ""});
  } catch (const std::exception& e) {
    return report_error(Error{ErrorCode::kInternal, std::string("internal error: ") + e.what(), "", ""});
  }
}

}  // namespace caremeter
