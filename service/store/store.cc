// store.cc — opening the store (the checks made before anything in the file changes, the schema
// and its upgrade), person revisions, statements, and the digests that make records checkable.
#include "store/store.h"

#include <unistd.h>

#include <utility>

#include "caremeter/json/rule_loader.h"
#include "store/store_internal.h"

namespace caremeter {

using store_internal::ReadTxn;
using store_internal::Stmt;
using store_internal::WriteTxn;

namespace {

// Schema version 2 (version 1 had no record digests and no erasure). Revisions and statements
// are append-only but for erasure; `clock` holds the latest time anything was recorded so a
// clock that goes back never makes history run backwards; `settings` holds the secret salt of
// the tombstones' hashes and the last statement id given (ids are never given twice).
constexpr int kSchemaVersion = 2;
constexpr const char* kCoreTables = R"sql(
CREATE TABLE person_revisions (
  person_id       TEXT    NOT NULL,
  revision        INTEGER NOT NULL CHECK (revision >= 1),
  recorded_at     TEXT    NOT NULL,
  document        TEXT    NOT NULL,
  content_sha256  TEXT    NOT NULL,
  idempotency_key TEXT    UNIQUE,
  record_sha256   TEXT    NOT NULL,
  PRIMARY KEY (person_id, revision)
);
CREATE INDEX person_revisions_known_at ON person_revisions (person_id, recorded_at);
CREATE TABLE statements (
  statement_id    INTEGER PRIMARY KEY,
  person_id       TEXT    NOT NULL,
  scenario        TEXT    NOT NULL,
  period_end      TEXT    NOT NULL,
  issued_at       TEXT    NOT NULL,
  person_revision INTEGER NOT NULL,
  rules_id        TEXT    NOT NULL,
  rules_version   TEXT    NOT NULL,
  rules_sha256    TEXT    NOT NULL,
  accrued         TEXT    NOT NULL,
  figures         TEXT    NOT NULL,
  record_sha256   TEXT    NOT NULL,
  FOREIGN KEY (person_id, person_revision) REFERENCES person_revisions (person_id, revision)
);
CREATE INDEX statements_by_period ON statements (person_id, scenario, period_end);
CREATE TABLE clock (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  last_recorded_at TEXT NOT NULL
);
)sql";
// New in version 2, so also what an upgrade adds.
constexpr const char* kLifecycleTables = R"sql(
CREATE TABLE erasures (
  erasure_id    INTEGER PRIMARY KEY,
  person_hash   TEXT    NOT NULL,
  erased_at     TEXT    NOT NULL,
  reason        TEXT    NOT NULL,
  revisions     INTEGER NOT NULL,
  statements    INTEGER NOT NULL,
  record_sha256 TEXT    NOT NULL
);
CREATE INDEX erasures_by_person ON erasures (person_hash);
CREATE TABLE erased_keys (
  key_hash   TEXT    PRIMARY KEY,
  erasure_id INTEGER NOT NULL REFERENCES erasures (erasure_id)
);
CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO settings (name, value) VALUES ('erasure_salt', lower(hex(randomblob(32))));
)sql";

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}


// Errors that leave the database file in doubt (as opposed to a busy lock or a bad query).
bool is_fatal_code(int rc) {
  switch (rc & 0xff) {
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_FULL:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      return true;
    default:
      return false;
  }
}

// Fields joined unambiguously (each as its length, a colon and its bytes) under the kind of
// record, so no two different rows can give one text.
class DigestInput {
 public:
  explicit DigestInput(std::string_view kind) { add(kind); }
  DigestInput& add(std::string_view v) {
    text_ += std::to_string(v.size());
    text_ += ':';
    text_ += v;
    text_ += ';';
    return *this;
  }
  DigestInput& add(int64_t n) { return add(std::to_string(n)); }
  DigestInput& add_optional(const std::optional<std::string>& v) {
    return v ? add("some").add(std::string_view(*v)) : add("none");
  }
  std::string sha256() const { return sha256_hex(text_); }

