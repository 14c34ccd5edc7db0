// compare_report.cc — compare's extra columns, who gains, per-person rows.
#include "batch/compare_report.h"

#include <algorithm>

#include "batch/largest_remainder.h"

namespace caremeter {

namespace {

std::string count(int64_t n) { return std::to_string(n); }

// part / whole as a percentage with one decimal, half up ("" when whole is zero).
std::string percent(int64_t part, int64_t whole) {
  if (whole <= 0) return "";
  const int64_t tenths = (part * 2'000 + whole) / (whole * 2);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

// What people pay less under scenario s than under the first, per person in care, rounded once.
std::optional<Money> average_saving(const YearFigures& base, const YearFigures& c) {
  if (c.people <= 0) return std::nullopt;
  return multiply_ratio_to_penny(base.people_spend - c.people_spend, 1, c.people, Rounding::kHalfUp);
}

const std::string& name_of(const std::vector<std::string>& names, std::size_t s) {
  static const std::string kNone;
  return s < names.size() ? names[s] : kNone;
}

}  // namespace

namespace {

// The money columns of a row: where ShownFigures keeps each and its exact amount.
struct MoneyColumn {
  Money ShownFigures::*shown;
  Exact YearFigures::*field;
  bool difference;
};
constexpr std::array<MoneyColumn, 5> kMoneyColumns = {{{&ShownFigures::council_spend, &YearFigures::council_spend, false},
                                                      {&ShownFigures::people_spend, &YearFigures::people_spend, false},
                                                      {&ShownFigures::third_party_top_ups, &YearFigures::third_party_top_ups, false},
                                                      {&ShownFigures::council_spend_difference, &YearFigures::council_spend, true},
                                                      {&ShownFigures::people_spend_difference, &YearFigures::people_spend, true}}};
// The present-value columns, in ShownFigures::present_values order.
constexpr std::array<MoneyColumn, 4> kPresentValueColumns = {{{nullptr, &YearFigures::council_spend, false},
                                                             {nullptr, &YearFigures::people_spend, false},
                                                             {nullptr, &YearFigures::council_spend, true},
                                                             {nullptr, &YearFigures::people_spend, true}}};

Exact exact_of(const CompareRows& rows, int row, std::size_t s, const MoneyColumn& column) {
  Exact a = rows.at(row, s).*column.field;
  if (column.difference) a -= rows.at(row, 0).*column.field;
  return a;
}

}  // namespace

CompareRows::CompareRows(const CompareTable& table, std::optional<std::size_t> group)
    : table_(&table),
      group_(group),
      shown_(static_cast<std::size_t>(table.last_year() - table.first_year() + 2) * table.scenarios()) {}

std::size_t CompareRows::index(int row, std::size_t s) const {
  return static_cast<std::size_t>(row - table_->first_year()) * table_->scenarios() + s;
}

CompareRows CompareRows::everyone(const CompareTable& table, const CompareLayout& layout) {
  CompareRows rows(table, std::nullopt);
  for (int row = table.first_year(); row <= table.last_year() + 1; ++row) {
    for (std::size_t s = 0; s < table.scenarios(); ++s) {
      ShownFigures& shown = rows.shown_[rows.index(row, s)];
      for (const MoneyColumn& c : kMoneyColumns) shown.*c.shown = exact_of(rows, row, s, c).round_half_up();
      if (!layout.discount) continue;
      for (std::size_t k = 0; k < kPresentValueColumns.size(); ++k) {
        const MoneyColumn& c = kPresentValueColumns[k];
        shown.present_values[k] = layout.discount->present_value(rows.by_year(row, s, c.field, c.difference));
      }
    }
  }
  return rows;
}

std::vector<CompareRows> CompareRows::of(const CompareTable& table, const CompareLayout& layout) {
  std::vector<CompareRows> groups;
  if (table.group_by() == GroupBy::kNone) {
    groups.push_back(everyone(table, layout));
    return groups;
  }
  for (std::size_t g : table.groups()) groups.push_back(CompareRows(table, g));
  for (int row = table.first_year(); row <= table.last_year() + 1; ++row) {
    for (std::size_t s = 0; s < table.scenarios(); ++s) {
      const std::size_t i = groups.empty() ? 0 : groups.front().index(row, s);
      for (const MoneyColumn& c : kMoneyColumns) {
        std::vector<int64_t> sevenths;
        for (const CompareRows& g : groups) sevenths.push_back(exact_of(g, row, s, c).in_sevenths());
        const std::vector<int64_t> pence = round_adding_up(sevenths, int64_t{7});
        for (std::size_t k = 0; k < groups.size(); ++k) groups[k].shown_[i].*c.shown = Money::pence(pence[k]);
      }
      if (!layout.discount) continue;
      for (std::size_t col = 0; col < kPresentValueColumns.size(); ++col) {
        const MoneyColumn& c = kPresentValueColumns[col];
        std::vector<std::vector<Exact>> runs;
        for (const CompareRows& g : groups) runs.push_back(g.by_year(row, s, c.field, c.difference));
        const std::vector<Money> values = layout.discount->present_values_adding_up(runs);
        for (std::size_t k = 0; k < groups.size(); ++k) groups[k].shown_[i].present_values[col] = values[k];
      }
    }
  }
  return groups;
}

YearFigures CompareRows::at(int row, std::size_t s) const {
  if (is_window(row)) return group_ ? table_->window_total(s, *group_) : table_->window_total(s);
  return group_ ? table_->at(row, s, *group_) : table_->at(row, s);
}

const ShownFigures& CompareRows::shown(int row, std::size_t s) const { return shown_.at(index(row, s)); }

std::string CompareRows::row_label(int row) const { return is_window(row) ? "total" : financial_year_label(row); }

DateRange CompareRows::row_range(int row) const { return is_window(row) ? table_->window() : table_->year_range(row); }

std::vector<Exact> CompareRows::by_year(int row, std::size_t s, Exact YearFigures::*field, bool difference) const {
  const int first = is_window(row) ? table_->first_year() : row;
  const int last = is_window(row) ? table_->last_year() : row;
  // Discounted from the window's first year: year k of the window is k years on.
  std::vector<Exact> amounts(static_cast<std::size_t>(last - table_->first_year() + 1));
  for (int fy = first; fy <= last; ++fy) {
    Exact a = at(fy, s).*field;
    if (difference) a -= at(fy, 0).*field;
    amounts[static_cast<std::size_t>(fy - table_->first_year())] = a;
  }
  return amounts;
}

std::string average_in_care(const CompareRows& rows, int row, std::size_t s) {
  const int64_t days = rows.row_range(row).length().count();
  const int64_t hundredths = (rows.at(row, s).care_days * 200 + days) / (days * 2);
  return to_string(Hundredths{hundredths});
}

// The `figures` column: whether a row's figures are all known, or some were carried forward
// (provisional) or projected past what the rules know.
const char* figures_word(RuleUse use) {
  switch (use) {
    case RuleUse::kKnown: return "known";
    case RuleUse::kCarriedForward: return "provisional";
    case RuleUse::kProjected: return "projected";
  }
  return "known";
}

std::string more_columns_csv_header(const CompareLayout& layout) {
  std::string out = ",people,people_in_care,average_in_care";
  if (layout.discount) out += ",council_spend_pv,people_spend_pv,council_spend_difference_pv,people_spend_difference_pv";
  return out + ",figures";
}

std::string more_columns_csv(const CompareRows& rows, int row, std::size_t s, const CompareLayout& layout) {
  const YearFigures c = rows.at(row, s);
  std::string out = "," + count(c.people) + "," + count(c.people_in_care) + "," + average_in_care(rows, row, s);
  if (layout.discount) {
    for (Money pv : rows.shown(row, s).present_values) out += "," + to_string(pv);
  }
  return out + "," + figures_word(c.figures);
}

std::vector<std::string> more_columns_text_header(const CompareLayout& layout) {
  std::vector<std::string> out = {"people", "in care at end", "average in care"};
  if (layout.discount) {
    const std::string rate = to_string(layout.discount->percent());
    for (const char* h : {"council PV", "people's PV", "council PV vs first", "people PV vs first"}) {
      out.push_back(std::string(h) + " @" + rate + "%");
    }
  }
  out.push_back("figures");
  return out;
}

std::vector<std::string> more_columns_text(const CompareRows& rows, int row, std::size_t s, const CompareLayout& layout) {
  const YearFigures c = rows.at(row, s);
  std::vector<std::string> out = {count(c.people), count(c.people_in_care), average_in_care(rows, row, s)};
  if (layout.discount) {
    const std::array<Money, 4>& pv = rows.shown(row, s).present_values;
    for (std::size_t k = 0; k < pv.size(); ++k) out.push_back(k >= 2 && s == 0 ? "" : with_separators(pv[k]));
  }
  out.push_back(figures_word(c.figures));
  return out;
}

std::string with_separators(Money m) {
  std::string plain = to_string(m);
  std::size_t start = plain[0] == '-' ? 1 : 0;
  std::size_t dot = plain.find('.');
  std::string out = plain.substr(0, start);
  for (std::size_t i = start; i < dot; ++i) {
    out += plain[i];
    std::size_t remaining = dot - i - 1;
    if (remaining > 0 && remaining % 3 == 0) out += ',';
  }
  out += plain.substr(dot);
  return out;
}

std::string aligned_table(const std::vector<std::vector<std::string>>& rows, std::size_t text_columns) {
  if (rows.empty()) return "";
  std::vector<std::size_t> width(rows[0].size(), 0);
  auto display_width = [](const std::string& s) {
    std::size_t n = 0;
    for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;  // count UTF-8 code points
    return n;
  };
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) width[i] = std::max(width[i], display_width(r[i]));
  }
  std::string out;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& r = rows[k];
    for (std::size_t i = 0; i < r.size() && i < width.size(); ++i) {
      std::string pad(width[i] - display_width(r[i]), ' ');
      out += i < text_columns ? r[i] + pad : pad + r[i];  // text to the left, figures to the right
      out += i + 1 < r.size() ? "  " : "\n";
    }
    if (k == 0) {
      std::size_t total = 0;
      for (std::size_t w : width) total += w + 2;
      out += std::string(total - 2, '-') + "\n";
    }
  }
  return out;
}

