// yearly_cycle_test.cc — the April job run as the real program: `uplift`, `changes`,
// `recalc --format csv` and its summary, the exit statuses, `--version`, and result periods
// naming their care record. Expected figures are worked by hand in the comments.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "cli/cli_common.h"
#include "support/run_program.h"
#include "support/temp_dir.h"

namespace caremeter {
namespace {

using test_support::run_program;
using test_support::TempDir;

const std::string kBinary = CAREMETER_BINARY;
const std::string kRules = std::string(CAREMETER_SOURCE_DIR) + "/rules";
const std::string kRates2026 = kRules + "/uprating/2026-04.json";

// A permanent care-home resident arranged by the council with a budget of £1,000.00 a week,
// savings of £1,000 (below the lower limit: no tariff income), and `income` a week.
std::string resident(const std::string& id, const std::string& income, const std::string& finances_extra = "") {
  return R"({"id":")" + id +
         R"(","birth_date":"1940-01-01","death_date":null,"household":{"type":"single","dependent_children":0,"premiums":[]},)"
         R"("needs":[{"from":"2024-01-01","to":null,"council":"example-shire"}],)"
         R"("care":[{"from":"2024-01-01","to":null,"setting":"care_home","category":"residential","stay":"permanent",)"
         R"("arranged_by":"council","personal_budget":"1000.00","weekly_fee":"1000.00"}],)"
         R"("finances":[{"from":"2024-01-01",)" + finances_extra +
         R"("savings":"1000.00","other_capital":"0.00","income":)" + income +
         R"(,"housing_costs":"0.00","disability_related_expenditure":"0.00"}],"exclusions":[]})";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl - start));
    start = nl == std::string::npos ? text.size() : nl + 1;
  }
  return out;
}

// ---- uplift --------------------------------------------------------------------------------

const std::string kMixedIncome =
    R"([{"type":"attendance_allowance","weekly":"110.40"},{"type":"state_pension","weekly":"224.20"},)"
    R"({"type":"private_pension","weekly":"80.00"},{"type":"pension_credit_guarantee","weekly":"10.00"}])";

TEST(UpliftTest, AddsARecordFromTheUpratingDayWithEachItemUprated) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string line = resident("P-1", kMixedIncome);
  const std::string people = dir.write("people.jsonl", line + "\n");
  auto r = run_program({kBinary, "uplift", "--people", people, "--rates", kRates2026, "--on", "2026-04-06", "--out",
                        dir.file("out.jsonl"), "--reassess", dir.file("reassess.csv")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto out = nlohmann::json::parse(dir.read("out.jsonl"));
  auto in = nlohmann::json::parse(line);
  ASSERT_EQ(out["finances"].size(), 2u);
  EXPECT_EQ(out["finances"][0], in["finances"][0]) << "the old record is kept (it ends where the new one starts)";
  nlohmann::json expected = in["finances"][0];
  expected["from"] = "2026-04-06";
  expected["income"][0]["weekly"] = "114.60";  // AA higher rate: the new standard rate
  expected["income"][1]["weekly"] = "234.96";  // 224.20 × 1.048 = 234.9616
  // private pension (not uprated) and pension credit (means-tested: reassess) stay.
  EXPECT_EQ(out["finances"][1], expected);
  out.erase("finances");
  in.erase("finances");
  EXPECT_EQ(out, in) << "nothing else in the person changes";
  // The old record's bytes are untouched, and the new one follows it.
  const std::string kept = line.substr(0, line.find("}],\"exclusions\"") + 1);
  EXPECT_EQ(dir.read("out.jsonl").substr(0, kept.size() + 2), kept + ",{");
}

TEST(UpliftTest, ReassessListsTheItemsNoPercentageGoverns) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string people = dir.write("people.jsonl", resident("P-1", kMixedIncome) + "\n");
  auto r = run_program({kBinary, "uplift", "--people", people, "--rates", kRates2026, "--on", "2026-04-06", "--out",
                        dir.file("out.jsonl"), "--reassess", dir.file("reassess.csv")});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto rows = lines_of(dir.read("reassess.csv"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], "person_id,item,type,weekly,reason");
  EXPECT_EQ(rows[1].rfind("P-1,/finances/0/income/3,pension_credit_guarantee,10.00,", 0), 0u) << rows[1];
  EXPECT_NE(r.err.find("1 people uplifted, 0 unchanged, 0 error lines"), std::string::npos) << r.err;
}