 private:
  std::string text_;
};

// Checks made on the file before SQLite opens it, so nothing in it changes when it is refused.
Status check_file_before_opening(Env& env, const std::string& path, const StoreOptions& options) {
  auto info = env.stat(path);
  if (!info) return std::move(info).error();
  if (info->kind == FileInfo::Kind::kMissing) {
    if (options.create_if_missing && !options.read_only) return ok_status();
    return Error{ErrorCode::kIo, "no database here: give the path of an existing caremeter database", "", path};
  }
  if (info->kind != FileInfo::Kind::kRegular) return Error{ErrorCode::kIo, "not a database file", "", path};
  if (info->size == 0) {
    return Error{ErrorCode::kIo,
                 "the file is empty (0 bytes), not a caremeter database: a truncated database must be restored from "
                 "a backup; to start a new store, remove the file",
                 "", path};
  }
  if (options.read_only) return ok_status();
  // A database, or the -wal or -shm left beside it by a run with other permissions, that this
  // process cannot write would make SQLite fall back to reading only (and leave files behind
  // that block later writers with an error naming none of them).
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    if (::access(file.c_str(), F_OK) == 0 && ::access(file.c_str(), W_OK) != 0) {
      return Error{ErrorCode::kIo,
                   "this user cannot write the file (its permissions): the store needs to write the database and "
                   "its -wal and -shm files; fix the permissions, or run as the database's owner",
                   "", file};
    }
  }
  return ok_status();
}

}  // namespace

// ---- checked records -----------------------------------------------------------------------

namespace store_internal {

std::string person_record_sha256(const std::string& person_id, int64_t revision, const std::string& recorded_at,
                                 const std::string& content_sha256, const std::optional<std::string>& idempotency_key) {
  return DigestInput("caremeter person revision")
      .add(person_id)
      .add(revision)
      .add(recorded_at)
      .add(content_sha256)
      .add_optional(idempotency_key)
      .sha256();
}

std::string statement_record_sha256(const StatementRecord& r) {
  return DigestInput("caremeter statement")
      .add(r.statement_id)
      .add(r.person_id)
      .add(r.scenario)
      .add(to_string(r.period_end))
      .add(r.issued_at)
      .add(r.person_revision)
      .add(r.rules_id)
      .add(r.rules_version)
      .add(r.rules_sha256)
      .add(r.accrued)
      .add(r.figures)
      .sha256();
}

std::string erasure_record_sha256(const Erasure& e) {
  return DigestInput("caremeter erasure")
      .add(e.erasure_id)
      .add(e.person_hash)
      .add(e.erased_at)
      .add(e.reason)
      .add(e.revisions)
      .add(e.statements)
      .sha256();
}

Error damaged_record(const std::string& record) {
  return Error{ErrorCode::kDamagedRecord,
               "the stored record of " + record +
                   " is damaged: it no longer matches the SHA-256 stored with it (bit rot, or a change made outside "
                   "caremeter), so nothing is answered from it; run `caremeter store verify` and restore the database "
                   "from a backup (doc/operations.md)",
               "", ""};
}

Result<StoredPerson> person_from_row(Stmt& s) {
  StoredPerson p{s.text(0), s.int64(1), s.text(2), s.text(3), s.optional_text(5)};
  const std::string content_sha256 = s.text(4);
  if (sha256_hex(p.document) != content_sha256 ||
      person_record_sha256(p.person_id, p.revision, p.recorded_at, content_sha256, p.idempotency_key) != s.text(6)) {
    return damaged_record("person '" + p.person_id + "' revision " + std::to_string(p.revision));
  }
  return p;
}

Result<StatementRecord> statement_from_row(Stmt& s) {
  StatementRecord r;
  r.statement_id = s.int64(0);
  r.person_id = s.text(1);
  r.scenario = s.text(2);
  const std::string period_end = s.text(3);
  r.issued_at = s.text(4);
  r.person_revision = s.int64(5);
  r.rules_id = s.text(6);
  r.rules_version = s.text(7);
  r.rules_sha256 = s.text(8);
  r.accrued = s.text(9);
  r.figures = s.text(10);
  auto end = parse_date(period_end);
  if (end) r.period_end = *end;
  if (!end || to_string(*end) != period_end || statement_record_sha256(r) != s.text(11)) {
    return damaged_record("statement " + std::to_string(r.statement_id) + " (person '" + r.person_id + "')");
  }
  return r;
}

Result<Erasure> erasure_from_row(Stmt& s) {
  Erasure e;
  e.erasure_id = s.int64(0);
  e.person_hash = s.text(1);
  e.erased_at = s.text(2);
  e.reason = s.text(3);
  e.revisions = s.int64(4);
  e.statements = s.int64(5);
  if (erasure_record_sha256(e) != s.text(6)) return damaged_record("erasure " + std::to_string(e.erasure_id));
  return e;
}

}  // namespace store_internal

