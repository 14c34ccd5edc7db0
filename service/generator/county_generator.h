// county_generator.h — a synthetic Norfolk-like county of person documents (county-model.md),
// for benchmarks, demos and policy tests. No real person's data is involved.
//
// The output is the same bytes for the same seed on every machine: the random numbers come
// from our own xoshiro256** (seeded by splitmix64) and every distribution is sampled by our
// own integer code, never by std:: distributions, whose algorithms differ between libraries.
// Person i depends only on (seed, i), so a smaller county is a prefix of a larger one and the
// people can be generated in any order.
#pragma once

#include <cstdint>
#include <string>

namespace caremeter {

struct CountyOptions {
  int64_t people = 23'000;
  uint64_t seed = 1;
  std::string council = "example-shire";  // the responsible council named in needs records
  // Also the law's newer features (`generate --law-2026`): gross nursing fees with NHS-funded
  // nursing care, council placements below the usual rate, relatives leaving the home, joint
  // and notional capital, half a pension to a spouse, deferred payment agreements, attendance
  // allowance, night care and unassessed disability-related expenditure. Off, the bytes are
  // those of earlier versions.
  bool law_2026 = false;
};

// Appends person `index` (0-based; id "P-<index+1, six digits>") as one compact JSON document
// of interfaces.md section 2, without a newline.
void generate_person(const CountyOptions& options, int64_t index, std::string& out);

// People [first, last) as JSON Lines (each line ends with '\n').
void generate_people(const CountyOptions& options, int64_t first, int64_t last, std::string& out);

// `caremeter generate --help`: what the county is made of, which figures are sourced and which
// are the generator's own assumptions.
const char* county_generator_help();

}  // namespace caremeter
