// http_client.h — a small HTTP/1.1 client for the HTTP door's tests (Boost.Beast, blocking):
// one connection, kept alive across requests.
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <string>
#include <utility>
#include <vector>

namespace caremeter::test_support {

struct HttpReply {
  int status = 0;
  std::string body;
  boost::beast::http::fields headers;
  bool closed = false;  // the connection was closed instead of answering
};

class HttpClient {
 public:
  explicit HttpClient(unsigned short port, const std::string& host = "127.0.0.1") : socket_(io_) {
    boost::system::error_code ec;
    socket_.connect({boost::asio::ip::make_address(host), port}, ec);
    connected_ = !ec;
  }
  bool connected() const { return connected_; }

  HttpReply send(const std::string& method, const std::string& target, const std::string& body = "",
                 std::vector<std::pair<std::string, std::string>> headers = {}) {
    namespace http = boost::beast::http;
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    skip_body_ = method == "HEAD";  // an answer to HEAD has a Content-Length but no body
    req.set(http::field::host, "127.0.0.1");
    for (auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() || method == "POST") {
      if (req[http::field::content_type].empty()) req.set(http::field::content_type, "application/json");
      req.body() = body;
      req.prepare_payload();
    }
    return send_raw(req);
  }

  template <class Request>
  HttpReply send_raw(Request& req) {
    namespace http = boost::beast::http;
    HttpReply reply;
    boost::system::error_code ec;
    http::write(socket_, req, ec);
    if (ec) {
      reply.closed = true;
      return reply;
    }
    return read_reply();
  }

  HttpReply read_reply() {
    namespace http = boost::beast::http;
    HttpReply reply;
    boost::system::error_code ec;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1 << 30);
    parser.skip(skip_body_);
    http::read(socket_, buffer_, parser, ec);
    if (ec) {
      reply.closed = true;
      return reply;
    }
    auto res = parser.release();
    reply.status = static_cast<int>(res.result_int());
    reply.body = std::move(res.body());
    reply.headers = res.base();
    return reply;
  }

  // Writes bytes as they are (for requests no well-behaved client would send).
  bool write_bytes(const std::string& bytes) {
    boost::system::error_code ec;
    boost::asio::write(socket_, boost::asio::buffer(bytes), ec);
    return !ec;
  }
  // True when the server has closed the connection (a read meets end of file).
  bool closed_by_server() {
    char c;
    boost::system::error_code ec;
    socket_.read_some(boost::asio::buffer(&c, 1), ec);
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  bool connected_ = false;
  bool skip_body_ = false;
};

}  // namespace caremeter::test_support