using store_internal::damaged_record;
using store_internal::kPersonColumns;
using store_internal::kStatementColumns;
using store_internal::person_from_row;
using store_internal::statement_from_row;

Result<std::string> parse_timestamp(std::string_view text, bool allow_date) {
  auto bad = [&] {
    return invalid_input("", std::string("expected a UTC time \"YYYY-MM-DDTHH:MM:SS(.mmm)Z\"") +
                                 (allow_date ? " or a date \"YYYY-MM-DD\"" : "") + ", got '" +
                                 std::string(text) + "'");
  };
  if (text.size() < 10) return bad();
  auto day = parse_date(text.substr(0, 10));
  if (!day) {
    if (text.size() == 10) return std::move(day).error();
    return bad();
  }
  if (text.size() == 10) {
    if (!allow_date) return bad();
    return to_string(*day) + "T23:59:59.999Z";
  }
  int hh = 0, mm = 0, ss = 0;
  if (text.size() < 20 || text[10] != 'T' || text[13] != ':' || text[16] != ':' || !digits(text, 11, 2, hh) ||
      !digits(text, 14, 2, mm) || !digits(text, 17, 2, ss) || text.back() != 'Z') {
    return bad();
  }
  if (hh > 23 || mm > 59 || ss > 59) {
    return invalid_input("", "'" + std::string(text) + "' is not a time of day");
  }
  std::string millis = "000";
  std::string_view rest = text.substr(19, text.size() - 20);  // between the seconds and 'Z'
  if (!rest.empty()) {
    if (rest[0] != '.' || rest.size() < 2 || rest.size() > 10) return bad();
    for (std::size_t i = 1; i < rest.size(); ++i) {
      if (rest[i] < '0' || rest[i] > '9') return bad();
      if (i <= 3) millis[i - 1] = rest[i];
    }
  }
  return std::string(text.substr(0, 19)) + "." + millis + "Z";
}

// ---- opening --------------------------------------------------------------------------------

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Env& env, const StoreOptions& options) {
  if (path != ":memory:") {
    if (Status s = check_file_before_opening(env, path, options); !s) return std::move(s).error();
  }
  // Reading only, the file is still opened for writing when this user may write it (queries are
  // then refused by query_only): so SQLite removes the -wal and -shm files it needs for reading
  // when it closes, instead of leaving them behind for the service.
  const bool read_only_file = options.read_only && ::access(path.c_str(), W_OK) != 0;
  const int flags = read_only_file       ? SQLITE_OPEN_READONLY
                    : options.read_only  ? SQLITE_OPEN_READWRITE
                                         : SQLITE_OPEN_READWRITE | (options.create_if_missing ? SQLITE_OPEN_CREATE : 0);
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, options.vfs.empty() ? nullptr : options.vfs.c_str());
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error{ErrorCode::kIo, "cannot open the database: " + msg, "", path};
  }
  std::unique_ptr<Store> store(new Store(db, env));
  sqlite3_extended_result_codes(db, 1);
  // Another process holding the write lock (a second service on the same file) is waited for
  // briefly rather than failing the request at once.
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  // SQLite quietly opens a file it cannot write for reading only; refused before anything is read
  // (reading would create a -shm file with the database's permissions, which then blocks writers).
  if (!options.read_only && sqlite3_db_readonly(db, "main") == 1) {
    return Error{ErrorCode::kIo, "the database file is read-only (its permissions or its file system): the store needs to write it",
                 "", path};
  }
  if (Status s = store->prepare_schema(path, options.read_only); !s) {
    Error e = std::move(s).error();
    if (e.file.empty()) e.file = path;
    return e;
  }
  return store;
}

