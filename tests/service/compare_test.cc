// compare_test.cc — scenario comparison per financial year: the figures add up to the people's
// own results, the reform costs the council more once people spend down, CSV and chart.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "batch/batch.h"
#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "batch/chart.h"
#include "generator/county_generator.h"
#include "support/compare_results.h"
#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

Date d(int y, unsigned m, unsigned day) { return Date::from_ymd(y, m, day); }

CompareJob job_for(const std::vector<std::string>& names, DateRange window, CapitalMode capital) {
  CompareJob job;
  job.rules = &test_support::england_rules();
  for (const auto& n : names) {
    const Scenario* s = job.rules->scenario(n);
    EXPECT_NE(s, nullptr) << n;
    if (s) job.scenarios.push_back(*s);
  }
  job.window = window;
  job.capital = capital;
  // Windows reach past the day the rules know the yearly figures to (5 April 2026): carried
  // forward, as a policy run asks.
  job.unpublished = Unpublished::kCarryForward;
  return job;
}

CompareSummary compare(const std::string& input, const CompareJob& job, std::string* errors = nullptr) {
  auto summary = run_compare(input, job, [&](std::string_view data) {
    if (errors) errors->append(data);
    return ok_status();
  });
  EXPECT_TRUE(summary.ok()) << (summary.ok() ? "" : summary.error().to_string());
  return summary.ok() ? std::move(summary).value() : CompareSummary{};
}

using test_support::period;
using test_support::weekly;

// Issue 14 (risk): a person twice in a county was counted twice in every year. The later line
// is left out with an error line.
TEST(Compare, ALaterLineRepeatingAnIdIsLeftOut) {
  const std::string county = test_support::generated_county(30, 8);
  std::vector<std::string> lines = test_support::lines_of(county);
  const std::string twice = county + lines[4] + "\n" + lines[17] + "\n";
  for (int threads : {1, 3}) {
    CompareJob job = job_for({"current-law", "reform-2025-10"}, DateRange{d(2025, 4, 1), d(2028, 3, 31)},
                             CapitalMode::kSpendDown);
    job.threads = threads;
    job.chunk_lines = 4;
    std::string errors_once, errors_twice;
    CompareSummary once = compare(county, job, &errors_once);
    CompareSummary summary = compare(twice, job, &errors_twice);
    EXPECT_EQ(summary.people, once.people);
    EXPECT_EQ(summary.errors, once.errors + 2);
    EXPECT_EQ(compare_csv(summary.table, {"a", "b"}), compare_csv(once.table, {"a", "b"}));
    EXPECT_NE(errors_twice.find("{\"line\":31,"), std::string::npos) << errors_twice;
    EXPECT_NE(errors_twice.find("was given already on line 5"), std::string::npos) << errors_twice;
    EXPECT_NE(errors_twice.find("was given already on line 18"), std::string::npos) << errors_twice;
  }
}

// Issue 14, defect 7 for compare: a year's totals too large for an exact amount are an overflow
// error for the run (whatever the threads), never a person turned into an error line or a table
// half-added.
TEST(CompareTable, TotalsTooLargeForAnExactAreAnErrorForTheRun) {
  AccountResult huge;
  Period p = period(d(2025, 6, 1), d(2025, 6, 7), weekly(0, 0, 0, 0));
  // Half the largest Exact and one seventh more: two of these do not fit.
  p.amount.council_pays = Exact::sevenths(std::numeric_limits<int64_t>::max() / 2 + 1);
  p.amount.weekly_fee = p.amount.council_pays;
  huge.periods.push_back(p);
  CompareTable table(DateRange{d(2025, 4, 1), d(2026, 3, 31)}, 1);
  table.add(0, huge);
  EXPECT_TRUE(table.check_totals().ok());
  EXPECT_EQ(table.at(2025, 0).council_spend, p.amount.council_pays);
  table.add(0, huge);
  Status s = table.check_totals();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kOverflow);
  EXPECT_NE(s.error().message.find("2025/26 under scenario 1"), std::string::npos) << s.error().message;

  const std::string input = test_support::generated_county(20, 3);
  for (int threads : {1, 3}) {
    CompareJob job = job_for({"current-law"}, DateRange{d(2025, 4, 1), d(2026, 3, 31)}, CapitalMode::kAssessed);
    job.threads = threads;
    job.chunk_lines = 2;
    job.calculate = [&](const Person&, const Scenario&, const CalculationRequest&) -> Result<AccountResult> { return huge; };
    std::string errors;
    auto summary = run_compare(input, job, [&](std::string_view data) {
      errors.append(data);
      return ok_status();
    });
    ASSERT_FALSE(summary.ok()) << threads;
    EXPECT_EQ(summary.error().code, ErrorCode::kOverflow);
    EXPECT_EQ(errors, "") << "no person became an error line";
  }
}

