// store.cc — the SQLite store of person revisions and issued statements.
#include "store/store.h"

#include <utility>

namespace caremeter {

namespace {

// Schema version 1. Revisions and statements are append-only; `clock` holds the latest time
// anything was recorded so a clock that goes back never makes history run backwards.
constexpr int kSchemaVersion = 1;
constexpr const char* kSchema = R"sql(
CREATE TABLE person_revisions (
  person_id       TEXT    NOT NULL,
  revision        INTEGER NOT NULL CHECK (revision >= 1),
  recorded_at     TEXT    NOT NULL,
  document        TEXT    NOT NULL,
  content_sha256  TEXT    NOT NULL,
  idempotency_key TEXT    UNIQUE,
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
  FOREIGN KEY (person_id, person_revision) REFERENCES person_revisions (person_id, revision)
);
CREATE INDEX statements_by_period ON statements (person_id, scenario, period_end);
CREATE TABLE clock (
  id               INTEGER PRIMARY KEY CHECK (id = 1),
  last_recorded_at TEXT NOT NULL
);
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

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool prepared() const { return rc_ == SQLITE_OK; }
  int prepare_rc() const { return rc_; }
  void bind(int i, const std::string& v) { sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT); }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind_null(int i) { sqlite3_bind_null(s_, i); }
  int step() { return sqlite3_step(s_); }
  int64_t int64(int col) { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string text(int col) {
    const unsigned char* p = sqlite3_column_text(s_, col);
    int n = sqlite3_column_bytes(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

}  // namespace

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

Result<std::unique_ptr<Store>> Store::open(const std::string& path, Env& env, const StoreOptions& options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                           options.vfs.empty() ? nullptr : options.vfs.c_str());
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

  auto fail = [&](const std::string& what) -> Error {
    Error e = store->sqlite_error(what);
    e.file = path;
    return e;
  };
  {
    Stmt wal(db, "PRAGMA journal_mode=WAL");
    if (!wal.prepared() || wal.step() != SQLITE_ROW) return fail("cannot switch to WAL journal mode");
    std::string mode = wal.text(0);
    if (mode != "wal" && !(path == ":memory:" && mode == "memory")) {
      return Error{ErrorCode::kIo, "the database would not use WAL journal mode (got '" + mode + "')", "", path};
    }
  }
  // FULL: each commit is fsynced, so an answer sent is a write that survives power loss.
  if (!store->exec("PRAGMA synchronous=FULL")) return fail("cannot set synchronous=FULL");
  if (!store->exec("PRAGMA foreign_keys=ON")) return fail("cannot enable foreign keys");

  if (!store->exec("BEGIN IMMEDIATE")) return fail("cannot open the database for writing");
  int version = 0;
  int tables = 0;
  {
    Stmt v(db, "PRAGMA user_version");
    if (!v.prepared() || v.step() != SQLITE_ROW) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return fail("cannot read the schema version (is this a SQLite database?)");
    }
    version = static_cast<int>(v.int64(0));
    Stmt t(db, "SELECT COUNT(*) FROM sqlite_schema");
    if (!t.prepared() || t.step() != SQLITE_ROW) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return fail("cannot read the schema");
    }
    tables = static_cast<int>(t.int64(0));
  }
  if (version == 0 && tables == 0) {
    char* err = nullptr;
    rc = sqlite3_exec(db, kSchema, nullptr, nullptr, &err);
    sqlite3_free(err);
    if (rc != SQLITE_OK || !store->exec("PRAGMA user_version = 1")) {
      Error e = fail("cannot create the schema");
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return e;
    }
  } else if (version != kSchemaVersion) {
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return Error{ErrorCode::kIo,
                 version == 0 ? std::string("not a caremeter database (it has other tables)")
                              : "the database has schema version " + std::to_string(version) +
                                    "; this program understands version " + std::to_string(kSchemaVersion),
                 "", path};
  }
  if (!store->exec("COMMIT")) {
    Error e = fail("cannot commit the schema");
    sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return e;
  }
  return store;
}

