// batch_test.cc — the batch core and `caremeter recalc`: input order kept for any number of
// threads, one error line per bad line (right line number and pointer) and the rest go on.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <limits>
#include <tuple>
#include <string>
#include <thread>
#include <vector>

#include "batch/batch.h"
#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "generator/county_generator.h"
#include "support/run_program.h"
#include "support/temp_dir.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

RecalcJob real_job(const std::string& scenario = "current-law") {
  RecalcJob job;
  job.rules = &test_support::england_rules();
  const Scenario* s = job.rules->scenario(scenario);
  EXPECT_NE(s, nullptr);
  if (s) job.scenario = *s;
  job.request.as_of = Date::from_ymd(2028, 3, 31);
  // Two years past the day the rules know the yearly figures to (5 April 2026): carried forward.
  job.request.unpublished = Unpublished::kCarryForward;
  return job;
}

struct RecalcRun {
  std::string out;
  RecalcSummary summary;
};

RecalcRun recalc(const std::string& input, RecalcJob job) {
  RecalcRun run;
  auto summary = run_recalc(input, job, [&](std::string_view data) {
    run.out.append(data);
    return ok_status();
  });
  EXPECT_TRUE(summary.ok()) << (summary.ok() ? "" : summary.error().to_string());
  if (summary.ok()) run.summary = *summary;
  return run;
}

TEST(SplitLines, NumbersPhysicalLinesSkipsBlanksAndStripsCarriageReturns) {
  SplitLines s = split_lines("a\n\n  \t\r\nb\r\nc");
  ASSERT_EQ(s.lines.size(), 3u);
  EXPECT_EQ(s.blank_lines, 2u);
  EXPECT_EQ(s.lines[0].number, 1u);
  EXPECT_EQ(s.lines[0].text, "a");
  EXPECT_EQ(s.lines[1].number, 4u);
  EXPECT_EQ(s.lines[1].text, "b");
  EXPECT_EQ(s.lines[2].number, 5u);
  EXPECT_EQ(s.lines[2].text, "c");
  EXPECT_TRUE(split_lines("").lines.empty());
}

// With deliberately uneven work (later lines finish first), the output is still in input order.
TEST(RunOrdered, KeepsInputOrderWhateverFinishesFirst) {
  std::string input;
  for (int i = 1; i <= 200; ++i) input += std::to_string(i) + "\n";
  SplitLines s = split_lines(input);
  for (int threads : {1, 2, 4, 7}) {
    OrderedRunOptions options;
    options.threads = threads;
    options.chunk_lines = 3;
    std::size_t last_done = 0;
    options.progress = [&](std::size_t done, std::size_t total) {
      EXPECT_GT(done, last_done);
      EXPECT_EQ(total, 200u);
      last_done = done;
    };
    std::vector<std::size_t> seen_workers;
    std::string out;
    Status st = run_ordered(
        s.lines, options,
        [&](std::size_t worker, const InputLine& line, std::string& buf) {
          EXPECT_LT(worker, static_cast<std::size_t>(threads));
          if (line.number % 7 == 1) std::this_thread::sleep_for(std::chrono::microseconds(200));
          buf += std::to_string(line.number) + ":" + std::string(line.text) + "\n";
        },
        [&](std::string_view data) {
          out.append(data);
          return ok_status();
        });
    ASSERT_TRUE(st.ok());
    std::string expected;
    for (int i = 1; i <= 200; ++i) expected += std::to_string(i) + ":" + std::to_string(i) + "\n";
    EXPECT_EQ(out, expected) << threads << " threads";
    EXPECT_EQ(last_done, 200u);
  }
}

TEST(RunOrdered, StopsAtASinkError) {
  std::string input;
  for (int i = 0; i < 100; ++i) input += "x\n";
  SplitLines s = split_lines(input);
  OrderedRunOptions options;
  options.threads = 3;
  options.chunk_lines = 5;
  std::atomic<int> calls{0};
  int writes = 0;
  Status st = run_ordered(
      s.lines, options, [&](std::size_t, const InputLine&, std::string& buf) { ++calls; buf += "y\n"; },
      [&](std::string_view) -> Status {
        if (++writes == 2) return Error{ErrorCode::kIo, "disk full", "", "out.jsonl"};
        return ok_status();
      });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().message, "disk full");
  EXPECT_EQ(writes, 2);
  EXPECT_LT(calls.load(), 100);  // bounded look-ahead: the workers did not run to the end
}

