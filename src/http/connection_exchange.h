#pragma once

// The Exchange a Connection hands to route handlers: the request, its route match, and the
// way back. Respond may come from any thread: it dispatches the response to the
// connection's executor (inline when already on that thread), so only the I/O thread ever
// touches the socket. An exchange dropped unanswered answers 500, so a lost response never
// leaves a client waiting. Connections recycle answered exchanges that no one else holds.
//
// Thread-safety: as Exchange. Reset, mutable_request and match are for the connection's
// thread, before the exchange is handed out.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "http/connection.h"
#include "http/exchange.h"
#include "http/router.h"

namespace confide::http {

class ConnectionExchange final : public Exchange,
                                 public std::enable_shared_from_this<ConnectionExchange> {
 public:
  explicit ConnectionExchange(Connection::Executor executor) : executor_(executor) {}
  ~ConnectionExchange() override;

  // Binds this exchange to request number `sequence` of `connection`.
  void Reset(std::shared_ptr<Connection> connection, std::uint64_t sequence,
             std::string_view remote, std::string_view request_id);
  Request& mutable_request() { return request_; }
  Router::Match& match() { return match_; }
  bool responded() const { return responded_.load(std::memory_order_acquire); }
  // The connection was handed to another protocol (101 Switching Protocols): the request is
  // answered, and the exchange lets go of the connection without answering for it.
  void HandedOver() {
    responded_.store(true, std::memory_order_release);
    connection_.reset();
  }

  const Request& request() const override { return request_; }
  std::string_view route() const override { return match_.route; }
  std::string_view Param(std::string_view name) const override;
  std::optional<std::string> Query(std::string_view name) const override;
  bool HasRepeatedQuery(std::string_view name) const override;
  std::string_view RemoteAddress() const override { return remote_; }
  std::string_view request_id() const override { return request_id_; }
  void SetLogUser(std::string user_id) override { user_ = std::move(user_id); }
  void Respond(Response response) override;
  void OnAbandoned(std::function<void()> callback) override;
  boost::asio::io_context::executor_type executor() const override { return executor_; }

 private:
  std::string_view Target() const;

  Connection::Executor executor_;
  std::shared_ptr<Connection> connection_;  // until answered
  std::uint64_t sequence_ = 0;
  std::atomic<bool> responded_{false};
  Request request_;
  Router::Match match_;
  std::string remote_;
  std::string request_id_;
  std::string user_;
};

}  // namespace confide::http