TEST(UpliftTest, ARecordWithItsOwnEndIsSplitAtTheUpratingDay) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string people = dir.write(
      "people.jsonl", resident("P-1", R"([{"type":"attendance_allowance","weekly":"73.90"}])", R"("to":"2026-12-31",)") + "\n");
  auto r = run_program({kBinary, "uplift", "--people", people, "--rates", kRates2026, "--on", "2026-04-06"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto out = nlohmann::json::parse(r.out);
  ASSERT_EQ(out["finances"].size(), 2u);
  EXPECT_EQ(out["finances"][0]["to"], "2026-04-05");
  EXPECT_EQ(out["finances"][1]["from"], "2026-04-06");
  EXPECT_EQ(out["finances"][1]["to"], "2026-12-31");
  EXPECT_EQ(out["finances"][1]["income"][0]["weekly"], "76.70");  // AA lower rate, 73.90 → 76.70
}

TEST(UpliftTest, PeopleWithNothingToUpliftAreCopiedByteForByte) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string dead = resident("P-dead", kMixedIncome);
  dead.replace(dead.find("\"death_date\":null"), 17, "\"death_date\":\"2026-01-01\"");
  std::string already = resident("P-already", kMixedIncome);  // a record from the day already
  already.replace(already.find("],\"exclusions\""), 1,
                  R"(,{"from":"2026-04-06","savings":"0.00","other_capital":"0.00","income":[],"housing_costs":"0.00","disability_related_expenditure":"0.00"}])");
  const std::string input = resident("P-private", R"([{"type":"private_pension","weekly":"80.00"}])") + "\n" + dead + "\n" +
                            already + "\n" + resident("P-none", "[]") + "\n";
  const std::string people = dir.write("people.jsonl", input);
  auto r = run_program({kBinary, "uplift", "--people", people, "--rates", kRates2026, "--on", "2026-04-06"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out, input);
  EXPECT_NE(r.err.find("0 people uplifted, 4 unchanged, 0 error lines"), std::string::npos) << r.err;
}

TEST(UpliftTest, AnUnreadablePersonBecomesAnErrorLineAndTheStatusSaysSo) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string bad = resident("P-bad", kMixedIncome);
  bad.replace(bad.find("\"110.40\""), 8, "\"110.405\"");
  const std::string people = dir.write("people.jsonl", bad + "\n" + resident("P-good", kMixedIncome) + "\n");
  auto r = run_program({kBinary, "uplift", "--people", people, "--rates", kRates2026, "--on", "2026-04-06"});
  EXPECT_EQ(r.exit_status, kExitErrorLines) << r.err;
  auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 2u);
  auto error = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(error["line"], 1);
  EXPECT_EQ(error["person_id"], "P-bad");
  EXPECT_EQ(error["error"]["data"]["pointer"], "/finances/0/income/0/weekly");
  EXPECT_EQ(nlohmann::json::parse(lines[1])["finances"].size(), 2u);
}

// ---- changes -------------------------------------------------------------------------------

// Under the 2025-04 rule set the PEA is £30.15 to 6 April 2025 and £30.65 from 7 April. The
// resident's state pension is £221.20 a week, uplifted by the 2025-04 rates to £230.25 (the full
// new State Pension) from 7 April 2025.
//   before: A = min(B, income − PEA) = 221.20 − 30.15 = 191.05; council pays 1000.00 − 191.05 = 808.95
//   after:  A = 230.25 − 30.65 = 199.60; council pays 1000.00 − 199.60 = 800.40
//   change = 199.60 − 191.05 = 8.55
TEST(ChangesTest, ARowWithTheFiguresOnBothDaysAndTheReasons) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string people = dir.write("people.jsonl", resident("P-1", R"([{"type":"state_pension","weekly":"221.20"}])") + "\n");
  auto up = run_program({kBinary, "uplift", "--people", people, "--rates", kRules + "/uprating/2025-04.json", "--on",
                         "2025-04-07", "--out", dir.file("uplifted.jsonl")});
  ASSERT_EQ(up.exit_status, 0) << up.err;
  auto r = run_program({kBinary, "changes", "--people", dir.file("uplifted.jsonl"), "--before", "2025-04-06", "--after",
                        "2025-04-07", "--rules", kRules, "--rules-version", "2025-04"});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out,
            "person_id,setting,arranged_by,council,assessed_charge_before,assessed_charge_after,person_pays_before,"
            "person_pays_after,council_pays_before,council_pays_after,change,reasons\n"
            "P-1,care_home,council,example-shire,191.05,199.60,191.05,199.60,808.95,800.40,8.55,"
            "PEA 30.15\u219230.65; state_pension 221.20\u2192230.25\n");
}

