// session.cc — MCP messages: the handshake (legacy revisions), discovery (2026-07-28), tools.
#include "mcp/session.h"

#include <cstdio>
#include <exception>
#include <utility>

#include "mcp/summary.h"
#include "mcp/tools.h"
#include "rpc/envelope.h"

#ifndef CAREMETER_VERSION
#define CAREMETER_VERSION "0"
#endif

namespace caremeter {

namespace {

constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
// UnsupportedProtocolVersionError of revision 2026-07-28.
constexpr int kUnsupportedProtocolVersion = -32022;
constexpr const char* kVersionKey = "io.modelcontextprotocol/protocolVersion";
constexpr const char* kServerInfoKey = "io.modelcontextprotocol/serverInfo";
// How long a client may keep tools/list and server/discover: the tools change only when the
// program is started with other options.
constexpr int kListTtlMs = 3600000;

constexpr const char* kInstructions =
    "Calculates adult social care charges in England (the means test councils use today) and care accounts "
    "toward the cap on care costs under reform scenarios. Money is a decimal string such as \"700.00\"; dates are "
    "YYYY-MM-DD. Scenarios: current-law (the default), reform-2023-10, reform-2025-10, or an object that changes "
    "one (e.g. {\"base\": \"reform-2025-10\", \"reform_start\": \"2028-04-01\"}). A refused input comes back as a "
    "tool error naming the field by JSON Pointer.";

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

Json server_info(bool with_title) {
  Json info = {{"name", "caremeter"}, {"version", CAREMETER_VERSION}};
  if (with_title) info["title"] = "caremeter: care charges and care accounts";
  return info;
}

Json supported_versions() {
  Json v = Json::array({std::string(kMcpModernVersion)});
  for (std::string_view l : kMcpLegacyVersions) v.push_back(std::string(l));
  return v;
}

bool is_legacy_version(const std::string& v) {
  for (std::string_view l : kMcpLegacyVersions) {
    if (l == v) return true;
  }
  return false;
}

// Tool titles, output schemas and structured content came with revision 2025-06-18.
bool structured_output(const std::string& version) { return version >= "2025-06-18"; }

std::string answer(const std::string& id, const Json& result) {
  return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + dump(result) + "}";
}

std::string error_answer(const std::string& id, const McpRpcError& e) {
  Json error = {{"code", e.code}, {"message", e.message}};
  if (!e.data.is_null()) error["data"] = e.data;
  return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":" + dump(error) + "}";
}

McpRpcError invalid_params(std::string message) { return {kInvalidParams, std::move(message), Json()}; }

}  // namespace

McpSession::McpSession(Server& server, bool stored_accounts)
    : server_(server), stored_accounts_(stored_accounts), log_([](const std::string& text) {
        std::fprintf(stderr, "caremeter serve --mcp: %s\n", text.c_str());
      }) {}

std::optional<std::string> McpSession::handle_line(std::string_view line) {
  try {
    const ServerLimits& limits = server_.limits();
    if (line.size() > limits.max_line_bytes) return oversized_line_response();
    auto parsed = parse_json_strict(line, JsonLimits{limits.max_line_bytes, limits.max_depth});
    if (!parsed) {
      return error_answer("null", {kParseError, parsed.error().message, Json{{"pointer", parsed.error().pointer}}});
    }
    return answer_message(*parsed, [this](const Json& m) { return handle_one(m); });
  } catch (const std::exception& e) {
    return error_answer("null", {kInternalError, std::string("internal error: ") + e.what(), Json()});
  }
}

std::optional<std::string> McpSession::handle_one(const Json& m) {
  if (!m.is_object()) return invalid_request_answer("", "expected a JSON-RPC message (an object), got " + json_type_name(m));
  const bool has_id = m.contains("id");
  if (!m.contains("method")) {
    // A response from the client: this server sends no requests, so there is nothing to match.
    if (has_id && (m.contains("result") || m.contains("error"))) return std::nullopt;
    return invalid_request_answer("/method", "missing: expected the method name");
  }
  std::string id = "null";
  if (has_id) {
    const Json& v = m["id"];
    if (v.is_string()) {
      id = dump(v);
    } else if (v.is_number_integer()) {
      id = json_number_text(v).value_or(dump(v));
    } else {
      return invalid_request_answer("/id", "expected the id as a string or a whole number, got " + json_type_name(v));
    }
  }
  const Json& version = m.value("jsonrpc", Json());
  if (!version.is_string() || version.get<std::string>() != "2.0") {
    return error_answer(id, {kInvalidRequest, "expected \"jsonrpc\": \"2.0\"", Json{{"pointer", "/jsonrpc"}}});
  }
  if (!m["method"].is_string()) {
    return error_answer(id, {kInvalidRequest, "expected the method name as a string", Json{{"pointer", "/method"}}});
  }
  const std::string method = m["method"].get<std::string>();
  const Json params = m.value("params", Json::object());
  if (!params.is_object()) return error_answer(id, invalid_params("expected params as an object"));
  if (!has_id) return std::nullopt;  // notifications/initialized, notifications/cancelled, …: nothing to answer

  // A request of revision 2026-07-28 names its version in _meta; a legacy one relies on initialize.
  const Json meta = params.value("_meta", Json::object());
  const bool modern = meta.is_object() && meta.contains(kVersionKey);
  std::string protocol = negotiated_.empty() ? std::string(kMcpLegacyVersions[0]) : negotiated_;
  if (modern) {
    const Json& requested = meta[kVersionKey];
    if (!requested.is_string() || requested.get<std::string>() != kMcpModernVersion) {
      return error_answer(id, {kUnsupportedProtocolVersion, "Unsupported protocol version",
                               Json{{"supported", supported_versions()}, {"requested", requested}}});
    }
    protocol = std::string(kMcpModernVersion);
  }
  McpOutcome outcome = run(method, params, protocol);
  if (auto* error = std::get_if<McpRpcError>(&outcome)) return error_answer(id, *error);
  Json result = std::move(std::get<Json>(outcome));
  if (modern) {
    result["resultType"] = "complete";
    result["_meta"][kServerInfoKey] = server_info(true);
  }
  return answer(id, result);
}

McpOutcome McpSession::run(const std::string& method, const Json& params, const std::string& version) {
  if (method == "initialize") return initialize(params);
  if (method == "ping") return Json::object();
  if (method == "server/discover") return discover();
  if (method == "tools/list") return list_tools(version);
  if (method == "tools/call") return call_tool(params, version);
  return McpRpcError{kMethodNotFound,
                     "unknown method '" + method + "' (this server answers: initialize, ping, server/discover, "
                     "tools/list, tools/call)",
                     Json{{"pointer", "/method"}}};
}

McpOutcome McpSession::initialize(const Json& params) {
  const Json& requested = params.value("protocolVersion", Json());
  if (!requested.is_string()) return invalid_params("initialize: expected protocolVersion as a string");
  const std::string asked = requested.get<std::string>();
  // The client's version when this server speaks it, else the newest this server speaks with a
  // handshake; the client then decides whether it can go on.
  negotiated_ = is_legacy_version(asked) ? asked : std::string(kMcpLegacyVersions[0]);
  const Json client = params.value("clientInfo", Json::object());
  log_("client " + (client.is_object() ? dump(client) : std::string("(unnamed)")) + " asked for protocol " + asked +
       "; speaking " + negotiated_);
  return Json{{"protocolVersion", negotiated_},
              {"capabilities", {{"tools", {{"listChanged", false}}}}},
              {"serverInfo", server_info(structured_output(negotiated_))},
              {"instructions", kInstructions}};
}

McpOutcome McpSession::discover() const {
  return Json{{"supportedVersions", supported_versions()},
              {"capabilities", {{"tools", {{"listChanged", false}}}}},
              {"instructions", kInstructions},
              {"ttlMs", kListTtlMs},
              {"cacheScope", "public"}};
}

McpOutcome McpSession::list_tools(const std::string& version) const {
  Json tools = Json::array();
  for (const McpTool& tool : mcp_tools()) {
    if (tool.needs_store && !stored_accounts_) continue;
    auto described = describe_tool(tool, structured_output(version));
    if (!described) return McpRpcError{kInternalError, described.error().to_string(), Json()};
    tools.push_back(std::move(*described));
  }
  Json result = {{"tools", std::move(tools)}};
  if (version == kMcpModernVersion) {
    result["ttlMs"] = kListTtlMs;
    result["cacheScope"] = "public";
  }
  return result;
}

McpOutcome McpSession::call_tool(const Json& params, const std::string& version) {
  const Json& name = params.value("name", Json());
  if (!name.is_string()) return invalid_params("tools/call: expected the tool's name as a string");
  const McpTool* tool = find_mcp_tool(name.get<std::string>());
  if (!tool || (tool->needs_store && !stored_accounts_)) {
    return invalid_params("unknown tool '" + name.get<std::string>() + "'" +
                          (tool ? " (it needs a database: start the service with --db FILE)" : ""));
  }
  const Json arguments = params.value("arguments", Json::object());
  if (!arguments.is_object()) return invalid_params("tools/call: expected arguments as an object");

  Json response = Json::parse(server_.call(std::string(tool->rpc_method), arguments));
  if (response.contains("error")) {
    // A refused input or a failed calculation is the tool's answer, for the model to read and act on.
    const Json& error = response["error"];
    return Json{{"content", Json::array({Json{{"type", "text"}, {"text", summarise_error(error)}},
                                         Json{{"type", "text"}, {"text", dump(error)}}})},
                {"isError", true}};
  }
  Json structured = std::move(response["result"]);
  if (!tool->wrap_key.empty()) structured = Json{{std::string(tool->wrap_key), std::move(structured)}};
  const std::string text = tool->summarise(structured);
  Json result = {{"content", Json::array({Json{{"type", "text"}, {"text", text}},
                                          Json{{"type", "text"}, {"text", dump(structured)}}})},
                 {"isError", false}};
  if (structured_output(version)) {
    result["structuredContent"] = std::move(structured);
  }
  return result;
}

}  // namespace caremeter
