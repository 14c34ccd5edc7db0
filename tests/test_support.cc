// test_support.cc — loads the repository's rule files for tests.
#include "test_support.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace caremeter::testing {

std::string read_source_file(const std::string& relative_path) {
  std::ifstream in(std::string(CAREMETER_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const RuleSet& england_rules() {
  static const RuleSet* rules = [] {
    namespace fs = std::filesystem;
    std::vector<RuleFile> files;
    fs::path root = fs::path(CAREMETER_SOURCE_DIR) / "rules";
    for (const char* sub : {"england", "councils"}) {
      for (const auto& entry : fs::directory_iterator(root / sub)) {
        if (entry.path().extension() != ".json") continue;
        std::string rel = std::string(sub) + "/" + entry.path().filename().string();
        files.push_back(RuleFile{rel, read_source_file("rules/" + rel)});
      }
    }
    std::sort(files.begin(), files.end(), [](const RuleFile& a, const RuleFile& b) { return a.path < b.path; });
    RuleLoadReport report = load_rules(files);
    for (const Error& e : report.errors) ADD_FAILURE() << "rule file problem: " << e.to_string();
    if (report.rule_sets.empty()) {
      ADD_FAILURE() << "no rule set loaded";
      return new RuleSet();
    }
    return new RuleSet(report.rule_sets.back());
  }();
  return *rules;
}

}  // namespace caremeter::testing
