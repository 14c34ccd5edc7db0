// lifecycle_methods.cc — statement.get, statement.list, person.list, person.erase.
//
// Answers are written as text, so that a statement stored as issued is sent back exactly as it
// is stored, never re-serialised.
#include "rpc/lifecycle_methods.h"

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace caremeter {

namespace {

struct StatementGetParams {
  static constexpr std::array<std::string_view, 1> kKeys{"statement_id"};
};
struct StatementListParams {
  static constexpr std::array<std::string_view, 3> kKeys{"person_id", "after", "limit"};
};
struct PersonListParams {
  static constexpr std::array<std::string_view, 2> kKeys{"after", "limit"};
};
struct PersonEraseParams {
  static constexpr std::array<std::string_view, 2> kKeys{"person_id", "reason"};
};

std::string text(const std::string& s) { return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace); }

template <class Keys>
Result<int> read_limit(const JsonObject<Keys>& params) {
  auto limit = params.optional_whole_number("limit", 1, kMaxPageSize);
  if (!limit) return std::move(limit).error();
  return static_cast<int>(limit->value_or(kDefaultPageSize));
}

// One statement of a listing: what it was filed under, and the statement as issued.
void statement_entry(std::string& out, const StatementRecord& r) {
  out += "{\"statement_id\":" + std::to_string(r.statement_id);
  out += ",\"scenario\":" + text(r.scenario);
  out += ",\"period_end\":" + text(to_string(r.period_end));
  out += ",\"issued_at\":" + text(r.issued_at);
  out += ",\"person_revision\":" + std::to_string(r.person_revision);
  out += ",\"rules\":{\"id\":" + text(r.rules_id) + ",\"version\":" + text(r.rules_version) +
         ",\"sha256\":" + text(r.rules_sha256) + "}";
  out += ",\"accrued\":" + text(r.accrued);
  out += ",\"statement\":";
  out += r.figures;
  out += "}";
}

}  // namespace

Result<std::string> statement_get_method(Store& store, const Json& json) {
  ASSIGN_OR_RETURN(auto params, JsonObject<StatementGetParams>::open(json, ""));
  ASSIGN_OR_RETURN(int64_t id, params.whole_number("statement_id", 1));
  ASSIGN_OR_RETURN(StatementRecord record, store.get_statement(id));
  return std::move(record.figures);
}

Result<std::string> statement_list_method(Store& store, const Json& json) {
  ASSIGN_OR_RETURN(auto params, JsonObject<StatementListParams>::open(json, ""));
  ASSIGN_OR_RETURN(std::string person_id, params.text("person_id", "the id of a stored person"));
  ASSIGN_OR_RETURN(std::optional<int64_t> after, params.optional_whole_number("after", 0));
  ASSIGN_OR_RETURN(int limit, read_limit(params));
  ASSIGN_OR_RETURN(StatementPage page, store.list_statements(person_id, after.value_or(0), limit));
  std::string out = "{\"person_id\":" + text(person_id) + ",\"statements\":[";
  for (std::size_t i = 0; i < page.statements.size(); ++i) {
    if (i > 0) out += ",";
    statement_entry(out, page.statements[i]);
  }
  out += "],\"next_after\":" + (page.next_after ? std::to_string(*page.next_after) : std::string("null")) + "}";
  return out;
}

Result<std::string> person_list_method(Store& store, const Json& json) {
  ASSIGN_OR_RETURN(auto params, JsonObject<PersonListParams>::open(json, ""));
  ASSIGN_OR_RETURN(std::optional<std::string> after, params.optional_string("after", "a person id to list after"));
  ASSIGN_OR_RETURN(int limit, read_limit(params));
  ASSIGN_OR_RETURN(PersonPage page, store.list_people(after.value_or(""), limit));
  std::string out = "{\"people\":[";
  for (std::size_t i = 0; i < page.people.size(); ++i) {
    const PersonSummary& p = page.people[i];
    if (i > 0) out += ",";
    out += "{\"person_id\":" + text(p.person_id) + ",\"revision\":" + std::to_string(p.revision) +
           ",\"recorded_at\":" + text(p.recorded_at) + "}";
  }
  out += "],\"next_after\":" + (page.next_after ? text(*page.next_after) : std::string("null")) + "}";
  return out;
}

Result<std::string> person_erase_method(Store& store, const Json& json) {
  ASSIGN_OR_RETURN(auto params, JsonObject<PersonEraseParams>::open(json, ""));
  ASSIGN_OR_RETURN(std::string person_id, params.text("person_id", "the id of a stored person"));
  ASSIGN_OR_RETURN(std::string reason,
                   params.string("reason", "the reason for the erasure, a reference to the request (\"ER-2026-17\")"));
  ASSIGN_OR_RETURN(Erasure e, store.erase_person(person_id, reason));
  return "{\"erasure_id\":" + std::to_string(e.erasure_id) + ",\"person_hash\":" + text(e.person_hash) +
         ",\"erased_at\":" + text(e.erased_at) + ",\"reason\":" + text(e.reason) +
         ",\"revisions\":" + std::to_string(e.revisions) + ",\"statements\":" + std::to_string(e.statements) +
         ",\"already_erased\":" + (e.already_erased ? "true" : "false") + "}";
}

}  // namespace caremeter
