// known_spans_test.cc — how far each figure is known: the review marks of format-2 rule files,
// how a format-1 file's open yearly figures are read, the days a timeline is unpublished, which
// council version each national version takes, and the 2026-04 rule set's dates (yearly figures
// from 6 April, SI 2023/277 reg 1(2); capital limits from 12 April 2010, SI 2010/211).
#include <gtest/gtest.h>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_io.h"
#include "caremeter/json/rule_loader.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::from_ymd(y, m, d); }

const std::string kPea = "means_test.personal_expenses_allowance";
const std::string kFile = "england/2026-04.json";

// A format-2 national file: the PEA reviewed yearly on 6 April, known to 5 April 2026; the
// upper capital limit open (it changes only with the law); one plain reform value.
Json format_2(const std::string& version = "2026-04") {
  Json doc = Json::object();
  doc["id"] = "england";
  doc["version"] = version;
  doc["format"] = 2;
  doc["parameters"][kPea] = {{"review", "yearly"}, {"review_on", {"04-06"}}};
  doc["parameters"][kPea]["values"] = Json::array({
      {{"from", "2024-04-06"}, {"to", "2025-04-05"}, {"value", "30.15"}, {"source", "SI 2024/325"}, {"status", "confirmed"}},
      {{"from", "2025-04-06"}, {"to", "2026-04-05"}, {"value", "30.65"}, {"source", "2025 SI"}, {"status", "confirmed"}},
  });
  doc["parameters"]["means_test.upper_capital_limit"] = {{"review", "on_change"}};
  doc["parameters"]["means_test.upper_capital_limit"]["values"] = Json::array(
      {{{"from", "2010-04-12"}, {"value", "23250.00"}, {"source", "SI 2010/211"}, {"status", "confirmed"}}});
  doc["parameters"]["reform.cap"] = {
      {"review", "scenario"}, {"value", "86000.00"}, {"source", "Build Back Better"}, {"status", "confirmed"}};
  for (std::size_t i = 0; i < kIncomeTypeCount; ++i) {
    doc["income_types"][std::string(income_type_name(static_cast<IncomeType>(i)))] = {{"treatment", "counted"},
                                                                                       {"source", "SI 2014/2672"}};
  }
  doc["pension_credit_age"] = Json::array(
      {{{"born_from", "1800-01-01"}, {"born_to", "2399-12-31"}, {"age", {{"years", 66}}}, {"source", "test"}}});
  doc["scenarios"]["current-law"] = {{"reform_start", nullptr}};
  return doc;
}

Json council(const std::string& id, const std::string& version, const std::string& rate) {
  Json doc = Json::object();
  doc["id"] = id;
  doc["name"] = "Test Council";
  doc["version"] = version;
  doc["format"] = 2;
  doc["status"] = "confirmed";
  doc["parameters"]["rates.residential"] = {{"review", "yearly"}, {"review_on", {"04-01"}}};
  doc["parameters"]["rates.residential"]["values"] = Json::array(
      {{{"from", version + "-01"}, {"to", std::to_string(std::stoi(version.substr(0, 4)) + 1) + "-03-31"},
        {"value", rate}, {"source", "the council's fee rates"}, {"status", "confirmed"}}});
  return doc;
}

std::string all_errors(const RuleLoadReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += e.to_string() + "\n";
  return out;
}

// The one error of a report with this pointer, whose message contains `words`.
::testing::AssertionResult OnlyError(const RuleLoadReport& r, const std::string& pointer, const std::string& words) {
  if (r.errors.size() == 1 && r.errors[0].pointer == pointer && r.errors[0].message.find(words) != std::string::npos) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "expected one error at " << pointer << " containing '" << words
                                       << "', got:\n" << all_errors(r);
}

RuleLoadReport load(const Json& doc, const std::string& path = kFile) { return load_rules({RuleFile{path, doc.dump()}}); }

// ------------------------------------------------------------------ format 2's review marks

TEST(KnownSpans, AFormat2YearlyFigureIsKnownToItsLastValuesEnd) {
  auto r = load(format_2());
  ASSERT_TRUE(r.errors.empty()) << all_errors(r);
  const Timeline& pea = r.rule_sets[0][Param::kPersonalExpensesAllowance];
  EXPECT_EQ(pea.review(), Review::kYearly);
  EXPECT_EQ(pea.known_to(), D(2026, 4, 5));
  EXPECT_NE(pea.at(D(2026, 4, 5)), nullptr);
  EXPECT_EQ(pea.at(D(2026, 4, 6)), nullptr);
  EXPECT_TRUE(pea.unpublished_on(D(2026, 4, 6)));
  EXPECT_TRUE(pea.unpublished_on(D(2090, 1, 1))) << "for ever, until a later version knows it";
  EXPECT_FALSE(pea.unpublished_on(D(2026, 4, 5)));
  EXPECT_EQ(pea.last_known()->value, 3065);
  // A stretch must not mix known and unpublished days: the first unpublished day is a change.
  EXPECT_EQ(pea.next_change_after(D(2025, 6, 1)), D(2026, 4, 6));
  // A figure that changes only with the law stays open and is never unpublished.
  const Timeline& ucl = r.rule_sets[0][Param::kUpperCapitalLimit];
  EXPECT_EQ(ucl.review(), Review::kOnChange);
  EXPECT_FALSE(ucl.has_unpublished());
  EXPECT_EQ(ucl.at(D(2090, 1, 1))->value, 2325000);
}