Json parse_line(const std::string& line);

// Issue 14 (risk): a county with the same person id twice counted the person twice. The later
// line is refused with an error line naming the first; the person is counted once, with any
// number of threads.
TEST(Recalc, ALaterLineRepeatingAnIdIsRefusedAndCountedOnce) {
  std::vector<std::string> people = test_support::lines_of(test_support::generated_county(4, 21));
  Json broken = Json::parse(people[2]);
  broken["birth_date"] = "not a date";  // an error line that still gives its id
  std::vector<std::string> lines = {people[0], people[1], people[0], broken.dump(), people[2], people[3], people[1]};
  const std::string input = join(lines);
  const std::string id0 = Json::parse(people[0])["id"], id1 = Json::parse(people[1])["id"], id2 = Json::parse(people[2])["id"];
  for (int threads : {1, 3}) {
    RecalcJob job = real_job();
    job.threads = threads;
    job.chunk_lines = 1;  // every line its own chunk: the repeats are worked on different threads
    RecalcRun run = recalc(input, job);
    auto out = test_support::lines_of(run.out);
    ASSERT_EQ(out.size(), 7u);
    // Lines 1, 2, 6 are results; 3 and 7 repeat lines 1 and 2; 4 is invalid (id2 given there),
    // so 5 — the valid document of id2 — repeats line 4's id.
    for (std::size_t i : {0u, 1u, 5u}) EXPECT_EQ(out[i].rfind("{\"person_id\":", 0), 0u) << out[i];
    for (auto [i, id, first] : {std::tuple{2u, id0, 1}, std::tuple{6u, id1, 2}, std::tuple{4u, id2, 4}}) {
      Json e = parse_line(out[i]);
      EXPECT_EQ(e["line"], i + 1);
      EXPECT_EQ(e["person_id"], id);
      EXPECT_EQ(e["error"]["data"]["pointer"], "/id");
      EXPECT_NE(e["error"]["message"].get<std::string>().find("given already on line " + std::to_string(first)),
                std::string::npos) << out[i];
    }
    EXPECT_EQ(parse_line(out[3])["error"]["data"]["pointer"], "/birth_date");
    EXPECT_EQ(run.summary.people, 3u);
    EXPECT_EQ(run.summary.errors, 4u);
    RecalcRun once = recalc(join({people[0], people[1], people[3]}), real_job());
    EXPECT_EQ(run.summary.person_paid, once.summary.person_paid) << "each person counted once";
    EXPECT_EQ(run.summary.council_paid, once.summary.council_paid);
  }
}

TEST(Recalc, SameBytesWithOneAndFourThreadsInInputOrder) {
  const std::string input = test_support::generated_county(300, 11);
  RecalcJob one = real_job("reform-2025-10");
  one.request.capital = CapitalMode::kSpendDown;
  one.threads = 1;
  RecalcJob four = one;
  four.threads = 4;
  four.chunk_lines = 7;  // many chunks, so the threads really interleave
  RecalcRun a = recalc(input, one);
  RecalcRun b = recalc(input, four);
  EXPECT_TRUE(a.out == b.out);
  auto lines = test_support::lines_of(a.out);
  ASSERT_EQ(lines.size(), 300u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "P-%06zu", i + 1);
    EXPECT_EQ(lines[i].rfind(std::string("{\"person_id\":\"") + id + "\"", 0), 0u) << lines[i].substr(0, 60);
  }
  EXPECT_EQ(a.summary.people, 300u);
  EXPECT_EQ(a.summary.errors, 0u);
  EXPECT_EQ(a.summary.person_paid, b.summary.person_paid);
  EXPECT_EQ(a.summary.council_paid, b.summary.council_paid);
  EXPECT_EQ(a.summary.reached_cap, b.summary.reached_cap);
}

