// stdio.cc — the MCP session over standard input and output.
#include "mcp/stdio.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "rpc/line_stream.h"

namespace caremeter {

namespace {

void log_line(const std::string& text) { std::fprintf(stderr, "caremeter serve --mcp: %s\n", text.c_str()); }

bool write_answer(std::string text) {
  text.push_back('\n');
  return std::fwrite(text.data(), 1, text.size(), stdout) == text.size() && std::fflush(stdout) == 0;
}

}  // namespace

int run_mcp_stdio(McpSession& session, std::size_t max_line_bytes) {
  bool failed = false;
  Status read = read_lines(0, max_line_bytes, [&](std::string_view line, bool oversized) {
    std::optional<std::string> out = oversized ? session.oversized_line_response() : session.handle_line(line);
    if (out && !write_answer(std::move(*out))) {
      log_line("cannot write to standard output (" + std::string(std::strerror(errno)) + "); stopping");
      failed = true;
      return false;
    }
    if (session.must_stop()) {
      log_line("a storage I/O error leaves the database in doubt; stopping");
      failed = true;
      return false;
    }
    return true;
  });
  if (!read) {
    log_line(read.error().message);
    return 1;
  }
  return failed ? 1 : 0;
}

}  // namespace caremeter