Status Store::prepare_schema(const std::string& path, bool read_only) {
  auto read_version = [&](int& version, int& tables) -> Status {
    Stmt v(db_, "PRAGMA user_version");
    if (!v.prepared() || v.step() != SQLITE_ROW) return sqlite_error("cannot read the schema version (is this a SQLite database?)");
    version = static_cast<int>(v.int64(0));
    Stmt t(db_, "SELECT COUNT(*) FROM sqlite_schema");
    if (!t.prepared() || t.step() != SQLITE_ROW) return sqlite_error("cannot read the schema (is this a SQLite database?)");
    tables = static_cast<int>(t.int64(0));
    return ok_status();
  };
  auto refuse = [&](int version, int tables) -> Status {
    if (version == 0 && tables > 0) return Error{ErrorCode::kIo, "not a caremeter database (it has other tables)", "", path};
    if (version > kSchemaVersion) {
      return Error{ErrorCode::kIo,
                   "the database has schema version " + std::to_string(version) + "; this program understands version " +
                       std::to_string(kSchemaVersion),
                   "", path};
    }
    if (read_only && version < kSchemaVersion) {
      return Error{ErrorCode::kIo,
                   version == 0 ? std::string("not a caremeter database (it holds nothing)")
                                : "the database has schema version " + std::to_string(version) +
                                      ": open it once with `caremeter serve` to upgrade it to version " +
                                      std::to_string(kSchemaVersion),
                   "", path};
    }
    return ok_status();
  };
  // Looked at before anything changes, so a file that is not ours is refused as it was (it used
  // to be switched to WAL first).
  int version = 0, tables = 0;
  if (Status s = read_version(version, tables); !s) return s;
  if (Status s = refuse(version, tables); !s) return s;
  if (read_only) {
    if (!exec("PRAGMA query_only=ON")) return sqlite_error("cannot make the connection read-only");
    return ok_status();
  }

  {
    Stmt wal(db_, "PRAGMA journal_mode=WAL");
    if (!wal.prepared() || wal.step() != SQLITE_ROW) return sqlite_error("cannot switch to WAL journal mode");
    std::string mode = wal.text(0);
    if (mode != "wal" && !(path == ":memory:" && mode == "memory")) {
      return Error{ErrorCode::kIo, "the database would not use WAL journal mode (got '" + mode + "')", "", path};
    }
  }
  // FULL: each commit is fsynced, so an answer sent is a write that survives power loss.
  if (!exec("PRAGMA synchronous=FULL")) return sqlite_error("cannot set synchronous=FULL");
  if (!exec("PRAGMA foreign_keys=ON")) return sqlite_error("cannot enable foreign keys");
  // Deleted content (erasure) is overwritten with zeros, not left in free pages.
  if (!exec("PRAGMA secure_delete=ON")) return sqlite_error("cannot enable secure_delete");

  WriteTxn txn(db_);
  if (txn.begin() != SQLITE_OK) return sqlite_error("cannot open the database for writing");
  // Again inside the write lock: another process may have made the schema meanwhile.
  if (Status s = read_version(version, tables); !s) return s;
  if (Status s = refuse(version, tables); !s) return s;
  if (version == 0) {
    if (!exec(kCoreTables) || !exec(kLifecycleTables) || !exec("PRAGMA user_version = 2")) {
      return sqlite_error("cannot create the schema");
    }
    created_ = true;
  } else if (version == 1) {
    if (Status s = upgrade_from_version_1(); !s) return s;
  }
  if (txn.commit() != SQLITE_OK) return sqlite_error("cannot commit the schema");
  // After a crash, the log may hold commits that reached only the page cache (the process died
  // before their fsync; their writers got no answer). They are readable now, so they are made
  // durable now: a checkpoint syncs the log first. Otherwise a later power loss could take back
  // what this process has since answered from. Busy (another process reading) is no failure.
  if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) != SQLITE_OK) {
    const int rc = sqlite3_extended_errcode(db_) & 0xff;
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) return sqlite_error("cannot checkpoint the write-ahead log");
  }
  return ok_status();
}