// Issue 14, defect 7: 1,000 people at £1,000,000,000 a week until 2399 have totals too large to
// add up as one exact amount. Each person was fine, but the adding threw inside the person's
// line: valid people became "internal error" lines, counted as calculated and as errors, and
// the output depended on --threads. Now every line is a result, whatever the threads, and the
// summary says the total is too large.
//   One person: £1e9 a week from 2025-04-01 to 2399-03-31, some 19,500 weeks: about £1.95e13.
//   1,000 of them: about £1.95e16; the largest Exact is (2^63 - 1) sevenths of a penny,
//   about £1.32e16. So the sum cannot be an Exact, while each person's total can.
TEST(Recalc, TotalsTooLargeToAddUpNeverTurnPeopleIntoErrors) {
  Json doc = Json::parse(R"({"id":"X","birth_date":"1940-05-01",
    "household":{"type":"single","dependent_children":0,"premiums":[]},
    "needs":[{"from":"2025-04-01","to":null}],
    "care":[{"from":"2025-04-01","to":null,"setting":"care_home","category":"residential","stay":"permanent",
             "arranged_by":"self","personal_budget":"1000000000.00","weekly_fee":"1000000000.00"}],
    "finances":[{"from":"2025-04-01","savings":"250000.00","other_capital":"0.00",
                 "income":[{"type":"state_pension","weekly":"221.20"}],"housing_costs":"0.00",
                 "disability_related_expenditure":"0.00"}]})");
  std::string input;
  for (int i = 0; i < 1000; ++i) {
    doc["id"] = "R-" + std::to_string(i);
    input += doc.dump() + "\n";
  }
  RecalcJob one = real_job();
  one.request.as_of = Date::from_ymd(2399, 3, 31);
  one.threads = 1;
  RecalcJob three = one;
  three.threads = 3;
  three.chunk_lines = 7;
  RecalcRun a = recalc(input, one);
  RecalcRun b = recalc(input, three);
  EXPECT_TRUE(a.out == b.out) << "the output depends on the number of threads";
  EXPECT_EQ(a.summary.people, 1000u);
  EXPECT_EQ(a.summary.errors, 0u);
  EXPECT_EQ(a.out.find("\"error\""), std::string::npos);
  EXPECT_FALSE(a.summary.person_paid.has_value());
  EXPECT_FALSE(b.summary.person_paid.has_value());
  EXPECT_EQ(a.summary.council_paid, Exact::zero());
  // The lifetime totals are printed when a window is asked for.
  auto run = test_support::run_caremeter(
      {"recalc", "--people", "/dev/stdin", "--as-of", "2399-03-31", "--from", "1900-01-01", "--unpublished", "carry-forward"},
      input);
  EXPECT_EQ(run.exit_status, 0) << run.err;
  EXPECT_NE(run.err.find("1000 people calculated, 0 error lines"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("paid by people:          too large to add up exactly"), std::string::npos) << run.err;
}

TEST(ExactTotalTest, AddsBeyondAnExactAndSaysSo) {
  const Exact big = Exact::sevenths(std::numeric_limits<int64_t>::max());
  ExactTotal t;
  t += big;
  EXPECT_EQ(t.exact(), big);
  t += Exact::sevenths(1);
  EXPECT_FALSE(t.exact().has_value());
  t += -big;  // back in range: the wide sum lost nothing
  EXPECT_EQ(t.exact(), Exact::sevenths(1));
}

// The summary's totals are the exact sums of each person's exact totals.
TEST(Recalc, SummaryAddsUpThePeople) {
  const std::string input = test_support::generated_county(60, 12);
  RecalcJob job = real_job("reform-2025-10");
  RecalcRun run = recalc(input, job);
  Exact person, council, top_ups;
  std::size_t reached = 0;
  for (const InputLine& line : split_lines(input).lines) {
    auto p = parse_person(line.text);
    ASSERT_TRUE(p.ok());
    auto r = calculate(*p, *job.rules, job.scenario, job.request);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    person += r->totals.person_paid;
    council += r->totals.council_paid;
    top_ups += r->totals.top_ups;
    if (r->account.cap_reached_on) ++reached;
  }
  EXPECT_EQ(run.summary.person_paid, person);
  EXPECT_EQ(run.summary.council_paid, council);
  EXPECT_EQ(run.summary.top_ups, top_ups);
  EXPECT_EQ(run.summary.reached_cap, reached);
  EXPECT_GT(council, Exact::zero());
}

