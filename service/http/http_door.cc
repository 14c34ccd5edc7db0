// http_door.cc — the HTTP door on Boost.Beast: accepting, reading with limits, answering through
// routes.cc on the worker's own Server, and stopping gracefully.
#include "http/http_door.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/routes.h"

namespace caremeter {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// The worker thread's dispatcher: handlers run only on threads inside HttpDoor::run.
thread_local Server* t_server = nullptr;

bool is_loopback(const std::string& host) {
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  return !ec && address.is_loopback();
}

}  // namespace

Result<std::pair<std::string, unsigned short>> parse_listen_address(std::string_view text) {
  std::string_view host = "127.0.0.1", port = text;
  if (std::size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  }
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || end != port.data() + port.size() || port.empty() || value > 65535) {
    return invalid_input("", "expected an address to listen on as HOST:PORT or PORT (e.g. 127.0.0.1:8080), got '" +
                                 std::string(text) + "'");
  }
  if (host == "localhost") host = "127.0.0.1";
  beast::error_code bad;
  net::ip::make_address(std::string(host), bad);
  if (bad) return invalid_input("", "expected an IP address to listen on (e.g. 127.0.0.1), got '" + std::string(host) + "'");
  return std::make_pair(std::string(host), static_cast<unsigned short>(value));
}

class Session;

struct HttpDoor::Impl {
  Impl(const RuleCatalog& r, Store& s, HttpDoorOptions o, ServerLimits l)
      : rules(r), store(s), options(std::move(o)), limits(l), acceptor(ioc) {}

  void accept();
  void stop();
  bool add(const std::shared_ptr<Session>& session);
  void forget(Session* session);
  // Run on a worker after each request: a storage I/O error stops the door.
  void after_request();

  const RuleCatalog& rules;
  Store& store;
  HttpDoorOptions options;
  ServerLimits limits;
  net::io_context ioc;
  tcp::acceptor acceptor;
  std::optional<net::signal_set> signals;
  std::mutex store_mutex;  // shared by the workers' Servers
  std::atomic<bool> stopping{false};
  std::atomic<bool> storage_failed{false};
  std::mutex sessions_mutex;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;  // the open connections
  std::function<void(const std::string&)> log = [](const std::string& text) {
    std::fprintf(stderr, "caremeter serve --http: %s\n", text.c_str());
  };
};

// One connection: requests read one at a time (keep-alive), each answered before the next is read.
// Every handler runs on the connection's strand, so `busy_` needs no lock.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpDoor::Impl& door) : stream_(std::move(socket)), door_(door) {}
  ~Session() { door_.forget(this); }

  void start() { net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read, shared_from_this())); }

  // Over the connection limit: a short 503 and close.
  void refuse() {
    auto res = std::make_shared<http::response<http::string_body>>(http::status::service_unavailable, 11);
    res->set(http::field::content_type, "application/json");
    res->set(http::field::retry_after, "1");
    res->body() = R"({"error":"too many connections; try again shortly"})";
    res->keep_alive(false);
    res->prepare_payload();
    stream_.expires_after(door_.options.write_timeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code, std::size_t) { self->close(); });
  }

  // At shutdown: a connection waiting for a request is closed; one answering finishes first.
  void shutdown() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if (!self->busy_) self->close();
    });
  }

 private:
  void read() {
    if (door_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(door_.options.max_header_bytes));
    parser_->body_limit(door_.limits.max_line_bytes);
    stream_.expires_after(door_.options.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::on_header, shared_from_this()));
  }

  // A client that sends "Expect: 100-continue" (curl does, for bodies over 1 KiB) waits for
  // this before sending the body.
  void on_header(beast::error_code ec, std::size_t) {
    if (ec) return on_read(ec, 0);
    auto read_body = [self = shared_from_this()] {
      http::async_read(self->stream_, self->buffer_, *self->parser_,
                       beast::bind_front_handler(&Session::on_read, self));
    };
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(stream_, *go_on, [self = shared_from_this(), go_on, read_body](beast::error_code e, std::size_t) {
        if (e) return self->close();
        read_body();
      });
      return;
    }
    read_body();
  }

  void on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::body_limit) return fail(413, "the request body is longer than " + std::to_string(door_.limits.max_line_bytes) + " bytes");
    if (ec == http::error::header_limit) return fail(431, "the request headers are longer than " + std::to_string(door_.options.max_header_bytes) + " bytes");
    const bool malformed = ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
                           ec != http::error::end_of_stream && ec != http::error::partial_message;
    if (malformed) return fail(400, "not an HTTP/1.1 request: " + ec.message());
    if (ec) return close();  // closed by the client, timed out, or cancelled at shutdown
    busy_ = true;
    http::request<http::string_body> req = parser_->release();
    HttpRequest request{std::string(req.method_string()), std::string(req.target()),
                        std::string(req[http::field::content_type]), std::string(req[http::field::authorization]),
                        std::move(req.body())};
    HttpResponse answer = route(request, RouteContext{*t_server, door_.options.token, door_.options.stored_accounts,
                                                      door_.stopping.load()});
    door_.after_request();
    respond(std::move(answer), req.version(), req.keep_alive() && !door_.stopping, req.method() == http::verb::head);
  }

  // A request refused before it was read whole: answer, then close without resetting the
  // connection under the client's feet (see linger).
  void fail(int status, const std::string& text) {
    busy_ = true;
    lingering_ = true;
    respond(HttpResponse{status, "application/json", Json{{"error", text}}.dump(), {}}, 11, false, false);
  }

  // Closing a socket with unread bytes sends a reset, which can destroy the answer before the
  // client reads it; so stop sending, and read and drop what still comes, for a short while.
  void linger() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(2));
    drop_rest(std::make_shared<std::array<char, 4096>>());
  }
  void drop_rest(std::shared_ptr<std::array<char, 4096>> bytes) {
    stream_.async_read_some(net::buffer(*bytes), [self = shared_from_this(), bytes](beast::error_code e, std::size_t) {
      if (e) return self->close();  // end of input, or the two seconds are up
      self->drop_rest(bytes);
    });
  }

  void respond(HttpResponse answer, unsigned version, bool keep_alive, bool head) {
    res_ = {};
    res_.version(version);
    res_.result(static_cast<unsigned>(answer.status));
    res_.set(http::field::server, "caremeter");
    res_.set("X-Content-Type-Options", "nosniff");
    if (!answer.content_type.empty()) res_.set(http::field::content_type, answer.content_type);
    for (auto& [name, value] : answer.headers) res_.set(name, value);
    res_.body() = std::move(answer.body);
    res_.keep_alive(keep_alive);
    if (answer.status != 204) res_.prepare_payload();  // a 204 carries no Content-Length (RFC 9110 8.6)
    if (head) res_.body().clear();  // HEAD: the GET's headers, Content-Length included, without the body
    stream_.expires_after(door_.options.write_timeout);
    http::async_write(stream_, res_, beast::bind_front_handler(&Session::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, std::size_t) {
    busy_ = false;
    if (!ec && lingering_) return linger();
    if (ec || !res_.keep_alive() || door_.stopping) return close();
    read();
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  HttpDoor::Impl& door_;
  bool busy_ = false;
  bool lingering_ = false;
};

bool HttpDoor::Impl::add(const std::shared_ptr<Session>& session) {
  std::lock_guard<std::mutex> lock(sessions_mutex);
  if (sessions.size() >= options.max_connections) return false;
  sessions.emplace(session.get(), session);
  return true;
}

void HttpDoor::Impl::forget(Session* session) {
  std::lock_guard<std::mutex> lock(sessions_mutex);
  sessions.erase(session);
}

void HttpDoor::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping) return;
    if (ec) {
      // Out of file descriptors, say: go on accepting after a pause rather than spin.
      log("cannot accept a connection: " + ec.message());
      auto timer = std::make_shared<net::steady_timer>(ioc, std::chrono::milliseconds(100));
      timer->async_wait([this, timer](beast::error_code) { if (!stopping) accept(); });
      return;
    }
    auto session = std::make_shared<Session>(std::move(socket), *this);
    if (add(session)) {
      session->start();
    } else {
      session->refuse();
    }
    accept();
  });
}

