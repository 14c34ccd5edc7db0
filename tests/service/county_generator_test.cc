// county_generator_test.cc — the closed synthetic county (exactly N accounts): reproducible
// bytes, valid people, the Norfolk point-in-time mix (doc/county-and-batch.md), and the
// command's options; `--law-2026` on a closed and an open county.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "batch/batch.h"
#include "batch/fast_person_reader.h"
#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "caremeter/json/rule_loader.h"
#include "generator/county_generator.h"
#include "support/run_program.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

TEST(CountyGenerator, SameSeedGivesSameBytesAndAnotherSeedDiffers) {
  const std::string a = test_support::generated_county(300, 42);
  EXPECT_EQ(a, test_support::generated_county(300, 42));
  EXPECT_NE(a, test_support::generated_county(300, 43));
  EXPECT_EQ(std::count(a.begin(), a.end(), '\n'), 300);
}

TEST(CountyGenerator, SmallerCountyIsAPrefixOfALargerOne) {
  const std::string small = test_support::generated_county(100, 9);
  const std::string large = test_support::generated_county(400, 9);
  ASSERT_GT(large.size(), small.size());
  EXPECT_EQ(large.substr(0, small.size()), small);
}

TEST(CountyGenerator, IdsAreSequential) {
  auto lines = test_support::lines_of(test_support::generated_county(12, 5));
  ASSERT_EQ(lines.size(), 12u);
  EXPECT_EQ(lines[0].rfind("{\"id\":\"P-000001\"", 0), 0u) << lines[0];
  EXPECT_EQ(lines[11].rfind("{\"id\":\"P-000012\"", 0), 0u) << lines[11];
}

TEST(CountyGenerator, CouncilOptionIsUsedInNeedsRecords) {
  CountyOptions options;
  options.council = "other-shire";
  std::string out;
  generate_person(options, 0, out);
  EXPECT_NE(out.find("\"council\":\"other-shire\""), std::string::npos) << out;
  EXPECT_EQ(out.find("example-shire"), std::string::npos) << out;
}

// Every person is a valid document and calculates under current law and the reform, with
// capital as assessed and spent down, without any error.
TEST(CountyGenerator, EveryPersonParsesAndCalculates) {
  const RuleSet& rules = test_support::england_rules();
  const Scenario* current = rules.scenario("current-law");
  const Scenario* reform = rules.scenario("reform-2025-10");
  ASSERT_NE(current, nullptr);
  ASSERT_NE(reform, nullptr);
  int index = 0;
  for (const std::string& line : test_support::lines_of(test_support::generated_county(400, 1234))) {
    ++index;
    auto person = parse_person(line);
    ASSERT_TRUE(person.ok()) << "line " << index << ": " << person.error().to_string() << "\n" << line;
    for (const Scenario* s : {current, reform}) {
      for (CapitalMode mode : {CapitalMode::kAssessed, CapitalMode::kSpendDown}) {
        CalculationRequest request;
        request.as_of = Date::from_ymd(2031, 3, 31);
        request.capital = mode;
        request.unpublished = Unpublished::kCarryForward;  // past 5 April 2026, what the rules know
        auto result = calculate(*person, rules, *s, request);
        ASSERT_TRUE(result.ok()) << "line " << index << " under " << s->name << ": " << result.error().to_string()
                                 << "\n" << line;
      }
    }
  }
}

