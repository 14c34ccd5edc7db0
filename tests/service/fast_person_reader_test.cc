// The fast (simdjson) person reader against the strict one: over a closed county, the bundled
// open county and many mutated lines, whenever the fast reader answers, the strict reader
// accepts the line and gives the same Person; and parse_batch_person (fast, else strict) always
// gives exactly what the strict reader gives — the same Person, or the same error message and
// pointer.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "batch/batch.h"
#include "caremeter/json/json_io.h"
#include "batch/fast_person_reader.h"
#include "support/test_support.h"

namespace caremeter {

// What a failed comparison prints: the person's records by pointer, enough to find the line's
// difference by eye. The comparison itself is Person's defaulted operator==, which compares
// every field, including any added later.
void PrintTo(const Person& p, std::ostream* os) {
  *os << "Person " << p.id << " born " << to_string(p.birth_date) << " with " << p.needs.size() << " needs, "
      << p.care.size() << " care, " << p.finances.size() << " finances and " << p.exclusions.size()
      << " exclusion records";
}

namespace {

// A closed county (as benchmarks use) and the bundled open one.
std::vector<std::string> county_lines() {
  std::vector<std::string> lines = test_support::lines_of(test_support::generated_county(2000, 1));
  for (std::string& line : test_support::lines_of(test_support::read_source_file("bench/data/county-open.jsonl"))) {
    lines.push_back(std::move(line));
  }
  return lines;
}

struct Tally {
  std::size_t lines = 0;
  std::size_t fast_answered = 0;
  std::size_t strict_accepted = 0;
};

// The two properties, for one line.
void expect_agree(const std::string& line, Tally& tally) {
  ++tally.lines;
  auto strict = parse_person(line);
  auto fast = read_person_fast(line);
  if (strict) ++tally.strict_accepted;
  if (fast) {
    ++tally.fast_answered;
    ASSERT_TRUE(strict.ok()) << "the fast reader accepted a line the strict reader refuses ("
                             << strict.error().to_string() << "):\n"
                             << line;
    ASSERT_EQ(*fast, *strict) << line;
  }
  std::optional<std::string> id;
  auto batch = parse_batch_person(line, id);
  ASSERT_EQ(batch.ok(), strict.ok()) << line;
  if (strict) {
    ASSERT_EQ(*batch, *strict) << line;
  } else {
    ASSERT_EQ(batch.error().message, strict.error().message) << line;
    ASSERT_EQ(batch.error().pointer, strict.error().pointer) << line;
    ASSERT_EQ(batch.error().code, strict.error().code) << line;
  }
}

TEST(FastPersonReader, AnswersForEveryCountyLineWithTheStrictReadersPerson) {
  const auto lines = county_lines();
  ASSERT_GT(lines.size(), 3000u);
  Tally tally;
  for (const std::string& line : lines) {
    ASSERT_NO_FATAL_FAILURE(expect_agree(line, tally));
  }
  // Every generated person is read fast: otherwise recalc silently falls back to the slow path.
  EXPECT_EQ(tally.fast_answered, lines.size());
}

// Structural mutations of a document: each key removed, each value replaced by values of
// other types and odd forms, each key renamed, a key repeated.
void mutate_tree(const Json& doc, const std::function<void(const Json&)>& emit) {
  static const std::vector<Json> kReplacements = [] {
    std::vector<Json> v;
    for (const char* text : {"null", "true", "false", "0", "-1", "2", "21", "\"\"", "\"x\"", "[]", "{}", "[null]",
                             "\"2025-02-30\"", "\"2025-02-28\"", "\"0.00\"", "\"-1.00\"", "\"1.005\"",
                             "\"1000000000.01\"", "\"99.9\"", "\"168.01\"", "\"single\"", "\"care_home\"",
                             "\"home_care\"", "\"community\"", "\"state_pension\"", "[\"disability\",\"disability\"]",
                             "[\"carer\"]", "{\"value\":\"1.00\"}"}) {
      v.push_back(Json::parse(text));
    }
    return v;
  }();
  static const std::vector<std::pair<std::string, Json>> kAdditions = {
      {"to", nullptr},
      {"to", "2030-01-01"},
      {"council", "example-shire"},
      {"category", "residential"},
      {"stay", "permanent"},
      {"hours_per_week", "10.00"},
      {"personal_budget", "100.00"},
      {"weekly_fee", "100.00"},
      {"home", nullptr},
      {"other_capital", "1.00"},
      {"secured_debt", "1.00"},
      {"qualifying_relative_lives_there", true},
      {"housing_costs", "1.00"},
      {"disability_related_expenditure", "1.00"},
      {"dependent_children", 1},
      {"premiums", Json::array()},
      {"death_date", nullptr},
      {"exclusions", Json::array()},
      {"reason", "s117_aftercare"},
      {"weekly_fee_includes_fnc", true},
      {"fnc_rate", "higher"},
      {"night_care_arranged", true},
      {"owners", 2},
      {"relative_left_reason", "died"},
      {"relative_lived_there_before_admission", true},
      {"half_paid_to_spouse", true},
      {"joint_capital", Json::array()},
      {"notional_capital", Json::array()},
      {"deferred_payments", Json::array()},
      {"interest_rate", "2.50"},
      {"setup_fee", "1.00"},
      {"fees", Json::array()},
      {"disposable_income_allowance", "1.00"}};
  std::function<void(const Json::json_pointer&, const Json&)> walk = [&](const Json::json_pointer& at,
                                                                          const Json& value) {
    if (!at.empty()) {
      for (const Json& r : kReplacements) {
        Json copy = doc;
        copy[at] = r;
        emit(copy);
      }
    }
    if (value.is_object()) {
      // Fields the object does not have yet, some of them allowed only in other records.
      for (const auto& [name, added] : kAdditions) {
        if (value.contains(name)) continue;
        Json copy = doc;
        copy[at][name] = added;
        emit(copy);
      }
      for (auto it = value.begin(); it != value.end(); ++it) {
        Json removed = doc;
        removed[at].erase(it.key());
        emit(removed);
        Json renamed = doc;
        renamed[at].erase(it.key());
        renamed[at][it.key() + "_"] = it.value();
        emit(renamed);
        walk(at / it.key(), it.value());
      }
    } else if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) walk(at / i, value[i]);
      if (!value.empty()) {
        Json twice = doc;
        twice[at].push_back(value[0]);
        emit(twice);
      }
    }
  };
  walk(Json::json_pointer(), doc);
}

