// store_lifecycle_test.cc — checked records (issue 14, defect 2: a changed byte in the database
// silently changed accounts and statements), and the stored data's lifecycle: listings,
// statements read back as issued, erasure and its tombstones, export, backup and restore,
// verification, the upgrade from schema version 1, and read-only opening.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "caremeter/json/rule_loader.h"
#include "platform/rules_dir.h"
#include "rpc/server.h"
#include "store/store.h"
#include "support/serve_fixtures.h"
#include "support/test_support.h"

namespace caremeter {
namespace {

using test_support::FakeEnv;
using test_support::TempDir;

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// One SQL statement run on the file as another program (or a person with sqlite3) would.
std::string sql(const std::string& path, const std::string& statement) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::string out;
  EXPECT_EQ(sqlite3_prepare_v2(db, statement.c_str(), -1, &st, nullptr), SQLITE_OK) << statement << ": " << sqlite3_errmsg(db);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (!out.empty()) out += "\n";
    const unsigned char* t = sqlite3_column_text(st, 0);
    out += t ? reinterpret_cast<const char*>(t) : "";
  }
  EXPECT_EQ(rc, SQLITE_DONE) << statement << ": " << sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Lifecycle : ::testing::Test {
  TempDir dir;
  FakeEnv env{"2026-01-05T09:00:00.000Z"};
  std::string path;
  std::unique_ptr<Store> store;

  void SetUp() override {
    path = dir.file("accounts.db");
    reopen();
  }
  void reopen(const StoreOptions& options = {}) {
    store.reset();
    auto s = Store::open(path, env, options);
    ASSERT_TRUE(s.ok()) << s.error().to_string();
    store = std::move(*s);
  }
  PutOutcome put(const std::string& id, const std::string& doc, std::optional<std::string> key = {}) {
    auto r = store->put_person(PutRequest{id, doc, sha256_hex(doc), std::move(key), std::nullopt});
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    return r.ok() ? *r : PutOutcome{};
  }
  StatementRecord issue(const std::string& id, int64_t revision, const char* period_end, const char* accrued) {
    StatementRecord r{0, id, "reform-2025-10", *parse_date(period_end), "", revision, "england", "2025-04", "h", accrued, ""};
    Status s = store->record_statement(r, [&](const std::string& at) {
      return std::string("{\"person\":\"") + id + "\",\"accrued\":\"" + accrued + "\",\"issued_at\":\"" + at + "\"}";
    });
    EXPECT_TRUE(s.ok()) << s.error().to_string();
    return r;
  }
};

// ---- checked records (issue 14, defect 2) ----------------------------------------------------

TEST_F(Lifecycle, AChangedByteInADocumentIsADamagedRecordNeverAnAnswer) {
  put("P1", R"({"fee":"700.00"})");
  put("P1", R"({"fee":"720.00"})");
  issue("P1", 2, "2026-03-31", "100.00");
  store.reset();
  // One byte changed by hand: SQLite's own check still passes.
  sql(path, "UPDATE person_revisions SET document = replace(document, '720', '920') WHERE revision = 2");
  EXPECT_EQ(sql(path, "PRAGMA integrity_check"), "ok");
  reopen();

  auto latest = store->get_person("P1");
  ASSERT_FALSE(latest.ok());
  EXPECT_EQ(latest.error().code, ErrorCode::kDamagedRecord);
  EXPECT_TRUE(has(latest.error().message, "person 'P1' revision 2")) << latest.error().message;
  EXPECT_EQ(error_to_json(latest.error())["code"], -32010);
  EXPECT_EQ(error_to_json(latest.error())["data"]["reason"], "damaged_record");
  EXPECT_TRUE(store->get_person("P1", 1).ok()) << "the sound revision is still readable";
  EXPECT_EQ(store->revisions_after("P1", 0).error().code, ErrorCode::kDamagedRecord);
  EXPECT_EQ(store->list_people("", 10).error().code, ErrorCode::kDamagedRecord);
  EXPECT_EQ(store->for_each_current_person([](const StoredPerson&) { return ok_status(); }).error().code,
            ErrorCode::kDamagedRecord);
  EXPECT_FALSE(store->failed()) << "a damaged record is not an I/O failure: other people are still served";

  auto report = store->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->integrity, "ok");
  EXPECT_FALSE(report->ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_TRUE(has(report->problems[0], "person 'P1' revision 2")) << report->problems[0];
}

TEST_F(Lifecycle, AChangedStatementOrRecordingTimeIsADamagedRecord) {
  put("P1", "{}");
  StatementRecord s1 = issue("P1", 1, "2026-03-31", "100.00");
  store.reset();
  // The accrued figure a later statement's adjustment is worked from, changed by hand.
  sql(path, "UPDATE statements SET accrued = '31428.57'");
  sql(path, "UPDATE person_revisions SET recorded_at = '2025-01-01T00:00:00.000Z'");
  reopen();
  auto got = store->get_statement(s1.statement_id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().code, ErrorCode::kDamagedRecord);
  EXPECT_TRUE(has(got.error().message, "statement " + std::to_string(s1.statement_id))) << got.error().message;
  EXPECT_EQ(store->previous_statement("P1", "reform-2025-10", *parse_date("2027-03-31")).error().code,
            ErrorCode::kDamagedRecord);
  EXPECT_EQ(store->list_statements("P1", 0, 10).error().code, ErrorCode::kDamagedRecord);
  EXPECT_EQ(store->get_person("P1", std::nullopt, std::string("2025-06-01T00:00:00.000Z")).error().code,
            ErrorCode::kDamagedRecord);
  EXPECT_EQ(store->verify()->problems.size(), 2u);
}

// Through the service: account.get and account.statement on a damaged record answer -32010
// naming it; before, a statement was issued from the changed figures.
TEST_F(Lifecycle, TheServiceAnswersADamagedRecordWithAnErrorNamingIt) {
  auto catalog = load_rule_catalog(*Env::posix(), test_support::rules_dir());
  ASSERT_TRUE(catalog.ok());
  {
    Server server(*catalog, *store);
    std::string put_line = R"({"jsonrpc":"2.0","id":1,"method":"person.put","params":{"person":)" +
                           test_support::yusuf().dump() + "}}";
    ASSERT_TRUE(has(server.handle_line(put_line), "\"result\""));
  }
  store.reset();
  sql(path, "UPDATE person_revisions SET document = replace(document, '250000.00', '150000.00')");
  reopen();
  Server server(*catalog, *store);
  for (const std::string method : {"account.get", "account.statement", "person.get"}) {
    std::string params = method == "account.statement" ? R"({"person_id":"P-YUSUF","period_end":"2026-03-31"})"
                         : method == "account.get"     ? R"({"person_id":"P-YUSUF","as_of":"2026-03-31"})"
                                                       : R"({"person_id":"P-YUSUF"})";
    nlohmann::json r = nlohmann::json::parse(
        server.handle_line(R"({"jsonrpc":"2.0","id":2,"method":")" + method + R"(","params":)" + params + "}"));
    ASSERT_TRUE(r.contains("error")) << method << ": " << r.dump();
    EXPECT_EQ(r["error"]["code"], -32010) << method;
    EXPECT_EQ(r["error"]["data"]["reason"], "damaged_record") << method;
    EXPECT_TRUE(has(r["error"]["message"].get<std::string>(), "person 'P-YUSUF' revision 1")) << r.dump();
  }
  EXPECT_EQ(sql(path, "SELECT COUNT(*) FROM statements"), "0") << "no statement was issued from a damaged record";
  EXPECT_FALSE(server.must_stop());
}

// ---- listings and statements -----------------------------------------------------------------

TEST_F(Lifecycle, PeopleAreListedInPagesWithTheirLatestRevision) {
  put("P3", "{}");
  put("P1", "{}");
  env.set_now("2026-01-05T10:00:00.000Z");
  put("P1", "{\"v\":2}");
  put("P2", "{}");
  auto first = store->list_people("", 2);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_EQ(first->people.size(), 2u);
  EXPECT_EQ(first->people[0].person_id, "P1");
  EXPECT_EQ(first->people[0].revision, 2);
  EXPECT_EQ(first->people[0].recorded_at, "2026-01-05T10:00:00.000Z");
  EXPECT_EQ(first->people[1].person_id, "P2");
  ASSERT_TRUE(first->next_after);
  auto second = store->list_people(*first->next_after, 2);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->people.size(), 1u);
  EXPECT_EQ(second->people[0].person_id, "P3");
  EXPECT_FALSE(second->next_after);
  for (int bad : {0, -1, kMaxPageSize + 1}) {
    auto r = store->list_people("", bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().pointer, "/limit");
  }
}

