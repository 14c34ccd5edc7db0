// json_io.h — reading and writing the engine's documents as JSON (doc/person-document.md,
// doc/service.md).
//
// Reading is strict: duplicate keys, unknown fields, wrong types, money with more than two
// decimals, invalid dates — each is refused with a JSON Pointer to the field. Numbers with a
// fraction are never read through a double: the parser keeps their source text.
// Writing is deterministic (fixed key order, no floats), so the same result gives the same bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "caremeter/calc/calculate.h"
#include "caremeter/json/json_fields.h"
#include "caremeter/model/person.h"
#include "caremeter/model/rules.h"
#include "caremeter/model/status.h"

namespace caremeter {

// The words requests and the command line use for how capital is taken over time.
inline constexpr NameTable<CapitalMode, 2> kCapitalModeNames{{{
    {CapitalMode::kAssessed, "assessed"},
    {CapitalMode::kSpendDown, "spend_down"},
}}};

// The words requests use for what to do with a figure past what its rule file knows
// (`unpublished`); the command line writes them with '-' for '_' (--unpublished carry-forward).
inline constexpr NameTable<Unpublished, 3> kUnpublishedNames{{{
    {Unpublished::kRefuse, "refuse"},
    {Unpublished::kCarryForward, "carry_forward"},
    {Unpublished::kProject, "project"},
}}};

struct JsonLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;  // a request line or document
  int max_depth = 64;                         // nesting of arrays and objects
};

// Parses one JSON text. Refuses invalid UTF-8, duplicate keys (naming the key's pointer),
// nesting deeper than the limit, and texts over the size limit. A number with a fraction or
// exponent is kept as its exact source text (see json_number_text) so money can be read exactly.
Result<Json> parse_json_strict(std::string_view text, const JsonLimits& limits = {});

// Compact JSON text of a value from parse_json_strict, numbers exactly as they were written,
// object keys sorted (nlohmann's order): the same document always gives the same bytes.
std::string dump_canonical(const Json& value);

// The person document. Pointers are into the document; callers embedding it in a request
// prefix them (Error::under). The person is normalised (normalise_person) before return.
Result<Person> person_from_json(const Json& document);
Result<Person> parse_person(std::string_view text, const JsonLimits& limits = {});

// A scenario: a name from the rule set, or an object {name?, base, reform_start, parameters,
// rate_basis?} (doc/service.md, "Methods").
Result<Scenario> scenario_from_json(const Json& value, const RuleSet& rules, const std::string& pointer);

// The word that asks for the plain-English reading: `"explain": "plain"` in a request,
// `--explain plain` on the command line.
inline constexpr std::string_view kPlainExplanation = "plain";

// "explain" in a request, onto `request`: false (none), true (each figure with its formula,
// inputs and rule values) or "plain" (that, and the plain-English reading `why`).
Status read_explain(const Json& value, const std::string& pointer, CalculationRequest& request);

// The account result (doc/service.md, `calculate`), compact, keys in a fixed order.
void write_account_result(const AccountResult& result, std::string& out);
std::string account_result_to_json(const AccountResult& result);
// The result's `explain` and `why` lists alone, as the account result writes them (for
// documents that carry them too: the care account statement).
void write_explanations(const std::vector<Explanation>& explain, std::string& out);
void write_plain_sentences(const std::vector<PlainSentence>& why, std::string& out);

// {"code":…,"message":…,"data":{"pointer":…,"reason":…,"file"?:…}} — the error object shared by
// the service (as a JSON-RPC response's "error") and the command line (on stderr as
// {"error": <this>}). The code and the reason come from the table in status.h.
Json error_to_json(const Error& error);

}  // namespace caremeter