// The people in care on a day follow the Norfolk point-in-time mix (`generate --help`), loosely.
TEST(CountyGenerator, MixRoughlyMatchesTheCountyModel) {
  const Date day = Date::from_ymd(2024, 6, 30);
  int in_care = 0, in_care_home = 0, self_arranged = 0, older = 0, home_over_80 = 0, community = 0;
  int dead = 0, with_home = 0, people = 0;
  std::vector<int64_t> hours;
  for (const std::string& line : test_support::lines_of(test_support::generated_county(3000, 77))) {
    auto person = parse_person(line);
    ASSERT_TRUE(person.ok()) << person.error().to_string();
    ++people;
    if (person->death_date) ++dead;
    if (!person->finances.empty() && person->finances.front().home) ++with_home;
    for (const CareRecord& c : person->care) {
      if (c.setting == Setting::kHomeCare && c.range.first == person->care.front().range.first) {
        hours.push_back(c.hours_per_week.value);
      }
      if (!c.range.contains(day)) continue;
      ++in_care;
      const int age = age_on(person->birth_date, day);
      if (age >= 65) ++older;
      if (c.setting == Setting::kCareHome) {
        ++in_care_home;
        if (age >= 80) ++home_over_80;
      }
      if (c.setting == Setting::kCommunity) ++community;
      if (c.arranged_by == ArrangedBy::kSelf) ++self_arranged;
    }
  }
  ASSERT_GT(in_care, 500);
  auto share = [](int part, int whole) { return static_cast<double>(part) / whole; };
  // Norfolk: 7,160 of 18,800 in care homes (38%), 6,800 self-funders (36%), two-thirds 65+,
  // 3,000 on direct payments (16%); care-home residents mostly 80+.
  EXPECT_GT(share(in_care_home, in_care), 0.30);
  EXPECT_LT(share(in_care_home, in_care), 0.48);
  EXPECT_GT(share(self_arranged, in_care), 0.28);
  EXPECT_LT(share(self_arranged, in_care), 0.46);
  EXPECT_GT(share(older, in_care), 0.58);
  EXPECT_LT(share(older, in_care), 0.76);
  EXPECT_GT(share(community, in_care), 0.08);
  EXPECT_LT(share(community, in_care), 0.24);
  EXPECT_GT(share(home_over_80, in_care_home), 0.60);
  // People die, and many own a home.
  EXPECT_GT(share(dead, people), 0.3);
  EXPECT_GT(share(with_home, people), 0.3);
  EXPECT_LT(share(with_home, people), 0.7);
  // Home care hours at the start: median 8 a week (lognormal, mean 12, p90 25).
  std::sort(hours.begin(), hours.end());
  ASSERT_GT(hours.size(), 200u);
  const int64_t median = hours[hours.size() / 2];
  const int64_t p90 = hours[hours.size() * 9 / 10];
  EXPECT_GE(median, 650);
  EXPECT_LE(median, 1000);
  EXPECT_GE(p90, 2000);
  EXPECT_LE(p90, 3200);
}

// What --law-2026 put in a county, counted person by person.
struct LawCounts {
  int people = 0, nursing_with_fee = 0, gross = 0, night = 0, below_budget = 0;
  int joint = 0, relative_left = 0, notional = 0, agreements = 0, half_pension = 0;
};