// Version 1 → 2, inside the opening transaction: the tables of erasure, and a digest for every
// row. A row whose document no longer matches its content_sha256 stops the upgrade (it would
// otherwise be sealed as if sound).
Status Store::upgrade_from_version_1() {
  if (!exec("ALTER TABLE person_revisions ADD COLUMN record_sha256 TEXT NOT NULL DEFAULT ''") ||
      !exec("ALTER TABLE statements ADD COLUMN record_sha256 TEXT NOT NULL DEFAULT ''") || !exec(kLifecycleTables)) {
    return sqlite_error("cannot upgrade the schema to version 2");
  }
  {
    Stmt rows(db_, "SELECT person_id, revision, recorded_at, document, content_sha256, idempotency_key FROM person_revisions");
    if (!rows.prepared()) return sqlite_error("cannot upgrade the schema to version 2");
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) {
      StoredPerson p{rows.text(0), rows.int64(1), rows.text(2), rows.text(3), rows.optional_text(5)};
      if (sha256_hex(p.document) != rows.text(4)) {
        Error e = damaged_record("person '" + p.person_id + "' revision " + std::to_string(p.revision));
        e.message = "cannot upgrade the database to version 2: " + e.message;
        return e;
      }
      Stmt one(db_, "UPDATE person_revisions SET record_sha256 = ?3 WHERE person_id = ?1 AND revision = ?2");
      one.bind(1, p.person_id);
      one.bind(2, p.revision);
      one.bind(3, store_internal::person_record_sha256(p.person_id, p.revision, p.recorded_at, rows.text(4),
                                                       p.idempotency_key));
      if (one.step() != SQLITE_DONE) return sqlite_error("cannot upgrade the schema to version 2");
    }
    if (rc != SQLITE_DONE) return sqlite_error("cannot upgrade the schema to version 2");
  }
  {
    Stmt rows(db_,
              "SELECT statement_id, person_id, scenario, period_end, issued_at, person_revision, rules_id, "
              "rules_version, rules_sha256, accrued, figures FROM statements");
    if (!rows.prepared()) return sqlite_error("cannot upgrade the schema to version 2");
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) {
      StatementRecord r;
      r.statement_id = rows.int64(0);
      r.person_id = rows.text(1);
      r.scenario = rows.text(2);
      auto end = parse_date(rows.text(3));
      if (!end) return damaged_record("statement " + std::to_string(r.statement_id));
      r.period_end = *end;
      r.issued_at = rows.text(4);
      r.person_revision = rows.int64(5);
      r.rules_id = rows.text(6);
      r.rules_version = rows.text(7);
      r.rules_sha256 = rows.text(8);
      r.accrued = rows.text(9);
      r.figures = rows.text(10);
      Stmt one(db_, "UPDATE statements SET record_sha256 = ?2 WHERE statement_id = ?1");
      one.bind(1, r.statement_id);
      one.bind(2, store_internal::statement_record_sha256(r));
      if (one.step() != SQLITE_DONE) return sqlite_error("cannot upgrade the schema to version 2");
    }
    if (rc != SQLITE_DONE) return sqlite_error("cannot upgrade the schema to version 2");
  }
  if (!exec("INSERT INTO settings (name, value) SELECT 'last_statement_id', COALESCE(MAX(statement_id), 0) FROM statements") ||
      !exec("PRAGMA user_version = 2")) {
    return sqlite_error("cannot upgrade the schema to version 2");
  }
  return ok_status();
}

