// tools.cc — the tool table and the tool descriptions.
#include "mcp/tools.h"

#include "mcp/summary.h"
#include "schema/schemas.h"

namespace caremeter {

namespace {

std::string summarise_results_list(const Json& wrapped) { return summarise_compare(wrapped.value("results", Json::array())); }

constexpr McpTool kTools[] = {
    {"calculate_charges", "Calculate care charges",
     "What a person pays for adult social care in England and what the council pays, on a date, under the law "
     "as it stands (current-law) or under a reform scenario with the cap on care costs: the weekly figures, the "
     "totals, the care account (what counts toward the cap, what remains) and the date the cap would be reached. "
     "Give the person document, the date (as_of) and, optionally, a scenario.",
     "calculate", "calculate-params.schema.json", "account-result.schema.json", true, false, "",
     summarise_account_result},
    {"compare_scenarios", "Compare scenarios",
     "The same person and date under several scenarios (for example current-law, reform-2023-10, reform-2025-10, "
     "or a changed scenario such as a later reform start): one account result per scenario, in the order given, "
     "under \"results\".",
     "compare", "compare-params.schema.json", "compare-result.schema.json", true, false, "results",
     summarise_results_list},
    {"get_care_account", "Get a stored care account",
     "The care account of a person stored in the service's database, on a date: the same result as "
     "calculate_charges gives for the stored person document (the latest revision, or the one known at a time).",
     "account.get", "account-get-params.schema.json", "account-result.schema.json", true, true, "",
     summarise_account_result},
    {"get_statement", "Issue a care account statement",
     "Issues the care account statement (Care Act 2014 ss15-16) for the 12 months ending period_end for a stored "
     "person, records it, and returns it: progress toward the cap, daily living costs, adjustments since the "
     "previous statement and, within 18 months of the cap, the indicative date it is reached. Each call records "
     "a new statement.",
     "account.statement", "account-statement-params.schema.json", "statement.schema.json", false, true, "",
     summarise_statement},
};

}  // namespace

std::span<const McpTool> mcp_tools() { return kTools; }

const McpTool* find_mcp_tool(std::string_view name) {
  for (const McpTool& t : kTools) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

Result<Json> describe_tool(const McpTool& tool, bool structured_output) {
  auto input = bundled_schema(tool.input_schema);
  if (!input) return input;
  Json out = Json::object();
  out["name"] = tool.name;
  if (structured_output) out["title"] = tool.title;
  out["description"] = tool.description;
  out["inputSchema"] = std::move(*input);
  if (structured_output) {
    auto output = bundled_schema(tool.output_schema);
    if (!output) return output;
    Json schema = std::move(*output);
    if (!tool.wrap_key.empty()) {
      Json defs = schema.contains("$defs") ? schema["$defs"] : Json::object();
      schema.erase("$defs");
      Json wrapped = {{"type", "object"},
                      {"additionalProperties", false},
                      {"required", Json::array({std::string(tool.wrap_key)})},
                      {"properties", Json::object({{std::string(tool.wrap_key), std::move(schema)}})}};
      if (!defs.empty()) wrapped["$defs"] = std::move(defs);
      schema = std::move(wrapped);
    }
    out["outputSchema"] = std::move(schema);
  }
  out["annotations"] = {{"readOnlyHint", tool.read_only},
                        {"destructiveHint", false},
                        {"idempotentHint", tool.read_only},
                        {"openWorldHint", false}};
  return out;
}

}  // namespace caremeter
