#pragma once

// A tiny HTTP server on 127.0.0.1 (port chosen by the system) serving a JWKS document that a
// test may replace at any time, and counting the requests it answered. It runs on a thread
// of its own; each request is answered on that thread, one connection at a time.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

namespace confide::auth::fixtures {

class TestJwksServer {
 public:
  explicit TestJwksServer(std::string body)
      : acceptor_(context_, {boost::asio::ip::make_address("127.0.0.1"), 0}),
        port_(acceptor_.local_endpoint().port()),
        body_(std::move(body)) {
    Accept();
    thread_ = std::thread([this] { context_.run(); });
  }
  ~TestJwksServer() {
    context_.stop();
    thread_.join();
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/jwks.json"; }
  void SetBody(std::string body) {
    std::lock_guard lock(mutex_);
    body_ = std::move(body);
  }
  void SetStatus(boost::beast::http::status status) { status_.store(status); }
  int requests() const { return requests_.load(); }

 private:
  void Accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, boost::asio::ip::tcp::socket s) {
      if (!ec) Serve(std::move(s));
      Accept();
    });
  }

  void Serve(boost::asio::ip::tcp::socket socket) {
    namespace http = boost::beast::http;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> request;
    boost::system::error_code ec;
    http::read(socket, buffer, request, ec);
    if (ec) return;
    ++requests_;
    http::response<http::string_body> response(status_.load(), 11);
    if (request.target() != "/jwks.json") response.result(http::status::not_found);
    response.set(http::field::content_type, "application/json");
    {
      std::lock_guard lock(mutex_);
      response.body() = body_;
    }
    response.prepare_payload();
    http::write(socket, response, ec);
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  }

  boost::asio::io_context context_;
  boost::asio::ip::tcp::acceptor acceptor_;
  const unsigned short port_;
  std::mutex mutex_;
  std::string body_;
  std::atomic<boost::beast::http::status> status_{boost::beast::http::status::ok};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

}  // namespace confide::auth::fixtures