Store::~Store() { sqlite3_close_v2(db_); }

Error Store::sqlite_error(const std::string& what) {
  int rc = sqlite3_extended_errcode(db_);
  if (is_fatal_code(rc)) failed_ = true;
  std::string message = "storage error: " + what + ": " + sqlite3_errmsg(db_);
  if ((rc & 0xff) == SQLITE_READONLY) {
    message += " (check that this user can write the database file and its -wal and -shm files)";
  }
  return Error{ErrorCode::kIo, message, "", ""};
}

Status Store::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return sqlite_error(sql);
  return ok_status();
}

// ---- the clock -----------------------------------------------------------------------------

Result<std::string> Store::last_recorded_at() {
  Stmt s(db_, "SELECT last_recorded_at FROM clock WHERE id = 1");
  if (!s.prepared()) return sqlite_error("reading the clock");
  int rc = s.step();
  if (rc == SQLITE_ROW) return s.text(0);
  if (rc == SQLITE_DONE) return std::string();
  return sqlite_error("reading the clock");
}

// Must be called inside a write transaction: reads and advances the stored clock.
Result<std::string> Store::next_recorded_at() {
  auto now = parse_timestamp(env_.now_utc(), /*allow_date=*/false);
  if (!now) return Error{ErrorCode::kInternal, "the clock gave an unreadable time: " + now.error().message, "", ""};
  auto last = last_recorded_at();
  if (!last) return std::move(last).error();
  std::string at = *now < *last ? *last : *now;
  Stmt s(db_,
         "INSERT INTO clock (id, last_recorded_at) VALUES (1, ?1) "
         "ON CONFLICT (id) DO UPDATE SET last_recorded_at = excluded.last_recorded_at");
  if (!s.prepared()) return sqlite_error("advancing the clock");
  s.bind(1, at);
  if (s.step() != SQLITE_DONE) return sqlite_error("advancing the clock");
  return at;
}

// ---- person revisions ----------------------------------------------------------------------

