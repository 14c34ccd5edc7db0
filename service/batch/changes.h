// changes.h — what changed for each person between two days (`caremeter changes`): each
// person's weekly figures on the day before and the day after, and the reasons — every input
// of the means test that differs between the two days (caremeter/calc/charging_inputs.h), with
// its old and new value.
//
// One calculation per person, to the later day, gives the figures on both days (a day's figures
// never depend on how far the calculation runs on); the means test's inputs are then read for
// each day. Rows are in input order and the same for any number of threads.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "batch/batch.h"
#include "caremeter/calc/charging_inputs.h"

namespace caremeter {

struct ChangesJob {
  const RuleSet* rules = nullptr;
  Scenario scenario;
  Date before;
  Date after;
  Unpublished unpublished = Unpublished::kRefuse;  // figures past what the rules know
  std::string input_file;  // named in error lines
  int threads = 1;
  std::size_t chunk_lines = 256;
  std::function<void(std::size_t, std::size_t)> progress;
};

struct ChangesSummary {
  std::size_t lines = 0;
  std::size_t blank_lines = 0;
  std::size_t rows = 0;     // people in charged care on either day
  std::size_t changed = 0;  // of them, people whose payment changed
  std::size_t errors = 0;   // error lines
};

// person_id,setting,arranged_by,council,assessed_charge_before,assessed_charge_after,
// person_pays_before,person_pays_after,council_pays_before,council_pays_after,change,reasons
const char* changes_csv_header();

// "PEA 30.65→31.80; state_pension 230.25→241.30": each input whose value differs between the
// two days, in the order the inputs come; an input present on one day only shows "none" on
// the other.
std::string change_reasons(const ChargingInputs& before, const ChargingInputs& after);

// The rows go to `rows` (after the header, which the caller writes), error lines to `errors`,
// both in input order.
Result<ChangesSummary> run_changes(std::string_view input, const ChangesJob& job, const Sink& rows, const Sink& errors);

}  // namespace caremeter
