// request_fuzz.cc — libFuzzer target over the service's request parser and dispatcher.
//
// Each input is a few request lines fed to a fresh Server (rules from the repository, an
// in-memory database, a fixed clock), as `caremeter serve` would feed them. Whatever the bytes,
// each line must get exactly one answer that is one line of JSON-RPC 2.0 with either a result or
// an error whose code is one the service documents; anything else aborts.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "platform/rules_dir.h"
#include "rpc/server.h"
#include "store/store.h"
#include "support/fake_env.h"

namespace {

using caremeter::Env;
using caremeter::Json;

const caremeter::RuleCatalog& catalog() {
  static const caremeter::RuleCatalog* c = [] {
    auto loaded = caremeter::load_rule_catalog(*Env::posix(), CAREMETER_SOURCE_DIR "/rules");
    if (!loaded) {
      std::fprintf(stderr, "request_fuzz: cannot load rules: %s\n", loaded.error().to_string().c_str());
      std::abort();
    }
    return new caremeter::RuleCatalog(std::move(*loaded));
  }();
  return *c;
}

[[noreturn]] void bad_answer(std::string_view line, const std::string& answer, const char* why) {
  std::fprintf(stderr, "request_fuzz: %s\n  line: %.*s\n  answer: %s\n", why, static_cast<int>(std::min<std::size_t>(line.size(), 500)),
               line.data(), answer.c_str());
  std::abort();
}

void check_response(std::string_view line, const std::string& answer, const Json& r) {
  if (!r.is_object() || r.size() != 3 || !r.contains("jsonrpc") || r["jsonrpc"] != "2.0" || !r.contains("id")) {
    bad_answer(line, answer, "the answer is not a JSON-RPC 2.0 response");
  }
  if (r.contains("result") == r.contains("error")) bad_answer(line, answer, "the answer needs a result or an error");
  if (r.contains("error")) {
    const Json& e = r["error"];
    if (!e.is_object() || !e.contains("code") || !e["code"].is_number_integer() || !e.contains("message") ||
        !e["message"].is_string()) {
      bad_answer(line, answer, "malformed error object");
    }
    switch (e["code"].get<int>()) {
      case -32700: case -32600: case -32601: case -32602: case -32001: case -32002: case -32003: case -32004:
        break;
      default:  // -32010 (storage) and -32603 (internal) must not happen on an in-memory database
        bad_answer(line, answer, "unexpected error code");
    }
  }
}

// One response, an array of them (a batch), or nothing (a notification, or a batch of them).
void check_answer(std::string_view line, const std::string& answer) {
  if (answer.empty()) return;
  if (answer.find('\n') != std::string::npos) bad_answer(line, answer, "the answer spans lines");
  auto parsed = caremeter::parse_json_strict(answer);
  if (!parsed) bad_answer(line, answer, "the answer is not strict JSON");
  if (!parsed->is_array()) return check_response(line, answer, *parsed);
  if (parsed->empty()) bad_answer(line, answer, "an empty array is never an answer");
  for (const Json& r : *parsed) check_response(line, answer, r);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static caremeter::test_support::FakeEnv clock;  // a fixed clock
  const auto& rules = catalog();
  auto store = caremeter::Store::open(":memory:", clock);
  if (!store) std::abort();
  caremeter::Server server(rules, **store, caremeter::ServerLimits{1 << 16, 64});
  server.set_log([](const std::string&) {});  // skipped notifications are expected here
  std::string_view input(reinterpret_cast<const char*>(data), size);
  int lines = 0;
  while (!input.empty() && lines < 16) {
    std::size_t nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    check_answer(line, server.handle_line(line));
    if (server.must_stop()) bad_answer(line, "", "the in-memory store reported an I/O failure");
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    ++lines;
  }
  return 0;
}