// The law county against the same county without the flag: every law person is a valid
// document the fast reader reads as the strict one does, and is its base person where the
// features leave them alone (the law's draws come from a stream of their own): the same id,
// birth and death, needs, care dates, settings and budgets, exclusions and savings.
void count_law_features(const std::string& law_county, const std::string& base_county, LawCounts& n) {
  const auto law = test_support::lines_of(law_county);
  const auto base = test_support::lines_of(base_county);
  ASSERT_EQ(law.size(), base.size());
  for (std::size_t i = 0; i < law.size(); ++i) {
    auto p = parse_person(law[i]);
    ASSERT_TRUE(p.ok()) << p.error().to_string() << "\n" << law[i];
    auto fast = read_person_fast(law[i]);
    ASSERT_TRUE(fast.has_value()) << law[i];
    ASSERT_EQ(*fast, *p);
    auto b = parse_person(base[i]);
    ASSERT_TRUE(b.ok());
    ASSERT_EQ(p->id, b->id);
    ASSERT_EQ(p->birth_date, b->birth_date);
    ASSERT_EQ(p->death_date, b->death_date);
    ASSERT_EQ(p->needs, b->needs);
    ASSERT_EQ(p->exclusions, b->exclusions);
    ASSERT_EQ(p->finances.front().savings, b->finances.front().savings);
    ASSERT_EQ(p->care.size(), b->care.size());
    for (std::size_t k = 0; k < p->care.size(); ++k) {
      const CareRecord& c = p->care[k];
      ASSERT_EQ(c.range, b->care[k].range) << p->id;
      ASSERT_EQ(c.setting, b->care[k].setting) << p->id;
      ASSERT_EQ(c.personal_budget, b->care[k].personal_budget) << p->id;
      const bool nursing = c.category == CareHomeCategory::kNursing || c.category == CareHomeCategory::kNursingEnhanced;
      if (c.setting == Setting::kCareHome && nursing && c.weekly_fee) ++n.nursing_with_fee;
      n.gross += c.weekly_fee_includes_fnc;
      n.night += c.night_care_arranged;
      n.below_budget += c.arranged_by == ArrangedBy::kCouncil && c.weekly_fee && c.personal_budget &&
                        *c.weekly_fee < *c.personal_budget;
    }
    n.joint += !p->finances.front().joint_capital.empty();
    n.relative_left += p->finances.size() > 1;
    n.notional += !p->notional_capital.empty();
    n.agreements += !p->deferred_payments.empty();
    for (const IncomeItem& item : p->finances.front().income) n.half_pension += item.half_paid_to_spouse;
    ++n.people;
  }
}

// --law-2026 on a closed county: each feature occurs in about the proportion `generate --help`
// says.
TEST(CountyGenerator, TheLawCountyHasEachFeatureInItsProportion) {
  LawCounts n;
  count_law_features(test_support::generated_law_county(20000, 1), test_support::generated_county(20000, 1), n);
  ASSERT_EQ(n.people, 20000);
  // Half of nursing fees given are gross; 8% of people have joint savings; the rest are rarer.
  EXPECT_NEAR(static_cast<double>(n.gross) / n.nursing_with_fee, 0.5, 0.05);
  EXPECT_NEAR(n.joint / 20000.0, 0.08, 0.01);
  EXPECT_GT(n.relative_left, 50);
  EXPECT_GT(n.notional, 50);
  EXPECT_GT(n.agreements, 50);
  EXPECT_GT(n.night, 200);
  EXPECT_GT(n.half_pension, 50);
  EXPECT_GT(n.below_budget, 50);
}

// --law-2026 on an open county: the same people enter and leave care on the same days, and
// each feature occurs in about its proportion there too.
TEST(CountyGenerator, TheOpenLawCountyHasEachFeatureInItsProportion) {
  OpenCountyOptions o;
  o.in_care = 2000;
  o.seed = 5;
  const std::string base = test_support::generated_open_county(o);
  o.law_2026 = true;
  LawCounts n;
  count_law_features(test_support::generated_open_county(o), base, n);
  ASSERT_GT(n.people, 10000);
  EXPECT_NEAR(static_cast<double>(n.gross) / n.nursing_with_fee, 0.5, 0.05);
  EXPECT_NEAR(static_cast<double>(n.joint) / n.people, 0.08, 0.01);
  EXPECT_GT(n.relative_left, 50);
  EXPECT_GT(n.notional, 50);
  EXPECT_GT(n.agreements, 50);
  EXPECT_GT(n.night, 200);
  EXPECT_GT(n.half_pension, 50);
  EXPECT_GT(n.below_budget, 50);
}

// A closed county's bytes are pinned: benchmarks compare figures across versions on
// `generate --people N --seed 1`. The digest is that of the county shipped as
// bench/data/county-2000.jsonl until the bundled county became an open one.
TEST(CountyGenerator, ClosedCountyBytesAreUnchanged) {
  EXPECT_EQ(sha256_hex(test_support::generated_county(2000, 1)),
            "4c05c8c76ce17ea792a48e898b58385b4a2da1074faf49419ec65846391545d1");
}