TEST_F(Lifecycle, StatementsAreReadBackExactlyAsIssued) {
  put("P1", "{}");
  put("P2", "{}");
  std::vector<StatementRecord> issued;
  for (const char* end : {"2024-03-31", "2025-03-31", "2026-03-31"}) {
    issued.push_back(issue("P1", 1, end, "10.00"));
    env.set_now(std::string("2026-01-0") + std::to_string(5 + issued.size()) + "T09:00:00.000Z");
  }
  issue("P2", 1, "2026-03-31", "20.00");
  for (const StatementRecord& r : issued) {
    auto got = store->get_statement(r.statement_id);
    ASSERT_TRUE(got.ok()) << got.error().to_string();
    EXPECT_EQ(got->figures, r.figures);
    EXPECT_EQ(got->issued_at, r.issued_at);
    EXPECT_EQ(got->person_id, "P1");
    EXPECT_EQ(to_string(got->period_end), to_string(r.period_end));
  }
  auto page = store->list_statements("P1", 0, 2);
  ASSERT_TRUE(page.ok()) << page.error().to_string();
  ASSERT_EQ(page->statements.size(), 2u);
  EXPECT_EQ(page->statements[0].statement_id, issued[0].statement_id);
  ASSERT_TRUE(page->next_after);
  auto rest = store->list_statements("P1", *page->next_after, 2);
  ASSERT_EQ(rest->statements.size(), 1u);
  EXPECT_EQ(rest->statements[0].figures, issued[2].figures);
  EXPECT_FALSE(rest->next_after);

  EXPECT_EQ(store->get_statement(999).error().code, ErrorCode::kUnknownStatement);
  EXPECT_EQ(error_to_json(store->get_statement(999).error())["code"], -32005);
  EXPECT_EQ(store->list_statements("P9", 0, 10).error().code, ErrorCode::kUnknownPerson);
  EXPECT_TRUE(store->list_statements("P2", 0, 10)->statements.size() == 1);
}