// Hand-built results: a period across 31 March is split by days; a third party pays the part
// of the fee neither the person nor the council pays; metering and cap counted per person.
TEST(CompareTable, SplitsPeriodsAtFinancialYearsAndCountsPeople) {
  CompareTable table(DateRange{d(2024, 4, 1), d(2026, 3, 31)}, 2);
  AccountResult a;
  // £700 a week from the council, £140 from the person, fee £900 (a £60 third-party top-up),
  // 10 days from 27 March 2025: 5 days in each year.
  a.periods.push_back(period(d(2025, 3, 27), d(2025, 4, 5), weekly(700, 140, 900, 0, 60)));
  // A reform stretch metering £70 a week in 2025/26 only, cap reached then.
  a.periods.push_back(period(d(2025, 6, 1), d(2025, 6, 7), weekly(0, 700, 700, 70)));
  a.account.cap_reached_on = d(2025, 6, 7);
  table.add(1, a);

  const YearFigures& y24 = table.at(2024, 1);
  EXPECT_EQ(y24.council_spend.round_half_up(), Money::pounds(500));
  EXPECT_EQ(y24.people_spend.round_half_up(), Money::pounds(100));
  EXPECT_EQ(y24.third_party_top_ups.round_half_up(), Money::pence(4286));  // £60 × 5/7
  EXPECT_EQ(y24.people_metering, 0);
  EXPECT_EQ(y24.people_reaching_cap, 0);
  const YearFigures& y25 = table.at(2025, 1);
  EXPECT_EQ(y25.council_spend.round_half_up(), Money::pounds(500));
  EXPECT_EQ(y25.people_spend.round_half_up(), Money::pounds(100 + 700));
  EXPECT_EQ(y25.people_metering, 1);
  EXPECT_EQ(y25.people_reaching_cap, 1);
  // People in care: on 31 March 2025 (the first period covers it), days in care (5 + 12), and
  // the window's row: one person, metering once, £1,000 from the council, £900 from people.
  EXPECT_EQ(y24.people_in_care, 1);
  EXPECT_EQ(y25.people_in_care, 0);
  EXPECT_EQ(y24.people, 1);
  EXPECT_EQ(y25.people, 1);
  EXPECT_EQ(y24.care_days, 5);
  EXPECT_EQ(y25.care_days, 12);
  const YearFigures& all = table.window_total(1);
  EXPECT_EQ(all.council_spend.round_half_up(), Money::pounds(1000));
  EXPECT_EQ(all.people_spend.round_half_up(), Money::pounds(900));
  EXPECT_EQ(all.people, 1);
  EXPECT_EQ(all.people_metering, 1);
  EXPECT_EQ(all.people_reaching_cap, 1);
  EXPECT_EQ(all.people_in_care, 0);
  EXPECT_EQ(all.care_days, 17);
  // The other scenario is untouched.
  EXPECT_EQ(table.at(2025, 0).council_spend, Exact::zero());
  EXPECT_EQ(table.at(2025, 0).people_metering, 0);

  // A self-arranged top-up is in what the person pays: no third-party top-up.
  CompareTable self(DateRange{d(2025, 4, 1), d(2026, 3, 31)}, 1);
  AccountResult b;
  b.periods.push_back(period(d(2025, 5, 1), d(2025, 5, 7), weekly(0, 1200, 1200, 0, 200)));
  self.add(0, b);
  EXPECT_EQ(self.at(2025, 0).third_party_top_ups, Exact::zero());
  EXPECT_EQ(self.at(2025, 0).people_spend.round_half_up(), Money::pounds(1200));

  // Merging adds cell by cell.
  CompareTable sum(DateRange{d(2024, 4, 1), d(2026, 3, 31)}, 2);
  sum.merge(table);
  sum.merge(table);
  EXPECT_EQ(sum.at(2025, 1).people_metering, 2);
  EXPECT_EQ(sum.at(2024, 1).council_spend, table.at(2024, 1).council_spend + table.at(2024, 1).council_spend);
}