TEST(CountyGenerator, ProgramWritesTheSameCounty) {
  auto run = test_support::run_caremeter({"generate", "--people", "25", "--seed", "3"});
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_EQ(run.out, test_support::generated_county(25, 3));
}

TEST(CountyGenerator, ProgramRefusesBadOptions) {
  auto missing = test_support::run_caremeter({"generate", "--people", "25"});
  EXPECT_EQ(missing.exit_status, 2);
  EXPECT_NE(missing.err.find("\"error\""), std::string::npos) << missing.err;
  auto negative = test_support::run_caremeter({"generate", "--people", "-4", "--seed", "1"});
  EXPECT_EQ(negative.exit_status, 2) << negative.err;
  auto council = test_support::run_caremeter({"generate", "--people", "4", "--seed", "1", "--council", "Bad\"Id"});
  EXPECT_EQ(council.exit_status, 2) << council.err;
}

// A council without a rule file would leave every record without a budget to derive: refused,
// naming the option, whichever rules directory is used.
TEST(CountyGenerator, CouncilWithoutARuleFileIsRefused) {
  const std::string rules = std::string(CAREMETER_SOURCE_DIR) + "/rules";
  for (std::vector<std::string> args : {std::vector<std::string>{"generate", "--people", "4", "--seed", "1"},
                                        std::vector<std::string>{"generate", "--in-care", "5", "--seed", "1"}}) {
    args.insert(args.end(), {"--council", "nowhere", "--rules", rules});
    auto run = test_support::run_caremeter(args);
    EXPECT_EQ(run.exit_status, 2) << run.err;
    EXPECT_NE(run.err.find("option --council"), std::string::npos) << run.err;
    EXPECT_NE(run.err.find("nowhere"), std::string::npos) << run.err;
    EXPECT_TRUE(run.out.empty());
  }
  auto leeds = test_support::run_caremeter({"generate", "--people", "3", "--seed", "1", "--council", "leeds", "--rules", rules});
  EXPECT_EQ(leeds.exit_status, 0) << leeds.err;
  EXPECT_NE(leeds.out.find("\"council\":\"leeds\""), std::string::npos);
  // The default council must have a file too: a rules directory without it is refused.
  auto empty = test_support::run_caremeter({"generate", "--people", "3", "--seed", "1", "--rules", "/nonexistent-rules"});
  EXPECT_EQ(empty.exit_status, 2) << empty.err;
}

TEST(CountyGenerator, HelpSaysWhatIsSourcedAndWhatIsAssumed) {
  auto run = test_support::run_caremeter({"generate", "--help"});
  EXPECT_EQ(run.exit_status, 0);
  EXPECT_NE(run.out.find("Sourced"), std::string::npos);
  EXPECT_NE(run.out.find("Assumptions"), std::string::npos);
  EXPECT_NE(run.out.find("With --law-2026"), std::string::npos);
}

// The program writes the law county of either kind the generator makes.
TEST(CountyGenerator, ProgramWritesTheLawCounty) {
  auto closed = test_support::run_caremeter({"generate", "--people", "25", "--seed", "3", "--law-2026"});
  EXPECT_EQ(closed.exit_status, 0) << closed.err;
  EXPECT_EQ(closed.out, test_support::generated_law_county(25, 3));
  OpenCountyOptions o;
  o.in_care = 30;
  o.seed = 3;
  o.law_2026 = true;
  auto open = test_support::run_caremeter({"generate", "--in-care", "30", "--seed", "3", "--law-2026"});
  EXPECT_EQ(open.exit_status, 0) << open.err;
  EXPECT_EQ(open.out, test_support::generated_open_county(o));
  o.law_2026 = false;
  EXPECT_NE(open.out, test_support::generated_open_county(o));
}

}  // namespace
}  // namespace caremeter
