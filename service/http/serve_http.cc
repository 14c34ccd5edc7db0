// serve_http.cc — the HTTP door's start and end.
#include "http/serve_http.h"

#include <cstdio>

namespace caremeter {

namespace {

void log_line(const std::string& text) { std::fprintf(stderr, "caremeter serve --http: %s\n", text.c_str()); }

// The token is the file's text without surrounding white space (a trailing newline, say).
Result<std::string> read_token(Env& env, const std::string& path) {
  auto text = env.read_file(path, 4096);  // a token is tens of bytes
  if (!text) {
    Error e = std::move(text).error();
    e.pointer = "/--token-file";
    return e;
  }
  const std::string& t = *text;
  const std::size_t first = t.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return invalid_input("/--token-file", "the token file '" + path + "' is empty");
  const std::string token = t.substr(first, t.find_last_not_of(" \t\r\n") - first + 1);
  if (token.size() < 16) {
    return invalid_input("/--token-file", "the token in '" + path + "' is shorter than 16 characters: use a long random one, e.g. from `openssl rand -hex 32`");
  }
  return token;
}

}  // namespace

Result<HttpDoorOptions> http_door_options(Env& env, const HttpCommand& command) {
  HttpDoorOptions options;
  auto address = parse_listen_address(command.address);
  if (!address) return std::move(address).error().under("/--http");
  options.host = address->first;
  options.port = address->second;
  options.workers = command.workers;
  options.stored_accounts = command.stored_accounts;
  options.handle_signals = true;
  if (!command.token_file.empty()) {
    auto token = read_token(env, command.token_file);
    if (!token) return std::move(token).error();
    options.token = *token;
  } else if (command.stored_accounts) {
    return invalid_input("/--token-file", "--http with --db needs --token-file: requests for stored accounts must carry "
                                          "its bearer token");
  }
  return options;
}

int serve_http(const RuleCatalog& rules, Store& store, HttpDoorOptions options) {
  HttpDoor door(rules, store, options);
  if (Status listening = door.listen(); !listening) {
    log_line(listening.error().message);
    return 1;
  }
  const bool v6 = options.host.find(':') != std::string::npos;
  log_line("listening on http://" + (v6 ? "[" + options.host + "]" : options.host) + ":" + std::to_string(door.port()) +
           " with " + std::to_string(options.workers) + " worker(s)" +
           (options.stored_accounts ? "; stored accounts need the bearer token" : "; no database"));
  door.run();
  log_line(door.storage_failed() ? "stopped after a storage I/O error" : "stopped");
  return door.storage_failed() ? 1 : 0;
}

}  // namespace caremeter