// The comparison's figures equal the sum of each person's own results for each financial
// year, calculated directly with the engine.
TEST(Compare, TotalsEqualTheSumOfPerPersonResults) {
  const std::string input = test_support::generated_county(150, 21);
  const DateRange window{d(2024, 10, 1), d(2028, 3, 31)};
  CompareJob job = job_for({"current-law", "reform-2025-10"}, window, CapitalMode::kSpendDown);
  job.threads = 2;
  CompareSummary summary = compare(input, job);
  ASSERT_EQ(summary.errors, 0u);
  ASSERT_EQ(summary.people, 150u);

  const RuleSet& rules = *job.rules;
  for (std::size_t s = 0; s < job.scenarios.size(); ++s) {
    std::map<int, Exact> council, person;
    std::map<int, int64_t> metering;
    for (const InputLine& line : split_lines(input).lines) {
      auto p = parse_person(line.text);
      ASSERT_TRUE(p.ok());
      for (int fy = financial_year(window.first); fy <= financial_year(window.last); ++fy) {
        CalculationRequest r;
        r.as_of = window.last;
        r.from = std::max(window.first, financial_year_start(fy));
        r.to = std::min(window.last, financial_year_end(fy));
        r.capital = CapitalMode::kSpendDown;
        r.unpublished = job.unpublished;
        auto result = calculate(*p, rules, job.scenarios[s], r);
        ASSERT_TRUE(result.ok()) << result.error().to_string();
        council[fy] += result->totals.council_paid;
        person[fy] += result->totals.person_paid;
        bool meters = false;
        for (const Period& per : result->periods) meters = meters || per.weekly.accruing > Money::zero();
        metering[fy] += meters ? 1 : 0;
      }
    }
    for (int fy = financial_year(window.first); fy <= financial_year(window.last); ++fy) {
      const YearFigures& c = summary.table.at(fy, s);
      EXPECT_EQ(c.council_spend, council[fy]) << financial_year_label(fy) << " " << job.scenarios[s].name;
      EXPECT_EQ(c.people_spend, person[fy]) << financial_year_label(fy) << " " << job.scenarios[s].name;
      EXPECT_EQ(c.people_metering, metering[fy]) << financial_year_label(fy) << " " << job.scenarios[s].name;
    }
  }
  EXPECT_GT(summary.table.at(2026, 1).people_metering, 0);
  EXPECT_EQ(summary.table.at(2026, 0).people_metering, 0);
}

