// lifecycle_methods.h — the JSON-RPC methods of the stored data's lifecycle (doc/service.md,
// "The stored data's lifecycle"): reading issued statements back, listing stored people, and
// erasure. Each reads its params (an object; unknown keys refused, errors with a pointer into
// params) and answers from the Store; the dispatcher (server.cc) holds the store's lock.
#pragma once

#include <string>

#include "caremeter/json/json_fields.h"
#include "store/store.h"

namespace caremeter {

// A page holds this many entries when the request does not say (at most kMaxPageSize).
constexpr int kDefaultPageSize = 100;

// statement.get {statement_id}: the statement exactly as it was issued, byte for byte.
Result<std::string> statement_get_method(Store& store, const Json& params);

// statement.list {person_id, after?, limit?}: a person's statements in the order issued, each
// with its id and the statement as issued, and where the next page starts.
Result<std::string> statement_list_method(Store& store, const Json& params);

// person.list {after?, limit?}: stored people in order of id, each with its latest revision.
Result<std::string> person_list_method(Store& store, const Json& params);

// person.erase {person_id, reason}: the right to erasure (UK GDPR Art. 17; doc/operations.md):
// every revision and statement of the person removed, a tombstone kept. Idempotent.
Result<std::string> person_erase_method(Store& store, const Json& params);

}  // namespace caremeter