Json parse_line(const std::string& line) {
  auto j = parse_json_strict(line);
  EXPECT_TRUE(j.ok()) << line;
  return j.ok() ? *j : Json();
}

TEST(Recalc, ABrokenLineBecomesOneErrorLineAndTheRestGoOn) {
  std::vector<std::string> people = test_support::lines_of(test_support::generated_county(20, 13));
  // Line 5: not JSON at all. Line 9: savings with three decimals.
  people[4] = "{\"id\":\"P-000005\",\"birth_date\":";
  const std::string savings_key = "\"savings\":\"";
  const std::size_t value_at = people[8].find(savings_key) + savings_key.size();
  ASSERT_NE(people[8].find(savings_key), std::string::npos);
  people[8].replace(value_at, people[8].find('"', value_at) - value_at, "1.234");
  const std::string input = join(people);

  for (int threads : {1, 3}) {
    RecalcJob job = real_job();
    job.threads = threads;
    job.chunk_lines = 2;
    job.input_file = "county.jsonl";
    RecalcRun run = recalc(input, job);
    auto lines = test_support::lines_of(run.out);
    ASSERT_EQ(lines.size(), 20u);
    EXPECT_EQ(run.summary.errors, 2u);
    EXPECT_EQ(run.summary.people, 18u);
    for (std::size_t i = 0; i < lines.size(); ++i) {
      Json j = parse_line(lines[i]);
      if (i == 4) {
        EXPECT_EQ(j["line"], 5);
        EXPECT_TRUE(j["person_id"].is_null());
        EXPECT_EQ(j["error"]["code"], -32602);
        EXPECT_EQ(j["error"]["data"]["pointer"], "");
        EXPECT_EQ(j["error"]["data"]["file"], "county.jsonl");
      } else if (i == 8) {
        EXPECT_EQ(j["line"], 9);
        EXPECT_EQ(j["person_id"], "P-000009");
        EXPECT_EQ(j["error"]["data"]["pointer"], "/finances/0/savings") << lines[i];
      } else {
        char id[32];
        std::snprintf(id, sizeof id, "P-%06zu", i + 1);
        EXPECT_EQ(j["person_id"], id);
        EXPECT_FALSE(j.contains("error"));
      }
    }
  }
}

TEST(Recalc, UnknownFieldIsNamedWithItsPointer) {
  std::vector<std::string> people = test_support::lines_of(test_support::generated_county(3, 14));
  people[1].insert(people[1].find("\"household\":{") + std::string("\"household\":{").size(), "\"typ\":\"single\",");
  RecalcRun run = recalc(join(people), real_job());
  auto lines = test_support::lines_of(run.out);
  ASSERT_EQ(lines.size(), 3u);
  Json j = parse_line(lines[1]);
  EXPECT_EQ(j["line"], 2);
  EXPECT_EQ(j["person_id"], "P-000002");
  EXPECT_EQ(j["error"]["data"]["pointer"], "/household/typ") << lines[1];
}

// A calculation that fails (stand-in engine) gives an error line; blank lines are skipped but
// keep the line numbers of the file.
TEST(Recalc, CalculationFailureAndBlankLines) {
  std::vector<std::string> people = test_support::lines_of(test_support::generated_county(6, 15));
  const std::string input = people[0] + "\n\n" + people[1] + "\n" + people[2] + "\n   \n" + people[3] + "\n";
  RecalcJob job = real_job();
  job.threads = 2;
  job.chunk_lines = 1;
  job.calculate = [](const Person& p, const Scenario&, const CalculationRequest& r) -> Result<AccountResult> {
    if (p.id == "P-000003") return Error{ErrorCode::kMissingRule, "no rate for that day", "/care/0", ""};
    AccountResult a;
    a.person_id = p.id;
    a.as_of = r.as_of;
    a.totals.person_paid = Exact::from(Money::pounds(1));
    return a;
  };
  job.write_result = [](const AccountResult& a, std::string& out) { out += "{\"person_id\":\"" + a.person_id + "\"}"; };
  RecalcRun run = recalc(input, job);
  EXPECT_EQ(run.summary.blank_lines, 2u);
  EXPECT_EQ(run.summary.lines, 4u);
  EXPECT_EQ(run.summary.people, 3u);
  EXPECT_EQ(run.summary.errors, 1u);
  EXPECT_EQ(run.summary.person_paid, Exact::from(Money::pounds(3)));
  auto lines = test_support::lines_of(run.out);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "{\"person_id\":\"P-000001\"}");
  EXPECT_EQ(lines[1], "{\"person_id\":\"P-000002\"}");
  Json j = parse_line(lines[2]);
  EXPECT_EQ(j["line"], 4);  // physical line 4 (line 2 was blank)
  EXPECT_EQ(j["person_id"], "P-000003");
  EXPECT_EQ(j["error"]["data"]["pointer"], "/care/0");
  EXPECT_EQ(lines[3], "{\"person_id\":\"P-000004\"}");
}

