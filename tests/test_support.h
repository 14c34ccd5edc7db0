// test_support.h — shared by the engine's tests: the real rule files, loaded once, and the
// matching of an account result against a case file's expected figures.
#pragma once

#include <string>

#include "caremeter/json_io.h"
#include "caremeter/rule_loader.h"
#include "caremeter/rules.h"

namespace caremeter::testing {

// The repository's rules/ directory, loaded once per test binary (fails the test on errors).
const RuleSet& england_rules();
std::string read_source_file(const std::string& relative_path);

// Every key of `expected` must be in `actual` with an equal value (objects recursively);
// failures name the place with `where` as a JSON-Pointer-like path.
void expect_subset(const Json& expected, const Json& actual, const std::string& where);

// Checks an account result (as JSON) against a case file (tests/cases/examples/*.json,
// tests/cases/independent/*.json): "expect" is a subset of the whole result; each
// "expect_periods" entry is a subset of the period covering its "on" date; each
// "expect_explain" entry is a subset of the explanation of its "figure" (for the period
// starting on its "from", when given).
void expect_case_result(const Json& case_file, const Json& actual);

}  // namespace caremeter::testing
