// charging_inputs.h — what the means test took in on one day, as typed values, so that two
// days can be compared input by input ("between 5 and 6 April this person's PEA, state pension
// and council rate changed"). Used by `caremeter changes` for its reasons.
//
// The inputs are read from the means test's own figures for that day (the rule values it
// looked up, the records it used), never from text: an input is named once, here, from the
// rule tables' and the person document's names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/calc/prepared_scenario.h"
#include "caremeter/model/date.h"
#include "caremeter/model/person.h"
#include "caremeter/model/status.h"

namespace caremeter {

struct ChargingInput {
  // "PEA" (the personal expenses allowance), "MIG" (its basic amount for the person's age and
  // household), any other national parameter by its rule-file name; a council's by its own
  // ("rates.residential", "charging.percentage"); the person's income by type, summed over
  // items ("state_pension"); figures of the person's records ("personal_budget", "weekly_fee",
  // "capital", "housing_costs", "disability_related_expenditure", "hours_per_week").
  std::string name;
  // Money in pence; percentages and hours in hundredths: each shown with two decimals.
  int64_t hundredths = 0;
  bool operator==(const ChargingInput&) const = default;
};

struct ChargingInputs {
  Date day;
  bool charged = false;  // in chargeable care on the day (else no inputs)
  std::vector<ChargingInput> inputs;  // each name once, in a fixed order
};

// The means test's inputs on `day` under the scenario (capital as assessed), with figures past
// what the rules know refused, carried forward or projected as `unpublished` says. The person
// must have been through normalise_person(). Errors as calculate()'s.
Result<ChargingInputs> charging_inputs_on(const Person& person, const PreparedScenario& scenario, Date day,
                                          Unpublished unpublished = Unpublished::kRefuse);

}  // namespace caremeter
