// serve_http.h — starting the HTTP door from `caremeter serve --http …`: checking the options
// before anything is loaded, then serving until SIGTERM or SIGINT.
#pragma once

#include <string>

#include "http/http_door.h"
#include "platform/env.h"

namespace caremeter {

struct HttpCommand {
  std::string address;     // --http
  std::string token_file;  // --token-file ("" = none)
  int workers = 2;         // --workers
  bool stored_accounts = false;  // --db was given
};

// The door's options, or what is wrong with the command: an address that is not HOST:PORT; a
// database without a token file (stored accounts are personal data: over HTTP they need a
// token); a token file that cannot be read or holds no token.
Result<HttpDoorOptions> http_door_options(Env& env, const HttpCommand& command);

// Listens, logs the address, serves until stopped; the program's exit status (1 when it could
// not listen or storage failed).
int serve_http(const RuleCatalog& rules, Store& store, HttpDoorOptions options);

}  // namespace caremeter
