// open_county_test.cc — the open synthetic county: people enter care every year of the window
// at the rate that keeps the number in care at its target, leave it before their 105th
// birthday, follow the Norfolk mix and lengths of stay; the bundled county is up to date.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "generator/county_generator.h"
#include "support/run_program.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

Date d(int y, unsigned m, unsigned day) { return Date::from_ymd(y, m, day); }

std::vector<Person> people_of(const std::string& county) {
  std::vector<Person> people;
  for (const std::string& line : test_support::lines_of(county)) {
    auto p = parse_person(line);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().to_string()) << "\n" << line;
    if (p.ok()) people.push_back(std::move(p).value());
  }
  return people;
}

bool in_care_on(const Person& p, Date day) {
  return std::any_of(p.care.begin(), p.care.end(), [&](const CareRecord& c) { return c.range.contains(day); });
}

// One county of 2,000 in care over the default window, shared by the tests below.
const std::vector<Person>& county_2000() {
  static const std::vector<Person>* people = [] {
    OpenCountyOptions o;
    o.in_care = 2000;
    o.seed = 12;
    return new std::vector<Person>(people_of(test_support::generated_open_county(o)));
  }();
  return *people;
}

// Done-when of the open population: on 1 April of every year of the window the number in care
// is within 10% of the target (growth 0), people enter care in every year, and nobody is in
// care on or after their 105th birthday.
TEST(OpenCounty, NumberInCareStaysNearTheTargetWithEntrantsEveryYear) {
  const std::vector<Person>& people = county_2000();
  std::map<int, int> entrants;
  for (const Person& p : people) {
    const Date first = p.care.front().range.first;
    if (first > d(2018, 4, 1)) ++entrants[financial_year(first)];
    for (const CareRecord& c : p.care) {
      const Date last = std::min(c.range.last, d(2035, 3, 31));
      EXPECT_LT(age_on(p.birth_date, last), 105) << p.id;
    }
  }
  for (int year = 2018; year <= 2034; ++year) {
    int in_care = 0;
    for (const Person& p : people) in_care += in_care_on(p, d(year, 4, 1)) ? 1 : 0;
    EXPECT_GE(in_care, 1800) << "1 April " << year;  // 2,000 ± 10%
    EXPECT_LE(in_care, 2200) << "1 April " << year;
    // With a mean stay near three years about a third of the number in care enter each year.
    EXPECT_GT(entrants[year], 300) << "financial year " << year;
  }
}

// The target grows by the yearly rate, linearly between anniversaries of the first day.
TEST(OpenCounty, TargetGrowsByTheYearlyRate) {
  OpenCountyOptions o;
  o.in_care = 2000;
  o.growth_ppm = 30'000;  // 3% a year
  EXPECT_EQ(target_in_care(o, d(2010, 1, 1)), 2000);
  EXPECT_EQ(target_in_care(o, d(2018, 4, 1)), 2000);
  EXPECT_EQ(target_in_care(o, d(2019, 4, 1)), 2060);  // 2,000 × 1.03
  EXPECT_EQ(target_in_care(o, d(2020, 4, 1)), 2122);  // 2,060 × 1.03 = 2,121.8
  // 1 October 2018 is 183 of the year's 365 days on: 2,000 + 60 × 183 / 365 = 2,030.08.
  EXPECT_EQ(target_in_care(o, d(2018, 10, 1)), 2030);
  o.growth_ppm = -100'000;  // falling by 10% a year
  EXPECT_EQ(target_in_care(o, d(2020, 4, 1)), 1620);  // 2,000 × 0.9 × 0.9

  // A generated county follows it: 1,000 in care growing by 3% a year.
  OpenCountyOptions g;
  g.in_care = 1000;
  g.growth_ppm = 30'000;
  g.seed = 5;
  const std::vector<Person> people = people_of(test_support::generated_open_county(g));
  double target = 1000;
  for (int year = 2018; year <= 2034; ++year, target *= 1.03) {
    int in_care = 0;
    for (const Person& p : people) in_care += in_care_on(p, d(year, 4, 1)) ? 1 : 0;
    EXPECT_GE(in_care, target * 0.9) << "1 April " << year;
    EXPECT_LE(in_care, target * 1.1) << "1 April " << year;
  }
}

TEST(OpenCounty, SameOptionsGiveSameBytesAndIdsInOrderOfEntry) {
  OpenCountyOptions o;
  o.in_care = 40;
  o.from = d(2024, 4, 1);
  o.until = d(2027, 3, 31);
  o.seed = 8;
  const std::string a = test_support::generated_open_county(o);
  EXPECT_EQ(a, test_support::generated_open_county(o));
  o.seed = 9;
  EXPECT_NE(a, test_support::generated_open_county(o));
  std::vector<std::string> lines = test_support::lines_of(a);
  ASSERT_GT(lines.size(), 40u);
  EXPECT_EQ(lines[0].rfind("{\"id\":\"P-000001\"", 0), 0u) << lines[0];
  EXPECT_EQ(lines[1].rfind("{\"id\":\"P-000002\"", 0), 0u) << lines[1];
  Date previous = d(2024, 4, 1);
  for (const Person& p : people_of(a)) {
    EXPECT_GE(p.care.front().range.first, previous) << p.id;
    previous = p.care.front().range.first;
  }
}