TEST(KnownSpans, AFormat2YearlyFigureLeftOpenIsRefusedNamingItsLastValue) {
  Json doc = format_2();
  doc["parameters"][kPea]["values"][1].erase("to");
  EXPECT_TRUE(OnlyError(load(doc), "/parameters/" + kPea + "/values/1",
                        "give the last value a \"to\" (e.g. 2026-04-05)"));
}

TEST(KnownSpans, EveryFormat2ParameterSaysHowItIsReviewed) {
  Json missing = format_2();
  missing["parameters"][kPea].erase("review");
  missing["parameters"][kPea].erase("review_on");
  EXPECT_TRUE(OnlyError(load(missing), "/parameters/" + kPea + "/review", "how the figure is reviewed"));

  // The PEA is reviewed every year by law: a file cannot call it a figure that changes only
  // with the law (and so leave it open).
  Json law_figure = format_2();
  law_figure["parameters"][kPea]["review"] = "on_change";
  law_figure["parameters"][kPea].erase("review_on");
  EXPECT_TRUE(OnlyError(load(law_figure), "/parameters/" + kPea + "/review", "is reviewed at least yearly"));

  Json plain_reform = format_2();
  plain_reform["parameters"]["reform.cap"]["review"] = "yearly";
  EXPECT_TRUE(OnlyError(load(plain_reform), "/parameters/reform.cap/review", "\"review\": \"scenario\""));

  Json dated_scenario = format_2();
  dated_scenario["parameters"]["means_test.upper_capital_limit"]["review"] = "scenario";
  EXPECT_TRUE(OnlyError(load(dated_scenario), "/parameters/means_test.upper_capital_limit/review",
                        "\"scenario\" is for a plain reform value"));
}

TEST(KnownSpans, ReviewDaysAreRealDaysOfEveryYearInOrder) {
  auto with_days = [](Json days) {
    Json doc = format_2();
    doc["parameters"][kPea]["review_on"] = std::move(days);
    return load(doc);
  };
  const std::string at = "/parameters/" + kPea + "/review_on";
  EXPECT_TRUE(OnlyError(with_days(Json::array({"02-29"})), at + "/0", "every year has"));
  EXPECT_TRUE(OnlyError(with_days(Json::array({"4-6"})), at + "/0", "\"MM-DD\""));
  EXPECT_TRUE(OnlyError(with_days(Json::array({"04-06", "10-06"})), at, "the day each year the figure is reviewed"));
  Json none = format_2();
  none["parameters"][kPea].erase("review_on");
  EXPECT_TRUE(OnlyError(load(none), at, "missing"));
  Json on_open = format_2();
  on_open["parameters"]["means_test.upper_capital_limit"]["review_on"] = Json::array({"04-06"});
  EXPECT_TRUE(OnlyError(load(on_open), "/parameters/means_test.upper_capital_limit/review_on",
                        "only a yearly or half-yearly figure"));
}

TEST(KnownSpans, AFormat1FileCannotUseReviewMarks) {
  Json doc = format_2();
  doc.erase("format");
  EXPECT_EQ(load(doc).errors.size(), 3u) << "review on the PEA, the capital limit and the cap: " << all_errors(load(doc));
  EXPECT_EQ(load(doc).errors[0].message.find("\"review\" is part of format 2"), 0u) << all_errors(load(doc));
  Json three = format_2();
  three["format"] = 3;
  EXPECT_TRUE(OnlyError(load(three), "/format", "expected 2"));
}