Store::~Store() { sqlite3_close_v2(db_); }

Error Store::sqlite_error(const std::string& what) {
  int rc = sqlite3_extended_errcode(db_);
  if (is_fatal_code(rc)) failed_ = true;
  return Error{ErrorCode::kIo, "storage error: " + what + ": " + sqlite3_errmsg(db_), "", ""};
}

Status Store::exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  sqlite3_free(err);
  if (rc != SQLITE_OK) return sqlite_error(sql);
  return ok_status();
}

namespace {
// A write transaction taken with BEGIN IMMEDIATE (the write lock at once, so the checks made
// inside it still hold at COMMIT); rolled back unless committed.
class WriteTxn {
 public:
  explicit WriteTxn(sqlite3* db) : db_(db) {}
  ~WriteTxn() {
    if (open_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  WriteTxn(const WriteTxn&) = delete;
  WriteTxn& operator=(const WriteTxn&) = delete;
  int begin() {
    int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    open_ = rc == SQLITE_OK;
    return rc;
  }
  int commit() {
    int rc = sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK || sqlite3_get_autocommit(db_)) open_ = false;
    return rc;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};
}  // namespace

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

Result<PutOutcome> Store::put_person(const PutRequest& request, int64_t* current_revision) {
  WriteTxn txn(db_);
  if (txn.begin() != SQLITE_OK) return sqlite_error("cannot begin a write");

  if (request.idempotency_key) {
    Stmt s(db_,
           "SELECT person_id, revision, recorded_at, content_sha256 FROM person_revisions "
           "WHERE idempotency_key = ?1");
    if (!s.prepared()) return sqlite_error("looking up the idempotency key");
    s.bind(1, *request.idempotency_key);
    int rc = s.step();
    if (rc == SQLITE_ROW) {
      std::string pid = s.text(0);
      int64_t rev = s.int64(1);
      if (pid == request.person_id && s.text(3) == request.content_sha256) {
        return PutOutcome{rev, s.text(2), true};
      }
      return Error{ErrorCode::kConflict,
                   "idempotency key '" + *request.idempotency_key + "' was already used for other content (person '" +
                       pid + "', revision " + std::to_string(rev) + "); use a new key for a new write",
                   "/idempotency_key", ""};
    }
    if (rc != SQLITE_DONE) return sqlite_error("looking up the idempotency key");
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
           "INSERT INTO person_revisions (person_id, revision, recorded_at, document, content_sha256, idempotency_key) "
           "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    if (!s.prepared()) return sqlite_error("storing the revision");
    s.bind(1, request.person_id);
    s.bind(2, current + 1);
    s.bind(3, *at);
    s.bind(4, request.document);
    s.bind(5, request.content_sha256);
    if (request.idempotency_key) {
      s.bind(6, *request.idempotency_key);
    } else {
      s.bind_null(6);
    }
    if (s.step() != SQLITE_DONE) return sqlite_error("storing the revision");
  }
  if (txn.commit() != SQLITE_OK) return sqlite_error("cannot commit the revision");
  if (current_revision) *current_revision = current + 1;
  return PutOutcome{current + 1, *at, false};
}

Result<StoredPerson> Store::get_person(const std::string& person_id, std::optional<int64_t> revision,
                                       const std::optional<std::string>& as_known_at) {
  const char* sql =
      revision ? "SELECT revision, recorded_at, document FROM person_revisions WHERE person_id = ?1 AND revision = ?2"
      : as_known_at
          ? "SELECT revision, recorded_at, document FROM person_revisions WHERE person_id = ?1 AND recorded_at <= ?2 "
            "ORDER BY revision DESC LIMIT 1"
          : "SELECT revision, recorded_at, document FROM person_revisions WHERE person_id = ?1 "
            "ORDER BY revision DESC LIMIT 1";
  Stmt s(db_, sql);
  if (!s.prepared()) return sqlite_error("reading the person");
  s.bind(1, person_id);
  if (revision) s.bind(2, *revision);
  if (!revision && as_known_at) s.bind(2, *as_known_at);
  int rc = s.step();
  if (rc == SQLITE_ROW) return StoredPerson{person_id, s.int64(0), s.text(1), s.text(2)};
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
  Stmt s(db_,
         "SELECT revision, recorded_at FROM person_revisions WHERE person_id = ?1 AND revision > ?2 "
         "ORDER BY revision");
  if (!s.prepared()) return sqlite_error("listing revisions");
  s.bind(1, person_id);
  s.bind(2, after_revision);
  std::vector<RevisionRef> out;
  int rc = 0;
  while ((rc = s.step()) == SQLITE_ROW) out.push_back(RevisionRef{s.int64(0), s.text(1)});
  if (rc != SQLITE_DONE) return sqlite_error("listing revisions");
  return out;
}

Result<std::optional<StatementRecord>> Store::previous_statement(const std::string& person_id,
                                                                 const std::string& scenario, Date period_end) {
  // The latest period first; of statements re-issued for the same period, the last issued.
  Stmt s(db_,
         "SELECT statement_id, period_end, issued_at, person_revision, rules_id, rules_version, rules_sha256, "
         "accrued, figures FROM statements WHERE person_id = ?1 AND scenario = ?2 AND period_end < ?3 "
         "ORDER BY period_end DESC, statement_id DESC LIMIT 1");
  if (!s.prepared()) return sqlite_error("reading the previous statement");
  s.bind(1, person_id);
  s.bind(2, scenario);
  s.bind(3, to_string(period_end));
  int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<StatementRecord>();
  if (rc != SQLITE_ROW) return sqlite_error("reading the previous statement");
  StatementRecord r;
  r.statement_id = s.int64(0);
  r.person_id = person_id;
  r.scenario = scenario;
  auto end = parse_date(s.text(1));
  if (!end) return Error{ErrorCode::kInternal, "a stored statement has an unreadable period_end", "", ""};
  r.period_end = *end;
  r.issued_at = s.text(2);
  r.person_revision = s.int64(3);
  r.rules_id = s.text(4);
  r.rules_version = s.text(5);
  r.rules_sha256 = s.text(6);
  r.accrued = s.text(7);
  r.figures = s.text(8);
  return std::optional<StatementRecord>(std::move(r));
}

Status Store::record_statement(StatementRecord& record,
                               const std::function<std::string(const std::string& issued_at)>& render) {
  WriteTxn txn(db_);
  if (txn.begin() != SQLITE_OK) return sqlite_error("cannot begin a write");
  auto at = next_recorded_at();
  if (!at) return std::move(at).error();
  std::string figures = render(*at);
  Stmt s(db_,
         "INSERT INTO statements (person_id, scenario, period_end, issued_at, person_revision, rules_id, "
         "rules_version, rules_sha256, accrued, figures) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
  if (!s.prepared()) return sqlite_error("storing the statement");
  s.bind(1, record.person_id);
  s.bind(2, record.scenario);
  s.bind(3, to_string(record.period_end));
  s.bind(4, *at);
  s.bind(5, record.person_revision);
  s.bind(6, record.rules_id);
  s.bind(7, record.rules_version);
  s.bind(8, record.rules_sha256);
  s.bind(9, record.accrued);
  s.bind(10, figures);
  if (s.step() != SQLITE_DONE) return sqlite_error("storing the statement");
  if (txn.commit() != SQLITE_OK) return sqlite_error("cannot commit the statement");
  record.statement_id = sqlite3_last_insert_rowid(db_);
  record.issued_at = *at;
  record.figures = std::move(figures);
  return ok_status();
}

Result<std::string> Store::integrity_check() {
  Stmt s(db_, "PRAGMA integrity_check");
  if (!s.prepared()) return sqlite_error("integrity check");
  std::string out;
  int rc = 0;
  while ((rc = s.step()) == SQLITE_ROW) {
    if (!out.empty()) out += "\n";
    out += s.text(0);
  }
  if (rc != SQLITE_DONE) return sqlite_error("integrity check");
  return out;
}

}  // namespace caremeter
