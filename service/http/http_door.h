// http_door.h — `caremeter serve --http ADDRESS`: the JSON-RPC methods, the schemas and the
// self-assessment page over HTTP/1.1 (Boost.Beast), several requests at once.
//
// Threads: `workers` threads run the I/O and the requests; each has its own Server (and so its
// own prepared-scenario cache), and all share the one Store through one mutex, so writes are
// serialised and calculations run side by side. Limits: header size, body size (the stdio door's
// line limit), read and write time, and connections (one over the limit is answered 503 and
// closed). stop() — or SIGTERM/SIGINT with handle_signals — stops accepting, lets every request
// already read finish and be answered, closes idle connections, and returns from run(): an
// answer is only ever sent after its write committed, so nothing acknowledged is lost.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "caremeter/json/rule_loader.h"
#include "rpc/server.h"
#include "store/store.h"

namespace caremeter {

struct HttpDoorOptions {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  unsigned short port = 8080;      // 0: any free port (see HttpDoor::port)
  int workers = 2;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_connections = 256;
  // A request must arrive whole within this; an idle keep-alive connection is closed after it.
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  std::optional<std::string> token;  // bearer token for stored accounts
  bool stored_accounts = false;      // a database was given
  bool handle_signals = false;       // SIGTERM and SIGINT stop the door gracefully
};

// "8080", "127.0.0.1:8080", "localhost:8080", "[::1]:8080" → host and port. A bare port binds
// the loopback address.
Result<std::pair<std::string, unsigned short>> parse_listen_address(std::string_view text);

class HttpDoor {
 public:
  HttpDoor(const RuleCatalog& rules, Store& store, HttpDoorOptions options, ServerLimits limits = {});
  ~HttpDoor();
  HttpDoor(const HttpDoor&) = delete;
  HttpDoor& operator=(const HttpDoor&) = delete;

  // Binds and listens. An error when the address is not available.
  Status listen();
  unsigned short port() const;  // the port bound (after listen)
  // Serves on `workers` threads, the caller's among them, until stop(); then returns once every
  // request read has been answered.
  void run();
  // Thread-safe; may be called before, during or after run().
  void stop();
  // True when the store met an I/O error: the door stopped itself and the program must exit 1.
  bool storage_failed() const;
  // Where the door logs (standard error by default).
  void set_log(std::function<void(const std::string&)> log);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace caremeter
