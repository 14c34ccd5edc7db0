// store_lifecycle.cc — the stored data's lifecycle: listing people and statements, erasure (the
// right to erasure) with its tombstones, export of the current documents, online backup, and
// verification of every record.
#include <sqlite3.h>

#include <string>
#include <utility>

#include "caremeter/json/rule_loader.h"
#include "store/store.h"
#include "store/store_internal.h"

namespace caremeter {

using store_internal::erasure_from_row;
using store_internal::kErasureColumns;
using store_internal::kPersonColumns;
using store_internal::kStatementColumns;
using store_internal::person_from_row;
using store_internal::ReadTxn;
using store_internal::statement_from_row;
using store_internal::Stmt;
using store_internal::WriteTxn;

namespace {

Status check_limit(int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    return invalid_input("/limit", "expected a page size from 1 to " + std::to_string(kMaxPageSize) + ", got " +
                                       std::to_string(limit));
  }
  return ok_status();
}

Status check_reason(const std::string& reason) {
  if (reason.empty() || reason.size() > kMaxErasureReasonBytes) {
    return invalid_input("/reason", "expected the reason for the erasure (a reference to the request, 1 to " +
                                        std::to_string(kMaxErasureReasonBytes) + " bytes), got " +
                                        std::to_string(reason.size()) + " bytes");
  }
  for (unsigned char c : reason) {
    if (c < 0x20 || c == 0x7f) return invalid_input("/reason", "expected the reason without control characters");
  }
  return ok_status();
}

// Every row of `select` (whose columns are kPersonColumns), checked, to visit.
Status each_person_row(Stmt& select, const std::function<Status(const StoredPerson&)>& visit,
                       const std::function<Error(const char*)>& sqlite_error) {
  int rc;
  while ((rc = select.step()) == SQLITE_ROW) {
    auto p = person_from_row(select);
    if (!p) return std::move(p).error();
    if (Status s = visit(*p); !s) return s;
  }
  if (rc != SQLITE_DONE) return sqlite_error("reading the people");
  return ok_status();
}

// The latest revision of each person after ?1, in order of id.
std::string current_people_sql(bool limited) {
  return std::string("SELECT ") + kPersonColumns +
         " FROM person_revisions p WHERE person_id > ?1 AND revision = "
         "(SELECT MAX(revision) FROM person_revisions q WHERE q.person_id = p.person_id) ORDER BY person_id" +
         (limited ? " LIMIT ?2" : "");
}

}  // namespace

// ---- listings ------------------------------------------------------------------------------

Result<PersonPage> Store::list_people(const std::string& after_person_id, int limit) {
  if (Status s = check_limit(limit); !s) return std::move(s).error();
  Stmt s(db_, current_people_sql(true).c_str());
  if (!s.prepared()) return sqlite_error("listing people");
  s.bind(1, after_person_id);
  s.bind(2, static_cast<int64_t>(limit) + 1);  // one more says whether there is a next page
  PersonPage page;
  Status each = each_person_row(
      s,
      [&](const StoredPerson& p) {
        page.people.push_back(PersonSummary{p.person_id, p.revision, p.recorded_at});
        return ok_status();
      },
      [&](const char* what) { return sqlite_error(what); });
  if (!each) return std::move(each).error();
  if (page.people.size() > static_cast<std::size_t>(limit)) {
    page.people.pop_back();
    page.next_after = page.people.back().person_id;
  }
  return page;
}