namespace {

// The who-gains rows: each group in display order, then everyone as "(all)"; per scenario,
// over the whole window.
template <typename RowFn>
void for_each_who_gains_row(const CompareTable& table, RowFn row) {
  const int window = table.last_year() + 1;
  std::vector<CompareRows> groups = CompareRows::of(table, CompareLayout{});
  groups.push_back(CompareRows::everyone(table, CompareLayout{}));
  for (std::size_t k = 0; k < groups.size(); ++k) {
    const std::string label = k + 1 == groups.size() ? "(all)" : groups[k].group_label();
    for (std::size_t s = 0; s < table.scenarios(); ++s) {
      row(label, s, groups[k].at(window, 0), groups[k].at(window, s), groups[k].shown(window, s));
    }
  }
}

}  // namespace

std::string who_gains_csv(const CompareTable& table, const std::vector<std::string>& names) {
  std::string out =
      "group,scenario,people,council_spend_difference,people_spend_difference,people_reaching_cap,"
      "share_reaching_cap_percent,average_saving_per_person\n";
  for_each_who_gains_row(table, [&](const std::string& group, std::size_t s, const YearFigures& base,
                                    const YearFigures& c, const ShownFigures& shown) {
    const std::optional<Money> saving = average_saving(base, c);
    out += csv_field(group) + "," + csv_field(name_of(names, s)) + "," + count(c.people) + "," +
           to_string(shown.council_spend_difference) + "," + to_string(shown.people_spend_difference) + "," +
           count(c.people_reaching_cap) + "," + percent(c.people_reaching_cap, c.people) + "," +
           (saving ? to_string(*saving) : "") + "\n";
  });
  return out;
}

