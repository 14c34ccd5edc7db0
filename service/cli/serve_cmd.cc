// serve_cmd.cc — `caremeter serve`: JSON-RPC 2.0 over stdin/stdout, one message per line.
//
// Standard input is read in chunks, so a line of any length streams past: a line over the limit
// is discarded as it arrives (never held whole) and answered as a parse error. Every answer is
// written and flushed before the next line is read, and only after its write has committed.
// SIGTERM (or SIGINT) stops it gracefully: the request in progress finishes and is answered,
// then the program exits 0 without starting another.
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "cli/cli_common.h"
#include "cli/commands.h"
#include "http/serve_http.h"
#include "mcp/stdio.h"
#include "platform/rules_dir.h"
#include "platform/shutdown.h"
#include "rpc/server.h"
#include "store/store.h"

namespace caremeter {

namespace {

void log_line(const std::string& text) { std::fprintf(stderr, "caremeter serve: %s\n", text.c_str()); }

}  // namespace

int serve_main(int argc, char** argv) {
  CLI::App app{"The JSON-RPC 2.0 service: one request per line on stdin, one answer per line on stdout "
               "(doc/service.md).",
               "serve"};
  std::string db_path = "caremeter.db";
  std::string rules_dir;
  CLI::Option* db_option =
      app.add_option("--db", db_path, "SQLite database of stored care accounts (created if missing; with --mcp or "
                                      "--http there are no stored accounts unless it is given)")
          ->capture_default_str();
  CLI::Option* rules_option = app.add_option("--rules", rules_dir, "rules directory (default: the installed rules)");
  bool mcp = false;
  HttpCommand http;
  CLI::Option* http_option =
      app.add_option("--http", http.address, "serve HTTP on HOST:PORT (e.g. 127.0.0.1:8080): POST /rpc, GET / (the "
                                             "self-assessment page), /healthz, /schema/");
  app.add_option("--token-file", http.token_file, "with --http: file holding the bearer token for stored accounts");
  app.add_option("--workers", http.workers, "with --http: worker threads")->check(CLI::Range(1, 64))->capture_default_str();
  app.add_flag("--mcp", mcp, "speak the Model Context Protocol on stdin/stdout (tools for assistants)")->excludes(http_option);
  if (auto status = parse_command_line(app, argc, argv)) return *status;
  // The other doors open a database only when asked to: stored accounts are personal data.
  const bool stored_accounts = !(mcp || http_option->count() > 0) || db_option->count() > 0;

  Env& env = *Env::posix();
  std::optional<HttpDoorOptions> http_options;
  if (http_option->count() > 0) {
    http.stored_accounts = stored_accounts;
    auto options = http_door_options(env, http);
    if (!options) return report_error(options.error());
    http_options = std::move(*options);
  }
  if (rules_option->count() == 0) rules_dir = default_rules_dir(env);
  auto catalog = load_rule_catalog(env, rules_dir);
  if (!catalog) {
    log_line("cannot load the rules: " + catalog.error().to_string());
    return kExitFailure;
  }
  auto store = Store::open(stored_accounts ? db_path : ":memory:", env);
  if (!store) {
    log_line("cannot open the database: " + store.error().to_string());
    return kExitFailure;
  }
  if (auto check = (*store)->quick_check(); !check || *check != "ok") {
    log_line("the database " + db_path + " fails SQLite's quick_check (" +
             (check ? *check : check.error().to_string()) + "); run `caremeter store verify --db " + db_path +
             "` and restore it from a backup (doc/operations.md)");
    return kExitFailure;
  }
  Server server(*catalog, **store);

  // A client that closes its end early makes the write fail (and the service stop with a log
  // line) instead of killing the process silently.
  ::signal(SIGPIPE, SIG_IGN);
  // The other doors (doc/service.md): HTTP, and MCP on stdin/stdout.
  if (http_options) return serve_http(*catalog, **store, std::move(*http_options));
  if (mcp) {
    McpSession session(server, stored_accounts);
    log_line("MCP ready: " + std::to_string(catalog->sets().size()) + " rule set(s) from " + rules_dir +
             (stored_accounts ? ", database " + db_path : ", no database"));
    return run_mcp_stdio(session, server.limits().max_line_bytes);
  }
  ShutdownSignals shutdown;
  log_line("ready: " + std::to_string(catalog->sets().size()) + " rule set(s) from " + rules_dir + ", database " +
           db_path + ((*store)->created() ? " (created: a new, empty store)" : ""));

  const std::size_t limit = server.limits().max_line_bytes;
  std::string line;
  bool discarding = false;  // inside a line over the limit: drop bytes until its newline
  std::string chunk(1 << 16, '\0');

  auto answer = [&]() -> bool {
    std::string out = discarding ? server.oversized_line_response() : server.handle_line(line);
    discarding = false;
    line.clear();
    if (line.capacity() > (1u << 20)) line.shrink_to_fit();  // do not keep a big line's buffer
    if (!out.empty() && !write_stdout(out + "\n")) {  // a notification gets no answer
      log_line("cannot write to standard output (" + std::string(std::strerror(errno)) + "); stopping");
      return false;
    }
    if (server.must_stop()) {
      log_line("a storage I/O error leaves the database in doubt; stopping");
      return false;
    }
    return true;
  };

  for (;;) {
    if (shutdown.wait_readable(0) == ShutdownSignals::Wait::kStop) break;
    ssize_t n = ::read(0, chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      log_line("cannot read standard input: " + std::string(std::strerror(errno)));
      return kExitFailure;
    }
    if (n == 0) break;
    const char* p = chunk.data();
    const char* end = p + n;
    while (p < end) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      const char* stop = nl ? nl : end;
      std::size_t len = static_cast<std::size_t>(stop - p);
      if (!discarding) {
        if (line.size() + len > limit) {
          discarding = true;
          std::string().swap(line);
        } else {
          line.append(p, len);
        }
      }
      if (!nl) break;
      if (!answer()) return kExitFailure;
      if (shutdown.stop_requested()) break;
      p = nl + 1;
    }
  }
  if (shutdown.stop_requested()) {
    log_line("stopping on a signal; the request in progress was answered");
    return kExitOk;
  }
  // The last line may lack its newline.
  if (discarding || !line.empty()) {
    if (!answer()) return kExitFailure;
  }
  return kExitOk;
}

}  // namespace caremeter