TEST(RecalcProgram, BundledCountyRunsAndPrintsTheSummary) {
  const std::string county_file = std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-open.jsonl";
  auto run = test_support::run_caremeter({"recalc", "--people", county_file, "--as-of", "2027-03-31", "--threads", "2",
                                          "--rules", std::string(CAREMETER_SOURCE_DIR) + "/rules", "--unpublished",
                                          "carry-forward"});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  const std::size_t people = test_support::lines_of(test_support::read_source_file("bench/data/county-open.jsonl")).size();
  EXPECT_NE(run.err.find(std::to_string(people) + " people calculated, 0 error lines"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("in charged care on 2027-03-31: "), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("the council's weekly cost:"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("reached the cap"), std::string::npos) << "lifetime totals only with --from: " << run.err;
  EXPECT_EQ(test_support::lines_of(run.out).size(), people);
  EXPECT_NE(run.err.find("provisional people (a figure carried forward past what the rules know): "), std::string::npos)
      << run.err;
  EXPECT_EQ(run.err.find('\r'), std::string::npos);  // no progress bar when stderr is not a terminal
}

TEST(RecalcProgram, ErrorLinesAreCountedAndTheExitSaysSo) {
  const std::string input = test_support::generated_county(3, 16) + "not json\n";
  test_support::TempDir dir;
  const std::string path = dir.write("recalc_errors.jsonl", input);
  const std::string out_path = dir.file("recalc_errors.out.jsonl");
  auto run = test_support::run_caremeter(
      {"recalc", "--people", path, "--as-of", "2027-03-31", "--out", out_path, "--scenario", "reform-2025-10",
       "--unpublished", "carry-forward"});
  ASSERT_EQ(run.exit_status, 3) << run.err;  // finished with error lines
  EXPECT_NE(run.err.find("3 people calculated, 1 error line"), std::string::npos) << run.err;
  EXPECT_TRUE(run.out.empty());
  auto lines = test_support::lines_of(dir.read("recalc_errors.out.jsonl"));
  ASSERT_EQ(lines.size(), 4u);
  Json j = parse_line(lines[3]);
  EXPECT_EQ(j["line"], 4);
  EXPECT_TRUE(j["person_id"].is_null());
}

// As of 13 April 2026, past the day the rules know the yearly figures to (5 April 2026): a
// person in care on those days is refused by default, the error line naming the parameter and
// the first day it was needed; asked to carry forward, everyone is calculated and the people
// whose results used a carried figure are counted. (The care-home resident needs the PEA, the
// person at home the pension-age MIG; the third person's care ended in 2025.)
TEST(RecalcProgram, PastWhatTheRulesKnowRefusesByDefaultAndCarriesForwardWhenAsked) {
  auto person = [](const std::string& id, const std::string& setting, const std::string& to) {
    return R"({"id":")" + id + R"(","birth_date":"1940-07-01","household":{"type":"single"},)"
           R"("needs":[{"from":"2025-01-01"}],"care":[{"from":"2025-01-01","to":)" + to + R"(,"setting":")" + setting +
           (setting == "care_home" ? R"(","category":"residential","stay":"permanent)" : "") +
           R"(","arranged_by":"council","personal_budget":"300.00"}],)"
           R"("finances":[{"from":"2025-01-01","savings":"1000.00","income":[{"type":"state_pension","weekly":"230.25"}]}]})"
           "\n";
  };
  const std::string county = person("home", "care_home", "null") + person("ended", "care_home", "\"2025-12-31\"") +
                             person("at-home", "home_care", "null");
  auto refused = test_support::run_caremeter({"recalc", "--people", "/dev/stdin", "--as-of", "2026-04-13"}, county);
  ASSERT_EQ(refused.exit_status, 3) << refused.err;  // finished with error lines
  EXPECT_NE(refused.err.find("1 people calculated, 2 error lines"), std::string::npos) << refused.err;
  auto lines = test_support::lines_of(refused.out);
  ASSERT_EQ(lines.size(), 3u);
  Json pea = parse_line(lines[0]);
  EXPECT_EQ(pea["error"]["code"], -32002);
  EXPECT_EQ(pea["error"]["data"]["reason"], "rule_not_published");
  EXPECT_EQ(pea["error"]["data"]["parameter"], "means_test.personal_expenses_allowance");
  EXPECT_EQ(pea["error"]["data"]["date"], "2026-04-06");
  EXPECT_EQ(pea["error"]["data"]["pointer"], "/finances/0");
  EXPECT_NE(pea["error"]["message"].get<std::string>().find("england/2026-04.json"), std::string::npos);
  EXPECT_EQ(parse_line(lines[1])["person_id"], "ended");
  EXPECT_FALSE(parse_line(lines[1]).contains("provisional"));
  EXPECT_EQ(parse_line(lines[2])["error"]["data"]["parameter"], "mig.single_pension_credit_age");

  auto carried = test_support::run_caremeter(
      {"recalc", "--people", "/dev/stdin", "--as-of", "2026-04-13", "--unpublished", "carry-forward"}, county);
  ASSERT_EQ(carried.exit_status, 0) << carried.err;
  EXPECT_NE(carried.err.find("3 people calculated, 0 error lines"), std::string::npos) << carried.err;
  EXPECT_NE(carried.err.find("provisional people (a figure carried forward past what the rules know): 2\n"),
            std::string::npos)
      << carried.err;
  lines = test_support::lines_of(carried.out);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(parse_line(lines[0])["provisional"],
            Json::parse(R"([{"parameter":"means_test.personal_expenses_allowance","value":"30.65","known_to":"2026-04-05"}])"));
  EXPECT_EQ(parse_line(lines[2])["provisional"],
            Json::parse(R"([{"parameter":"mig.single_pension_credit_age","value":"232.60","known_to":"2026-04-05"}])"));

  auto unknown = test_support::run_caremeter(
      {"recalc", "--people", "/dev/stdin", "--as-of", "2026-04-13", "--unpublished", "guess"}, county);
  EXPECT_EQ(unknown.exit_status, 2);
  EXPECT_NE(unknown.err.find("expected one of refuse, carry-forward, project"), std::string::npos) << unknown.err;
}