// A format-1 file (published before review marks) gives no "to" on its latest yearly values.
// They are read as known to the day before the first review after the latest yearly "from" in
// the file: a 2025/26 file knows its figures to 5 April 2026, whatever its last value's date.
TEST(KnownSpans, AFormat1FilesOpenYearlyFiguresRunToTheDayBeforeTheNextReview) {
  Json doc = format_2("2025-04");
  doc.erase("format");
  for (auto& [name, body] : doc["parameters"].items()) {
    body.erase("review");
    body.erase("review_on");
  }
  doc["parameters"][kPea]["values"][1].erase("to");
  doc["parameters"][kPea]["values"][1]["from"] = "2025-04-07";  // the old Monday of uprating week
  auto r = load(doc, "england/2025-04.json");
  ASSERT_TRUE(r.errors.empty()) << all_errors(r);
  const Timeline& pea = r.rule_sets[0][Param::kPersonalExpensesAllowance];
  EXPECT_EQ(pea.known_to(), D(2026, 4, 5));
  EXPECT_FALSE(r.rule_sets[0][Param::kUpperCapitalLimit].has_unpublished());
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].message.find("2026-04-05"), std::string::npos) << r.notes[0].message;
}

TEST(KnownSpans, NextReviewAfter) {
  const ReviewDays yearly{{{4, 6}, {}}};
  EXPECT_EQ(next_review_after(yearly, D(2025, 4, 5)), D(2025, 4, 6));
  EXPECT_EQ(next_review_after(yearly, D(2025, 4, 6)), D(2026, 4, 6)) << "strictly after";
  const ReviewDays half{{{1, 1}, {7, 1}}};
  EXPECT_EQ(next_review_after(half, D(2025, 3, 1)), D(2025, 7, 1));
  EXPECT_EQ(next_review_after(half, D(2025, 12, 31)), D(2026, 1, 1));
}

// ------------------------------------------------------------------ council versions

// Each national version takes each council's latest version not later than its own: a council
// file added for next year never changes this year's results.
TEST(KnownSpans, EachNationalVersionTakesEachCouncilsLatestVersionNotLaterThanItsOwn) {
  auto r = load_rules({RuleFile{"england/2025-04.json", format_2("2025-04").dump()},
                       RuleFile{"england/2026-04.json", format_2("2026-04").dump()},
                       RuleFile{"councils/leeds/2025-04.json", council("leeds", "2025-04", "900.00").dump()},
                       RuleFile{"councils/leeds/2026-04.json", council("leeds", "2026-04", "950.00").dump()},
                       RuleFile{"councils/bury/2025-04.json", council("bury", "2025-04", "800.00").dump()},
                       RuleFile{"councils/york/2026-04.json", council("york", "2026-04", "700.00").dump()}});
  ASSERT_TRUE(r.errors.empty()) << all_errors(r);
  ASSERT_EQ(r.rule_sets.size(), 2u);
  const RuleSet& last_year = r.rule_sets[0];
  const RuleSet& this_year = r.rule_sets[1];
  EXPECT_EQ(last_year.council("leeds")->ref.version, "2025-04");
  EXPECT_EQ(last_year.council("leeds")->ref.file, "councils/leeds/2025-04.json");
  EXPECT_EQ(last_year.council("york"), nullptr) << "york's first file is later than 2025-04";
  EXPECT_EQ(this_year.council("leeds")->ref.version, "2026-04");
  EXPECT_EQ(this_year.council("bury")->ref.version, "2025-04") << "an unchanged council needs no copy";
  EXPECT_EQ(this_year.council("york")->ref.version, "2026-04");
  EXPECT_EQ(r.councils.size(), 4u);
}

TEST(KnownSpans, ACouncilFileInTheFirstLayoutIsToldWhereToMove) {
  auto r = load(council("leeds", "2025-04", "900.00"), "councils/leeds.json");
  EXPECT_TRUE(OnlyError(r, "", "move councils/leeds.json to councils/leeds/<version>.json (its \"version\" is "
                               "\"2025-04\": councils/leeds/2025-04.json)"));
  auto wrong_version = load(council("leeds", "2025-04", "900.00"), "councils/leeds/2026-04.json");
  EXPECT_TRUE(OnlyError(wrong_version, "/version", "does not match the file name"));
}

// ------------------------------------------------------------------ the shipped 2026-04

class Rules2026 : public ::testing::Test {
 protected:
  static const RuleSet& rules() { return test_support::england_rules("2026-04"); }
  static int64_t pence(Param p, Date d) {
    const DatedValue* v = rules()[p].at(d);
    EXPECT_NE(v, nullptr) << param_info(p).name << " on " << to_string(d);
    return v ? v->value : -1;
  }
};