Result<StatementPage> Store::list_statements(const std::string& person_id, int64_t after_statement_id, int limit) {
  if (Status s = check_limit(limit); !s) return std::move(s).error();
  ReadTxn snapshot(db_);
  if (snapshot.begin() != SQLITE_OK) return sqlite_error("listing statements");
  std::string sql = std::string("SELECT ") + kStatementColumns +
                    " FROM statements WHERE person_id = ?1 AND statement_id > ?2 ORDER BY statement_id LIMIT ?3";
  Stmt s(db_, sql.c_str());
  if (!s.prepared()) return sqlite_error("listing statements");
  s.bind(1, person_id);
  s.bind(2, after_statement_id);
  s.bind(3, static_cast<int64_t>(limit) + 1);
  StatementPage page;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    auto r = statement_from_row(s);
    if (!r) return std::move(r).error();
    page.statements.push_back(std::move(*r));
  }
  if (rc != SQLITE_DONE) return sqlite_error("listing statements");
  if (page.statements.size() > static_cast<std::size_t>(limit)) {
    page.statements.pop_back();
    page.next_after = page.statements.back().statement_id;
  }
  if (page.statements.empty() && after_statement_id == 0) {
    Stmt known(db_, "SELECT 1 FROM person_revisions WHERE person_id = ?1 LIMIT 1");
    known.bind(1, person_id);
    if (!known.prepared()) return sqlite_error("listing statements");
    rc = known.step();
    if (rc == SQLITE_DONE) return Error{ErrorCode::kUnknownPerson, "no person '" + person_id + "' is stored", "/person_id", ""};
    if (rc != SQLITE_ROW) return sqlite_error("listing statements");
  }
  return page;
}

Status Store::for_each_current_person(const std::function<Status(const StoredPerson&)>& visit) {
  Stmt s(db_, current_people_sql(false).c_str());
  if (!s.prepared()) return sqlite_error("reading the people");
  s.bind(1, std::string());
  return each_person_row(s, visit, [&](const char* what) { return sqlite_error(what); });
}

// ---- erasure -------------------------------------------------------------------------------

Result<std::string> Store::salted_hash(std::string_view kind, const std::string& value) {
  Stmt s(db_, "SELECT value FROM settings WHERE name = 'erasure_salt'");
  if (!s.prepared()) return sqlite_error("reading the erasure salt");
  int rc = s.step();
  if (rc == SQLITE_DONE) return store_internal::damaged_record("the erasure salt (settings)");
  if (rc != SQLITE_ROW) return sqlite_error("reading the erasure salt");
  return sha256_hex(std::string(kind) + ":" + s.text(0) + ":" + value);
}

Status Store::refuse_erased_key(const std::string& key) {
  auto hash = salted_hash("idempotency key", key);
  if (!hash) return std::move(hash).error();
  Stmt s(db_, "SELECT erasure_id FROM erased_keys WHERE key_hash = ?1");
  if (!s.prepared()) return sqlite_error("looking up the idempotency key");
  s.bind(1, *hash);
  int rc = s.step();
  if (rc == SQLITE_DONE) return ok_status();
  if (rc != SQLITE_ROW) return sqlite_error("looking up the idempotency key");
  return Error{ErrorCode::kConflict,
               "idempotency key '" + key + "' was used for a revision that has since been erased (erasure " +
                   std::to_string(s.int64(0)) +
                   "): a retry of that write is not stored again; to store the person anew use a new key",
               "/idempotency_key", ""};
}

Result<std::optional<Erasure>> Store::latest_erasure(const std::string& person_hash) {
  std::string sql = std::string("SELECT ") + kErasureColumns +
                    " FROM erasures WHERE person_hash = ?1 ORDER BY erasure_id DESC LIMIT 1";
  Stmt s(db_, sql.c_str());
  if (!s.prepared()) return sqlite_error("reading the erasures");
  s.bind(1, person_hash);
  int rc = s.step();
  if (rc == SQLITE_DONE) return std::optional<Erasure>();
  if (rc != SQLITE_ROW) return sqlite_error("reading the erasures");
  auto e = erasure_from_row(s);
  if (!e) return std::move(e).error();
  return std::optional<Erasure>(std::move(*e));
}