// Records begin on the window's first day at the earliest; care running past its last day is
// left open (and the person alive); a death ends care.
TEST(OpenCounty, RecordsLieInTheWindowAndEndInDeathOrDischarge) {
  int open = 0, died = 0, left = 0;
  for (const Person& p : county_2000()) {
    for (const CareRecord& c : p.care) EXPECT_GE(c.range.first, d(2018, 4, 1)) << p.id;
    for (const NeedsRecord& n : p.needs) EXPECT_GE(n.range.first, d(2018, 4, 1)) << p.id;
    for (const FinancesRecord& f : p.finances) EXPECT_GE(f.range.first, d(2018, 4, 1)) << p.id;
    for (const Exclusion& x : p.exclusions) EXPECT_GE(x.range.first, d(2018, 4, 1)) << p.id;
    const Date last = p.care.back().range.last;
    if (last == Date::max()) {
      ++open;
      EXPECT_FALSE(p.death_date) << p.id;
    } else if (p.death_date) {
      ++died;
      EXPECT_EQ(*p.death_date, last) << p.id;
    } else {
      ++left;
    }
    EXPECT_TRUE(last == Date::max() || last <= d(2035, 3, 31)) << p.id;
  }
  EXPECT_GE(open, 1800);  // those in care on the last day
  EXPECT_GT(died, left);  // most care ends in death
  EXPECT_GT(left, 0);
}

// The people in care on a day follow the Norfolk point-in-time mix (960 council nursing, 2,400
// council residential, 8,640 council care at home of which 3,000 direct payments; 3,800
// self-funders in care homes and 3,000 at home: 38% in care homes, 36% self-funding, 16% on
// direct payments, about two-thirds 65+), loosely.
TEST(OpenCounty, MixOnADayFollowsTheNorfolkCounts) {
  const Date day = d(2026, 6, 30);
  int in_care = 0, care_home = 0, self = 0, older = 0, community = 0, home_over_80 = 0;
  for (const Person& p : county_2000()) {
    for (const CareRecord& c : p.care) {
      if (!c.range.contains(day)) continue;
      ++in_care;
      const int age = age_on(p.birth_date, day);
      older += age >= 65 ? 1 : 0;
      if (c.setting == Setting::kCareHome) {
        ++care_home;
        home_over_80 += age >= 80 ? 1 : 0;
      }
      community += c.setting == Setting::kCommunity ? 1 : 0;
      self += c.arranged_by == ArrangedBy::kSelf ? 1 : 0;
    }
  }
  ASSERT_EQ(in_care, 2000);
  auto share = [&](int part) { return static_cast<double>(part) / in_care; };
  EXPECT_GT(share(care_home), 0.33);
  EXPECT_LT(share(care_home), 0.43);
  EXPECT_GT(share(self), 0.31);
  EXPECT_LT(share(self), 0.41);
  EXPECT_GT(share(community), 0.12);
  EXPECT_LT(share(community), 0.20);
  EXPECT_GT(share(older), 0.58);
  EXPECT_LT(share(older), 0.74);
  EXPECT_GT(static_cast<double>(home_over_80) / care_home, 0.60);
}

// Care-home stays begun in the window: median 462 days, 55% longer than a year, 27% longer
// than three years (mean about 800), loosely.
TEST(OpenCounty, CareHomeStaysFollowTheLengthOfStayStudy) {
  std::vector<int64_t> stays;
  for (const Person& p : county_2000()) {
    const CareRecord& first = p.care.front();
    if (first.range.first < d(2019, 4, 1) || first.range.first > d(2024, 3, 31)) continue;
    if (first.setting != Setting::kCareHome || first.stay != Stay::kPermanent) continue;
    const Date last = std::min(p.care.back().range.last, d(2035, 3, 31));
    stays.push_back((last - first.range.first).count() + 1);
  }
  ASSERT_GT(stays.size(), 1000u);
  std::sort(stays.begin(), stays.end());
  auto longer = [&](int64_t days) {
    return static_cast<double>(stays.end() - std::upper_bound(stays.begin(), stays.end(), days)) / stays.size();
  };
  EXPECT_GE(stays[stays.size() / 2], 400);
  EXPECT_LE(stays[stays.size() / 2], 530);
  EXPECT_GT(longer(365), 0.50);
  EXPECT_LT(longer(365), 0.60);
  EXPECT_GT(longer(1095), 0.22);
  EXPECT_LT(longer(1095), 0.32);
}

