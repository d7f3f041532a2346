#pragma once

// One accepted TCP connection speaking HTTP/1.1: reads a request, routes it, hands it to its
// handler as an Exchange, writes the answer, and repeats while keep-alive holds. One request
// at a time: a pipelined request stays in the read buffer until the previous answer is
// written. Enforces the header and body limits (431, 413), answers malformed input (400),
// refuses a body framing that a proxy could read otherwise (CheckFraming: 400 or 501, then
// close), and has deadlines: a request's line and headers must arrive within the header
// timeout, a kept-alive connection closes after the idle timeout without a request, and a
// body must arrive within the idle timeout of its header. Every request gets an id, which
// its response carries in X-Request-Id and its log line as "requestId", and a client address
// (TrustedProxies::ClientOf), which its Exchange and log line carry. The connection holds its
// ConnectionLimits slot until it closes or hands its socket over.
//
// Thread-safety: lives on one IoWorker's thread and is only touched there; other threads
// reach it by posting to executor() (ConnectionExchange::Respond does). Owns itself through
// shared_from_this: pending operations and unanswered exchanges keep it alive.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/connection_limits.h"
#include "http/exchange.h"
#include "http/types.h"
#include "http/upgrade.h"

namespace confide::http {

class ConnectionExchange;
class IoWorker;
struct ServerContext;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  using Executor = boost::asio::io_context::executor_type;
  using Socket = TcpSocket;

  Connection(Socket socket, ConnectionLimits::Slot slot, ServerContext& context, IoWorker& worker);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Starts reading; on the worker's thread.
  void Start();
  // Closes the connection if it is waiting for a request (graceful shutdown).
  void CloseIfIdle();
  // Writes the answer to request number `sequence`; ignored if that request is not the one
  // awaiting an answer (the connection closed meanwhile). `user` is for the request log.
  void Finish(std::uint64_t sequence, Response response, std::string_view user);
  // Runs `on_gone` if the peer closes while request number `sequence` awaits its answer.
  void WatchPeer(std::uint64_t sequence, std::function<void()> on_gone);
  // Takes back an answered exchange so the next request can reuse its storage.
  void Recycle(std::shared_ptr<ConnectionExchange> exchange);

  Executor executor() const { return executor_; }

 private:
  using Stream = boost::beast::basic_stream<boost::asio::ip::tcp, Executor>;
  enum class State { kReading, kAwaitingResponse, kWriting, kClosed };

  // What the request being answered needs to shape and log its response.
  struct Current {
    std::uint64_t sequence = 0;
    Verb verb = Verb::unknown;
    unsigned version = 11;
    bool keep_alive = false;
    int route_id = -1;
    std::string request_id;
    std::string path;    // without the query string, which may hold search terms
    std::string origin;  // for CORS
    std::string remote;  // the client's address
    std::size_t bytes_in = 0;
    std::chrono::steady_clock::time_point start;
  };

  void Read();
  void AwaitRequest();
  void OnFirstBytes(boost::beast::error_code ec, std::size_t bytes);
  void ReadHeader();
  void OnHeader(boost::beast::error_code ec, std::size_t bytes);
  void OnRead(boost::beast::error_code ec, std::size_t bytes);
  void OnReadError(boost::beast::error_code ec);
  void Reject(HttpStatus status, std::string_view message);
  void Begin(const Request& request, std::size_t bytes);
  std::shared_ptr<ConnectionExchange> TakeExchange();
  void Dispatch(std::size_t bytes);
  void Route(const std::shared_ptr<ConnectionExchange>& exchange);
  void CallHandler(const Handler& handler, const std::shared_ptr<ConnectionExchange>& exchange);
  void HandOver(const UpgradeHandler& handler, const std::shared_ptr<ConnectionExchange>& exchange);
  void Shape(Response& response) const;
  void Record(const Response& response, std::string_view user);
  void OnWrite(boost::beast::error_code ec, std::size_t bytes);
  void Linger();
  void Drain();
  void Close();

  ServerContext& context_;
  IoWorker& worker_;
  Executor executor_;
  Stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
  ConnectionLimits::Slot slot_;
  boost::asio::ip::address peer_;
  std::string peer_text_;
  std::size_t header_bytes_ = 0;  // of the request being read
  State state_ = State::kReading;
  Current current_;
  Response response_;  // being written
  std::shared_ptr<ConnectionExchange> spare_;
};

}  // namespace confide::http
