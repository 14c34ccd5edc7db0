// tools.h — the MCP tools: each one a JSON-RPC method of the service under a name an assistant
// understands, with its input and output schemas (from service/schema/) and a summary in words.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "caremeter/json/json_io.h"

namespace caremeter {

struct McpTool {
  std::string_view name;         // "calculate_charges"
  std::string_view title;
  std::string_view description;
  std::string_view rpc_method;   // "calculate": the tool's arguments are that method's params
  std::string_view input_schema;   // schema file of the params
  std::string_view output_schema;  // schema file of the result
  bool read_only;
  bool needs_store;
  // structuredContent must be an object, so an answer that is a list (compare) is given under
  // this key; empty: the answer as it is.
  std::string_view wrap_key;
  std::string (*summarise)(const Json& structured);
};

std::span<const McpTool> mcp_tools();
const McpTool* find_mcp_tool(std::string_view name);

// The tool as tools/list shows it. Without structured output (protocol versions before
// 2025-06-18) there is no outputSchema and no title. An error when a schema does not bundle (a
// bug in the schema files, caught by the tests).
Result<Json> describe_tool(const McpTool& tool, bool structured_output);

}  // namespace caremeter
