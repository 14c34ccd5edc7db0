// store.h — durable stored care accounts: every revision of every person document, and every
// statement issued, in an embedded SQLite database; and their lifecycle (listing, reading back,
// erasure, export, backup, verification).
//
// Nothing is ever overwritten: a correction is a new revision, so any past answer can be
// reproduced "as known at" the time it was given. The one deletion is erasure (the right to
// erasure, UK GDPR Art. 17), which removes a person's documents and statements and keeps only a
// tombstone. Each write is one transaction in WAL mode with synchronous=FULL, so a write whose
// answer was sent survives a crash or power loss. An I/O error leaves the database in doubt:
// the Store reports it as fatal and the service stops.
//
// Checked records: every row is written with a SHA-256 of its contents, and every read of a
// person revision, statement or tombstone compares it; a record that differs (bit rot, a change
// made outside caremeter) is a kDamagedRecord error naming it, never an answer.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "caremeter/model/date.h"
#include "caremeter/model/status.h"
#include "platform/env.h"

namespace caremeter {

// Timestamps are held as "YYYY-MM-DDTHH:MM:SS.mmmZ" (UTC, always with milliseconds), so that
// comparing the text compares the instants.
//
// Accepts "YYYY-MM-DDTHH:MM:SSZ" with an optional fraction of 1–9 digits (kept to the
// millisecond, rounded down — recorded times have millisecond precision, so "recorded ≤ t" is
// unchanged), or a bare date "YYYY-MM-DD" meaning the end of that day UTC (…T23:59:59.999Z).
Result<std::string> parse_timestamp(std::string_view text, bool allow_date = true);

struct PutRequest {
  std::string person_id;
  std::string document;        // canonical JSON text of the validated person
  std::string content_sha256;  // sha256_hex(document): what an idempotent retry must match
  std::optional<std::string> idempotency_key;
  std::optional<int64_t> expected_revision;  // 0 = the person must not exist yet
};

struct PutOutcome {
  int64_t revision = 0;
  std::string recorded_at;
  bool replayed = false;  // an idempotent retry: nothing was written
};

struct StoredPerson {
  std::string person_id;
  int64_t revision = 0;
  std::string recorded_at;
  std::string document;
  std::optional<std::string> idempotency_key;
};

struct RevisionRef {
  int64_t revision = 0;
  std::string recorded_at;
};

struct StatementRecord {
  int64_t statement_id = 0;   // 1, 2, 3, … in the order issued, across the database
  std::string person_id;
  std::string scenario;       // the scenario's key (its name, or the canonical object given)
  Date period_end;
  std::string issued_at;
  int64_t person_revision = 0;
  std::string rules_id;
  std::string rules_version;
  std::string rules_sha256;
  std::string accrued;        // the accrued total shown, as text ("40714.29")
  std::string figures;        // the whole statement as sent (JSON text)
};

// One person in a listing: the latest revision.
struct PersonSummary {
  std::string person_id;
  int64_t revision = 0;
  std::string recorded_at;
};

// A page of a listing and where the next one starts (nullopt: this was the last).
struct PersonPage {
  std::vector<PersonSummary> people;
  std::optional<std::string> next_after;
};
struct StatementPage {
  std::vector<StatementRecord> statements;
  std::optional<int64_t> next_after;
};

// Pages hold at most this many entries.
constexpr int kMaxPageSize = 1000;
// An erasure's reason: a short reference to the request (never personal data), without control
// characters.
constexpr std::size_t kMaxErasureReasonBytes = 200;

// What is kept of an erased person: a salted hash of the id (so an auditor holding an id can
// confirm it was erased, while the database names nobody), when, why, and how much was removed.
struct Erasure {
  int64_t erasure_id = 0;
  std::string person_hash;
  std::string erased_at;
  std::string reason;
  int64_t revisions = 0;   // person revisions removed
  int64_t statements = 0;  // statements removed
  bool already_erased = false;  // nothing was stored: this is the earlier erasure's tombstone
};

// What verify() found. ok() only when SQLite's integrity check says "ok" and no record differs
// from its digest.
struct VerifyReport {
  std::string integrity;              // PRAGMA integrity_check's answer
  std::vector<std::string> problems;  // one line per damaged record or broken link
  int64_t people = 0;
  int64_t revisions = 0;
  int64_t statements = 0;
  int64_t erasures = 0;
  bool ok() const { return integrity == "ok" && problems.empty(); }
};

struct StoreOptions {
  // How long a write waits for another process holding the database's write lock.
  int busy_timeout_ms = 5000;
  // A SQLite VFS by name ("" = the default); tests register one that injects I/O faults.
  std::string vfs;
  // A missing file becomes a new, empty store (serve). Otherwise a missing file is an error, so
  // a mistyped --db is never taken for an empty store.
  bool create_if_missing = true;
  // Reads only: nothing in the file changes (no schema, no upgrade, no journal switch). The file
  // must hold the current schema version.
  bool read_only = false;
};

class Store {
 public:
  // Opens (creating if needed and allowed) the database at `path`; ":memory:" gives a private
  // in-memory database for tests. The clock is env.now_utc(). Refused before anything in the file
  // is changed: a file that is not a caremeter database (or is empty), a newer schema version, a
  // database file (or its -wal/-shm) this process cannot write. A version-1 database is upgraded.
  static Result<std::unique_ptr<Store>> open(const std::string& path, Env& env, const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Appends a revision. kConflict when expected_revision is stale or the idempotency key was
  // used for other content (the message says which; current_revision is set for the former).
  Result<PutOutcome> put_person(const PutRequest& request, int64_t* current_revision = nullptr);

  // The latest revision, a given revision, or the latest recorded at or before as_known_at
  // (a normalised timestamp). kUnknownPerson when there is none.
  Result<StoredPerson> get_person(const std::string& person_id, std::optional<int64_t> revision = {},
                                  const std::optional<std::string>& as_known_at = {});

  // Revisions of the person newer than `after_revision`, oldest first.
  Result<std::vector<RevisionRef>> revisions_after(const std::string& person_id, int64_t after_revision);

  // The latest statement for this person and scenario whose period ends before `period_end`.
  Result<std::optional<StatementRecord>> previous_statement(const std::string& person_id,
                                                            const std::string& scenario, Date period_end);

  // Records an issued statement. Its issued_at is chosen inside the transaction (as
  // next_recorded_at) and handed to `render`, which returns the statement's text to store and
  // send; record.figures and record.issued_at are filled in on success.
  Status record_statement(StatementRecord& record,
                          const std::function<std::string(const std::string& issued_at)>& render);

  // The statement as issued (its text byte for byte). kUnknownStatement when there is none.
  Result<StatementRecord> get_statement(int64_t statement_id);
  // The person's statements in the order issued, after `after_statement_id`; at most `limit`
  // (1..kMaxPageSize).
  Result<StatementPage> list_statements(const std::string& person_id, int64_t after_statement_id, int limit);

  // Stored people in order of id, after `after_person_id` ("" from the start), each with its
  // latest revision; at most `limit` (1..kMaxPageSize).
  Result<PersonPage> list_people(const std::string& after_person_id, int limit);

  // The right to erasure: removes every revision of the person and every statement issued for
  // them, in one transaction, and records a tombstone (Erasure). Idempotent: erasing a person
  // already erased (and not stored again since) returns the earlier tombstone and writes
  // nothing. A retry of an erased revision's put with its idempotency key is refused rather than
  // storing the person again. Deleted content is overwritten (secure_delete) and the write-ahead
  // log is checkpointed and truncated, so the erased documents do not linger in the files (they
  // do in backups taken before; see doc/operations.md). kUnknownPerson if never stored.
  Result<Erasure> erase_person(const std::string& person_id, const std::string& reason);

  // Every stored person's latest revision, in order of id, each checked, in one snapshot.
  Status for_each_current_person(const std::function<Status(const StoredPerson&)>& visit);

  // A consistent copy of the whole database at `path`, through SQLite's online backup API (other
  // processes may go on writing), written under a temporary name and renamed into place by
  // ReplacementFile with permissions 0600.
  Status backup(const std::string& path);

  // "ok", or what PRAGMA integrity_check found.
  Result<std::string> integrity_check();
  // The same for PRAGMA quick_check (fast enough for every start-up).
  Result<std::string> quick_check();
  // Every record checked against its digest, the links between them, and SQLite's integrity.
  Result<VerifyReport> verify();

  // True when open() made a new, empty database (serve says so in its start-up line).
  bool created() const { return created_; }

  // True once an I/O error (disk full, fsync failure, corruption) has been seen: the database is
  // in doubt and the program must stop rather than answer further requests from it.
  bool failed() const { return failed_; }

 private:
  Store(sqlite3* db, Env& env) : db_(db), env_(env) {}
  Error sqlite_error(const std::string& what);
  Status exec(const char* sql);
  Status prepare_schema(const std::string& path, bool read_only);
  Status upgrade_from_version_1();
  Result<std::string> pragma_check(const char* pragma);
  // What a tombstone keeps of an id or an idempotency key: its SHA-256 with the database's
  // secret salt (kind tells the two apart).
  Result<std::string> salted_hash(std::string_view kind, const std::string& value);
  // kConflict when the key belonged to a revision since erased.
  Status refuse_erased_key(const std::string& key);
  Result<std::optional<Erasure>> latest_erasure(const std::string& person_hash);
  Status record_erasure(Erasure& e, const std::vector<std::string>& keys);
  Status verify_records(VerifyReport& report);
  Result<std::string> last_recorded_at();
  // Inside a write transaction: the time a write made now is recorded at — now_utc(), but never
  // earlier than anything already recorded (if the clock goes back, the last time is reused), so
  // "as known at" is well defined. Advances the stored clock.
  Result<std::string> next_recorded_at();

  sqlite3* db_;
  Env& env_;
  bool failed_ = false;
  bool created_ = false;
};

}  // namespace caremeter
