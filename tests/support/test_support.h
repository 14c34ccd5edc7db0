// test_support.h — shared by the tests: the real rule files, loaded once; the matching of an
// account result against a case file's expected figures; generated counties and their lines.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "caremeter/json/json_io.h"
#include "caremeter/json/rule_loader.h"
#include "caremeter/model/rules.h"
#include "generator/county_generator.h"

namespace caremeter::test_support {

// The repository's rules/ directory, loaded once per test binary (fails the test on errors):
// the latest national version, or the one named ("2025-04").
const RuleSet& england_rules();
const RuleSet& england_rules(const std::string& version);
// A file of the repository, read with the standard library ("" if it cannot be read).
std::string read_source_file(const std::string& relative_path);
// Every rule file under the repository's rules/ (not rules/schema/), as the loader takes them:
// paths relative to rules/, sorted. Read with the standard library, so the engine's tests need
// nothing of the service's rules directory and Env.
std::vector<RuleFile> repository_rule_files();
RuleLoadReport load_repository_rules();

// Every key of `expected` must be in `actual` with an equal value (objects recursively);
// failures name the place with `where` as a JSON-Pointer-like path.
void expect_subset(const Json& expected, const Json& actual, const std::string& where);

// Checks an account result (as JSON) against a case file (tests/cases/examples/*.json,
// tests/cases/independent/*.json): "expect" is a subset of the whole result; each
// "expect_periods" entry is a subset of the period covering its "on" date; each
// "expect_explain" entry is a subset of the explanation of its "figure" (for the period
// starting on its "from", when given).
void expect_case_result(const Json& case_file, const Json& actual);

// A test name for a case file: "24-pension-age.json" → "24_pension_age".
std::string case_test_name(const ::testing::TestParamInfo<std::string>& info);

// `people` generated people of a closed county (the synthetic county of
// doc/county-and-batch.md) for `seed`, one JSON document a line.
std::string generated_county(int64_t people, uint64_t seed);
// The same with `generate --law-2026`'s features.
std::string generated_law_county(int64_t people, uint64_t seed);

// The open county of `options` (people entering and leaving care over a window) as JSON Lines.
std::string generated_open_county(const OpenCountyOptions& options);
// The bundled open county's options (bench/data/county-open.jsonl).
OpenCountyOptions bundled_open_county_options();

// The lines of `text`, without their newlines (a last line without one is a line too).
std::vector<std::string> lines_of(std::string_view text);

}  // namespace caremeter::test_support