std::string who_gains_text(const CompareTable& table, const std::vector<std::string>& names) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({group_by_name(table.group_by()), "scenario", "people", "council vs first", "people vs first",
                  "reach cap", "share reaching cap", "average saving a person"});
  for_each_who_gains_row(table, [&](const std::string& group, std::size_t s, const YearFigures& base,
                                    const YearFigures& c, const ShownFigures& shown) {
    const std::optional<Money> saving = average_saving(base, c);
    const bool first = s == 0;
    const std::string share = percent(c.people_reaching_cap, c.people);
    rows.push_back({group, name_of(names, s), count(c.people), first ? "" : with_separators(shown.council_spend_difference),
                    first ? "" : with_separators(shown.people_spend_difference), count(c.people_reaching_cap),
                    share.empty() ? "" : share + "%", first || !saving ? "" : with_separators(*saving)});
  });
  return "Who gains over the whole window, by " + std::string(group_by_name(table.group_by())) +
         " (amounts in pounds; differences and savings from the first scenario; people: in care on some day):\n" +
         aligned_table(rows, 2);
}

const char* per_person_csv_header() {
  return "person_id,scenario,capital_band,council_spend,people_spend,third_party_top_ups,days_in_care,"
         "cap_reached_on\n";
}

void write_per_person_row(std::string& out, const std::string& person_id, const std::string& scenario,
                          std::string_view band, const PersonTotals& totals) {
  out += csv_field(person_id);
  out += ',';
  out += csv_field(scenario);
  out += ',';
  out += band;
  out += ',';
  out += to_string(totals.council_spend.round_half_up());
  out += ',';
  out += to_string(totals.people_spend.round_half_up());
  out += ',';
  out += to_string(totals.third_party_top_ups.round_half_up());
  out += ',';
  out += std::to_string(totals.care_days);
  out += ',';
  if (totals.cap_reached_on) out += to_string(*totals.cap_reached_on);
  out += '\n';
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace caremeter