// ---- erasure -----------------------------------------------------------------------------------

TEST_F(Lifecycle, ErasureRemovesThePersonAndKeepsOnlyASaltedTombstone) {
  put("P1", R"({"name":"first"})", "key-1");
  put("P1", R"({"name":"second"})", "key-2");
  issue("P1", 2, "2026-03-31", "10.00");
  issue("P1", 2, "2027-03-31", "20.00");
  put("P2", "{}");
  issue("P2", 1, "2026-03-31", "30.00");
  env.set_now("2026-02-01T12:00:00.000Z");
  auto erased = store->erase_person("P1", "erasure request ER-2026-17");
  ASSERT_TRUE(erased.ok()) << erased.error().to_string();
  EXPECT_FALSE(erased->already_erased);
  EXPECT_EQ(erased->revisions, 2);
  EXPECT_EQ(erased->statements, 2);
  EXPECT_EQ(erased->erased_at, "2026-02-01T12:00:00.000Z");
  // The hash is sha256("person id:" + salt + ":" + id), the salt secret to the database.
  const std::string salt = sql(path, "SELECT value FROM settings WHERE name = 'erasure_salt'");
  EXPECT_EQ(salt.size(), 64u);
  EXPECT_EQ(erased->person_hash, sha256_hex("person id:" + salt + ":P1"));

  EXPECT_EQ(store->get_person("P1").error().code, ErrorCode::kUnknownPerson);
  EXPECT_EQ(store->list_statements("P1", 0, 10).error().code, ErrorCode::kUnknownPerson);
  EXPECT_EQ(sql(path, "SELECT COUNT(*) FROM statements WHERE person_id = 'P1'"), "0");
  EXPECT_TRUE(store->get_person("P2").ok());
  EXPECT_EQ(store->list_statements("P2", 0, 10)->statements.size(), 1u);
  EXPECT_EQ(sql(path, "SELECT person_hash || erased_at || reason FROM erasures"),
            erased->person_hash + "2026-02-01T12:00:00.000Z" + "erasure request ER-2026-17");
  EXPECT_TRUE(store->verify()->ok());

  // Idempotent: the same tombstone, nothing written.
  env.set_now("2026-03-01T12:00:00.000Z");
  auto again = store->erase_person("P1", "a second request");
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_erased);
  EXPECT_EQ(again->erasure_id, erased->erasure_id);
  EXPECT_EQ(again->erased_at, "2026-02-01T12:00:00.000Z");
  EXPECT_EQ(sql(path, "SELECT COUNT(*) FROM erasures"), "1");

  // A retry of an erased write does not bring the person back; a new write does.
  auto retry = store->put_person(PutRequest{"P1", R"({"name":"first"})", sha256_hex(R"({"name":"first"})"), "key-1", {}});
  ASSERT_FALSE(retry.ok());
  EXPECT_EQ(retry.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(has(retry.error().message, "erased")) << retry.error().message;
  EXPECT_EQ(put("P1", R"({"name":"anew"})", "key-3").revision, 1);

  EXPECT_EQ(store->erase_person("P9", "x").error().code, ErrorCode::kUnknownPerson);
  EXPECT_EQ(store->erase_person("P2", "").error().pointer, "/reason");
  EXPECT_EQ(store->erase_person("P2", "line\nbreak").error().pointer, "/reason");
  EXPECT_EQ(store->erase_person("P2", std::string(kMaxErasureReasonBytes + 1, 'r')).error().pointer, "/reason");
}

