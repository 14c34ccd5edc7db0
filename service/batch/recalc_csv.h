// recalc_csv.h — `recalc --format csv`: one row per person that a finance system can take —
// who pays what a week on the as-of date, for which care, arranged by whom.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "caremeter/calc/calculate.h"
#include "caremeter/model/status.h"

namespace caremeter {

// person_id,as_of,status,setting,arranged_by,council,personal_budget,weekly_fee,assessed_charge,
// person_pays,council_pays,top_up,accrued,cap_reached_on,provisional
const char* recalc_csv_header();

// status: charged | excluded (NHS continuing healthcare, s117 aftercare, free reablement) |
// not_in_care on the as-of date; the weekly figures are those in force on it (empty when not
// in care); accrued is the care account's total on it; provisional lists the parameters whose
// figures were carried forward or projected past what the rule files know, a council's as
// "council:parameter", separated by semicolons ("" when none).
void write_recalc_csv_row(const AccountResult& result, std::string& out);

// An error row: the person's id when it could be read, as_of, status "error", and the error's
// message (with its file and JSON Pointer) in place of the setting; the other columns empty.
void write_recalc_csv_error(std::string& out, Date as_of, const std::optional<std::string>& person_id,
                            const Error& error);

}  // namespace caremeter
