// uplift.h — the April uplift of people's incomes (`caremeter uplift`): for each person whose
// finances record runs through the uprating day, a new finances record from that day equal to
// it except that every income item is uprated by the rates file (caremeter/model/uprating.h).
//
// Everything else in the person document is kept as it was, byte for byte (the old record
// is rewritten only when it had its own end, which moves to the day before); a person with
// nothing to uplift, or who died before the uprating day, is copied unchanged; a line that cannot be read becomes an error line (as in recalc).
// Output is in input order and the same for any number of threads.
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "batch/batch.h"
#include "caremeter/model/uprating.h"

namespace caremeter {

struct UpliftJob {
  const UpratingRates* rates = nullptr;
  Date on;                  // the first day of the new amounts
  std::string input_file;   // named in error lines
  int threads = 1;
  std::size_t chunk_lines = 256;
  // When set: one CSV row (uplift_reassess_csv_header) per income item left unchanged because
  // no published percentage applies to it, in input order.
  Sink reassess;
  std::function<void(std::size_t, std::size_t)> progress;
};

struct UpliftSummary {
  std::size_t lines = 0;
  std::size_t blank_lines = 0;
  std::size_t uplifted = 0;   // people given a new finances record
  std::size_t unchanged = 0;  // people copied as they were
  std::size_t errors = 0;     // error lines
  std::array<std::size_t, kUprateHowNames.size()> items{};  // income items of uplifted people, by UprateHow
};

// The person document of one county line uplifted: `out` gets the new line (with its newline)
// and the answer is true, or `out` gets the line itself and the answer is false when nothing
// changes; an error when the line cannot be read as a person.
// `reassess` (when given) gets the CSV rows of items needing reassessment; `items` counts the
// items by how they were uprated (only for a person who gets a new record).
Result<bool> uplift_line(std::string_view line, const UpratingRates& rates, Date on, std::string& out, std::string* reassess,
                   std::array<std::size_t, kUprateHowNames.size()>& items, std::optional<std::string>& person_id);

const char* uplift_reassess_csv_header();

Result<UpliftSummary> run_uplift(std::string_view input, const UpliftJob& job, const Sink& sink);

}  // namespace caremeter