// Required property (the reason spend-down exists): with capital spent down, the reform from
// October 2025 costs the council more than current law in every financial year from 2025/26.
TEST(Compare, ReformCostsTheCouncilMoreEveryYearFromItsStartWithSpendDown) {
  const std::string input = test_support::generated_county(400, 2025);
  const DateRange window{d(2023, 4, 1), d(2030, 3, 31)};
  CompareJob job = job_for({"current-law", "reform-2025-10"}, window, CapitalMode::kSpendDown);
  job.threads = 2;
  CompareSummary summary = compare(input, job);
  ASSERT_EQ(summary.errors, 0u);
  for (int fy = 2023; fy <= 2029; ++fy) {
    const YearFigures& current = summary.table.at(fy, 0);
    const YearFigures& reform = summary.table.at(fy, 1);
    if (fy < 2025) {
      // Before the reform starts the two scenarios are the same law.
      EXPECT_EQ(reform.council_spend, current.council_spend) << financial_year_label(fy);
      EXPECT_EQ(reform.people_spend, current.people_spend) << financial_year_label(fy);
    } else {
      EXPECT_GT(reform.council_spend, current.council_spend) << financial_year_label(fy);
      EXPECT_LT(reform.people_spend, current.people_spend) << financial_year_label(fy);
    }
  }
}

TEST(Compare, SameFiguresForAnyNumberOfThreads) {
  const std::string input = test_support::generated_county(120, 22);
  const DateRange window{d(2025, 4, 1), d(2027, 3, 31)};
  CompareJob one = job_for({"current-law", "reform-2025-10", "reform-2023-10"}, window, CapitalMode::kSpendDown);
  one.threads = 1;
  CompareJob three = one;
  three.threads = 3;
  three.chunk_lines = 5;
  std::vector<std::string> names = {"current-law", "reform-2025-10", "reform-2023-10"};
  EXPECT_EQ(compare_csv(compare(input, one).table, names), compare_csv(compare(input, three).table, names));
}

// A person who cannot be read, or fails under one scenario, is left out of every scenario and
// reported once per failure, in input order.
TEST(Compare, ErrorsAreReportedAndThePersonLeftOutEverywhere) {
  std::string input = test_support::generated_county(5, 23);
  input += "{\"id\":\"P-bad\"}\n";
  // From 2018, so that all five (four of whom die by 2022) are calculated.
  const DateRange window{d(2018, 4, 1), d(2026, 3, 31)};
  CompareJob job = job_for({"current-law", "reform-2025-10"}, window, CapitalMode::kAssessed);
  int calls = 0;
  job.calculate = [&](const Person& p, const Scenario& s, const CalculationRequest& r) -> Result<AccountResult> {
    ++calls;
    if (p.id == "P-000002" && s.name == "reform-2025-10") return Error{ErrorCode::kMissingRule, "no DLC", "", ""};
    return calculate(p, test_support::england_rules(), s, r);
  };
  std::string errors;
  CompareSummary summary = compare(input, job, &errors);
  EXPECT_EQ(summary.people, 4u);
  EXPECT_EQ(summary.errors, 2u);
  EXPECT_EQ(calls, 10);  // five readable people × two scenarios: each parsed once
  std::vector<std::string> lines;
  for (const InputLine& l : split_lines(errors).lines) lines.emplace_back(l.text);
  ASSERT_EQ(lines.size(), 2u) << errors;
  auto first = parse_json_strict(lines[0]);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)["line"], 2);
  EXPECT_EQ((*first)["person_id"], "P-000002");
  EXPECT_EQ((*first)["scenario"], "reform-2025-10");
  auto second = parse_json_strict(lines[1]);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)["line"], 6);
  EXPECT_EQ((*second)["person_id"], "P-bad");

  // Left out of current law too: the current-law figures are those of the four others.
  CompareJob four = job_for({"current-law"}, window, CapitalMode::kAssessed);
  std::string others;
  std::size_t n = 0;
  const std::string five = test_support::generated_county(5, 23);  // split_lines keeps views into it
  for (const InputLine& l : split_lines(five).lines) {
    if (++n != 2) others += std::string(l.text) + "\n";
  }
  EXPECT_EQ(compare(others, four).table.at(2025, 0).council_spend, summary.table.at(2025, 0).council_spend);
}

