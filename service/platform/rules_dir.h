// rules_dir.h — finding and reading the rules directory (the engine only ever sees bytes).
#pragma once

#include <string>

#include "caremeter/json/rule_loader.h"
#include "caremeter/json/json_io.h"
#include "caremeter/json/uprating_json.h"
#include "platform/env.h"

namespace caremeter {

// A rule file larger than the JSON reader accepts is refused before it is read.
constexpr std::uint64_t kMaxRuleFileBytes = JsonLimits{}.max_bytes;

// $CAREMETER_RULES if set, else "./rules" if it is a directory, else the rules/ folder of the
// source tree the program was built from.
std::string default_rules_dir(Env& env);

// Every *.json under dir (except the schema/ folder) loaded and checked. Errors name each file
// by its path under dir joined to dir, so a message points at the file to open.
RuleLoadReport load_rules_dir(Env& env, const std::string& dir);

// The uprating rates files (`uprating/<version>.json`, for `caremeter uplift`): not rule sets,
// so load_rules_dir leaves them to these.
inline constexpr const char* kUpratingFolder = "uprating/";
struct UpratingLoadReport {
  std::vector<UpratingRates> rates;  // in the order the directory lists them (by name)
  std::vector<Error> errors;
};
UpratingLoadReport load_uprating_dir(Env& env, const std::string& dir);
// One rates file; its version is its file name without ".json".
Result<UpratingRates> load_uprating_file(Env& env, const std::string& path);

// The rule sets of dir, or the first problem found (saying how many more there are).
Result<RuleCatalog> load_rule_catalog(Env& env, const std::string& dir);

}  // namespace caremeter