TEST_F(Lifecycle, ErasedDocumentsDoNotLingerInTheDatabaseFiles) {
  const std::string marker = "MARKER-8c1f0e7a-unique-text";
  put("P1", "{\"note\":\"" + marker + "\",\"pad\":\"" + std::string(3000, 'x') + "\"}");
  put("P2", "{}");
  ASSERT_TRUE(has(file_bytes(path) + file_bytes(path + "-wal"), marker));
  ASSERT_TRUE(store->erase_person("P1", "request 1").ok());
  EXPECT_FALSE(has(file_bytes(path) + file_bytes(path + "-wal"), marker))
      << "the erased document is still in the database or its write-ahead log";
}

// ---- export, backup, restore ---------------------------------------------------------------

TEST_F(Lifecycle, EveryCurrentDocumentIsVisitedInOrderOfId) {
  put("P2", R"({"v":1})");
  put("P1", R"({"v":1})");
  put("P2", R"({"v":2})");
  std::vector<std::string> seen;
  ASSERT_TRUE(store->for_each_current_person([&](const StoredPerson& p) {
    seen.push_back(p.person_id + " " + std::to_string(p.revision) + " " + p.document);
    return ok_status();
  }).ok());
  EXPECT_EQ(seen, (std::vector<std::string>{R"(P1 1 {"v":1})", R"(P2 2 {"v":2})"}));
}