// Nothing of someone who died before the window can fall in it: they are read and counted,
// with zero figures, but not calculated.
TEST(Compare, PeopleWhoDiedBeforeTheWindowAreNotCalculated) {
  // Of these five, P-000001 to P-000004 died between 2019 and 2022; P-000005 died on 3 May 2025.
  const std::string input = test_support::generated_county(5, 23);
  const DateRange window{d(2025, 4, 1), d(2026, 3, 31)};
  CompareJob job = job_for({"current-law", "reform-2025-10"}, window, CapitalMode::kAssessed);
  std::vector<std::string> calculated;
  job.calculate = [&](const Person& p, const Scenario& s, const CalculationRequest& r) -> Result<AccountResult> {
    calculated.push_back(p.id);
    return calculate(p, test_support::england_rules(), s, r);
  };
  std::string rows;
  job.per_person = [&](std::string_view data) {
    rows.append(data);
    return ok_status();
  };
  CompareSummary summary = compare(input, job);
  EXPECT_EQ(summary.people, 5u);
  EXPECT_EQ(summary.errors, 0u);
  EXPECT_EQ(calculated, (std::vector<std::string>{"P-000005", "P-000005"}));
  const auto lines = test_support::lines_of(rows);
  ASSERT_EQ(lines.size(), 10u);
  // P-000001 under current law: nothing paid, no days in care, no cap reached.
  EXPECT_EQ(lines[0].rfind("P-000001,current-law,", 0), 0u) << lines[0];
  EXPECT_EQ(lines[0].substr(lines[0].size() - 18), ",0.00,0.00,0.00,0,") << lines[0];
  EXPECT_EQ(summary.table.window_total(0).people, 1);
}

TEST(Compare, CsvColumnsAndDifferencesFromTheFirstScenario) {
  CompareTable table(DateRange{d(2025, 4, 1), d(2026, 3, 31)}, 2);
  AccountResult a, b;
  a.periods.push_back(period(d(2025, 4, 1), d(2025, 4, 7), weekly(100, 50, 150, 0)));
  b.periods.push_back(period(d(2025, 4, 1), d(2025, 4, 7), weekly(130, 20, 150, 20)));
  table.add(0, a);
  table.add(1, b);
  std::string csv = compare_csv(table, {"current-law", "my, scenario"});
  // One person in care 7 of the year's 365 days: 0.019 in care on average, none on 31 March;
  // the window is the one year, so its total rows repeat the year's.
  EXPECT_EQ(csv,
            "financial_year,scenario,council_spend,people_spend,third_party_top_ups,people_metering,people_reaching_cap,"
            "council_spend_difference,people_spend_difference,people,people_in_care,average_in_care,figures\n"
            "2025/26,current-law,100.00,50.00,0.00,0,0,0.00,0.00,1,0,0.02,known\n"
            "2025/26,\"my, scenario\",130.00,20.00,0.00,1,0,30.00,-30.00,1,0,0.02,known\n"
            "total,current-law,100.00,50.00,0.00,0,0,0.00,0.00,1,0,0.02,known\n"
            "total,\"my, scenario\",130.00,20.00,0.00,1,0,30.00,-30.00,1,0,0.02,known\n");
  std::string text = compare_text(table, {"current-law", "reform"});
  EXPECT_NE(text.find("2025/26"), std::string::npos);
  EXPECT_NE(text.find("130.00"), std::string::npos);
}

