// grouping.cc — compare groups: bands, labels and which care record a period belongs to.
#include "batch/grouping.h"

#include <string>

namespace caremeter {

namespace {

constexpr std::array<std::string_view, 7> kCapitalBands = {"0-14250",       "14250-20000",   "20000-23250", "23250-100000",
                                                           "100000-250000", "250000-500000", "500000+"};
constexpr std::array<std::string_view, 5> kAgeBands = {"0-17", "18-64", "65-74", "75-84", "85+"};
constexpr std::array<std::string_view, 3> kSettings = {"care_home", "home_care", "community"};
constexpr std::array<std::string_view, 2> kArrangers = {"council", "self"};
constexpr std::string_view kNoCouncil = "(none)";

struct GroupByName {
  GroupBy by;
  const char* name;
};
constexpr std::array<GroupByName, 5> kGroupings = {{{GroupBy::kCapitalBand, "capital_band"},
                                                    {GroupBy::kSetting, "setting"},
                                                    {GroupBy::kAgeBand, "age_band"},
                                                    {GroupBy::kCouncil, "council"},
                                                    {GroupBy::kArrangedBy, "arranged_by"}}};

template <std::size_t N>
int rank_in(const std::array<std::string_view, N>& labels, std::string_view label) {
  for (std::size_t i = 0; i < N; ++i) {
    if (labels[i] == label) return static_cast<int>(i);
  }
  return static_cast<int>(N);
}

}  // namespace

Result<GroupBy> parse_group_by(std::string_view text) {
  std::string choices;
  for (const GroupByName& g : kGroupings) {
    if (text == g.name) return g.by;
    choices += choices.empty() ? "" : ", ";
    choices += g.name;
  }
  return invalid_input("", "expected one of " + choices + ", got '" + std::string(text) + "'");
}

const char* group_by_name(GroupBy by) {
  for (const GroupByName& g : kGroupings) {
    if (g.by == by) return g.name;
  }
  return "none";
}

std::string_view capital_band(Money capital) {
  std::size_t band = 0;
  while (band < kCapitalBandFloorsPounds.size() && capital >= Money::pounds(kCapitalBandFloorsPounds[band])) ++band;
  return kCapitalBands[band];
}

Money capital_at_first_entry(const Person& person) {
  if (person.care.empty() || person.finances.empty()) return Money::zero();
  const CareRecord& first = person.care.front();
  const Date day = first.range.first;
  const FinancesRecord* f = &person.finances.front();
  for (const FinancesRecord& r : person.finances) {
    if (r.range.contains(day)) f = &r;
  }
  Money capital = f->savings + f->other_capital;
  const bool home_counts = first.setting == Setting::kCareHome && first.stay == Stay::kPermanent && f->home &&
                           !f->home->qualifying_relative_lives_there;
  if (home_counts) capital += max(Money::zero(), f->home->value - f->home->secured_debt);
  return capital;
}

std::string_view age_band(int age) {
  if (age < 18) return kAgeBands[0];
  if (age < 65) return kAgeBands[1];
  if (age < 75) return kAgeBands[2];
  if (age < 85) return kAgeBands[3];
  return kAgeBands[4];
}

int group_rank(GroupBy by, std::string_view label) {
  switch (by) {
    case GroupBy::kCapitalBand: return rank_in(kCapitalBands, label);
    case GroupBy::kAgeBand: return rank_in(kAgeBands, label);
    case GroupBy::kSetting: return rank_in(kSettings, label);
    case GroupBy::kArrangedBy: return rank_in(kArrangers, label);
    case GroupBy::kCouncil: return label == kNoCouncil ? 1 : 0;
    case GroupBy::kNone: break;
  }
  return 0;
}

PeriodGrouper::PeriodGrouper(GroupBy by, const Person& person) : by_(by), person_(person) {
  if (by_ == GroupBy::kCapitalBand) capital_band_ = capital_band(capital_at_first_entry(person));
}

// The care record covering `day`, to its end; a day no record covers (none should be: the
// engine makes periods only of days in care) is its own group until the next record.
GroupSpan PeriodGrouper::care_group_from(Date day) {
  const std::vector<CareRecord>& care = person_.care;
  while (care_index_ + 1 < care.size() && care[care_index_].range.last < day) ++care_index_;
  if (care_index_ >= care.size() || !care[care_index_].range.contains(day)) {
    const bool later = care_index_ < care.size() && care[care_index_].range.first > day;
    return {"(no care record)", later ? care[care_index_].range.first.prev() : Date::max()};
  }
  const CareRecord& c = care[care_index_];
  if (by_ == GroupBy::kSetting) return {setting_name(c.setting), c.range.last};
  return {c.arranged_by == ArrangedBy::kCouncil ? kArrangers[0] : kArrangers[1], c.range.last};
}

GroupSpan PeriodGrouper::group_from(const Period& period, Date day) {
  switch (by_) {
    case GroupBy::kCapitalBand: return {capital_band_};
    case GroupBy::kAgeBand: {
      // The band on 1 April holds for the whole financial year.
      const int fy = financial_year(day);
      return {age_band(age_on(person_.birth_date, financial_year_start(fy))), financial_year_end(fy)};
    }
    case GroupBy::kCouncil: return {period.council.empty() ? kNoCouncil : std::string_view(period.council)};
    case GroupBy::kSetting:
    case GroupBy::kArrangedBy: return care_group_from(day);
    case GroupBy::kNone: break;
  }
  return {};
}

}  // namespace caremeter