// The id's bound is the strict reader's: a long id or a control character leaves the line to it.
TEST(FastPersonReader, AgreesOnTheBoundOfIds) {
  Json doc = Json::parse(county_lines()[0]);
  Tally tally;
  for (const std::string& id : {std::string(kMaxPersonIdBytes, 'x'), std::string(kMaxPersonIdBytes + 1, 'x'),
                                std::string("P\x7f"), std::string("P\xc2\x85"), std::string("P\xc2\xa0")}) {
    doc["id"] = id;
    ASSERT_NO_FATAL_FAILURE(expect_agree(doc.dump(), tally));
  }
  EXPECT_EQ(tally.strict_accepted, 2u);
  EXPECT_EQ(tally.fast_answered, 2u);
}

TEST(FastPersonReader, AgreesWithTheStrictReaderOnMutatedDocuments) {
  const auto lines = county_lines();
  Tally tally;
  // People with the most varied records: a home, exclusions, premiums, community care.
  std::vector<std::string> seeds;
  for (const char* needle : {"\"home\":{", "\"exclusions\":[{", "\"premiums\":[\"", "\"community\"", "\"to\":null",
                             "\"dependent_children\":1", "lone_parent", "\"stay\":\"temporary\""}) {
    for (const std::string& line : lines) {
      if (line.find(needle) != std::string::npos) {
        seeds.push_back(line);
        break;
      }
    }
  }
  ASSERT_GE(seeds.size(), 6u);
  for (const std::string& seed : seeds) {
    mutate_tree(Json::parse(seed), [&](const Json& doc) {
      if (::testing::Test::HasFatalFailure()) return;  // one failure is enough to read
      ASSERT_NO_FATAL_FAILURE(expect_agree(doc.dump(), tally));
    });
  }
  // Both outcomes occur: mutations the fast reader takes (equal to the strict reader's) and
  // mutations it leaves to the strict reader.
  EXPECT_GT(tally.fast_answered, 100u);
  EXPECT_LT(tally.fast_answered, tally.lines);
  EXPECT_GT(tally.strict_accepted, tally.fast_answered / 2);
}

