// compare_report.h — the parts of `compare`'s output beyond the year-by-year figures: the rows
// of one group (or everyone) with the window's total row, the columns for people in care and
// present values, who gains per group, and each person's totals.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "batch/batch.h"

namespace caremeter {

// The amounts of one row as shown, in whole pence: rounded once from the exact sums; across
// groups, rounded so that the groups add up exactly to everyone's figure (round_adding_up:
// each group within a penny of its exact amount).
struct ShownFigures {
  Money council_spend;
  Money people_spend;
  Money third_party_top_ups;
  Money council_spend_difference;  // from the first scenario
  Money people_spend_difference;
  // With a discount rate: council_spend, people_spend and the two differences, present values.
  std::array<Money, 4> present_values{};
};

// The rows of one group (or of everyone): financial years first_year()..last_year(), then
// last_year() + 1 standing for the whole window.
class CompareRows {
 public:
  // Everyone when not grouping, else each group met, in display order.
  static std::vector<CompareRows> of(const CompareTable& table, const CompareLayout& layout);
  static CompareRows everyone(const CompareTable& table, const CompareLayout& layout);

  YearFigures at(int row, std::size_t s) const;
  const ShownFigures& shown(int row, std::size_t s) const;
  bool is_window(int row) const { return row > table_->last_year(); }
  // "2025/26", or "total" for the window.
  std::string row_label(int row) const;
  DateRange row_range(int row) const;
  // The group's label, or "" for everyone.
  std::string group_label() const { return group_ ? table_->group_label(*group_) : std::string(); }
  // An amount of every year of the row (one year, or each year of the window), with the first
  // scenario's taken off when `difference`, indexed from the window's first year: what a
  // present value is taken of.
  std::vector<Exact> by_year(int row, std::size_t s, Exact YearFigures::*field, bool difference) const;

 private:
  CompareRows(const CompareTable& table, std::optional<std::size_t> group);
  std::size_t index(int row, std::size_t s) const;
  const CompareTable* table_;
  std::optional<std::size_t> group_;
  std::vector<ShownFigures> shown_;  // [row][scenario]
};

// The average number in care over the row: care days ÷ the row's days, two decimals, half up.
std::string average_in_care(const CompareRows& rows, int row, std::size_t s);

// The columns after the year-by-year figures: people,people_in_care,average_in_care and, with
// a discount rate, council_spend_pv,people_spend_pv,council_spend_difference_pv,
// people_spend_difference_pv. Each piece starts with its comma.
std::string more_columns_csv_header(const CompareLayout& layout);
std::string more_columns_csv(const CompareRows& rows, int row, std::size_t s, const CompareLayout& layout);
// The same for the terminal table: headings, and the cells of one row (differences blank for
// the first scenario).
std::vector<std::string> more_columns_text_header(const CompareLayout& layout);
std::vector<std::string> more_columns_text(const CompareRows& rows, int row, std::size_t s, const CompareLayout& layout);

// "12,345,678.90": pence with thousands separators.
std::string with_separators(Money m);
// Rows of cells as an aligned table: the first `text_columns` to the left, the rest (figures)
// to the right, a rule under the heading row.
std::string aligned_table(const std::vector<std::vector<std::string>>& rows, std::size_t text_columns);

// Who gains, per group and scenario over the whole window, and for everyone (group "(all)"):
// people in care, the differences from the first scenario, people reaching the cap and their
// share, and the average saving per person (what people pay less, over the people in care).
// CSV: group,scenario,people,council_spend_difference,people_spend_difference,
// people_reaching_cap,share_reaching_cap_percent,average_saving_per_person.
std::string who_gains_csv(const CompareTable& table, const std::vector<std::string>& scenario_names);
std::string who_gains_text(const CompareTable& table, const std::vector<std::string>& scenario_names);

// `compare --per-person`: the header, and one person's row under one scenario.
const char* per_person_csv_header();
void write_per_person_row(std::string& out, const std::string& person_id, const std::string& scenario,
                          std::string_view capital_band, const PersonTotals& totals);

// A field for a CSV file: quoted when it holds a comma, a quote or a line break.
std::string csv_field(const std::string& s);

}  // namespace caremeter