// Inside the erasure's transaction: the tombstone, and the erased revisions' keys as hashes.
Status Store::record_erasure(Erasure& e, const std::vector<std::string>& keys) {
  Stmt next(db_, "SELECT COALESCE(MAX(erasure_id), 0) + 1 FROM erasures");
  if (!next.prepared() || next.step() != SQLITE_ROW) return sqlite_error("numbering the erasure");
  e.erasure_id = next.int64(0);
  auto at = next_recorded_at();
  if (!at) return std::move(at).error();
  e.erased_at = *at;
  Stmt s(db_,
         "INSERT INTO erasures (erasure_id, person_hash, erased_at, reason, revisions, statements, record_sha256) "
         "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!s.prepared()) return sqlite_error("recording the erasure");
  s.bind(1, e.erasure_id);
  s.bind(2, e.person_hash);
  s.bind(3, e.erased_at);
  s.bind(4, e.reason);
  s.bind(5, e.revisions);
  s.bind(6, e.statements);
  s.bind(7, store_internal::erasure_record_sha256(e));
  if (s.step() != SQLITE_DONE) return sqlite_error("recording the erasure");
  for (const std::string& key : keys) {
    auto key_hash = salted_hash("idempotency key", key);
    if (!key_hash) return std::move(key_hash).error();
    Stmt k(db_, "INSERT INTO erased_keys (key_hash, erasure_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
    k.bind(1, *key_hash);
    k.bind(2, e.erasure_id);
    if (!k.prepared() || k.step() != SQLITE_DONE) return sqlite_error("recording the erasure");
  }
  return ok_status();
}

Result<Erasure> Store::erase_person(const std::string& person_id, const std::string& reason) {
  if (person_id.empty()) return invalid_input("/person_id", "expected the id of a stored person, got an empty string");
  if (Status s = check_reason(reason); !s) return std::move(s).error();
  WriteTxn txn(db_);
  if (txn.begin() != SQLITE_OK) return sqlite_error("cannot begin a write");
  Erasure e;
  e.reason = reason;
  auto hash = salted_hash("person id", person_id);
  if (!hash) return std::move(hash).error();
  e.person_hash = *hash;

  // What is removed is not checked against its digests: a damaged record can be erased too.
  std::vector<std::string> keys;
  {
    Stmt s(db_, "SELECT idempotency_key FROM person_revisions WHERE person_id = ?1");
    if (!s.prepared()) return sqlite_error("reading the person");
    s.bind(1, person_id);
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      ++e.revisions;
      if (!s.is_null(0)) keys.push_back(s.text(0));
    }
    if (rc != SQLITE_DONE) return sqlite_error("reading the person");
  }
  if (e.revisions == 0) {
    auto earlier = latest_erasure(e.person_hash);
    if (!earlier) return std::move(earlier).error();
    if (!*earlier) return Error{ErrorCode::kUnknownPerson, "no person '" + person_id + "' is stored", "/person_id", ""};
    (*earlier)->already_erased = true;
    return std::move(**earlier);
  }
  {
    Stmt count(db_, "SELECT COUNT(*) FROM statements WHERE person_id = ?1");
    count.bind(1, person_id);
    if (!count.prepared() || count.step() != SQLITE_ROW) return sqlite_error("counting the statements");
    e.statements = count.int64(0);
  }
  for (const char* sql : {"DELETE FROM statements WHERE person_id = ?1", "DELETE FROM person_revisions WHERE person_id = ?1"}) {
    Stmt del(db_, sql);
    del.bind(1, person_id);
    if (!del.prepared() || del.step() != SQLITE_DONE) return sqlite_error("erasing the person");
  }
  if (Status s = record_erasure(e, keys); !s) return std::move(s).error();
  if (txn.commit() != SQLITE_OK) return sqlite_error("cannot commit the erasure");
  // The erased pages' old images are still in the write-ahead log until it is checkpointed and
  // reset. Best effort: a reader holding an old snapshot delays it to a later checkpoint.
  if (sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr) != SQLITE_OK) {
    int rc = sqlite3_extended_errcode(db_);
    if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) (void)sqlite_error("checkpointing after the erasure");
  }
  return e;
}

// ---- backup --------------------------------------------------------------------------------

Status Store::backup(const std::string& path) {
  auto file = ReplacementFile::create(env_, path, 0600);
  if (!file) return std::move(file).error();
  sqlite3* copy = nullptr;
  int rc = sqlite3_open_v2((*file)->temporary_path().c_str(), &copy, SQLITE_OPEN_READWRITE, nullptr);
  Status status = ok_status();
  if (rc != SQLITE_OK) {
    status = Error{ErrorCode::kIo, std::string("cannot open the copy: ") + sqlite3_errstr(rc), "", path};
  } else if (sqlite3_backup* b = sqlite3_backup_init(copy, "main", db_, "main")) {
    // Other processes may be writing: a busy source is waited for, as a write would be.
    for (int waited_ms = 0;;) {
      rc = sqlite3_backup_step(b, -1);
      if (rc == SQLITE_DONE || ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED) || waited_ms > 30'000) break;
      sqlite3_sleep(50);
      waited_ms += 50;
    }
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) status = Error{ErrorCode::kIo, std::string("backup failed: ") + sqlite3_errstr(rc), "", path};
  } else {
    status = Error{ErrorCode::kIo, std::string("backup failed: ") + sqlite3_errmsg(copy), "", path};
  }
  if (sqlite3_close(copy) != SQLITE_OK && status) status = Error{ErrorCode::kIo, "cannot close the copy", "", path};
  if (!status) return status;
  return (*file)->commit();
}

