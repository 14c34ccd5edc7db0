// rules_dir.cc — reads a rules directory through Env and hands the bytes to the loader.
#include "platform/rules_dir.h"

#include <cstdlib>

#ifndef CAREMETER_DEFAULT_RULES_DIR
#define CAREMETER_DEFAULT_RULES_DIR "rules"
#endif

namespace caremeter {

namespace {

std::string join(const std::string& dir, const std::string& relative) {
  if (dir.empty()) return relative;
  return dir.back() == '/' ? dir + relative : dir + "/" + relative;
}

bool is_json(const std::string& relative) {
  return relative.size() > 5 && relative.compare(relative.size() - 5, 5, ".json") == 0;
}

bool is_rule_file(const std::string& relative) {
  // schema/ holds the JSON Schema documents for editors; they are not rules. uprating/ holds
  // the uprating rates, read by load_uprating_dir.
  if (relative.rfind("schema/", 0) == 0 || relative.rfind(kUpratingFolder, 0) == 0) return false;
  return is_json(relative);
}

}  // namespace

std::string default_rules_dir(Env& env) {
  if (const char* configured = std::getenv("CAREMETER_RULES"); configured && *configured) return configured;
  if (auto here = env.stat("./rules"); here && here->kind == FileInfo::Kind::kDirectory) return "./rules";
  return CAREMETER_DEFAULT_RULES_DIR;
}

RuleLoadReport load_rules_dir(Env& env, const std::string& dir) {
  RuleLoadReport report;
  auto listed = env.list_files(dir);
  if (!listed) {
    report.errors.push_back(listed.error());
    return report;
  }
  std::vector<RuleFile> files;
  std::vector<Error> read_errors;
  for (const std::string& relative : *listed) {
    if (!is_rule_file(relative)) continue;
    auto content = env.read_file(join(dir, relative), kMaxRuleFileBytes);
    if (!content) {
      read_errors.push_back(content.error());
      continue;
    }
    files.push_back(RuleFile{relative, std::move(*content)});
  }
  report = load_rules(files);
  for (auto& e : report.errors) {
    if (!e.file.empty()) e.file = join(dir, e.file);
  }
  for (auto& rs : report.rule_sets) {
    rs.ref.file = join(dir, rs.ref.file);
    for (auto& [id, c] : rs.councils) c.ref.file = join(dir, c.ref.file);
  }
  for (auto& c : report.councils) c.ref.file = join(dir, c.ref.file);
  for (auto& n : report.notes) n.file = join(dir, n.file);
  report.errors.insert(report.errors.begin(), read_errors.begin(), read_errors.end());
  if (report.rule_sets.empty() && report.errors.empty()) {
    report.errors.push_back(Error{ErrorCode::kUnknownRules,
                                  "no national rule set found: expected england/<version>.json under the rules directory",
                                  "", dir});
  }
  return report;
}

Result<UpratingRates> load_uprating_file(Env& env, const std::string& path) {
  auto content = env.read_file(path, kMaxRuleFileBytes);
  if (!content) {
    Error e = std::move(content).error();
    if (e.file.empty()) e.file = path;
    return e;
  }
  std::string version = path.substr(path.find_last_of('/') + 1);
  if (is_json(version)) version.resize(version.size() - 5);
  return read_uprating_rates(*content, version, path);
}

UpratingLoadReport load_uprating_dir(Env& env, const std::string& dir) {
  UpratingLoadReport report;
  auto listed = env.list_files(dir);
  if (!listed) return report;  // load_rules_dir reports an unreadable directory
  for (const std::string& relative : *listed) {
    if (relative.rfind(kUpratingFolder, 0) != 0) continue;
    if (!is_json(relative) || relative.find('/', std::string_view(kUpratingFolder).size()) != std::string::npos) {
      report.errors.push_back(Error{ErrorCode::kInvalidInput, "not an uprating rates file: expected uprating/<version>.json", "",
                                    join(dir, relative)});
      continue;
    }
    auto rates = load_uprating_file(env, join(dir, relative));
    if (rates) {
      report.rates.push_back(std::move(*rates));
    } else {
      report.errors.push_back(std::move(rates).error());
    }
  }
  return report;
}

Result<RuleCatalog> load_rule_catalog(Env& env, const std::string& dir) {
  RuleLoadReport report = load_rules_dir(env, dir);
  if (!report.errors.empty()) {
    Error first = report.errors.front();
    if (report.errors.size() > 1) {
      first.message += " (and " + std::to_string(report.errors.size() - 1) +
                       " more problems; run `caremeter rules check " + dir + "` to list them)";
    }
    return first;
  }
  return RuleCatalog(std::move(report.rule_sets));
}

}  // namespace caremeter
