// rule_loader.h — turns rule files (their bytes; reading them is the caller's job) into
// RuleSets, checking everything a user could get wrong and reporting every problem at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter {

struct RuleFile {
  std::string path;     // relative to the rules directory: "england/2025-04.json", "councils/trafford.json"
  std::string content;  // the file's bytes
};

struct RuleLoadReport {
  std::vector<RuleSet> rule_sets;  // each with every council file attached
  std::vector<Error> errors;       // each names the file and a JSON Pointer; empty = clean
  std::vector<CouncilRules> councils;  // every valid council file, by id (also attached to each set)
};

// Files under england/ are national rule sets, files under councils/ are council files.
// Anything else is an error. Rule sets come back ordered by (id, version).
RuleLoadReport load_rules(const std::vector<RuleFile>& files);

// The rule sets available to a program. `spec` is "england", "england/2025-04" or "2025-04";
// "" or "england" is the latest version.
class RuleCatalog {
 public:
  RuleCatalog() = default;
  explicit RuleCatalog(std::vector<RuleSet> sets) : sets_(std::move(sets)) {}
  Result<const RuleSet*> find(std::string_view spec) const;
  const std::vector<RuleSet>& sets() const { return sets_; }

 private:
  std::vector<RuleSet> sets_;
};

// Lowercase hex SHA-256 of bytes (OpenSSL).
std::string sha256_hex(std::string_view bytes);

}  // namespace caremeter