// A year whose figures used a value past what the rules know says so: projected outranks
// provisional (carried forward), which outranks known; years without one stay known.
TEST(Compare, TheFiguresColumnMarksProvisionalAndProjectedYears) {
  CompareTable table(DateRange{d(2025, 4, 1), d(2028, 3, 31)}, 1);
  AccountResult carried, projected;
  carried.periods.push_back(period(d(2025, 4, 1), d(2026, 4, 5), weekly(100, 50, 150, 0)));
  carried.periods.push_back(period(d(2026, 4, 6), d(2027, 3, 31), weekly(100, 50, 150, 0)));
  carried.periods.back().rules_used = RuleUse::kCarriedForward;
  projected.periods.push_back(period(d(2027, 4, 6), d(2028, 3, 31), weekly(100, 50, 150, 0)));
  projected.periods.back().rules_used = RuleUse::kProjected;
  table.add(0, carried);
  table.add(0, projected);
  EXPECT_EQ(table.at(2025, 0).figures, RuleUse::kKnown);
  EXPECT_EQ(table.at(2026, 0).figures, RuleUse::kCarriedForward);
  EXPECT_EQ(table.at(2027, 0).figures, RuleUse::kProjected);
  std::string csv = compare_csv(table, {"s"});
  EXPECT_NE(csv.find("2025/26,s,"), std::string::npos);
  EXPECT_NE(csv.find(",known\n2026/27,s,"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",provisional\n2027/28,s,"), std::string::npos) << csv;
  EXPECT_EQ(csv.substr(csv.size() - 10), "projected\n") << csv;
  EXPECT_NE(compare_text(table, {"s"}).find("projected"), std::string::npos);
}