// ---- checks --------------------------------------------------------------------------------

Result<std::string> Store::pragma_check(const char* pragma) {
  Stmt s(db_, pragma);
  if (!s.prepared()) return sqlite_error(pragma);
  std::string out;
  int rc = 0;
  while ((rc = s.step()) == SQLITE_ROW) {
    if (!out.empty()) out += "\n";
    out += s.text(0);
  }
  if (rc != SQLITE_DONE) return sqlite_error(pragma);
  return out;
}

Result<std::string> Store::integrity_check() { return pragma_check("PRAGMA integrity_check"); }
Result<std::string> Store::quick_check() { return pragma_check("PRAGMA quick_check"); }

Status Store::verify_records(VerifyReport& report) {
  auto problem = [&](const Error& e) { report.problems.push_back(e.message); };
  {
    std::string sql = std::string("SELECT ") + kPersonColumns + " FROM person_revisions ORDER BY person_id, revision";
    Stmt s(db_, sql.c_str());
    if (!s.prepared()) return sqlite_error("reading the person revisions");
    std::string person;
    int64_t expected = 1;
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      const std::string id = s.text(0);
      const int64_t revision = s.int64(1);
      if (id != person) {
        person = id;
        expected = 1;
        ++report.people;
      }
      // Revisions count 1, 2, 3, …: a gap is a revision lost (or deleted by hand).
      if (revision != expected) {
        report.problems.push_back("person '" + id + "': revision " + std::to_string(expected) + " is missing");
      }
      expected = revision + 1;
      ++report.revisions;
      if (auto p = person_from_row(s); !p) problem(p.error());
    }
    if (rc != SQLITE_DONE) return sqlite_error("reading the person revisions");
  }
  {
    std::string sql = std::string("SELECT ") + kStatementColumns + " FROM statements ORDER BY statement_id";
    Stmt s(db_, sql.c_str());
    if (!s.prepared()) return sqlite_error("reading the statements");
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      ++report.statements;
      if (auto r = statement_from_row(s); !r) problem(r.error());
    }
    if (rc != SQLITE_DONE) return sqlite_error("reading the statements");
  }
  {
    std::string sql = std::string("SELECT ") + kErasureColumns + " FROM erasures ORDER BY erasure_id";
    Stmt s(db_, sql.c_str());
    if (!s.prepared()) return sqlite_error("reading the erasures");
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      ++report.erasures;
      if (auto e = erasure_from_row(s); !e) problem(e.error());
    }
    if (rc != SQLITE_DONE) return sqlite_error("reading the erasures");
  }
  {
    Stmt s(db_, "SELECT \"table\", rowid FROM pragma_foreign_key_check");
    if (!s.prepared()) return sqlite_error("checking the links between records");
    int rc;
    while ((rc = s.step()) == SQLITE_ROW) {
      report.problems.push_back(s.text(0) + " row " + std::to_string(s.int64(1)) + " refers to a record that is not stored");
    }
    if (rc != SQLITE_DONE) return sqlite_error("checking the links between records");
  }
  if (auto salt = salted_hash("check", ""); !salt) problem(salt.error());
  return ok_status();
}

Result<VerifyReport> Store::verify() {
  VerifyReport report;
  auto integrity = integrity_check();
  if (!integrity) return std::move(integrity).error();
  report.integrity = *integrity;
  ReadTxn snapshot(db_);
  if (snapshot.begin() != SQLITE_OK) return sqlite_error("reading the database");
  // A database too damaged to be read to the end is itself the finding.
  if (Status s = verify_records(report); !s) report.problems.push_back(s.error().message);
  return report;
}

}  // namespace caremeter