TEST_F(Lifecycle, ABackupRestoresEverythingItHeld) {
  put("P1", R"({"v":1})", "k1");
  put("P1", R"({"v":2})");
  StatementRecord s = issue("P1", 2, "2026-03-31", "10.00");
  const std::string backup = dir.file("backup.db");
  ASSERT_TRUE(store->backup(backup).ok());
  put("P2", "{}");  // after the backup: not in it
  struct stat st{};
  ASSERT_EQ(::stat(backup.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "a backup holds personal data";
  for (const std::string& name : dir.list()) EXPECT_FALSE(has(name, ".tmp")) << name;

  // Restore: with no service running, the backup is copied over the database (and the old
  // -wal and -shm removed), as doc/operations.md says.
  store.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  std::filesystem::copy_file(backup, path);
  reopen();
  auto report = store->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->ok()) << report->integrity;
  EXPECT_EQ(report->people, 1);
  EXPECT_EQ(report->revisions, 2);
  EXPECT_EQ(report->statements, 1);
  EXPECT_EQ(store->get_person("P1")->document, R"({"v":2})");
  EXPECT_EQ(store->get_statement(s.statement_id)->figures, s.figures);
  EXPECT_EQ(store->get_person("P2").error().code, ErrorCode::kUnknownPerson);
  EXPECT_TRUE(store->put_person(PutRequest{"P1", R"({"v":1})", sha256_hex(R"({"v":1})"), "k1", {}})->replayed);
}

TEST_F(Lifecycle, ABackupThatCannotBeWrittenLeavesNothing) {
  put("P1", "{}");
  test_support::EnvFault fault(test_support::EnvOp::kRename, EIO);
  env.fail(fault);
  Status s = store->backup(dir.file("backup.db"));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().file, dir.file("backup.db"));
  std::vector<std::string> names = dir.list();
  EXPECT_EQ(names, (std::vector<std::string>{"accounts.db", "accounts.db-shm", "accounts.db-wal"}));
}

// ---- verification ------------------------------------------------------------------------------

TEST_F(Lifecycle, VerifyFindsAMissingRevisionAndBrokenLinks) {
  put("P1", "{}");
  put("P1", "{\"v\":2}");
  issue("P1", 1, "2026-03-31", "1.00");
  EXPECT_TRUE(store->verify()->ok());
  store.reset();
  sql(path, "DELETE FROM person_revisions WHERE revision = 1");
  reopen();
  auto report = store->verify();
  ASSERT_TRUE(report.ok());
  EXPECT_FALSE(report->ok());
  std::string all;
  for (const auto& p : report->problems) all += p + "\n";
  EXPECT_TRUE(has(all, "person 'P1': revision 1 is missing")) << all;
  EXPECT_TRUE(has(all, "statements row")) << all;
}

// ---- schema version 1 --------------------------------------------------------------------------

const char* kVersion1Schema = R"sql(
CREATE TABLE person_revisions (person_id TEXT NOT NULL, revision INTEGER NOT NULL CHECK (revision >= 1),
  recorded_at TEXT NOT NULL, document TEXT NOT NULL, content_sha256 TEXT NOT NULL, idempotency_key TEXT UNIQUE,
  PRIMARY KEY (person_id, revision));
CREATE INDEX person_revisions_known_at ON person_revisions (person_id, recorded_at);
CREATE TABLE statements (statement_id INTEGER PRIMARY KEY, person_id TEXT NOT NULL, scenario TEXT NOT NULL,
  period_end TEXT NOT NULL, issued_at TEXT NOT NULL, person_revision INTEGER NOT NULL, rules_id TEXT NOT NULL,
  rules_version TEXT NOT NULL, rules_sha256 TEXT NOT NULL, accrued TEXT NOT NULL, figures TEXT NOT NULL,
  FOREIGN KEY (person_id, person_revision) REFERENCES person_revisions (person_id, revision));
CREATE INDEX statements_by_period ON statements (person_id, scenario, period_end);
CREATE TABLE clock (id INTEGER PRIMARY KEY CHECK (id = 1), last_recorded_at TEXT NOT NULL);
PRAGMA user_version = 1;
)sql";