Result<PutOutcome> Store::put_person(const PutRequest& request, int64_t* current_revision) {
  if (request.content_sha256 != sha256_hex(request.document)) {
    return Error{ErrorCode::kInternal, "put_person: content_sha256 is not the SHA-256 of the document", "", ""};
  }
  WriteTxn txn(db_);
  if (txn.begin() != SQLITE_OK) return sqlite_error("cannot begin a write");

  if (request.idempotency_key) {
    std::string sql = std::string("SELECT ") + kPersonColumns + " FROM person_revisions WHERE idempotency_key = ?1";
    Stmt s(db_, sql.c_str());
    if (!s.prepared()) return sqlite_error("looking up the idempotency key");
    s.bind(1, *request.idempotency_key);
    int rc = s.step();
    if (rc == SQLITE_ROW) {
      auto earlier = person_from_row(s);
      if (!earlier) return std::move(earlier).error();
      if (earlier->person_id == request.person_id && earlier->document == request.document) {
        return PutOutcome{earlier->revision, earlier->recorded_at, true};
      }
      return Error{ErrorCode::kConflict,
                   "idempotency key '" + *request.idempotency_key + "' was already used for other content (person '" +
                       earlier->person_id + "', revision " + std::to_string(earlier->revision) +
                       "); use a new key for a new write",
                   "/idempotency_key", ""};
    }
    if (rc != SQLITE_DONE) return sqlite_error("looking up the idempotency key");
    if (Status erased = refuse_erased_key(*request.idempotency_key); !erased) return std::move(erased).error();
  }

  int64_t current = 0;
  {
    Stmt s(db_, "SELECT COALESCE(MAX(revision), 0) FROM person_revisions WHERE person_id = ?1");
    if (!s.prepared()) return sqlite_error("reading the current revision");
    s.bind(1, request.person_id);
    if (s.step() != SQLITE_ROW) return sqlite_error("reading the current revision");
    current = s.int64(0);
  }
  if (current_revision) *current_revision = current;
  if (request.expected_revision && *request.expected_revision != current) {
    std::string msg = "expected_revision is " + std::to_string(*request.expected_revision) +
                      " but the current revision of person '" + request.person_id + "' is " +
                      std::to_string(current);
    if (current == 0) msg += " (no such person yet)";
    return Error{ErrorCode::kConflict, msg + ": read it again and retry", "/expected_revision", ""};
  }

  auto at = next_recorded_at();
  if (!at) return std::move(at).error();
  {
    Stmt s(db_,
           "INSERT INTO person_revisions (person_id, revision, recorded_at, document, content_sha256, idempotency_key, "
           "record_sha256) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s.prepared()) return sqlite_error("storing the revision");
    s.bind(1, request.person_id);
    s.bind(2, current + 1);
    s.bind(3, *at);
    s.bind(4, request.document);
    s.bind(5, request.content_sha256);
    s.bind_optional(6, request.idempotency_key);
    s.bind(7, store_internal::person_record_sha256(request.person_id, current + 1, *at, request.content_sha256,
                                                   request.idempotency_key));
    if (s.step() != SQLITE_DONE) return sqlite_error("storing the revision");
  }
  if (txn.commit() != SQLITE_OK) return sqlite_error("cannot commit the revision");
  if (current_revision) *current_revision = current + 1;
  return PutOutcome{current + 1, *at, false};
}

Result<StoredPerson> Store::get_person(const std::string& person_id, std::optional<int64_t> revision,
                                       const std::optional<std::string>& as_known_at) {
  std::string sql = std::string("SELECT ") + kPersonColumns + " FROM person_revisions WHERE person_id = ?1 " +
                    (revision      ? "AND revision = ?2"
                     : as_known_at ? "AND recorded_at <= ?2 ORDER BY revision DESC LIMIT 1"
                                   : "ORDER BY revision DESC LIMIT 1");
  Stmt s(db_, sql.c_str());
  if (!s.prepared()) return sqlite_error("reading the person");
  s.bind(1, person_id);
  if (revision) s.bind(2, *revision);
  if (!revision && as_known_at) s.bind(2, *as_known_at);
  int rc = s.step();
  if (rc == SQLITE_ROW) {
    auto p = person_from_row(s);
    if (!p) return std::move(p).error().under("/person_id");
    return p;
  }
  if (rc != SQLITE_DONE) return sqlite_error("reading the person");
  if (revision) {
    return Error{ErrorCode::kUnknownPerson,
                 "person '" + person_id + "' has no revision " + std::to_string(*revision), "/revision", ""};
  }
  if (as_known_at) {
    return Error{ErrorCode::kUnknownPerson,
                 "no revision of person '" + person_id + "' was recorded at or before " + *as_known_at,
                 "/as_known_at", ""};
  }
  return Error{ErrorCode::kUnknownPerson, "no person '" + person_id + "' is stored", "/person_id", ""};
}

Result<std::vector<RevisionRef>> Store::revisions_after(const std::string& person_id, int64_t after_revision) {
  std::string sql = std::string("SELECT ") + kPersonColumns +
                    " FROM person_revisions WHERE person_id = ?1 AND revision > ?2 ORDER BY revision";
  Stmt s(db_, sql.c_str());
  if (!s.prepared()) return sqlite_error("listing revisions");
  s.bind(1, person_id);
  s.bind(2, after_revision);
  std::vector<RevisionRef> out;
  int rc = 0;
  while ((rc = s.step()) == SQLITE_ROW) {
    auto p = person_from_row(s);
    if (!p) return std::move(p).error();
    out.push_back(RevisionRef{p->revision, p->recorded_at});
  }
  if (rc != SQLITE_DONE) return sqlite_error("listing revisions");
  return out;
}

// ---- statements ----------------------------------------------------------------------------

Result<std::optional<StatementRecord>> Store::previous_statement(const std::string& person_id,
                                                                 const std::string& scenario, Date period_end) {
  // The latest period first; of statements re-issued for the same period, the last issued.
  std::string sql = std::string("SELECT ") + kStatementColumns +
                    " FROM statements WHERE person_id = ?1 AND scenario = ?2 AND period_end < ?3 "
                    "ORDER BY period_end DESC, statement_id DESC LIMIT 1";
  Stmt s(db_, sql.c_str());
  if (!s.prepared()) return sqlite_error("reading the previous statement");
  s.bind(1, person_id);
  s.bind(2, scenario);
  s.bind(3, to_string(period_end));
  int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<StatementRecord>();
  if (rc != SQLITE_ROW) return sqlite_error("reading the previous statement");
  auto r = statement_from_row(s);
  if (!r) return std::move(r).error();
  return std::optional<StatementRecord>(std::move(*r));
}

Status Store::record_statement(StatementRecord& record,
                               const std::function<std::string(const std::string& issued_at)>& render) {
  WriteTxn txn(db_);
  if (txn.begin() != SQLITE_OK) return sqlite_error("cannot begin a write");
  auto at = next_recorded_at();
  if (!at) return std::move(at).error();
  // Ids are never given twice, even after an erasure removed the latest statements.
  int64_t id = 0;
  {
    Stmt s(db_,
           "SELECT MAX(COALESCE((SELECT MAX(statement_id) FROM statements), 0), "
           "COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE name = 'last_statement_id'), 0)) + 1");
    if (!s.prepared() || s.step() != SQLITE_ROW) return sqlite_error("numbering the statement");
    id = s.int64(0);
    Stmt keep(db_,
              "INSERT INTO settings (name, value) VALUES ('last_statement_id', ?1) "
              "ON CONFLICT (name) DO UPDATE SET value = excluded.value");
    keep.bind(1, std::to_string(id));
    if (!keep.prepared() || keep.step() != SQLITE_DONE) return sqlite_error("numbering the statement");
  }
  StatementRecord stored = record;
  stored.statement_id = id;
  stored.issued_at = *at;
  stored.figures = render(*at);
  Stmt s(db_,
         "INSERT INTO statements (statement_id, person_id, scenario, period_end, issued_at, person_revision, rules_id, "
         "rules_version, rules_sha256, accrued, figures, record_sha256) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
  if (!s.prepared()) return sqlite_error("storing the statement");
  s.bind(1, stored.statement_id);
  s.bind(2, stored.person_id);
  s.bind(3, stored.scenario);
  s.bind(4, to_string(stored.period_end));
  s.bind(5, stored.issued_at);
  s.bind(6, stored.person_revision);
  s.bind(7, stored.rules_id);
  s.bind(8, stored.rules_version);
  s.bind(9, stored.rules_sha256);
  s.bind(10, stored.accrued);
  s.bind(11, stored.figures);
  s.bind(12, store_internal::statement_record_sha256(stored));
  if (s.step() != SQLITE_DONE) return sqlite_error("storing the statement");
  if (txn.commit() != SQLITE_OK) return sqlite_error("cannot commit the statement");
  record = std::move(stored);
  return ok_status();
}

Result<StatementRecord> Store::get_statement(int64_t statement_id) {
  std::string sql = std::string("SELECT ") + kStatementColumns + " FROM statements WHERE statement_id = ?1";
  Stmt s(db_, sql.c_str());
  if (!s.prepared()) return sqlite_error("reading the statement");
  s.bind(1, statement_id);
  int rc = s.step();
  if (rc == SQLITE_ROW) {
    auto r = statement_from_row(s);
    if (!r) return std::move(r).error().under("/statement_id");
    return r;
  }
  if (rc != SQLITE_DONE) return sqlite_error("reading the statement");
  return Error{ErrorCode::kUnknownStatement, "no statement " + std::to_string(statement_id) + " is stored",
               "/statement_id", ""};
}

}  // namespace caremeter
