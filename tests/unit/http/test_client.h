#pragma once

// A small blocking HTTP client for server tests: every operation runs on the client's own
// io_context with a deadline, so a misbehaving server fails a test instead of hanging it.

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/types.h"

namespace confide::http::testing {

class TestClient {
 public:
  static constexpr std::chrono::seconds kDeadline{5};

  explicit TestClient(std::uint16_t port)
      : port_(port), io_(std::make_unique<boost::asio::io_context>()), stream_(*io_) {}

  boost::beast::error_code Connect() {
    const boost::asio::ip::tcp::endpoint endpoint(boost::asio::ip::make_address("127.0.0.1"),
                                                  port_);
    return Bounded([&](auto done) { stream_.async_connect(endpoint, done); });
  }

  // Sends bytes exactly as given (for malformed or pipelined requests).
  boost::beast::error_code SendRaw(std::string_view bytes) {
    return Bounded([&](auto done) {
      boost::asio::async_write(stream_, boost::asio::buffer(bytes.data(), bytes.size()), done);
    });
  }

  boost::beast::error_code Send(Request request) {
    request.prepare_payload();
    return Bounded([&](auto done) { boost::beast::http::async_write(stream_, request, done); });
  }

  // The next response, or nullopt (with last_error() set) if none arrives in time.
  std::optional<Response> Read(bool head_request = false) {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(16 << 20);
    parser.skip(head_request);
    last_error_ =
        Bounded([&](auto done) { boost::beast::http::async_read(stream_, buffer_, parser, done); });
    if (last_error_) return std::nullopt;
    return parser.release();
  }

  std::optional<Response> RoundTrip(Request request) {
    if (Send(std::move(request))) return std::nullopt;
    return Read();
  }

  // Exactly `size` bytes (after whatever Read left buffered), or nullopt.
  std::optional<std::string> ReadBytes(std::size_t size) {
    std::string out;
    const auto take = [&] {
      const auto data = buffer_.data();
      const std::size_t n = std::min(size - out.size(), data.size());
      out.append(static_cast<const char*>(data.data()), n);
      buffer_.consume(n);
    };
    take();
    while (out.size() < size) {
      last_error_ = Bounded([&](auto done) {
        stream_.async_read_some(buffer_.prepare(size - out.size()),
                                [&, done](boost::beast::error_code ec, std::size_t n) {
                                  buffer_.commit(n);
                                  done(ec, n);
                                });
      });
      if (last_error_) return std::nullopt;
      take();
    }
    return out;
  }

  // True if the server closes the connection (EOF or reset) before the deadline.
  bool WaitForClose() {
    char byte;
    const auto ec =
        Bounded([&](auto done) { stream_.async_read_some(boost::asio::buffer(&byte, 1), done); });
    return ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset;
  }

  void Close() { stream_.close(); }
  boost::beast::error_code last_error() const { return last_error_; }

 private:
  // Starts one asynchronous operation and runs the io_context until it ends or the deadline.
  template <class Start>
  boost::beast::error_code Bounded(Start start) {
    std::optional<boost::beast::error_code> result;
    stream_.expires_after(kDeadline);
    start([&](boost::beast::error_code ec, auto&&...) { result = ec; });
    io_->restart();
    io_->run();
    return result.value_or(boost::asio::error::timed_out);
  }

  std::uint16_t port_;
  std::unique_ptr<boost::asio::io_context> io_;  // on the heap so that clients can move
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  boost::beast::error_code last_error_;
};

inline Request MakeRequest(Verb method, std::string_view target, std::string body = {}) {
  Request request{method, target, 11};
  request.set(Field::host, "127.0.0.1");
  request.body() = std::move(body);
  return request;
}

}  // namespace confide::http::testing