void make_version_1(const std::string& path, const std::string& document, const std::string& digest) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, kVersion1Schema, nullptr, nullptr, nullptr), SQLITE_OK);
  std::string insert = "INSERT INTO person_revisions VALUES ('P1', 1, '2025-01-01T00:00:00.000Z', '" + document +
                       "', '" + digest + "', 'k1');"
                       "INSERT INTO statements VALUES (7, 'P1', 'current-law', '2025-03-31', '2025-04-02T00:00:00.000Z', 1, "
                       "'england', '2025-04', 'h', '0.00', '{\"s\":7}');"
                       "INSERT INTO clock VALUES (1, '2025-04-02T00:00:00.000Z');";
  ASSERT_EQ(sqlite3_exec(db, insert.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(StoreUpgrade, AVersion1DatabaseIsUpgradedAndItsRecordsSealed) {
  TempDir dir;
  FakeEnv env;
  const std::string path = dir.file("v1.db");
  make_version_1(path, R"({"v":1})", sha256_hex(R"({"v":1})"));
  auto s = Store::open(path, env);
  ASSERT_TRUE(s.ok()) << s.error().to_string();
  Store& store = **s;
  EXPECT_EQ(sql(path, "PRAGMA user_version"), "2");
  EXPECT_EQ(store.get_person("P1")->document, R"({"v":1})");
  EXPECT_EQ(store.get_statement(7)->figures, R"({"s":7})");
  EXPECT_TRUE(store.verify()->ok());
  StatementRecord next{0, "P1", "current-law", *parse_date("2026-03-31"), "", 1, "england", "2025-04", "h", "0.00", ""};
  ASSERT_TRUE(store.record_statement(next, [](const std::string&) { return std::string("{}"); }).ok());
  EXPECT_EQ(next.statement_id, 8);
  EXPECT_TRUE(store.erase_person("P1", "request").ok()) << "the upgrade adds erasure";
}

TEST(StoreUpgrade, AVersion1DocumentThatDoesNotMatchItsDigestStopsTheUpgrade) {
  TempDir dir;
  FakeEnv env;
  const std::string path = dir.file("v1.db");
  make_version_1(path, R"({"v":2})", sha256_hex(R"({"v":1})"));
  auto s = Store::open(path, env);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kDamagedRecord);
  EXPECT_TRUE(has(s.error().message, "person 'P1' revision 1")) << s.error().message;
  EXPECT_EQ(sql(path, "PRAGMA user_version"), "1") << "nothing of the upgrade was kept";
}

// ---- read-only opening -------------------------------------------------------------------------

TEST_F(Lifecycle, AReadOnlyStoreReadsAndChangesNothing) {
  put("P1", "{}");
  store.reset();
  const std::string before = file_bytes(path);
  StoreOptions read_only;
  read_only.read_only = true;
  reopen(read_only);
  EXPECT_TRUE(store->get_person("P1").ok());
  EXPECT_TRUE(store->verify()->ok());
  EXPECT_EQ(store->put_person(PutRequest{"P2", "{}", sha256_hex("{}"), {}, {}}).error().code, ErrorCode::kIo);
  store.reset();
  EXPECT_EQ(file_bytes(path), before);

  auto missing = Store::open(dir.file("nope.db"), env, read_only);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().file, dir.file("nope.db"));
  EXPECT_FALSE(std::filesystem::exists(dir.file("nope.db")));
}

TEST(StoreUpgrade, AVersion1DatabaseIsNotUpgradedByAReadOnlyOpening) {
  TempDir dir;
  FakeEnv env;
  const std::string path = dir.file("v1.db");
  make_version_1(path, "{}", sha256_hex("{}"));
  StoreOptions read_only;
  read_only.read_only = true;
  auto s = Store::open(path, env, read_only);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(has(s.error().message, "schema version 1")) << s.error().message;
  EXPECT_EQ(sql(path, "PRAGMA user_version"), "1");
}

}  // namespace
}  // namespace caremeter
