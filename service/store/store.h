// store.h — durable stored care accounts: every revision of every person document, and every
// statement issued, in an embedded SQLite database.
//
// Nothing is ever overwritten or deleted: a correction is a new revision, so any past answer
// can be reproduced "as known at" the time it was given. Each write is one transaction in WAL
// mode with synchronous=FULL, so a write whose answer was sent survives a crash or power loss.
// An I/O error leaves the database in doubt: the Store reports it as fatal and the service stops.
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
  std::string content_sha256;  // of `document`: what an idempotent retry must match
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
};

struct RevisionRef {
  int64_t revision = 0;
  std::string recorded_at;
};

struct StatementRecord {
  int64_t statement_id = 0;
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

struct StoreOptions {
  // How long a write waits for another process holding the database's write lock.
  int busy_timeout_ms = 5000;
  // A SQLite VFS by name ("" = the default); tests register one that injects I/O faults.
  std::string vfs;
};

class Store {
 public:
  // Opens (creating if needed) the database at `path`; ":memory:" gives a private in-memory
  // database for tests. The clock is env.now_utc().
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

  // "ok", or what PRAGMA integrity_check found.
  Result<std::string> integrity_check();

  // True once an I/O error (disk full, fsync failure, corruption) has been seen: the database is
  // in doubt and the program must stop rather than answer further requests from it.
  bool failed() const { return failed_; }

 private:
  Store(sqlite3* db, Env& env) : db_(db), env_(env) {}
  Error sqlite_error(const std::string& what);
  Status exec(const char* sql);
  Result<std::string> last_recorded_at();
  // Inside a write transaction: the time a write made now is recorded at — now_utc(), but never
  // earlier than anything already recorded (if the clock goes back, the last time is reused), so
  // "as known at" is well defined. Advances the stored clock.
  Result<std::string> next_recorded_at();

  sqlite3* db_;
  Env& env_;
  bool failed_ = false;
};

}  // namespace caremeter