TEST(Chart, NiceAxesAndLabels) {
  EXPECT_EQ(nice_axis(Money::pounds(154'000'000)).top, Money::pounds(200'000'000).in_pence());
  EXPECT_EQ(nice_axis(Money::pounds(154'000'000)).step, Money::pounds(50'000'000).in_pence());
  EXPECT_EQ(nice_axis(Money::pounds(7'300)).top, Money::pounds(8'000).in_pence());
  EXPECT_EQ(nice_axis(Money::pounds(1'000)).top, Money::pounds(1'000).in_pence());
  EXPECT_GT(nice_axis(Money::zero()).top, 0);
  EXPECT_EQ(axis_label(0, 1), "£0");
  EXPECT_EQ(axis_label(Money::pounds(1'500'000).in_pence(), Money::pounds(2'000'000).in_pence()), "£1.5m");
  EXPECT_EQ(axis_label(Money::pounds(250'000).in_pence(), Money::pounds(1'000'000).in_pence()), "£0.25m");
  EXPECT_EQ(axis_label(Money::pounds(750).in_pence() * 1000, Money::pounds(800'000).in_pence()), "£750k");
  EXPECT_EQ(axis_label(Money::pounds(40).in_pence(), Money::pounds(50).in_pence()), "£40");
}

TEST(Chart, DrawsOneBarPerYearAndScenarioWithTitleAndLegend) {
  BarChart chart;
  chart.title = "Council spend";
  chart.y_axis_title = "Council spend";
  chart.categories = {"2025/26", "2026/27", "2027/28"};
  chart.series = {{"current-law", {Money::pounds(1'000'000), Money::pounds(1'100'000), Money::pounds(1'200'000)}},
                  {"reform <A&B>", {Money::pounds(1'200'000), Money::pounds(1'400'000), Money::pounds(1'500'000)}}};
  const std::string svg = render_bar_chart_svg(chart);
  EXPECT_EQ(svg, render_bar_chart_svg(chart));  // deterministic
  std::size_t bars = 0;
  for (std::size_t at = svg.find("<title>"); at != std::string::npos; at = svg.find("<title>", at + 1)) ++bars;
  EXPECT_EQ(bars, 6u);
  EXPECT_NE(svg.find(">Council spend</text>"), std::string::npos);
  EXPECT_NE(svg.find("reform &lt;A&amp;B&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<A&B>"), std::string::npos);
  EXPECT_NE(svg.find("£ millions"), std::string::npos);
  EXPECT_NE(svg.find(">£1.5m<"), std::string::npos);
  // The tallest bar reaches the top of a £1.5m axis exactly: the plot is 336 px high from y=96.
  EXPECT_NE(svg.find("y=\"96\" width"), std::string::npos) << svg;
}

TEST(CompareProgram, WritesCsvAndChart) {
  const std::string county_file = std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-open.jsonl";
  test_support::TempDir dir;
  const std::string csv = dir.file("compare.csv");
  const std::string svg = dir.file("compare.svg");
  auto run = test_support::run_caremeter({"compare", "--people", county_file, "--scenarios", "current-law,reform-2025-10",
                                          "--from", "2025-04-01", "--to", "2027-03-31", "--capital", "spend_down",
                                          "--out", csv, "--chart", svg, "--threads", "2", "--unpublished",
                                          "carry-forward"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  const std::size_t people = test_support::lines_of(test_support::read_source_file("bench/data/county-open.jsonl")).size();
  EXPECT_NE(run.err.find("compare: " + std::to_string(people) + " people, 2 scenarios, 0 people left out"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("provisional people (a figure carried forward past what the rules know): "), std::string::npos)
      << run.err;
  std::string text = dir.read("compare.csv");
  EXPECT_EQ(text.rfind("financial_year,scenario,council_spend,", 0), 0u);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 7);  // header + (2 years + total) × 2 scenarios
  EXPECT_NE(dir.read("compare.svg").find("</svg>"), std::string::npos);

  auto table = test_support::run_caremeter({"compare", "--people", county_file, "--scenarios", "current-law,reform-2025-10",
                                            "--from", "2025-04-01", "--to", "2026-03-31"});
  ASSERT_EQ(table.exit_status, 0) << table.err;
  EXPECT_NE(table.out.find("2025/26  reform-2025-10"), std::string::npos) << table.out;

  auto unknown = test_support::run_caremeter({"compare", "--people", county_file, "--scenarios", "current-law,no-such",
                                              "--from", "2025-04-01", "--to", "2026-03-31"});
  EXPECT_EQ(unknown.exit_status, 2) << unknown.err;
  auto backwards = test_support::run_caremeter({"compare", "--people", county_file, "--scenarios", "current-law",
                                                "--from", "2026-04-01", "--to", "2025-03-31"});
  EXPECT_EQ(backwards.exit_status, 2) << backwards.err;
}

// A policy run past the figures the rules know: by default everyone in care then is left out
// (the refusal on stderr); with a projection it runs, and the years it projected say so.
TEST(CompareProgram, PastWhatIsKnownRefusesByDefaultAndProjectsWhenAsked) {
  const std::string county_file = std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-open.jsonl";
  const std::vector<std::string> base = {"compare", "--people", county_file, "--scenarios", "current-law,reform-2025-10",
                                         "--from", "2025-04-01", "--to", "2028-03-31", "--out", "-", "--threads", "2"};
  auto refused = test_support::run_caremeter(base);
  ASSERT_EQ(refused.exit_status, 3) << refused.err;  // finished with error lines
  EXPECT_NE(refused.err.find("\"reason\":\"rule_not_published\""), std::string::npos);
  EXPECT_EQ(refused.out.find("projected"), std::string::npos);

  std::vector<std::string> args = base;
  test_support::TempDir dir;
  const std::string svg = dir.file("projected.svg");
  args.insert(args.end(), {"--unpublished", "project", "--chart", svg});
  auto projected = test_support::run_caremeter(args);
  EXPECT_NE(dir.read("projected.svg").find("from 2026/27 some figures are projected"), std::string::npos);
  ASSERT_EQ(projected.exit_status, 0) << projected.err;
  EXPECT_NE(projected.err.find("0 people left out"), std::string::npos) << projected.err;
  EXPECT_NE(projected.err.find("projected people (a figure projected past what the rules know): "), std::string::npos)
      << projected.err;
  auto rows = test_support::lines_of(projected.out);
  ASSERT_EQ(rows.size(), 9u) << projected.out;  // header + 3 years × 2 scenarios + the window's total × 2
  for (std::size_t i = 1; i < rows.size(); ++i) {
    const std::string want = rows[i].rfind("2025/26", 0) == 0 ? ",known" : ",projected";
    EXPECT_EQ(rows[i].substr(rows[i].size() - want.size()), want) << rows[i];
  }
  // Fewer people were left out than by the refusal, so the projected years carry more spend.
  EXPECT_NE(refused.out, projected.out);
}

}  // namespace
}  // namespace caremeter