// England's yearly charging figures change on 6 April, the day each amending regulation comes
// into force (SI 2023/277 reg 1(2); SI 2015/644 reg 1(3)).
TEST_F(Rules2026, YearlyFiguresChangeOnTheSixthOfApril) {
  const Param pea = Param::kPersonalExpensesAllowance;
  EXPECT_EQ(pence(pea, D(2024, 4, 5)), 2825);
  EXPECT_EQ(pence(pea, D(2024, 4, 6)), 3015);
  EXPECT_EQ(pence(pea, D(2024, 4, 7)), 3015);
  EXPECT_EQ(pence(pea, D(2023, 4, 6)), 2825);
  EXPECT_EQ(pence(pea, D(2022, 4, 6)), 2565);
  // The figures first made in SI 2014/2672 run to 5 April 2015; SI 2015/644's from the 6th.
  EXPECT_EQ(pence(pea, D(2015, 4, 5)), 2440);
  EXPECT_EQ(pence(pea, D(2015, 4, 6)), 2490);
  EXPECT_EQ(pence(Param::kMigSinglePensionCreditAge, D(2015, 4, 5)), 18545);
  EXPECT_EQ(pence(Param::kMigSinglePensionCreditAge, D(2015, 4, 6)), 18900);
  // Capital limits from 12 April 2010 (SI 2010/211 reg 1(1)(b)), open: they change with the law.
  EXPECT_EQ(rules()[Param::kUpperCapitalLimit].at(D(2010, 4, 11)), nullptr);
  EXPECT_EQ(pence(Param::kUpperCapitalLimit, D(2010, 4, 12)), 2325000);
  EXPECT_EQ(pence(Param::kLowerCapitalLimit, D(2040, 1, 1)), 1425000);
}

// 2026/27 charging figures are not published (the amending regulations were not seen): the
// PEA and pension-age MIG are known to 5 April 2026; the one announced figure says so.
TEST_F(Rules2026, TwentySixTwentySevenChargingFiguresAreAbsentOrAnnounced) {
  EXPECT_EQ(rules()[Param::kPersonalExpensesAllowance].known_to(), D(2026, 4, 5));
  EXPECT_EQ(rules()[Param::kMigSinglePensionCreditAge].known_to(), D(2026, 4, 5));
  const DatedValue* young = rules()[Param::kMigSingle18To24].at(D(2026, 4, 6));
  ASSERT_NE(young, nullptr);
  EXPECT_EQ(young->value, 9540);
  EXPECT_EQ(young->status, SourceStatus::kAnnounced);
  EXPECT_EQ(rules().format, 2);
  for (std::size_t i = 0; i < kParamCount; ++i) {
    const Timeline& t = rules().params[i];
    if (reviewed_periodically(t.review()) && !t.empty()) {
      EXPECT_TRUE(t.has_unpublished()) << param_info(static_cast<Param>(i)).name << " is yearly and must end";
    }
  }
}

// A care-home resident on 6 and 7 April 2024 keeps the 2024/25 PEA, £30.15 (the 2025-04 file
// changed it on Monday 8 April and so gave £28.25). Income £200 state pension, capital nil,
// B £700 council-arranged: A = 200.00 − 30.15 = 169.85 on both days, 200.00 − 28.25 = 171.75
// on 5 April.
TEST_F(Rules2026, ACareHomeResidentsPeaOnTheSixthAndSeventhOfApril2024) {
  Person p;
  p.id = "T-1";
  p.birth_date = Date::from_ymd(1940, 7, 1);
  p.needs.push_back(NeedsRecord{DateRange{D(2024, 1, 1)}, "", "/needs/0"});
  CareRecord c;
  c.range = DateRange{D(2024, 1, 1)};
  c.setting = Setting::kCareHome;
  c.category = CareHomeCategory::kResidential;
  c.stay = Stay::kPermanent;
  c.arranged_by = ArrangedBy::kCouncil;
  c.personal_budget = *parse_money("700.00");
  c.pointer = "/care/0";
  p.care.push_back(c);
  FinancesRecord f;
  f.range = DateRange{D(2024, 1, 1)};
  f.income.push_back(IncomeItem{IncomeType::kStatePension, *parse_money("200.00"), "/finances/0/income/0"});
  f.pointer = "/finances/0";
  p.finances.push_back(f);
  for (auto [y, m, d, charge] : {std::tuple{2024, 4u, 5u, "171.75"}, std::tuple{2024, 4u, 6u, "169.85"},
                                 std::tuple{2024, 4u, 7u, "169.85"}}) {
    CalculationRequest req;
    req.as_of = D(y, m, d);
    auto r = calculate(p, rules(), *rules().scenario("current-law"), req);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    EXPECT_EQ(r->account.current_weekly->assessed_charge, *parse_money(charge)) << to_string(req.as_of);
  }
  // Last year's rule version still gives what it gave: £28.25 on 7 April 2024.
  CalculationRequest req;
  req.as_of = D(2024, 4, 7);
  const RuleSet& old = test_support::england_rules("2025-04");
  auto r = calculate(p, old, *old.scenario("current-law"), req);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->account.current_weekly->assessed_charge, *parse_money("171.75"));
}

}  // namespace
}  // namespace caremeter
