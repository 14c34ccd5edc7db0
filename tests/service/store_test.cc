// store_test.cc — the SQLite store on its own: timestamps, schema and its version, durability
// settings, append-only revisions, idempotency and conditional writes, the clock that never runs
// backwards, statements, and I/O failures that must stop the service.
#include "store/store.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

#include "caremeter/json/rule_loader.h"
#include "support/serve_fixtures.h"
#include "support/unprivileged.h"

namespace caremeter {
namespace {

using test_support::FakeEnv;
using test_support::FaultVfs;
using test_support::TempDir;

std::string pragma(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    const unsigned char* t = sqlite3_column_text(st, 0);
    out = t ? reinterpret_cast<const char*>(t) : "";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

PutRequest put(const std::string& id, const std::string& doc, std::optional<std::string> key = {},
               std::optional<int64_t> expected = {}) {
  return PutRequest{id, doc, sha256_hex(doc), std::move(key), expected};
}

TEST(Timestamp, NormalisedToMilliseconds) {
  EXPECT_EQ(*parse_timestamp("2026-01-05T09:00:00Z"), "2026-01-05T09:00:00.000Z");
  EXPECT_EQ(*parse_timestamp("2026-01-05T09:00:00.5Z"), "2026-01-05T09:00:00.500Z");
  EXPECT_EQ(*parse_timestamp("2026-01-05T09:00:00.123Z"), "2026-01-05T09:00:00.123Z");
  EXPECT_EQ(*parse_timestamp("2026-01-05T09:00:00.123999999Z"), "2026-01-05T09:00:00.123Z");
  EXPECT_EQ(*parse_timestamp("2026-01-05"), "2026-01-05T23:59:59.999Z");
  EXPECT_EQ(*parse_timestamp("2024-02-29T23:59:59Z"), "2024-02-29T23:59:59.000Z");
  for (const char* bad : {"", "2026-01-05T09:00:00", "2026-01-05T09:00Z", "2026-01-05 09:00:00Z", "2026-01-05T24:00:00Z",
                          "2026-01-05T09:60:00Z", "2026-01-05T09:00:60Z", "2026-01-05T09:00:00.Z",
                          "2026-01-05T09:00:00.1234567890Z", "2026-01-05T09:00:00+01:00", "2025-02-29T00:00:00Z",
                          "2025-02-30", "26-01-05", "2026-01-05T09:00:00.12aZ"}) {
    EXPECT_FALSE(parse_timestamp(bad).ok()) << bad;
  }
  EXPECT_FALSE(parse_timestamp("2026-01-05", /*allow_date=*/false).ok());
}

TEST(Store, CreatesAVersionedSchemaInWalMode) {
  TempDir dir;
  FakeEnv env;
  std::string path = dir.file("a.db");
  {
    auto s = Store::open(path, env);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    EXPECT_EQ(*(*s)->integrity_check(), "ok");
  }
  EXPECT_EQ(pragma(path, "PRAGMA user_version"), "2");
  EXPECT_EQ(pragma(path, "PRAGMA journal_mode"), "wal");
  EXPECT_EQ(pragma(path, "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('person_revisions','statements','clock')"),
            "3");
}

TEST(Store, RefusesDatabasesItDoesNotUnderstand) {
  TempDir dir;
  FakeEnv env;
  std::string newer = dir.file("newer.db");
  ASSERT_TRUE(Store::open(newer, env).ok());
  pragma(newer, "PRAGMA user_version = 3");
  auto s = Store::open(newer, env);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
  EXPECT_NE(s.error().message.find("schema version 3"), std::string::npos) << s.error().message;

  std::string foreign = dir.file("foreign.db");
  pragma(foreign, "CREATE TABLE t (x)");
  s = Store::open(foreign, env);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("not a caremeter database"), std::string::npos) << s.error().message;

  std::string text = dir.file("text.db");
  ASSERT_TRUE(write_file_atomic(env, text, std::string(4096, 'x')).ok());
  EXPECT_FALSE(Store::open(text, env).ok());
  EXPECT_FALSE(Store::open(dir.file("no/such/dir/a.db"), env).ok());
}

// Issue 14, defect 8: a foreign SQLite database given as --db was refused, but switched to WAL
// first. It is refused as it was.
TEST(Store, AForeignDatabaseIsRefusedWithoutBeingChanged) {
  TempDir dir;
  FakeEnv env;
  std::string foreign = dir.file("other-program.db");
  pragma(foreign, "CREATE TABLE t (x)");
  ASSERT_EQ(pragma(foreign, "PRAGMA journal_mode"), "delete");
  auto s = Store::open(foreign, env);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("not a caremeter database"), std::string::npos) << s.error().message;
  EXPECT_EQ(pragma(foreign, "PRAGMA journal_mode"), "delete");
  EXPECT_EQ(dir.list(), std::vector<std::string>{"other-program.db"});
}

// Issue 14 (risk): a 0-byte --db (a truncated database, or a mistyped touch) silently became an
// empty store; a missing file is created only when asked.
TEST(Store, AnEmptyFileIsRefusedAndAMissingOneCreatedOnlyWhenAsked) {
  TempDir dir;
  FakeEnv env;
  std::string empty = dir.write("empty.db", "");
  auto s = Store::open(empty, env);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, empty);
  EXPECT_NE(s.error().message.find("empty (0 bytes)"), std::string::npos) << s.error().message;
  EXPECT_EQ(dir.read("empty.db"), "");