// A person with every field of nursing care funding, night care, joint and notional capital, the
// relative who left, half a pension to a spouse and deferred payment agreements.
const char* const kLawLine =
    R"({"id":"P-9","birth_date":"1941-05-02","household":{"type":"couple"},"needs":[{"from":"2024-01-08",)"
    R"("council":"example-shire"}],"care":[{"from":"2024-01-08","to":"2025-09-30","setting":"home_care",)"
    R"("hours_per_week":"10","arranged_by":"council","night_care_arranged":true},{"from":"2025-10-01",)"
    R"("setting":"care_home","category":"nursing","stay":"permanent","arranged_by":"council",)"
    R"("weekly_fee":"1300.00","weekly_fee_includes_fnc":true,"fnc_rate":"higher"}],"finances":[{"from":)"
    R"("2024-01-08","savings":"1000.00","income":[{"type":"attendance_allowance","weekly":"110.40"}]},)"
    R"({"from":"2025-10-01","savings":"1000.00","joint_capital":[{"amount":"30000.00","owners":3}],)"
    R"("home":{"value":"250000.00","owners":2,"relative_left_reason":"moved_to_care_home",)"
    R"("relative_lived_there_before_admission":true},"income":[{"type":"private_pension","weekly":"80.00",)"
    R"("half_paid_to_spouse":true}],"disability_related_expenditure":"5.00"}],"notional_capital":[{"from":)"
    R"("2025-11-01","amount":"5000.00"}],"deferred_payments":[{"from":"2026-01-01","to":null,)"
    R"("property_value":"250000.00","secured_debt":"10000.00","interest_rate":"2.50","setup_fee":"600.00",)"
    R"("fees":[{"on":"2026-06-01","amount":"25.00"}],"disposable_income_allowance":"120.00"}]})";

TEST(FastPersonReader, AnswersForTheLawsNewerFieldsAndAgreesOnTheirMutations) {
  ASSERT_TRUE(parse_person(kLawLine).ok()) << parse_person(kLawLine).error().to_string();
  ASSERT_TRUE(read_person_fast(kLawLine).has_value());
  Tally tally;
  mutate_tree(Json::parse(kLawLine), [&](const Json& doc) {
    if (::testing::Test::HasFatalFailure()) return;
    ASSERT_NO_FATAL_FAILURE(expect_agree(doc.dump(), tally));
  });
  EXPECT_GT(tally.fast_answered, 100u);
  EXPECT_LT(tally.fast_answered, tally.lines);
}

TEST(FastPersonReader, AgreesOnEveryByteChangedDeletedOrCutOff) {
  const auto lines = county_lines();
  Tally tally;
  const std::string replacements[] = {"0", "9", "-", ".", "\"", "x", "}", "]", ",", " ", "\\", "\t", "\x80",
                                      "\xC3\xA9", "n", "e", ":", "{"};
  for (std::size_t k : {std::size_t{0}, std::size_t{17}}) {
    const std::string& line = lines[k];
    for (std::size_t i = 0; i < line.size(); ++i) {
      for (const std::string& r : replacements) {
        std::string changed = line;
        changed.replace(i, 1, r);
        ASSERT_NO_FATAL_FAILURE(expect_agree(changed, tally));
      }
      ASSERT_NO_FATAL_FAILURE(expect_agree(line.substr(0, i), tally));
      std::string deleted = line;
      deleted.erase(i, 1);
      ASSERT_NO_FATAL_FAILURE(expect_agree(deleted, tally));
    }
  }
  EXPECT_GT(tally.fast_answered, 50u);
}

TEST(FastPersonReader, LeavesUnusualButValidFormsToTheStrictReader) {
  const std::string line = county_lines().at(0);
  ASSERT_TRUE(read_person_fast(line).has_value());
  auto strict_only = [&](const std::string& text) {
    Tally tally;
    ASSERT_NO_FATAL_FAILURE(expect_agree(text, tally));
    EXPECT_TRUE(parse_person(text).ok()) << text;
    EXPECT_FALSE(read_person_fast(text).has_value()) << text;
  };
  // An escape in a string (the strict reader unescapes it).
  std::string escaped = line;
  escaped.replace(escaped.find("\"P-"), 3, "\"P\\u002d");
  strict_only(escaped);
  // Tabs and newlines as whitespace.
  strict_only("\t" + line);
  strict_only(line + "\n");
  // Money written as a JSON number.
  std::string number = line;
  const std::size_t at = number.find("\"savings\":\"") + 10;
  const std::size_t close = number.find('"', at + 1);
  number.erase(close, 1);
  number.erase(at, 1);
  strict_only(number);
}

TEST(FastPersonReader, RefusesNothingItselfAndNeverAnswersForInvalidJson) {
  const std::string line = county_lines().at(3);
  for (const std::string& text : {std::string(), std::string("{}"), std::string("[]"), std::string("null"),
                                  line + " x", line + line, line.substr(1), "\xEF\xBB\xBF" + line,
                                  line.substr(0, line.size() - 1) + ",}", std::string("{\"id\":\"\xff\"}")}) {
    Tally tally;
    ASSERT_NO_FATAL_FAILURE(expect_agree(text, tally));
  }
}

}  // namespace
}  // namespace caremeter
