// stdio.h — MCP's stdio transport: messages one per line on standard input, answers one per
// line on standard output, logs on standard error.
#pragma once

#include "mcp/session.h"

namespace caremeter {

// Serves the session until end of input; 0, or 1 when output could not be written or storage
// failed (the database is then in doubt and the service stops).
int run_mcp_stdio(McpSession& session, std::size_t max_line_bytes);

}  // namespace caremeter
