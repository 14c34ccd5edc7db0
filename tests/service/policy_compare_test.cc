// policy_compare_test.cc — `compare` for policy questions: groups (capital band, setting, age
// band, council, arranged_by) that add up to the county to the penny, present values, who gains,
// each person's totals, and the difference chart with reform markers.
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <string>
#include <vector>

#include "batch/batch.h"
#include "batch/chart.h"
#include "batch/compare_report.h"
#include "batch/discount.h"
#include "batch/grouping.h"
#include "batch/largest_remainder.h"
#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "support/compare_results.h"
#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::period;
using test_support::weekly;

Date d(int y, unsigned m, unsigned day) { return Date::from_ymd(y, m, day); }

std::vector<std::string> split(const std::string& line, char sep = ',') {
  std::vector<std::string> out(1);
  for (char c : line) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

// ---- Rounding parts so they add up, and present values ---------------------------------------

TEST(RoundAddingUp, PartsAddUpToTheWholeRoundedEachWithinAUnit) {
  // Three parts of 4/7p: each alone would show 1p (3p in all), but together they are 12/7p,
  // shown as 2p; the two earliest of the equal remainders get the pennies.
  EXPECT_EQ(round_adding_up(std::vector<int64_t>{4, 4, 4}, int64_t{7}), (std::vector<int64_t>{1, 1, 0}));
  // -4/7p each: floors -1p (remainder 3/7) make -3p; the whole -12/7p shows as -2p, so one
  // penny goes back, to the first.
  EXPECT_EQ(round_adding_up(std::vector<int64_t>{-4, -4, -4}, int64_t{7}), (std::vector<int64_t>{0, -1, -1}));
  // Largest remainder first: 6/7 (then 1/7, 1/7): 8/7p shows 1p, which goes to the 6/7.
  EXPECT_EQ(round_adding_up(std::vector<int64_t>{1, 6, 1}, int64_t{7}), (std::vector<int64_t>{0, 1, 0}));
  // Whole amounts are left alone: 14/7 + 21/7 = 2p + 3p.
  EXPECT_EQ(round_adding_up(std::vector<int64_t>{14, 21}, int64_t{7}), (std::vector<int64_t>{2, 3}));
}

TEST(DiscountRate, PresentValuesAreExactAndRoundedOnce) {
  const DiscountRate rate = DiscountRate::green_book();
  EXPECT_EQ(rate.percent().value, 350);
  const Exact pounds_1035 = Exact::from(Money::pounds(1035));
  // £1,035 a year on at 3.5%: 1,035 / 1.035 = £1,000 exactly; in the base year, itself.
  EXPECT_EQ(rate.present_value(pounds_1035, 1), Money::pounds(1000));
  EXPECT_EQ(rate.present_value(pounds_1035, 0), Money::pounds(1035));
  EXPECT_EQ(rate.present_value(-pounds_1035, 1), -Money::pounds(1000));
  // £1,000 two years on: 1,000 / 1.071225 = 933.5107… → £933.51.
  EXPECT_EQ(rate.present_value(Exact::from(Money::pounds(1000)), 2), Money::pence(93351));
  // 3/7p in the base year and 3/7p a year on: 0.4286 + 0.4141 = 0.8427p → 1p, rounded once
  // (each year rounded alone would show 0p + 0p).
  EXPECT_EQ(rate.present_value(std::vector<Exact>{Exact::sevenths(3), Exact::sevenths(3)}), Money::pence(1));
  EXPECT_EQ(rate.present_value(Exact::sevenths(3), 0), Money::zero());
  // Runs that add up: 3/7p, 3/7p and 1/7p in the base year make 1p, which goes to the first.
  const std::vector<Money> parts = rate.present_values_adding_up(
      {{Exact::sevenths(3)}, {Exact::sevenths(3)}, {Exact::sevenths(1)}});
  EXPECT_EQ(parts, (std::vector<Money>{Money::pence(1), Money::zero(), Money::zero()}));

  // 10%: £121 two years on is £100.
  auto ten = DiscountRate::parse("10");
  ASSERT_TRUE(ten.ok());
  EXPECT_EQ(ten->present_value(Exact::from(Money::pounds(121)), 2), Money::pounds(100));
  EXPECT_FALSE(DiscountRate::parse("abc").ok());
  EXPECT_FALSE(DiscountRate::parse("-1").ok());
  EXPECT_FALSE(DiscountRate::parse("100.01").ok());
  EXPECT_FALSE(DiscountRate::parse("3.555").ok());
}

// ---- Groups -------------------------------------------------------------------------------

TEST(Grouping, BandsAndNames) {
  EXPECT_EQ(capital_band(Money::pence(1'424'999)), "0-14250");
  EXPECT_EQ(capital_band(Money::pounds(14'250)), "14250-20000");
  EXPECT_EQ(capital_band(Money::pounds(23'250)), "23250-100000");
  EXPECT_EQ(capital_band(Money::pence(49'999'999)), "250000-500000");
  EXPECT_EQ(capital_band(Money::pounds(500'000)), "500000+");
  EXPECT_EQ(age_band(17), "0-17");
  EXPECT_EQ(age_band(64), "18-64");
  EXPECT_EQ(age_band(65), "65-74");
  EXPECT_EQ(age_band(84), "75-84");
  EXPECT_EQ(age_band(85), "85+");
  auto by = parse_group_by("age_band");
  ASSERT_TRUE(by.ok());
  EXPECT_EQ(*by, GroupBy::kAgeBand);
  auto wrong = parse_group_by("wealth");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("capital_band"), std::string::npos);
}

// Someone born 2 April 1960, in home care (council) from 1 March 2025 and a care home (self)
// from 11 April 2025, with £20,000 of savings and a £200,000 home.
Person mover() {
  Person p;
  p.id = "P-1";
  p.birth_date = d(1960, 4, 2);
  CareRecord home;
  home.range = DateRange{d(2025, 3, 1), d(2025, 4, 10)};
  home.setting = Setting::kHomeCare;
  home.arranged_by = ArrangedBy::kCouncil;
  CareRecord care_home;
  care_home.range = DateRange{d(2025, 4, 11), Date::max()};
  care_home.setting = Setting::kCareHome;
  care_home.arranged_by = ArrangedBy::kSelf;
  p.care = {home, care_home};
  FinancesRecord f;
  f.range = DateRange{d(2025, 3, 1), Date::max()};
  f.savings = Money::pounds(20'000);
  f.home = Home{Money::pounds(200'000), Money::zero(), false};
  p.finances = {f};
  return p;
}

TEST(Grouping, CapitalAtFirstEntryCountsTheHomeOnlyForACareHomeStay) {
  Person p = mover();
  // First care at home: the home is disregarded.
  EXPECT_EQ(capital_at_first_entry(p), Money::pounds(20'000));
  // First care a permanent care-home stay: the home counts (less secured debt) …
  p.care.erase(p.care.begin());
  p.finances.front().home->secured_debt = Money::pounds(30'000);
  EXPECT_EQ(capital_at_first_entry(p), Money::pounds(190'000));
  // … unless a qualifying relative lives there.
  p.finances.front().home->qualifying_relative_lives_there = true;
  EXPECT_EQ(capital_at_first_entry(p), Money::pounds(20'000));
}

// One period of £10 a day from the council (£70 a week) from 20 March 2025 to 9 April 2026,
// across the move into the care home on 11 April 2025 (the engine joins days with the same
// figures), cap reached on 1 June 2025, window 1 March 2025 to 30 June 2026.
CompareTable mover_table(GroupBy by) {
  CompareTable table(DateRange{d(2025, 3, 1), d(2026, 6, 30)}, 1, by);
  AccountResult r;
  r.periods.push_back(period(d(2025, 3, 20), d(2026, 4, 9), weekly(70, 0, 70, 0)));
  r.account.cap_reached_on = d(2025, 6, 1);
  const Person p = mover();
  table.add(0, r, &p);
  return table;
}

std::map<std::string, std::size_t> groups_of(const CompareTable& table) {
  std::map<std::string, std::size_t> out;
  for (std::size_t g : table.groups()) out[table.group_label(g)] = g;
  return out;
}

TEST(CompareGroups, APeriodIsSplitWhereTheSettingChanges) {
  const CompareTable table = mover_table(GroupBy::kSetting);
  auto g = groups_of(table);
  ASSERT_EQ(g.size(), 2u);
  ASSERT_EQ(table.groups(), (std::vector<std::size_t>{g["care_home"], g["home_care"]}));  // display order
  // Home care 20 March to 10 April 2025: 12 days in 2024/25 (£120), 10 in 2025/26 (£100).
  EXPECT_EQ(table.at(2024, 0, g["home_care"]).council_spend, Exact::from(Money::pounds(120)));
  EXPECT_EQ(table.at(2025, 0, g["home_care"]).council_spend, Exact::from(Money::pounds(100)));
  // The care home 11 April 2025 to 9 April 2026: 355 days in 2025/26, 9 in 2026/27.
  EXPECT_EQ(table.at(2025, 0, g["care_home"]).council_spend, Exact::from(Money::pounds(3'550)));
  EXPECT_EQ(table.at(2026, 0, g["care_home"]).council_spend, Exact::from(Money::pounds(90)));
  EXPECT_EQ(table.window_total(0, g["care_home"]).care_days, 364);
  EXPECT_EQ(table.window_total(0, g["home_care"]).care_days, 22);
  // In care on 31 March 2025 at home, on 31 March 2026 in the care home, on 30 June 2026 not.
  EXPECT_EQ(table.at(2024, 0, g["home_care"]).people_in_care, 1);
  EXPECT_EQ(table.at(2025, 0, g["home_care"]).people_in_care, 0);
  EXPECT_EQ(table.at(2025, 0, g["care_home"]).people_in_care, 1);
  EXPECT_EQ(table.at(2026, 0, g["care_home"]).people_in_care, 0);
  // The person is in both settings in 2025/26 and over the window; the cap (1 June 2025) was
  // reached in the care home.
  EXPECT_EQ(table.at(2025, 0, g["home_care"]).people, 1);
  EXPECT_EQ(table.at(2025, 0, g["care_home"]).people, 1);
  EXPECT_EQ(table.window_total(0, g["care_home"]).people_reaching_cap, 1);
  EXPECT_EQ(table.window_total(0, g["home_care"]).people_reaching_cap, 0);
  // Everyone: 386 days, £3,860.
  EXPECT_EQ(table.window_total(0).council_spend, Exact::from(Money::pounds(3'860)));
  EXPECT_EQ(table.window_total(0).people, 1);
  EXPECT_EQ(table.window_total(0).people_reaching_cap, 1);
}

TEST(CompareGroups, AgeBandOnTheFirstOfAprilAndCapitalBandAtFirstEntry) {
  // Born 2 April 1960: 64 on 1 April 2024 and 2025, 65 on 1 April 2026.
  const CompareTable ages = mover_table(GroupBy::kAgeBand);
  auto a = groups_of(ages);
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(ages.window_total(0, a["18-64"]).council_spend, Exact::from(Money::pounds(3'770)));  // 377 days
  EXPECT_EQ(ages.window_total(0, a["65-74"]).council_spend, Exact::from(Money::pounds(90)));
  EXPECT_EQ(ages.at(2026, 0, a["65-74"]).people, 1);
  EXPECT_EQ(ages.window_total(0, a["18-64"]).people_reaching_cap, 1);
  // £20,000 at home when care began: one band for everything.
  const CompareTable capital = mover_table(GroupBy::kCapitalBand);
  auto c = groups_of(capital);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(capital.window_total(0, c["20000-23250"]).council_spend, Exact::from(Money::pounds(3'860)));
  // Arranged by: the council at home, the person in the care home.
  const CompareTable arranged = mover_table(GroupBy::kArrangedBy);
  auto r = groups_of(arranged);
  EXPECT_EQ(arranged.window_total(0, r["council"]).council_spend, Exact::from(Money::pounds(220)));
  EXPECT_EQ(arranged.window_total(0, r["self"]).council_spend, Exact::from(Money::pounds(3'640)));
}

CompareJob job_for(const std::vector<std::string>& names, DateRange window, GroupBy by) {
  CompareJob job;
  job.rules = &test_support::england_rules();
  for (const auto& n : names) job.scenarios.push_back(*job.rules->scenario(n));
  job.window = window;
  job.capital = CapitalMode::kSpendDown;
  job.unpublished = Unpublished::kCarryForward;  // windows past 5 April 2026: what is added up is tested
  job.by = by;
  job.threads = 2;
  job.chunk_lines = 16;
  return job;
}

CompareSummary compare(const std::string& input, const CompareJob& job) {
  auto summary = run_compare(input, job, [](std::string_view) { return ok_status(); });
  EXPECT_TRUE(summary.ok()) << (summary.ok() ? "" : summary.error().to_string());
  return summary.ok() ? std::move(summary).value() : CompareSummary{};
}

// Done-when: over groups, the sums equal the ungrouped totals to the penny — the exact sums,
// and the figures as shown (CSV, with present values), for every grouping.
TEST(CompareGroups, GroupsAddUpToTheUngroupedTotalsToThePenny) {
  OpenCountyOptions o;
  o.in_care = 120;
  o.seed = 77;
  const std::string county = test_support::generated_open_county(o);
  const std::vector<std::string> names = {"current-law", "reform-2023-10", "reform-2025-10"};
  const DateRange window{d(2024, 10, 1), d(2030, 3, 31)};
  CompareLayout layout;
  layout.discount = DiscountRate::green_book();
  const CompareSummary all = compare(county, job_for(names, window, GroupBy::kNone));
  ASSERT_EQ(all.errors, 0u);
  std::map<std::string, std::vector<std::string>> whole;  // "2025/26,current-law" → CSV fields
  for (const std::string& line : test_support::lines_of(compare_csv(all.table, names, layout))) {
    const auto f = split(line);
    whole[f[0] + "," + f[1]] = f;
  }
  for (GroupBy by : {GroupBy::kCapitalBand, GroupBy::kSetting, GroupBy::kAgeBand, GroupBy::kCouncil, GroupBy::kArrangedBy}) {
    const CompareSummary grouped = compare(county, job_for(names, window, by));
    const CompareTable& t = grouped.table;
    ASSERT_GE(t.groups().size(), 2u) << group_by_name(by);
    for (std::size_t s = 0; s < names.size(); ++s) {
      for (int row = t.first_year(); row <= t.last_year() + 1; ++row) {
        YearFigures sum;
        for (std::size_t g : t.groups()) {
          const YearFigures& c = row > t.last_year() ? t.window_total(s, g) : t.at(row, s, g);
          sum.council_spend += c.council_spend;
          sum.people_spend += c.people_spend;
          sum.third_party_top_ups += c.third_party_top_ups;
          sum.care_days += c.care_days;
          sum.people_in_care += c.people_in_care;
          sum.people_reaching_cap += c.people_reaching_cap;
        }
        const YearFigures& e = row > t.last_year() ? all.table.window_total(s) : all.table.at(row, s);
        EXPECT_EQ(sum.council_spend, e.council_spend) << group_by_name(by) << " " << row << " " << names[s];
        EXPECT_EQ(sum.people_spend, e.people_spend) << group_by_name(by) << " " << row;
        EXPECT_EQ(sum.third_party_top_ups, e.third_party_top_ups) << group_by_name(by) << " " << row;
        EXPECT_EQ(sum.care_days, e.care_days) << group_by_name(by) << " " << row;
        EXPECT_EQ(sum.people_in_care, e.people_in_care) << group_by_name(by) << " " << row;
        EXPECT_EQ(sum.people_reaching_cap, e.people_reaching_cap) << group_by_name(by) << " " << row;
      }
    }
    // As shown: every amount column of the group rows adds up to the ungrouped row.
    std::map<std::string, std::vector<int64_t>> pence;
    const auto lines = test_support::lines_of(compare_csv(t, names, layout));
    const auto header = split(lines[0]);
    ASSERT_EQ(header[0], "group");
    for (std::size_t k = 1; k < lines.size(); ++k) {
      const auto f = split(lines[k]);
      auto& sums = pence[f[1] + "," + f[2]];
      sums.resize(f.size(), 0);
      for (std::size_t i = 3; i < f.size(); ++i) {
        if (f[i].find('.') == std::string::npos) continue;  // counts
        auto m = parse_money(f[i], MoneyParseOptions{true});
        ASSERT_TRUE(m.ok()) << f[i];
        sums[i] += m->in_pence();
      }
    }
    ASSERT_EQ(pence.size(), whole.size() - 1);  // every year and scenario, and the totals
    for (const auto& [key, sums] : pence) {
      const auto& expected = whole.at(key);
      for (std::size_t i = 3; i < sums.size(); ++i) {
        const std::string& column = header[i];
        if (column == "people_metering" || column == "people_reaching_cap" || column == "people" ||
            column == "people_in_care" || column == "average_in_care" || column == "figures") {
          continue;
        }
        EXPECT_EQ(to_string(Money::pence(sums[i])), expected[i - 1]) << group_by_name(by) << " " << key << " " << column;
      }
    }
  }
}

// People are counted once in a group that describes the person (capital band).
TEST(CompareGroups, PeopleAddUpOverCapitalBands) {
  OpenCountyOptions o;
  o.in_care = 60;
  o.seed = 78;
  const std::string county = test_support::generated_open_county(o);
  const DateRange window{d(2025, 4, 1), d(2028, 3, 31)};
  const CompareSummary all = compare(county, job_for({"current-law", "reform-2025-10"}, window, GroupBy::kNone));
  const CompareSummary bands = compare(county, job_for({"current-law", "reform-2025-10"}, window, GroupBy::kCapitalBand));
  for (std::size_t s = 0; s < 2; ++s) {
    int64_t people = 0, metering = 0;
    for (std::size_t g : bands.table.groups()) {
      people += bands.table.window_total(s, g).people;
      metering += bands.table.window_total(s, g).people_metering;
    }
    EXPECT_EQ(people, all.table.window_total(s).people);
    EXPECT_EQ(metering, all.table.window_total(s).people_metering);
  }
  EXPECT_GT(all.table.window_total(1).people_metering, 0);
}

// ---- Who gains ----------------------------------------------------------------------------

TEST(WhoGains, PerBandPeopleDifferencesShareReachingTheCapAndAverageSaving) {
  CompareTable table(DateRange{d(2025, 4, 1), d(2026, 3, 31)}, 2, GroupBy::kCapitalBand);
  // X: £10,000 of savings, care at home; £100 a week of charges for a week, £40 under the reform.
  Person x;
  x.id = "X";
  x.birth_date = d(1940, 1, 1);
  CareRecord home;
  home.range = DateRange{d(2025, 5, 1), d(2025, 5, 7)};
  home.setting = Setting::kHomeCare;
  x.care = {home};
  FinancesRecord fx;
  fx.range = DateRange{d(2025, 5, 1), Date::max()};
  fx.savings = Money::pounds(10'000);
  x.finances = {fx};
  AccountResult x0, x1;
  x0.periods.push_back(period(d(2025, 5, 1), d(2025, 5, 7), weekly(0, 100, 100, 0)));
  x1.periods.push_back(period(d(2025, 5, 1), d(2025, 5, 7), weekly(60, 40, 100, 40)));
  table.add(0, x0, &x);
  table.add(1, x1, &x);
  // Y: £50,000 in a care home; £700 a week for two weeks, the second paid by the council once
  // the cap is reached on 8 May under the reform.
  Person y = x;
  y.id = "Y";
  y.care.front().setting = Setting::kCareHome;
  y.care.front().range = DateRange{d(2025, 5, 1), d(2025, 5, 14)};
  y.finances.front().savings = Money::pounds(50'000);
  AccountResult y0, y1;
  y0.periods.push_back(period(d(2025, 5, 1), d(2025, 5, 14), weekly(0, 700, 700, 0)));
  y1.periods.push_back(period(d(2025, 5, 1), d(2025, 5, 7), weekly(0, 700, 700, 700)));
  y1.periods.push_back(period(d(2025, 5, 8), d(2025, 5, 14), weekly(700, 0, 700, 0)));
  y1.account.cap_reached_on = d(2025, 5, 8);
  table.add(0, y0, &y);
  table.add(1, y1, &y);

  // X saves £60, Y £700: £760 over two people, £380 each; one of the two reaches the cap.
  EXPECT_EQ(who_gains_csv(table, {"current-law", "reform"}),
            "group,scenario,people,council_spend_difference,people_spend_difference,people_reaching_cap,"
            "share_reaching_cap_percent,average_saving_per_person\n"
            "0-14250,current-law,1,0.00,0.00,0,0.0,0.00\n"
            "0-14250,reform,1,60.00,-60.00,0,0.0,60.00\n"
            "23250-100000,current-law,1,0.00,0.00,0,0.0,0.00\n"
            "23250-100000,reform,1,700.00,-700.00,1,100.0,700.00\n"
            "(all),current-law,2,0.00,0.00,0,0.0,0.00\n"
            "(all),reform,2,760.00,-760.00,1,50.0,380.00\n");
  const std::string text = who_gains_text(table, {"current-law", "reform"});
  EXPECT_NE(text.find("Who gains"), std::string::npos);
  EXPECT_NE(text.find("100.0%"), std::string::npos) << text;
}

// ---- Each person's totals -----------------------------------------------------------------

TEST(PerPerson, RowsAreEachPersonsOwnTotalsInInputOrder) {
  const std::string county = test_support::generated_county(40, 31);
  const DateRange window{d(2025, 4, 1), d(2027, 3, 31)};
  CompareJob job = job_for({"current-law", "reform-2025-10"}, window, GroupBy::kNone);
  job.threads = 3;
  job.chunk_lines = 4;
  std::string rows;
  job.per_person = [&](std::string_view data) {
    rows.append(data);
    return ok_status();
  };
  const CompareSummary summary = compare(county, job);
  ASSERT_EQ(summary.errors, 0u);
  const auto lines = test_support::lines_of(rows);
  ASSERT_EQ(lines.size(), 80u);
  std::size_t k = 0;
  for (const std::string& doc : test_support::lines_of(county)) {
    auto person = parse_person(doc);
    ASSERT_TRUE(person.ok());
    for (const Scenario& scenario : job.scenarios) {
      CalculationRequest r;
      r.as_of = window.last;
      r.from = window.first;
      r.to = window.last;
      r.capital = CapitalMode::kSpendDown;
      r.unpublished = job.unpublished;
      auto result = calculate(*person, *job.rules, scenario, r);
      ASSERT_TRUE(result.ok());
      int64_t days = 0;
      for (const Period& p : result->periods) days += p.range.length().count();
      const auto f = split(lines[k++]);
      ASSERT_EQ(f.size(), 8u) << lines[k - 1];
      EXPECT_EQ(f[0], person->id);
      EXPECT_EQ(f[1], scenario.name);
      EXPECT_EQ(f[2], capital_band(capital_at_first_entry(*person)));
      EXPECT_EQ(f[3], to_string(result->totals.council_paid.round_half_up())) << person->id;
      EXPECT_EQ(f[4], to_string(result->totals.person_paid.round_half_up())) << person->id;
      EXPECT_EQ(f[6], std::to_string(days));
      const bool reached = result->account.cap_reached_on && window.contains(*result->account.cap_reached_on);
      EXPECT_EQ(f[7], reached ? to_string(*result->account.cap_reached_on) : "");
    }
  }
}

// People are added to the table on the writing thread in input order: a grouped comparison with
// per-person rows gives the same bytes for any number of threads, and a later line repeating an
// earlier line's id is left out of the table and has no per-person rows.
TEST(PerPerson, GroupedRowsAreTheSameForAnyThreadsAndARepeatedIdHasNone) {
  const std::string county = test_support::generated_county(30, 8);
  const std::vector<std::string> lines = test_support::lines_of(county);
  const std::string twice = county + lines[4] + "\n";  // line 31 repeats line 5's person
  const std::vector<std::string> names = {"current-law", "reform-2025-10"};
  CompareLayout layout;
  layout.discount = DiscountRate::green_book();
  std::string first_rows, first_csv;
  for (int threads : {1, 3}) {
    CompareJob job = job_for(names, DateRange{d(2025, 4, 1), d(2028, 3, 31)}, GroupBy::kCapitalBand);
    job.threads = threads;
    job.chunk_lines = 4;
    std::string rows, errors;
    job.per_person = [&](std::string_view data) {
      rows.append(data);
      return ok_status();
    };
    auto summary = run_compare(twice, job, [&](std::string_view data) {
      errors.append(data);
      return ok_status();
    });
    ASSERT_TRUE(summary.ok()) << summary.error().to_string();
    EXPECT_EQ(summary->people, 30u);
    EXPECT_EQ(summary->errors, 1u);
    EXPECT_NE(errors.find("{\"line\":31,"), std::string::npos) << errors;
    EXPECT_NE(errors.find("was given already on line 5"), std::string::npos) << errors;
    // 30 people × 2 scenarios, the repeated line none; the last rows are line 30's person.
    const auto row_lines = test_support::lines_of(rows);
    ASSERT_EQ(row_lines.size(), 60u);
    auto last = parse_person(lines[29]);
    ASSERT_TRUE(last.ok());
    EXPECT_EQ(split(row_lines[59])[0], last->id);
    // The table is the county's without the repeated line.
    job.per_person = nullptr;
    const CompareSummary once = compare(county, job);
    const std::string csv = compare_csv(summary->table, names, layout);
    EXPECT_EQ(csv, compare_csv(once.table, names, layout));
    if (first_rows.empty()) {
      first_rows = rows;
      first_csv = csv;
    } else {
      EXPECT_EQ(rows, first_rows) << "per-person rows differ with " << threads << " threads";
      EXPECT_EQ(csv, first_csv) << "the table differs with " << threads << " threads";
    }
  }
}

// A window's total row can be too large for an exact amount while each year fits: the run fails
// naming the row (and group), instead of showing a wrong total.
TEST(CompareGroups, AWindowTotalTooLargeForAnExactIsAnError) {
  // Half the largest Exact and one seventh more, for one person in each of two years: each year
  // fits, their sum does not.
  const Exact half = Exact::sevenths(std::numeric_limits<int64_t>::max() / 2 + 1);
  CompareTable table(DateRange{d(2025, 4, 1), d(2027, 3, 31)}, 1);
  for (int year : {2025, 2026}) {
    AccountResult huge;
    Period p = period(d(year, 6, 1), d(year, 6, 7), weekly(0, 0, 0, 0));
    p.amount.council_pays = half;
    p.amount.weekly_fee = half;
    huge.periods.push_back(p);
    table.add(0, huge);
  }
  EXPECT_EQ(table.at(2025, 0).council_spend, half);
  EXPECT_EQ(table.at(2026, 0).council_spend, half);
  Status s = table.check_totals();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kOverflow);
  EXPECT_NE(s.error().message.find("the county's totals for the whole window under scenario 1"), std::string::npos)
      << s.error().message;
  EXPECT_THROW(table.window_total(0), MoneyOverflow);
}

// ---- The chart ----------------------------------------------------------------------------

TEST(Chart, NegativeValuesGoBelowZeroAndAmountsHaveSeparators) {
  // -£30,000 and £70,000: steps of £25,000 from -£50,000 to £75,000 (five steps).
  const AxisScale axis = nice_axis(Money::pounds(-30'000), Money::pounds(70'000));
  EXPECT_EQ(axis.bottom, Money::pounds(-50'000).in_pence());
  EXPECT_EQ(axis.top, Money::pounds(75'000).in_pence());
  EXPECT_EQ(axis.step, Money::pounds(25'000).in_pence());
  EXPECT_EQ(axis_label(Money::pounds(1'500'000'000).in_pence(), Money::pounds(2'000'000'000).in_pence()), "£1,500m");
  EXPECT_EQ(axis_label(Money::pounds(-50'000).in_pence(), Money::pounds(75'000).in_pence()), "-£50k");
  EXPECT_EQ(pounds_label(Money::pence(123'456'789)), "£1,234,567.89");
  EXPECT_EQ(pounds_label(Money::pence(-5)), "-£0.05");

  BarChart chart;
  chart.title = "Difference";
  chart.categories = {"2025/26", "2026/27"};
  chart.series = {{"reform", {Money::pounds(-30'000), Money::pounds(70'000)}}};
  // 1 October 2025: 183 of 2025/26's 365 days.
  chart.markers = {ChartMarker{0, 183, 365, "reform from 2025-10-01"}};
  const std::string svg = render_bar_chart_svg(chart);
  // The plot is 336 px high from y=96 over £125,000: zero at 96 + 336 × 75/125 = 297.6; the
  // -£30,000 bar hangs 336 × 30/125 = 80.64 px below it (80.7 in tenths from the line's end).
  EXPECT_NE(svg.find("y=\"297.6\" width"), std::string::npos) << svg;
  EXPECT_NE(svg.find("height=\"80.7\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("reform, 2025/26: -£30,000.00"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">-£50k<"), std::string::npos) << svg;
  // The marker: slots of 415 px from x=100, 183/365 of the first: 100 + 208.06 → 308.
  EXPECT_NE(svg.find("x1=\"308\" x2=\"308\""), std::string::npos) << svg;
  EXPECT_NE(svg.find(">reform from 2025-10-01<"), std::string::npos) << svg;
}

// ---- The command --------------------------------------------------------------------------

TEST(PolicyCompareProgram, GroupsPresentValuesWhoGainsAndPerPersonFiles) {
  const std::string county = std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-open.jsonl";
  test_support::TempDir dir;
  const std::string per_person = dir.file("per-person.csv");
  const std::string who_gains = dir.file("who-gains.csv");
  const std::string svg = dir.file("difference.svg");
  auto run = test_support::run_caremeter(
      {"compare", "--people", county, "--scenarios", "current-law,reform-2025-10", "--from", "2025-04-01", "--to",
       "2027-03-31", "--capital", "spend_down", "--by", "capital_band", "--discount", "--per-person", per_person,
       "--who-gains", who_gains, "--chart", svg, "--chart-kind", "difference", "--threads", "2", "--unpublished",
       "carry-forward"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.out.find("capital_band"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("council PV @3.50%"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("Who gains"), std::string::npos) << run.out;
  const std::size_t people = test_support::lines_of(test_support::read_source_file("bench/data/county-open.jsonl")).size();
  const auto rows = test_support::lines_of(dir.read("per-person.csv"));
  ASSERT_EQ(rows.size(), 1 + people * 2);
  EXPECT_EQ(rows[0], "person_id,scenario,capital_band,council_spend,people_spend,third_party_top_ups,days_in_care,"
                     "cap_reached_on");
  EXPECT_EQ(dir.read("who-gains.csv").rfind("group,scenario,people,council_spend_difference,", 0), 0u);
  const std::string chart = dir.read("difference.svg");
  EXPECT_NE(chart.find("reform-2025-10 from 2025-10-01"), std::string::npos);
  EXPECT_NE(chart.find("the difference"), std::string::npos);

  auto refused = [&](std::vector<std::string> extra, const std::string& option) {
    std::vector<std::string> args{"compare", "--people", county, "--scenarios", "current-law,reform-2025-10",
                                  "--from", "2025-04-01", "--to", "2026-03-31"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = test_support::run_caremeter(args);
    EXPECT_EQ(r.exit_status, 2) << r.err;
    EXPECT_NE(r.err.find("option " + option), std::string::npos) << r.err;
  };
  refused({"--by", "wealth"}, "--by");
  refused({"--discount", "3.5%"}, "--discount");
  refused({"--chart-kind", "pie"}, "--chart-kind");
  refused({"--who-gains", who_gains}, "--who-gains");
  auto one = test_support::run_caremeter({"compare", "--people", county, "--scenarios", "current-law", "--from",
                                          "2025-04-01", "--to", "2026-03-31", "--chart", svg, "--chart-kind",
                                          "difference"});
  EXPECT_EQ(one.exit_status, 2) << one.err;
}

}  // namespace
}  // namespace caremeter
