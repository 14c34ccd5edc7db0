// test_support.h — shared by the engine's tests: the real rule files, loaded once.
#pragma once

#include <string>

#include "caremeter/rule_loader.h"
#include "caremeter/rules.h"

namespace caremeter::testing {

// The repository's rules/ directory, loaded once per test binary (fails the test on errors).
const RuleSet& england_rules();
std::string read_source_file(const std::string& relative_path);

}  // namespace caremeter::testing