TEST(ChangesTest, UnchangedPeopleHaveZeroAndNoReasonsAndPeopleNotInCareNoRow) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string not_in_care = resident("P-later", "[]");
  for (const char* from : {"\"needs\":[{\"from\":\"2024-01-01\"", "\"care\":[{\"from\":\"2024-01-01\""}) {
    std::string f = from;
    not_in_care.replace(not_in_care.find(f), f.size(), f.substr(0, f.size() - 12) + "\"2030-01-01\"");
  }
  const std::string people =
      dir.write("people.jsonl", resident("P-1", R"([{"type":"state_pension","weekly":"221.20"}])") + "\n" + not_in_care + "\n");
  // 1 and 2 June 2025: nothing changes. A = 221.20 − 30.65 = 190.55; council 1000.00 − 190.55 = 809.45.
  auto r = run_program({kBinary, "changes", "--people", people, "--before", "2025-06-01", "--after", "2025-06-02", "--rules",
                        kRules});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto rows = lines_of(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_EQ(rows[1], "P-1,care_home,council,example-shire,190.55,190.55,190.55,190.55,809.45,809.45,0.00,");
}

TEST(ChangesTest, CareStartingIsTheReasonByItself) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string starts = resident("P-new", R"([{"type":"state_pension","weekly":"221.20"}])");
  starts.replace(starts.find("\"care\":[{\"from\":\"2024-01-01\""), 28, "\"care\":[{\"from\":\"2025-06-02\"");
  const std::string people = dir.write("people.jsonl", starts + "\n");
  auto r = run_program({kBinary, "changes", "--people", people, "--before", "2025-06-01", "--after", "2025-06-02", "--rules",
                        kRules});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  // after: A = 221.20 − 30.65 = 190.55, council 809.45; before nothing (0.00).
  EXPECT_EQ(lines_of(r.out).at(1),
            "P-new,care_home,council,example-shire,0.00,190.55,0.00,190.55,0.00,809.45,190.55,charged_care no\u2192yes");
}

TEST(ChangesTest, ErrorLinesGoToStandardErrorWithTheirOwnStatus) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string people =
      dir.write("people.jsonl", std::string("{\"id\":\"P-x\"}\n") + resident("P-1", R"([{"type":"state_pension","weekly":"221.20"}])") + "\n");
  auto r = run_program({kBinary, "changes", "--people", people, "--before", "2025-06-01", "--after", "2025-06-02", "--rules",
                        kRules});
  EXPECT_EQ(r.exit_status, kExitErrorLines) << r.err;
  EXPECT_EQ(lines_of(r.out).size(), 2u) << "the header and P-1's row";
  auto first = lines_of(r.err).at(0);
  auto error = nlohmann::json::parse(first);
  EXPECT_EQ(error["line"], 1);
  EXPECT_EQ(error["person_id"], "P-x");
}

TEST(ChangesTest, AfterMustBeLaterThanBefore) {
  auto r = run_program({kBinary, "changes", "--people", "/dev/null", "--before", "2025-06-02", "--after", "2025-06-02"});
  EXPECT_EQ(r.exit_status, kExitBadInput) << r.err;
  EXPECT_NE(r.err.find("must be later than --before"), std::string::npos) << r.err;
}

// ---- recalc --format csv, its summary and status ----------------------------------------