  StoreOptions existing;
  existing.create_if_missing = false;
  auto missing = Store::open(dir.file("typo.db"), env, existing);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().file, dir.file("typo.db"));
  EXPECT_EQ(dir.list(), std::vector<std::string>{"empty.db"});
  auto created = Store::open(dir.file("new.db"), env);
  ASSERT_TRUE(created.ok());
  EXPECT_TRUE((*created)->created());
  created->reset();
  EXPECT_FALSE((*Store::open(dir.file("new.db"), env))->created());
  EXPECT_EQ(*(*Store::open(dir.file("new.db"), env))->quick_check(), "ok");
}

// Issue 14, defect 10: a run on a read-only database left a -shm file with the database's
// read-only permissions, which later blocked writes with an error naming no file. The store now
// refuses a database it cannot write before reading it, and names a -wal or -shm it cannot
// write. Permissions bind only a user who is not root: the test runs as "nobody".
TEST(Store, AReadOnlyDatabaseIsRefusedAndLeavesNothingBehind) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0);
  const std::string db = dir.file("ro.db");
  auto run = test_support::run_unprivileged([&]() -> std::string {
    FakeEnv env;
    {
      auto s = Store::open(db, env);
      if (!s) return "cannot create: " + s.error().to_string();
      if (!(*s)->put_person(put("P1", "{}"))) return "cannot write";
    }
    ::chmod(db.c_str(), 0444);
    auto refused = Store::open(db, env);
    if (refused) return "a read-only database was opened for writing";
    if (refused.error().message.find("read-only") == std::string::npos &&
        refused.error().message.find("cannot write") == std::string::npos) {
      return "unclear refusal: " + refused.error().to_string();
    }
    if (::access((db + "-shm").c_str(), F_OK) == 0) return "a -shm file was left behind";
    ::chmod(db.c_str(), 0644);
    auto again = Store::open(db, env);
    if (!again) return "after the permissions were fixed: " + again.error().to_string();
    if (!(*again)->put_person(put("P1", "{\"v\":2}"))) return "cannot write after the permissions were fixed";
    again->reset();
    // A -shm another user left read-only is named.
    std::string shm = db + "-shm";
    FILE* f = std::fopen(shm.c_str(), "w");
    if (f) std::fclose(f);
    ::chmod(shm.c_str(), 0444);
    auto blocked = Store::open(db, env);
    if (blocked) return "opened with a read-only -shm beside it";
    if (blocked.error().file != shm) return "the error does not name the -shm: " + blocked.error().to_string();
    return "";
  });
  if (!run.ran && run.failure.empty()) GTEST_SKIP() << "cannot run a child without root's permissions";
  EXPECT_EQ(run.failure, "");
}

TEST(Store, RevisionsAreAppendedAndSurviveReopening) {
  TempDir dir;
  FakeEnv env("2026-01-05T09:00:00.000Z");
  std::string path = dir.file("a.db");
  {
    auto s = Store::open(path, env);
    ASSERT_TRUE(s.ok());
    Store& store = **s;
    auto a = store.put_person(put("P1", R"({"v":1})"));
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(a->revision, 1);
    EXPECT_FALSE(a->replayed);
    env.set_now("2026-01-05T09:00:01.000Z");
    EXPECT_EQ(store.put_person(put("P1", R"({"v":2})"))->revision, 2);
    EXPECT_EQ(store.put_person(put("P2", R"({"v":1})"))->revision, 1);
  }
  auto s = Store::open(path, env);
  ASSERT_TRUE(s.ok());
  Store& store = **s;
  auto latest = store.get_person("P1");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->revision, 2);
  EXPECT_EQ(latest->document, R"({"v":2})");
  EXPECT_EQ(store.get_person("P1", 1)->document, R"({"v":1})");
  EXPECT_EQ(store.get_person("P1", 1)->recorded_at, "2026-01-05T09:00:00.000Z");
  EXPECT_EQ(store.get_person("P1", std::nullopt, std::string("2026-01-05T09:00:00.999Z"))->revision, 1);
  EXPECT_EQ(store.get_person("P3").error().code, ErrorCode::kUnknownPerson);
  EXPECT_EQ(store.get_person("P1", 3).error().code, ErrorCode::kUnknownPerson);
  auto since = store.revisions_after("P1", 1);
  ASSERT_TRUE(since.ok());
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ((*since)[0].revision, 2);
  EXPECT_EQ(pragma(path, "SELECT COUNT(*) FROM person_revisions"), "3");
}

