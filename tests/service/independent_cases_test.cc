// independent_cases_test.cc — worked cases computed by hand from the specification alone
// (tests/cases/independent/*.json, each with its "working"), run through the real
// `caremeter calculate` command line, so the reading of the person file, the scenario file
// and the rules folder is checked along with the engine.
//
// A case whose hand figure disagrees with the engine after re-checking carries a
// "disagreement" note: the case is kept as it is (never changed to match the engine) and every
// failure it raises says so, citing the sentence of the law or the spec relied on.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "caremeter/json/json_io.h"
#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

namespace fs = std::filesystem;
using test_support::expect_case_result;
using test_support::read_source_file;
using test_support::TempDir;

const char* const kCaseDir = "tests/cases/independent";

std::vector<std::string> case_files() {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(fs::path(CAREMETER_SOURCE_DIR) / kCaseDir)) {
    if (e.path().extension() == ".json") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// The rules folder the case runs with: the repository's own, or — when the case carries
// made-up councils of its own ("councils": {id: council file}) — a copy of it with those added
// (as councils/<id>/<its version>.json), so that no test-only council ever sits in the real
// rules/ folder.
std::optional<fs::path> rules_for(const Json& c, const TempDir& dir) {
  fs::path repository_rules = fs::path(CAREMETER_SOURCE_DIR) / "rules";
  if (!c.contains("councils")) return repository_rules;
  fs::path copy = fs::path(dir.path()) / "rules";
  std::error_code ec;
  fs::copy(repository_rules, copy, fs::copy_options::recursive, ec);
  if (ec) return std::nullopt;
  for (auto it = c.at("councils").begin(); it != c.at("councils").end(); ++it) {
    fs::path folder = copy / "councils" / it.key();
    fs::create_directories(folder, ec);
    if (ec) return std::nullopt;
    const std::string version = it.value().at("version").get<std::string>();
    if (!write_file(folder / (version + ".json"), it.value().dump(2))) return std::nullopt;
  }
  return copy;
}

class IndependentCase : public ::testing::TestWithParam<std::string> {};

TEST_P(IndependentCase, AgreesWithTheHandFigures) {
  Json c = Json::parse(read_source_file(std::string(kCaseDir) + "/" + GetParam()));
  SCOPED_TRACE(c.at("name").get<std::string>());
  ASSERT_TRUE(c.contains("working") && !c.at("working").empty())
      << "every independent case shows its hand arithmetic in \"working\"";
  std::optional<::testing::ScopedTrace> disagreement;
  if (c.contains("disagreement")) {
    disagreement.emplace(__FILE__, __LINE__,
                         "KNOWN DISAGREEMENT (hand figure kept, reported): " + c.at("disagreement").get<std::string>());
  }

  TempDir dir;
  ASSERT_FALSE(dir.path().empty()) << "cannot make a temporary directory";
  fs::path person_file = fs::path(dir.path()) / "person.json";
  ASSERT_TRUE(write_file(person_file, c.at("person").dump(2)));
  std::optional<fs::path> rules = rules_for(c, dir);
  ASSERT_TRUE(rules.has_value()) << "cannot prepare the rules folder in " << dir.path();

  const Json& req = c.at("request");
  std::vector<std::string> args = {"calculate", "--person", person_file.string(), "--as-of",
                                   req.at("as_of").get<std::string>(), "--rules", rules->string()};
  const Json& scenario = req.at("scenario");
  if (scenario.is_object()) {
    fs::path scenario_file = fs::path(dir.path()) / "scenario.json";
    ASSERT_TRUE(write_file(scenario_file, scenario.dump(2)));
    args.insert(args.end(), {"--scenario", scenario_file.string()});
  } else {
    args.insert(args.end(), {"--scenario", scenario.get<std::string>()});
  }
  for (const char* option : {"from", "to", "capital", "unpublished"}) {
    if (req.contains(option)) args.insert(args.end(), {std::string("--") + option, req.at(option).get<std::string>()});
  }
  // A case may be pinned to a rule version; otherwise it runs on the latest.
  if (c.contains("rules_version")) args.insert(args.end(), {"--rules-version", c.at("rules_version").get<std::string>()});
  if (req.value("explain", false)) args.push_back("--explain");

  test_support::ProgramOutput run = test_support::run_caremeter(args);
  ASSERT_EQ(run.exit_status, 0) << "caremeter calculate failed (signal " << run.signal << "): " << run.err;
  Json actual = Json::parse(run.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(actual.is_discarded()) << "stdout is not JSON: " << run.out;

  expect_case_result(c, actual);
}

INSTANTIATE_TEST_SUITE_P(Independent, IndependentCase, ::testing::ValuesIn(case_files()),
                         test_support::case_test_name);

}  // namespace
}  // namespace caremeter