void HttpDoor::Impl::stop() {
  net::post(ioc, [this] {
    if (stopping.exchange(true)) return;
    beast::error_code ec;
    acceptor.close(ec);
    if (signals) signals->cancel(ec);
    std::vector<std::shared_ptr<Session>> open;
    {
      std::lock_guard<std::mutex> lock(sessions_mutex);
      for (auto& [raw, weak] : sessions) {
        if (auto s = weak.lock()) open.push_back(std::move(s));
      }
    }
    for (auto& s : open) s->shutdown();
  });
}

void HttpDoor::Impl::after_request() {
  if (t_server->must_stop() && !storage_failed.exchange(true)) {
    log("a storage I/O error leaves the database in doubt; stopping");
    stop();
  }
}

HttpDoor::HttpDoor(const RuleCatalog& rules, Store& store, HttpDoorOptions options, ServerLimits limits)
    : impl_(std::make_unique<Impl>(rules, store, std::move(options), limits)) {}

HttpDoor::~HttpDoor() = default;

void HttpDoor::set_log(std::function<void(const std::string&)> log) { impl_->log = std::move(log); }

Status HttpDoor::listen() {
  Impl& d = *impl_;
  beast::error_code ec;
  tcp::endpoint endpoint(net::ip::make_address(d.options.host, ec), d.options.port);
  if (!ec) d.acceptor.open(endpoint.protocol(), ec);
  if (!ec) d.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) d.acceptor.bind(endpoint, ec);
  if (!ec) d.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error{ErrorCode::kIo, "cannot listen on " + d.options.host + ":" + std::to_string(d.options.port) + ": " + ec.message(),
                 "", ""};
  }
  if (!is_loopback(d.options.host)) {
    d.log("listening on " + d.options.host + ", not only on this machine: anyone who can reach it can use the calculators");
  }
  return ok_status();
}

unsigned short HttpDoor::port() const {
  beast::error_code ec;
  auto endpoint = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : endpoint.port();
}

void HttpDoor::run() {
  Impl& d = *impl_;
  if (d.options.handle_signals) {
    d.signals.emplace(d.ioc, SIGTERM, SIGINT);
    d.signals->async_wait([&d](beast::error_code ec, int signal) {
      if (ec) return;
      d.log(std::string(signal == SIGTERM ? "SIGTERM" : "SIGINT") + ": answering the requests already read, then stopping");
      d.stop();
    });
  }
  if (!d.stopping) d.accept();
  const int workers = std::max(1, d.options.workers);
  std::vector<std::unique_ptr<Server>> servers;
  for (int i = 0; i < workers; ++i) {
    servers.push_back(std::make_unique<Server>(d.rules, d.store, d.limits));
    servers.back()->share_store(d.store_mutex);
  }
  auto work = [&d](Server* server) {
    t_server = server;
    d.ioc.run();
    t_server = nullptr;
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < workers; ++i) threads.emplace_back(work, servers[static_cast<std::size_t>(i)].get());
  work(servers[0].get());
  for (auto& t : threads) t.join();
}

void HttpDoor::stop() { impl_->stop(); }

bool HttpDoor::storage_failed() const { return impl_->storage_failed; }

}  // namespace caremeter