TEST(Store, IdempotencyKeysAndExpectedRevisions) {
  FakeEnv env("2026-01-05T09:00:00.000Z");
  auto s = Store::open(":memory:", env);
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  Store& store = **s;
  auto a = store.put_person(put("P1", "{}", "k"));
  ASSERT_TRUE(a.ok());
  env.set_now("2026-01-06T09:00:00.000Z");
  auto again = store.put_person(put("P1", "{}", "k"));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->revision, 1);
  EXPECT_EQ(again->recorded_at, "2026-01-05T09:00:00.000Z");
  EXPECT_EQ(store.put_person(put("P1", "{\"x\":1}", "k")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store.put_person(put("P2", "{}", "k")).error().code, ErrorCode::kConflict);
  EXPECT_EQ(store.get_person("P1")->revision, 1);

  int64_t current = -1;
  auto stale = store.put_person(put("P1", "{}", std::nullopt, 0), &current);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().pointer, "/expected_revision");
  EXPECT_EQ(current, 1);
  EXPECT_EQ(store.put_person(put("P1", "{}", std::nullopt, 1), &current)->revision, 2);
  EXPECT_EQ(current, 2);
  EXPECT_EQ(store.put_person(put("P9", "{}", std::nullopt, 0))->revision, 1);
}

TEST(Store, TheRecordedClockNeverRunsBackwards) {
  FakeEnv env("2026-01-05T09:00:00.000Z");
  auto s = Store::open(":memory:", env);
  ASSERT_TRUE(s.ok());
  Store& store = **s;
  EXPECT_EQ(store.put_person(put("P1", "{}"))->recorded_at, "2026-01-05T09:00:00.000Z");
  env.set_now("2020-01-01T00:00:00.000Z");
  EXPECT_EQ(store.put_person(put("P1", "{}"))->recorded_at, "2026-01-05T09:00:00.000Z");
  StatementRecord r{0, "P1", "reform", *parse_date("2025-09-30"), "", 2, "england", "v", "h", "1.00", ""};
  ASSERT_TRUE(store.record_statement(r, [](const std::string& at) { return "{\"at\":\"" + at + "\"}"; }).ok());
  EXPECT_EQ(r.issued_at, "2026-01-05T09:00:00.000Z");
  EXPECT_EQ(r.figures, "{\"at\":\"2026-01-05T09:00:00.000Z\"}");
  env.set_now("not a time");
  EXPECT_EQ(store.put_person(put("P1", "{}")).error().code, ErrorCode::kInternal);
  env.set_now("2027-01-01T00:00:00.000Z");
  EXPECT_EQ(store.put_person(put("P1", "{}"))->recorded_at, "2027-01-01T00:00:00.000Z");
}

TEST(Store, PreviousStatementIsTheLatestPeriodBeforeThisOne) {
  FakeEnv env("2026-01-05T09:00:00.000Z");
  auto s = Store::open(":memory:", env);
  ASSERT_TRUE(s.ok());
  Store& store = **s;
  ASSERT_TRUE(store.put_person(put("P1", "{}")).ok());
  auto issue = [&](const char* scenario, const char* end, const char* accrued) {
    StatementRecord r{0, "P1", scenario, *parse_date(end), "", 1, "england", "v", "h", accrued, ""};
    ASSERT_TRUE(store.record_statement(r, [](const std::string&) { return std::string("{}"); }).ok());
  };
  issue("A", "2025-03-31", "1.00");
  issue("A", "2026-03-31", "2.00");
  issue("A", "2026-03-31", "2.50");  // re-issued for the same period
  issue("A", "2024-03-31", "0.50");  // a late backfill of an earlier period
  issue("B", "2026-06-30", "9.00");
  auto prev = store.previous_statement("P1", "A", *parse_date("2027-03-31"));
  ASSERT_TRUE(prev.ok());
  ASSERT_TRUE(prev->has_value());
  EXPECT_EQ((*prev)->accrued, "2.50");
  EXPECT_EQ(to_string((*prev)->period_end), "2026-03-31");
  EXPECT_EQ((*store.previous_statement("P1", "A", *parse_date("2026-03-31")))->accrued, "1.00");
  EXPECT_FALSE(store.previous_statement("P1", "A", *parse_date("2024-03-31"))->has_value());
  EXPECT_FALSE(store.previous_statement("P2", "A", *parse_date("2027-03-31"))->has_value());
  // A statement must name a stored revision (foreign key).
  StatementRecord orphan{0, "P1", "A", *parse_date("2027-03-31"), "", 5, "england", "v", "h", "0.00", ""};
  EXPECT_FALSE(store.record_statement(orphan, [](const std::string&) { return std::string("{}"); }).ok());
  EXPECT_FALSE(store.failed());
}

TEST(Store, IoErrorsOnCommitAreFatal) {
  FaultVfs::install();
  TempDir dir;
  FakeEnv env;
  auto s = Store::open(dir.file("a.db"), env, test_support::store_options_with_vfs(FaultVfs::kName));
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  Store& store = **s;
  ASSERT_TRUE(store.put_person(put("P1", "{}")).ok());
  EXPECT_FALSE(store.failed());
  FaultVfs::fail_sync = true;
  auto r = store.put_person(put("P1", "{\"v\":2}"));
  FaultVfs::fail_sync = false;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_TRUE(store.failed());
}

}  // namespace
}  // namespace caremeter
