// county_generator.h — a synthetic Norfolk-like county of person documents, for benchmarks,
// demos and policy tests. No real person's data is involved.
//
// Two shapes of county:
//  - closed (CountyOptions): exactly N care accounts, opened between 2018 and 2026, for
//    benchmarks that want a county of a given size. Person i depends only on (seed, i), so a
//    smaller county is a prefix of a larger one and the people can be generated in any order.
//  - open (OpenCountyOptions): a county over a window of years in which people enter care
//    every day at the rate that keeps the number in care at a target, and leave it (death,
//    discharge, a move), for policy runs over future years.
//
// Either may also carry the law's newer features (`--law-2026`, county_generator_law.h), drawn
// from streams of their own so that a county without them is the same bytes as before.
//
// The output is the same bytes for the same options on every machine: the random numbers
// come from our own xoshiro256** (seeded by splitmix64) and every distribution is sampled by our
// own integer code, never by std:: distributions, whose algorithms differ between libraries.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "caremeter/model/date.h"
#include "caremeter/model/status.h"

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
// (doc/person-document.md), without a newline.
void generate_person(const CountyOptions& options, int64_t index, std::string& out);

// People [first, last) as JSON Lines (each line ends with '\n').
void generate_people(const CountyOptions& options, int64_t first, int64_t last, std::string& out);

struct OpenCountyOptions {
  Date from = Date::from_ymd(2018, 4, 1);
  Date until = Date::from_ymd(2035, 3, 31);
  int64_t in_care = 19'000;  // people in care on any day of the first year
  // The target's yearly growth in parts per million (1.5% a year = 15,000); may be negative.
  int64_t growth_ppm = 0;
  uint64_t seed = 1;
  std::string council = "example-shire";
  // Also the law's newer features, as for a closed county. They change nobody's dates of care,
  // so the same people enter and leave care on the same days with and without them.
  bool law_2026 = false;
};

// Limits the command line checks before generating (one place for each bound).
constexpr int64_t kMaxInCare = 2'000'000;
constexpr int64_t kMaxGrowthPpm = 500'000;   // ±50% a year
constexpr int kMaxWindowYears = 60;

// The options' own consistency (window order and length, in_care, growth and the target it
// reaches), each error naming the command-line option.
Status check_open_county(const OpenCountyOptions& options);

// The number of people the open county keeps in care on day `on` (from..until): in_care in
// the first year, growing by growth_ppm a year, linearly between anniversaries of `from`.
int64_t target_in_care(const OpenCountyOptions& options, Date on);

// The open county as JSON Lines, in order of entry into care (ids P-000001, … in that order):
// everyone in care on some day from `from` to `until`. Records begin on `from` at the
// earliest; care still running after `until` is left open. Written to `sink` in blocks; the
// first error from the sink stops the run and is returned.
Status generate_open_county(const OpenCountyOptions& options, const std::function<Status(std::string_view)>& sink);

// `caremeter generate --help`: what the county is made of, which figures are sourced and which
// are the generator's own assumptions.
const char* county_generator_help();

}  // namespace caremeter
