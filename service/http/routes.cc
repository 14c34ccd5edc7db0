// routes.cc — the HTTP door's answers.
#include "http/routes.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "rpc/methods.h"
#include "schema/schemas.h"

namespace caremeter {

namespace {

constexpr const char* kJson = "application/json";
// The page loads only its own files and talks only to its own origin.
constexpr const char* kPagePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

HttpResponse json_response(int status, std::string body) {
  return HttpResponse{status, kJson, std::move(body), {{"Cache-Control", "no-store"}}};
}

HttpResponse message(int status, const std::string& text) {
  return json_response(status, Json{{"error", text}}.dump());
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view content_type_for(std::string_view name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".schema.json")) return "application/schema+json";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

HttpResponse file_response(std::string_view name, std::string_view content) {
  HttpResponse r{200, std::string(content_type_for(name)), std::string(content), {{"Cache-Control", "no-cache"}}};
  if (name.ends_with(".html")) {
    r.headers.emplace_back("Content-Security-Policy", kPagePolicy);
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
  }
  return r;
}

HttpResponse method_not_allowed(const char* allow) {
  HttpResponse r = message(405, std::string("method not allowed here (allowed: ") + allow + ")");
  r.headers.emplace_back("Allow", allow);
  return r;
}

// True when the message (a request or a batch) names a method that reads or writes stored accounts.
bool touches_stored_accounts(const Json& message) {
  auto one = [](const Json& r) {
    if (!r.is_object()) return false;
    auto m = r.find("method");
    if (m == r.end() || !m->is_string()) return false;
    const MethodInfo* info = find_rpc_method(m->get_ref<const std::string&>());
    return info != nullptr && uses_store(*info);
  };
  if (!message.is_array()) return one(message);
  return std::any_of(message.begin(), message.end(), one);
}

bool authorized(const std::string& header, const std::optional<std::string>& token) {
  constexpr std::string_view kScheme = "bearer ";
  if (!token || header.size() <= kScheme.size() || lower(header.substr(0, kScheme.size())) != kScheme) return false;
  std::string_view given = std::string_view(header).substr(kScheme.size());
  // In constant time, so the token cannot be guessed a byte at a time from how long refusals take.
  return given.size() == token->size() && CRYPTO_memcmp(given.data(), token->data(), given.size()) == 0;
}

HttpResponse rpc(const HttpRequest& request, const RouteContext& context) {
  if (request.method != "POST") return method_not_allowed("POST");
  std::string type = lower(request.content_type);
  if (type.substr(0, type.find(';')) != kJson) {
    return message(415, "expected Content-Type: application/json (a JSON-RPC 2.0 request or batch)");
  }
  Server& server = context.server;
  auto parsed = parse_json_strict(request.body, JsonLimits{server.limits().max_line_bytes, server.limits().max_depth});
  // Not JSON: the dispatcher gives the same parse error as on standard input.
  if (!parsed) return json_response(200, server.handle_line(request.body));
  if (touches_stored_accounts(*parsed)) {
    if (!context.stored_accounts) {
      return message(403, "this service was started without --db: stored accounts (person.*, account.*) are not "
                          "offered; calculate, compare and rules.list are");
    }
    if (!authorized(request.authorization, context.token)) {
      HttpResponse r = message(401, "stored accounts need the service's bearer token: Authorization: Bearer <token>");
      r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"caremeter\"");
      return r;
    }
  }
  std::optional<std::string> answer = server.handle_message(*parsed);
  if (!answer) return HttpResponse{204, "", "", {}};  // only notifications: nothing to say
  return json_response(200, std::move(*answer));
}

HttpResponse schema(std::string_view name, const HttpRequest& request) {
  if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
  if (name.empty()) {
    Json names = Json::array();
    for (const EmbeddedFile& f : schema_files()) names.push_back(std::string(f.name));
    return json_response(200, names.dump());
  }
  auto text = find_embedded(schema_files(), name);
  if (!text) return message(404, "no schema '" + std::string(name) + "'");
  return file_response(name, *text);
}

}  // namespace

HttpResponse route(const HttpRequest& request, const RouteContext& context) {
  std::string_view path = request.target;
  path = path.substr(0, path.find('?'));
  if (path == "/rpc") return rpc(request, context);
  if (path == "/healthz") {
    if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
    return context.stopping ? json_response(503, R"({"status":"stopping"})") : json_response(200, R"({"status":"ok"})");
  }
  if (path == "/schema" || path.starts_with("/schema/")) {
    return schema(path.size() > 8 ? path.substr(8) : std::string_view(), request);
  }
  std::string_view name = path == "/" ? std::string_view("index.html") : path.substr(1);
  if (auto file = find_embedded(web_files(), name)) {
    if (request.method != "GET" && request.method != "HEAD") return method_not_allowed("GET, HEAD");
    return file_response(name, *file);
  }
  return message(404, "nothing at " + std::string(path) + " (try / , /rpc, /healthz or /schema/)");
}

}  // namespace caremeter
