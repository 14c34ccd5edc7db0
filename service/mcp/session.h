// session.h — the Model Context Protocol (MCP) door: `caremeter serve --mcp`, for assistants
// that call tools. One session per process, messages one per line on stdin and stdout
// (newline-delimited JSON-RPC 2.0, MCP's stdio transport).
//
// It serves both eras of the protocol: a client that opens with `initialize` (revisions
// 2024-11-05 to 2025-11-25, the version negotiated from the client's protocolVersion) and a
// client of revision 2026-07-28, which sends no handshake but names its version in each
// request's _meta and may ask `server/discover`. The tools run the same methods as the JSON-RPC
// door (Server::call) and give the same JSON as their structured content. doc/service.md
// describes the door.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "caremeter/json/json_io.h"
#include "rpc/server.h"

namespace caremeter {

inline constexpr std::string_view kMcpModernVersion = "2026-07-28";
// Oldest last; the first is offered to a client asking for a version not in the list.
inline constexpr std::string_view kMcpLegacyVersions[] = {"2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"};

// A JSON-RPC error of the protocol itself (not a tool's: those are results with isError).
struct McpRpcError {
  int code = 0;
  std::string message;
  Json data;  // null: none
};
using McpOutcome = std::variant<Json, McpRpcError>;

class McpSession {
 public:
  // `server` runs the methods; with `stored_accounts` false (no database) the tools that need
  // one are not offered.
  McpSession(Server& server, bool stored_accounts);

  // The answer to one line (a message, or a batch of them), or nullopt when none is due
  // (notifications, and responses from the client). Never throws.
  std::optional<std::string> handle_line(std::string_view line);
  // The answer to a line over the length limit.
  std::string oversized_line_response() const { return server_.oversized_line_response(); }

  // The protocol version agreed by `initialize` ("" before it).
  const std::string& negotiated_version() const { return negotiated_; }
  bool must_stop() const { return server_.must_stop(); }
  // Where the session logs (standard error by default).
  void set_log(std::function<void(const std::string&)> log) { log_ = std::move(log); }

 private:
  std::optional<std::string> handle_one(const Json& message);
  McpOutcome run(const std::string& method, const Json& params, const std::string& version);
  McpOutcome initialize(const Json& params);
  McpOutcome discover() const;
  McpOutcome list_tools(const std::string& version) const;
  McpOutcome call_tool(const Json& params, const std::string& version);

  Server& server_;
  bool stored_accounts_;
  std::string negotiated_;
  std::function<void(const std::string&)> log_;
};

}  // namespace caremeter
