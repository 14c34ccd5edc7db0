// store_internal.h — what the store's source files share and nothing else sees: prepared
// statements and write transactions over SQLite, and the digests that make each stored record
// checkable (the SHA-256 written with a record and compared on every read of it).
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "caremeter/model/status.h"
#include "store/store.h"

namespace caremeter::store_internal {

// A prepared statement, finalized on scope exit.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool prepared() const { return rc_ == SQLITE_OK; }
  void bind(int i, std::string_view v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void bind(int i, int64_t v) { sqlite3_bind_int64(s_, i, v); }
  void bind_optional(int i, const std::optional<std::string>& v) {
    if (v) {
      bind(i, std::string_view(*v));
    } else {
      sqlite3_bind_null(s_, i);
    }
  }
  int step() { return sqlite3_step(s_); }
  int64_t int64(int col) { return sqlite3_column_int64(s_, col); }
  bool is_null(int col) { return sqlite3_column_type(s_, col) == SQLITE_NULL; }
  std::string text(int col) {
    const unsigned char* p = sqlite3_column_text(s_, col);
    int n = sqlite3_column_bytes(s_, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
  }
  std::optional<std::string> optional_text(int col) {
    if (is_null(col)) return std::nullopt;
    return text(col);
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  int rc_ = SQLITE_OK;
};

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

// A read transaction, so that what several statements read is one snapshot.
class ReadTxn {
 public:
  explicit ReadTxn(sqlite3* db) : db_(db) {}
  ~ReadTxn() {
    if (open_) sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr);
  }
  ReadTxn(const ReadTxn&) = delete;
  ReadTxn& operator=(const ReadTxn&) = delete;
  int begin() {
    int rc = sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr);
    open_ = rc == SQLITE_OK;
    return rc;
  }

 private:
  sqlite3* db_;
  bool open_ = false;
};

// The digest of a person revision's row: every column, the document by its own SHA-256.
std::string person_record_sha256(const std::string& person_id, int64_t revision, const std::string& recorded_at,
                                 const std::string& content_sha256, const std::optional<std::string>& idempotency_key);
// The digest of a statement's row: every column, the statement text included.
std::string statement_record_sha256(const StatementRecord& r);
std::string erasure_record_sha256(const Erasure& e);

// The columns of person_revisions read by person_from_row, in this order.
constexpr const char* kPersonColumns =
    "person_id, revision, recorded_at, document, content_sha256, idempotency_key, record_sha256";
// A row of kPersonColumns checked against its digests: kDamagedRecord naming it if it differs.
Result<StoredPerson> person_from_row(Stmt& s);

constexpr const char* kStatementColumns =
    "statement_id, person_id, scenario, period_end, issued_at, person_revision, rules_id, rules_version, "
    "rules_sha256, accrued, figures, record_sha256";
Result<StatementRecord> statement_from_row(Stmt& s);

constexpr const char* kErasureColumns =
    "erasure_id, person_hash, erased_at, reason, revisions, statements, record_sha256";
Result<Erasure> erasure_from_row(Stmt& s);

Error damaged_record(const std::string& record);

}  // namespace caremeter::store_internal
