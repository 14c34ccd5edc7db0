// bench_support.h — what the benchmarks share: the repository's rules, and people with a
// chosen number of changes over a chosen horizon.
#pragma once

#include "caremeter/calc/calculate.h"
#include "caremeter/json/rule_loader.h"

namespace caremeter::bench {

// The repository's rules/ (aborts on a load error: a benchmark of broken rules means nothing).
const RuleSet& england_rules();

// A person whose care starts on 2021-04-05 and changes `changes` times, evenly spread over
// `years` years: alternating care-home and home-care records, each with a new B; one
// finances record per two changes.
Person person_with_changes(int years, int changes);

}  // namespace caremeter::bench
