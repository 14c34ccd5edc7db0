// recalc_csv.cc — recalc's CSV rows (see recalc_csv.h).
#include "batch/recalc_csv.h"

#include "batch/batch.h"
#include "batch/compare_report.h"

namespace caremeter {

namespace {

// The parameters carried forward or projected past what the rule files know, separated by
// semicolons ("means_test.personal_expenses_allowance;example-shire:rates.residential").
std::string provisional_cell(const AccountResult& r) {
  std::string out;
  for (const auto* values : {&r.provisional, &r.projected}) {
    for (const UnpublishedValue& v : *values) {
      if (!out.empty()) out += ';';
      if (!v.council.empty()) out += v.council + ":";
      out += v.parameter;
    }
  }
  return out;
}

void weekly_cells(std::string& out, const std::optional<WeeklyFigures>& w) {
  for (Money WeeklyFigures::*f : {&WeeklyFigures::personal_budget, &WeeklyFigures::weekly_fee, &WeeklyFigures::assessed_charge,
                                  &WeeklyFigures::person_pays, &WeeklyFigures::council_pays, &WeeklyFigures::top_up}) {
    out += ',';
    if (w) out += to_string((*w).*f);
  }
}

}  // namespace

const char* recalc_csv_header() {
  return "person_id,as_of,status,setting,arranged_by,council,personal_budget,weekly_fee,assessed_charge,person_pays,"
         "council_pays,top_up,accrued,cap_reached_on,provisional\n";
}

void write_recalc_csv_row(const AccountResult& r, std::string& out) {
  const Period* now = period_on(r, r.as_of);
  out += csv_field(r.person_id);
  out += ',';
  out += to_string(r.as_of);
  if (now == nullptr) {
    out += ",not_in_care,,,";
    weekly_cells(out, std::nullopt);
  } else {
    out += now->status == PeriodStatus::kCharged ? ",charged," : ",excluded,";
    out += setting_name(now->setting);
    out += ',';
    out += kArrangedByNames.name(now->arranged_by);
    out += ',';
    out += csv_field(now->council);
    weekly_cells(out, now->weekly);
  }
  out += ',';
  out += to_string(r.account.accrued.round_half_up());
  out += ',';
  if (r.account.cap_reached_on) out += to_string(*r.account.cap_reached_on);
  out += ',';
  out += csv_field(provisional_cell(r));
  out += '\n';
}

void write_recalc_csv_error(std::string& out, Date as_of, const std::optional<std::string>& person_id, const Error& error) {
  out += csv_field(person_id.value_or(""));
  out += ',';
  out += to_string(as_of);
  out += ",error,";
  out += csv_field(error.to_string());
  out += ",,,,,,,,,,,\n";
}

}  // namespace caremeter
