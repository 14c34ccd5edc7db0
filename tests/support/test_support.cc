// test_support.cc — the helpers tests share (see test_support.h).
#include "support/test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "generator/county_generator.h"

namespace caremeter::test_support {

std::string read_source_file(const std::string& relative_path) {
  std::ifstream in(std::string(CAREMETER_SOURCE_DIR) + "/" + relative_path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<RuleFile> repository_rule_files() {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(CAREMETER_SOURCE_DIR) / "rules";
  std::vector<RuleFile> files;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
    std::string rel = entry.path().lexically_relative(root).generic_string();
    if (rel.rfind("schema/", 0) == 0) continue;  // JSON Schema documents for editors, not rules
    if (rel.rfind("uprating/", 0) == 0) continue;  // uprating rates, read by their own reader
    files.push_back(RuleFile{rel, read_source_file("rules/" + rel)});
  }
  std::sort(files.begin(), files.end(), [](const RuleFile& a, const RuleFile& b) { return a.path < b.path; });
  return files;
}

RuleLoadReport load_repository_rules() { return load_rules(repository_rule_files()); }

namespace {
const std::vector<RuleSet>& repository_rule_sets() {
  static const std::vector<RuleSet>* sets = [] {
    RuleLoadReport report = load_repository_rules();
    for (const Error& e : report.errors) ADD_FAILURE() << "rule file problem: " << e.to_string();
    if (report.rule_sets.empty()) ADD_FAILURE() << "no rule set loaded";
    return new std::vector<RuleSet>(std::move(report.rule_sets));
  }();
  return *sets;
}
}  // namespace

const RuleSet& england_rules() {
  static const RuleSet empty;
  const std::vector<RuleSet>& sets = repository_rule_sets();
  return sets.empty() ? empty : sets.back();
}

const RuleSet& england_rules(const std::string& version) {
  for (const RuleSet& rs : repository_rule_sets()) {
    if (rs.ref.version == version) return rs;
  }
  ADD_FAILURE() << "no rule set england " << version;
  return england_rules();
}

void expect_subset(const Json& expected, const Json& actual, const std::string& where) {
  if (expected.is_object()) {
    ASSERT_TRUE(actual.is_object()) << where << ": expected an object, got " << actual.dump();
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      ASSERT_TRUE(actual.contains(it.key())) << where << "/" << it.key() << " is missing in " << actual.dump();
      expect_subset(it.value(), actual.at(it.key()), where + "/" + it.key());
    }
  } else {
    EXPECT_EQ(expected, actual) << where;
  }
}

void expect_case_result(const Json& case_file, const Json& actual) {
  expect_subset(case_file.value("expect", Json::object()), actual, "");

  for (const Json& want : case_file.value("expect_periods", Json::array())) {
    std::string on = want.at("on").get<std::string>();
    const Json* found = nullptr;
    for (const Json& p : actual.at("periods")) {
      if (p.at("from").get<std::string>() <= on && on <= p.at("to").get<std::string>()) found = &p;
    }
    if (found == nullptr) {
      ADD_FAILURE() << "no period covers " << on << " in " << actual.at("periods").dump();
      continue;
    }
    Json subset = want;
    subset.erase("on");
    expect_subset(subset, *found, "/periods(" + on + ")");
  }

  for (const Json& want : case_file.value("expect_explain", Json::array())) {
    bool matched = false;
    if (actual.contains("explain")) {
      for (const Json& e : actual.at("explain")) {
        // The first explanation of that figure, or of that figure for the period starting on
        // "from" when the case names one (a figure is explained once for each period).
        bool same_period = !want.contains("from") || (e.contains("from") && e.at("from") == want.at("from"));
        if (e.at("figure") == want.at("figure") && same_period) {
          expect_subset(want, e, "/explain(" + want.at("figure").get<std::string>() + ")");
          matched = true;
          break;
        }
      }
    }
    EXPECT_TRUE(matched) << "no explanation of " << want.at("figure") << (want.contains("from") ? " from " + want.at("from").dump() : "");
  }
}

std::string case_test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string n = info.param.substr(0, info.param.size() - std::string_view(".json").size());
  for (char& ch : n) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return n;
}

std::string generated_county(int64_t people, uint64_t seed) {
  CountyOptions options;
  options.people = people;
  options.seed = seed;
  std::string out;
  generate_people(options, 0, people, out);
  return out;
}

std::string generated_law_county(int64_t people, uint64_t seed) {
  CountyOptions options;
  options.people = people;
  options.seed = seed;
  options.law_2026 = true;
  std::string out;
  generate_people(options, 0, people, out);
  return out;
}

std::string generated_open_county(const OpenCountyOptions& options) {
  std::string out;
  Status s = generate_open_county(options, [&](std::string_view data) {
    out.append(data);
    return ok_status();
  });
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().to_string());
  return out;
}

OpenCountyOptions bundled_open_county_options() {
  OpenCountyOptions options;
  options.in_care = 300;
  options.seed = 1;
  return options;
}

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    std::size_t nl = text.find('\n');
    out.emplace_back(text.substr(0, nl));
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return out;
}

}  // namespace caremeter::test_support
