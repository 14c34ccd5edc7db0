// store_cmd_test.cc — `caremeter store verify|export|backup` and `recalc --db` run as the real
// program on a database filled through the store.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <string>
#include <vector>

#include "caremeter/json/rule_loader.h"
#include "store/store.h"
#include "support/run_program.h"
#include "support/serve_fixtures.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::FakeEnv;
using test_support::run_caremeter;
using test_support::TempDir;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

struct StoreCmd : ::testing::Test {
  TempDir dir;
  FakeEnv env;
  std::string db;
  std::vector<std::string> county;  // the documents stored, one per person

  void SetUp() override {
    db = dir.file("accounts.db");
    county = test_support::lines_of(test_support::generated_county(40, 5));
    auto store = Store::open(db, env);
    ASSERT_TRUE(store.ok());
    for (std::size_t i = 0; i < county.size(); ++i) {
      const std::string id = Json::parse(county[i])["id"];
      // A first revision that a correction replaces, for every other person.
      if (i % 2 == 0) {
        ASSERT_TRUE((*store)->put_person(PutRequest{id, "{\"old\":true}", sha256_hex("{\"old\":true}"), {}, {}}).ok());
      }
      ASSERT_TRUE((*store)->put_person(PutRequest{id, county[i], sha256_hex(county[i]), {}, {}}).ok());
    }
  }
  std::vector<std::string> recalc(const std::vector<std::string>& input_args) {
    std::vector<std::string> args = {"recalc", "--as-of", "2027-03-31", "--rules", test_support::rules_dir(),
                                     "--unpublished", "carry-forward"};
    args.insert(args.end(), input_args.begin(), input_args.end());
    auto run = run_caremeter(args);
    EXPECT_EQ(run.exit_status, 0) << run.err;
    return test_support::lines_of(run.out);
  }
};

TEST_F(StoreCmd, VerifySaysSoundOrNamesEveryDamagedRecord) {
  auto sound = run_caremeter({"store", "verify", "--db", db});
  EXPECT_EQ(sound.exit_status, 0) << sound.out << sound.err;
  EXPECT_TRUE(has(sound.out, "40 people, 60 revisions, 0 statements, 0 erasures")) << sound.out;
  EXPECT_TRUE(has(sound.out, "integrity_check: ok\n0 problems\n")) << sound.out;

  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE person_revisions SET document = replace(document, '\"birth_date\":\"19', '\"birth_date\":\"18') "
                              "WHERE person_id = 'P-000007'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto damaged = run_caremeter({"store", "verify", "--db", db});
  EXPECT_EQ(damaged.exit_status, 3) << damaged.out << damaged.err;  // problems found
  EXPECT_TRUE(has(damaged.out, "problem: the stored record of person 'P-000007' revision 2 is damaged")) << damaged.out;
  EXPECT_TRUE(has(damaged.out, "1 problem\n")) << damaged.out;

  auto missing = run_caremeter({"store", "verify", "--db", dir.file("typo.db")});
  EXPECT_EQ(missing.exit_status, 2) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("typo.db")));
  std::string text = dir.write("notes.db", std::string(8192, 'x'));
  auto not_sqlite = run_caremeter({"store", "verify", "--db", text});
  EXPECT_EQ(not_sqlite.exit_status, 1) << not_sqlite.out << not_sqlite.err;
  EXPECT_TRUE(has(not_sqlite.out, "the database cannot be read")) << not_sqlite.out;
}

TEST_F(StoreCmd, ExportWritesTheCurrentDocumentsAsRecalcReadsThem) {
  const std::string out = dir.file("county.jsonl");
  auto run = run_caremeter({"store", "export", "--db", db, "--out", out});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  EXPECT_TRUE(has(run.err, "store export: 40 people written")) << run.err;
  EXPECT_EQ(test_support::lines_of(dir.read("county.jsonl")), county) << "the latest revision of each, in order of id";
  struct stat st{};
  ASSERT_EQ(::stat(out.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "an export holds personal data";

  // recalc --db reads the same county straight from the store: the same results, line by line.
  std::vector<std::string> from_file = recalc({"--people", out});
  std::vector<std::string> from_db = recalc({"--db", db});
  ASSERT_EQ(from_file.size(), 40u);
  EXPECT_EQ(from_file, from_db);

  auto over_db = run_caremeter({"store", "export", "--db", db, "--out", db});
  EXPECT_EQ(over_db.exit_status, 2) << over_db.err;
  EXPECT_TRUE(has(over_db.err, "is the database given as --db")) << over_db.err;
}

TEST_F(StoreCmd, BackupWritesACopyThatVerifies) {
  const std::string copy = dir.file("backup.db");
  auto run = run_caremeter({"store", "backup", "--db", db, "--out", copy});
  ASSERT_EQ(run.exit_status, 0) << run.err;
  auto verified = run_caremeter({"store", "verify", "--db", copy});
  EXPECT_EQ(verified.exit_status, 0) << verified.out;
  EXPECT_TRUE(has(verified.out, "40 people, 60 revisions")) << verified.out;
  EXPECT_EQ(recalc({"--db", copy}), recalc({"--db", db}));

  EXPECT_EQ(run_caremeter({"store", "backup", "--db", db, "--out", db}).exit_status, 2);
  // Not even where SQLite looks for the database's log while none is there.
  EXPECT_EQ(run_caremeter({"store", "backup", "--db", db, "--out", db + "-wal"}).exit_status, 2);
  EXPECT_EQ(run_caremeter({"store", "export", "--db", db, "--out", dir.path() + "/./accounts.db-shm"}).exit_status, 2);
  EXPECT_FALSE(std::filesystem::exists(db + "-wal"));
  EXPECT_EQ(run_caremeter({"store", "backup", "--db", db}).exit_status, 2);
  EXPECT_EQ(run_caremeter({"store", "backup", "--db", dir.file("typo.db"), "--out", copy + "2"}).exit_status, 2);
  EXPECT_EQ(run_caremeter({"store"}).exit_status, 2);
  EXPECT_EQ(run_caremeter({"store", "--help"}).exit_status, 0);
}

TEST_F(StoreCmd, RecalcTakesTheCountyFromOneSource) {
  auto both = run_caremeter({"recalc", "--as-of", "2027-03-31", "--db", db, "--people", dir.file("x.jsonl")});
  EXPECT_EQ(both.exit_status, 2) << both.err;
  auto neither = run_caremeter({"recalc", "--as-of", "2027-03-31"});
  EXPECT_EQ(neither.exit_status, 2) << neither.err;
  EXPECT_TRUE(has(neither.err, "--people FILE or the stored accounts as --db FILE")) << neither.err;
  auto missing = run_caremeter({"recalc", "--as-of", "2027-03-31", "--db", dir.file("typo.db")});
  EXPECT_EQ(missing.exit_status, 2) << missing.err;
  EXPECT_FALSE(std::filesystem::exists(dir.file("typo.db"))) << "a mistyped --db must not become an empty store";
  auto over = run_caremeter({"recalc", "--as-of", "2027-03-31", "--db", db, "--out", db});
  EXPECT_EQ(over.exit_status, 2) << over.err;
}

}  // namespace
}  // namespace caremeter