TEST(RecalcCsvTest, OneRowAPersonWithTheWeeklyFiguresOnTheAsOfDate) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::string bad = resident("P-bad", "[]");
  bad.replace(bad.find("\"1000.00\""), 9, "\"-1.00\"");
  std::string later = resident("P-later", "[]");
  later.replace(later.find("\"care\":[{\"from\":\"2024-01-01\""), 28, "\"care\":[{\"from\":\"2030-01-01\"");
  const std::string people = dir.write(
      "people.jsonl", resident("P-1", R"([{"type":"state_pension","weekly":"221.20"}])") + "\n" + bad + "\n" + later + "\n");
  auto r = run_program({kBinary, "recalc", "--people", people, "--as-of", "2025-06-01", "--format", "csv", "--rules", kRules});
  EXPECT_EQ(r.exit_status, kExitErrorLines) << r.err;
  auto rows = lines_of(r.out);
  ASSERT_EQ(rows.size(), 4u) << r.out;
  EXPECT_EQ(rows[0],
            "person_id,as_of,status,setting,arranged_by,council,personal_budget,weekly_fee,assessed_charge,person_pays,"
            "council_pays,top_up,accrued,cap_reached_on,provisional");
  // A = 221.20 − 30.65 = 190.55; the council pays 1000.00 − 190.55 = 809.45; no top-up (F = B).
  EXPECT_EQ(rows[1], "P-1,2025-06-01,charged,care_home,council,example-shire,1000.00,1000.00,190.55,190.55,809.45,0.00,0.00,,");
  EXPECT_EQ(rows[2].rfind("P-bad,2025-06-01,error,", 0), 0u) << rows[2];
  EXPECT_NE(rows[2].find("/care/0/personal_budget"), std::string::npos) << rows[2];
  EXPECT_EQ(std::count(rows[2].begin(), rows[2].end(), ','), 14) << rows[2];
  EXPECT_EQ(rows[3], "P-later,2025-06-01,not_in_care,,,,,,,,,,0.00,,");
  // The officer's summary: people in charged care on the day and what is paid a week then.
  EXPECT_NE(r.err.find("in charged care on 2025-06-01: 1 people"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("their weekly charges:        £190.55 a week"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("the council's weekly cost:   £809.45 a week"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("errors:                      1"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("paid by people"), std::string::npos) << "lifetime totals only with --from";
}

TEST(RecalcCsvTest, LifetimeTotalsOnlyWithAWindowAndStatusZeroWithoutErrors) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string people = dir.write("people.jsonl", resident("P-1", R"([{"type":"state_pension","weekly":"221.20"}])") + "\n");
  auto r = run_program({kBinary, "recalc", "--people", people, "--as-of", "2025-06-01", "--from", "2025-05-01", "--rules", kRules});
  EXPECT_EQ(r.exit_status, kExitOk) << r.err;
  // 1 May to 1 June 2025: 32 days at £190.55 a week = 190.55 × 32 / 7 = 871.0857… → £871.09.
  EXPECT_NE(r.err.find("totals from 2025-05-01 to 2025-06-01"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("paid by people:          £871.09"), std::string::npos) << r.err;
}

TEST(RecalcCsvTest, AnUnknownFormatIsRefused) {
  auto r = run_program({kBinary, "recalc", "--people", "/dev/null", "--as-of", "2025-06-01", "--format", "xlsx"});
  EXPECT_EQ(r.exit_status, kExitBadInput);
  EXPECT_NE(r.err.find("expected jsonl or csv"), std::string::npos) << r.err;
}

// ---- result periods name their care record ---------------------------------------------

TEST(ResultPeriodsTest, EachPeriodSaysItsSettingWhoArrangedItAndItsCareRecord) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  // Two care records with the same figures: the periods still split at the records' edge, so
  // each names the one it came from.
  std::string person = resident("P-1", R"([{"type":"state_pension","weekly":"221.20"}])");
  person.replace(person.find("\"care\":[{\"from\":\"2024-01-01\",\"to\":null"), 38,
                 R"("care":[{"from":"2024-01-01","to":"2024-12-31","setting":"care_home","category":"residential","stay":"permanent","arranged_by":"council","personal_budget":"1000.00","weekly_fee":"1000.00"},{"from":"2025-01-01","to":null)");
  const std::string file = dir.write("person.json", person);
  auto r = run_program({kBinary, "calculate", "--person", file, "--as-of", "2025-02-01", "--from", "2024-12-01", "--rules", kRules});
  ASSERT_EQ(r.exit_status, 0) << r.err;
  auto periods = nlohmann::json::parse(r.out)["periods"];
  ASSERT_EQ(periods.size(), 2u) << periods.dump();
  EXPECT_EQ(periods[0]["care"], "/care/0");
  EXPECT_EQ(periods[0]["arranged_by"], "council");
  EXPECT_EQ(periods[0]["setting"], "care_home");
  EXPECT_EQ(periods[0]["to"], "2024-12-31");
  EXPECT_EQ(periods[1]["care"], "/care/1");
  EXPECT_EQ(periods[1]["arranged_by"], "council");
}

// ---- --version and the exit status table ----------------------------------------------

TEST(VersionTest, NamesTheProgramItsCommitAndTheRuleVersions) {
  auto r = run_program({kBinary, "--version"}, "");
  ASSERT_EQ(r.exit_status, 0) << r.err;
  EXPECT_EQ(r.out.rfind("caremeter 0.", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("git commit"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("england 2025-04 sha256:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("uprating 2026-04 sha256:"), std::string::npos) << r.out;
}

TEST(ExitStatusTest, HelpPrintsEveryRowOfTheTable) {
  auto r = run_program({kBinary, "--help"});
  ASSERT_EQ(r.exit_status, 0);
  for (const ExitStatusRow& row : kExitStatuses) {
    EXPECT_NE(r.out.find("  " + std::to_string(row.status) + "  " + row.meaning), std::string::npos) << r.out;
  }
  std::vector<int> statuses;
  for (const ExitStatusRow& row : kExitStatuses) statuses.push_back(row.status);
  EXPECT_EQ(statuses, (std::vector<int>{0, 1, 2, 3})) << "each status once";
}

}  // namespace
}  // namespace caremeter