// Capital at care-home entry in the ONS bands: 50% below £23,250 (40% below £14,250), 5% above
// £500,000. Council-supported and self-funding entrants each follow their bands, so the split
// at £23,250 is theirs (about 48:52).
TEST(OpenCounty, CapitalAtCareHomeEntryFollowsTheBands) {
  int entrants = 0, below_lower = 0, below_upper = 0, above_500k = 0;
  for (const Person& p : county_2000()) {
    const CareRecord& first = p.care.front();
    if (first.range.first <= d(2018, 4, 1) || first.setting != Setting::kCareHome || first.stay != Stay::kPermanent) {
      continue;
    }
    const FinancesRecord& f = p.finances.front();
    int64_t capital = f.savings.in_pence() + f.other_capital.in_pence();
    if (f.home && !f.home->qualifying_relative_lives_there) {
      capital += f.home->value.in_pence() - f.home->secured_debt.in_pence();
    }
    ++entrants;
    below_lower += capital < 1'425'000 ? 1 : 0;
    below_upper += capital < 2'325'000 ? 1 : 0;
    above_500k += capital >= 50'000'000 ? 1 : 0;
  }
  ASSERT_GT(entrants, 2000);
  auto share = [&](int part) { return static_cast<double>(part) / entrants; };
  EXPECT_GT(share(below_lower), 0.34);
  EXPECT_LT(share(below_lower), 0.46);
  EXPECT_GT(share(below_upper), 0.44);
  EXPECT_LT(share(below_upper), 0.56);
  EXPECT_GT(share(above_500k), 0.02);
  EXPECT_LT(share(above_500k), 0.08);
}

// Every person of a small open county calculates under current law and the reform, with
// capital as assessed and spent down, to the end of the window.
TEST(OpenCounty, EveryPersonCalculates) {
  OpenCountyOptions o;
  o.in_care = 60;
  o.seed = 4;
  const RuleSet& rules = test_support::england_rules();
  for (const Person& p : people_of(test_support::generated_open_county(o))) {
    for (const char* name : {"current-law", "reform-2025-10"}) {
      for (CapitalMode mode : {CapitalMode::kAssessed, CapitalMode::kSpendDown}) {
        CalculationRequest request;
        request.as_of = d(2035, 3, 31);
        request.capital = mode;
        request.unpublished = Unpublished::kCarryForward;  // to 2035: past what the rules know
        auto result = calculate(p, rules, *rules.scenario(name), request);
        ASSERT_TRUE(result.ok()) << p.id << " under " << name << ": " << result.error().to_string();
      }
    }
  }
}

TEST(OpenCounty, BundledCountyEqualsAFreshGeneration) {
  const std::string shipped = test_support::read_source_file("bench/data/county-open.jsonl");
  ASSERT_FALSE(shipped.empty()) << "bench/data/county-open.jsonl is missing";
  EXPECT_TRUE(shipped == test_support::generated_open_county(test_support::bundled_open_county_options()))
      << "bench/data/county-open.jsonl is stale: regenerate it with\n"
         "  caremeter generate --in-care 300 --seed 1 --out bench/data/county-open.jsonl";
}

TEST(OpenCountyProgram, WritesTheSameCountyAndChecksItsOptions) {
  OpenCountyOptions o;
  o.in_care = 30;
  o.from = d(2025, 4, 1);
  o.until = d(2028, 3, 31);
  o.growth_ppm = 15'000;
  o.seed = 3;
  auto run = test_support::run_caremeter(
      {"generate", "--in-care", "30", "--from", "2025-04-01", "--until", "2028-03-31", "--growth", "1.5", "--seed", "3"});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, test_support::generated_open_county(o));

  auto refused = [](std::vector<std::string> args, const std::string& option) {
    auto r = test_support::run_caremeter(args);
    EXPECT_EQ(r.exit_status, 2) << r.err;
    EXPECT_NE(r.err.find("option " + option), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  };
  refused({"generate", "--people", "5", "--in-care", "5", "--seed", "1"}, "--in-care");
  refused({"generate", "--people", "5", "--until", "2030-03-31", "--seed", "1"}, "--until");
  refused({"generate", "--in-care", "5", "--from", "2030-04-01", "--until", "2029-03-31", "--seed", "1"}, "--until");
  refused({"generate", "--in-care", "0", "--seed", "1"}, "--in-care");
  refused({"generate", "--in-care", "5", "--growth", "3%", "--seed", "1"}, "--growth");
  refused({"generate", "--in-care", "5", "--growth", "-51", "--seed", "1"}, "--growth");
  refused({"generate", "--in-care", "5", "--from", "2030-02-30", "--seed", "1"}, "--from");
}

}  // namespace
}  // namespace caremeter
