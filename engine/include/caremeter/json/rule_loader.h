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
  std::string path;     // relative to the rules directory: "england/2025-04.json", "councils/trafford/2025-04.json"
  std::string content;  // the file's bytes
};

// Something to tell the reader of `rules check` about a file that is not a problem (how a
// format-1 file's open yearly figures are read).
struct RuleNote {
  std::string file;
  std::string message;
};

struct RuleLoadReport {
  std::vector<RuleSet> rule_sets;  // each with the council versions it uses attached
  std::vector<Error> errors;       // each names the file and a JSON Pointer; empty = clean
  std::vector<CouncilRules> councils;  // every valid council file, by (id, version)
  std::vector<RuleNote> notes;
};

// Files england/<version>.json are national rule sets, councils/<id>/<version>.json council
// files; anything else (the first layout, councils/<id>.json, too) is an error (uprating rates
// are read on their own: uprating_json.h). Rule sets come back ordered by (id, version), each with,
// for every council, that council's latest version not later than its own.
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