TEST(RecalcProgram, UsageErrorsExitTwo) {
  const std::string county_file = std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-open.jsonl";
  EXPECT_EQ(test_support::run_caremeter({"recalc", "--people", county_file}).exit_status, 2);
  EXPECT_EQ(test_support::run_caremeter({"recalc", "--people", county_file, "--as-of", "2027-02-30"}).exit_status, 2);
  EXPECT_EQ(test_support::run_caremeter({"recalc", "--people", county_file, "--as-of", "2027-03-31", "--capital", "x"})
                .exit_status,
            2);
  EXPECT_EQ(test_support::run_caremeter({"recalc", "--people", county_file, "--as-of", "2027-03-31", "--threads", "0"})
                .exit_status,
            2);
  EXPECT_EQ(test_support::run_caremeter({"recalc", "--people", "/nonexistent/county.jsonl", "--as-of", "2027-03-31"})
                .exit_status,
            2);
}

TEST(RecalcProgram, UnwritableOutputExitsOne) {
  const std::string county_file = std::string(CAREMETER_SOURCE_DIR) + "/bench/data/county-open.jsonl";
  auto run = test_support::run_caremeter(
      {"recalc", "--people", county_file, "--as-of", "2027-03-31", "--out", "/nonexistent-dir/out.jsonl"});
  EXPECT_EQ(run.exit_status, 1) << run.err;
}

}  // namespace
}  // namespace caremeter
