// routes.h — what the HTTP door answers, apart from how bytes move (http_door.cc does that):
//   POST /rpc          the JSON-RPC methods, as on standard input (a request or a batch)
//   GET  /healthz      {"status":"ok"} while serving
//   GET  /             the self-assessment page (and its files: /app.js, /app.css)
//   GET  /schema/      the JSON Schemas' names; GET /schema/NAME one schema
// Methods that read or write stored accounts need the bearer token; the calculators do not.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "platform/embedded.h"
#include "rpc/server.h"

namespace caremeter {

struct HttpRequest {
  std::string method;         // "GET", "POST", …
  std::string target;         // "/rpc", "/schema/person.schema.json?x=1"
  std::string content_type;   // the Content-Type header, "" if none
  std::string authorization;  // the Authorization header, "" if none
  std::string body;
};

struct HttpResponse {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // beyond Content-Type and Content-Length
};

struct RouteContext {
  Server& server;                           // this worker's dispatcher
  const std::optional<std::string>& token;  // the bearer token for stored accounts (none: refused)
  bool stored_accounts = false;             // started with a database
  bool stopping = false;                    // shutting down: /healthz says so
};

// The self-assessment page's files (service/web/), built into the program.
std::span<const EmbeddedFile> web_files();

HttpResponse route(const HttpRequest& request, const RouteContext& context);

}  // namespace caremeter
