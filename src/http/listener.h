#pragma once

// The one listening socket. Accepts connections and hands them round-robin to the I/O
// workers: each accepted socket is created on its worker's io_context and lives there.
// A connection over the caps of ConnectionLimits is closed at once, before anything is read.
//
// Thread-safety: Open before the threads start; Accept and Close on the io_context the
// listener was built on (or when no thread runs it). Owns itself through shared_from_this
// while an accept is pending.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/result.h"
#include "http/connection.h"
#include "http/connection_limits.h"

namespace confide::http {

class IoWorker;
struct ServerContext;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(boost::asio::io_context& io, std::vector<IoWorker*> workers, ServerContext& context);

  // Binds and listens; the error says which address could not be used and why.
  confide::Status Open(const boost::asio::ip::tcp::endpoint& endpoint);
  std::uint16_t port() const { return port_; }

  void Accept();
  // Stops accepting; connections already accepted are not affected.
  void Close();

 private:
  void OnAccept(IoWorker& worker, boost::system::error_code ec, Connection::Socket socket);
  std::optional<ConnectionLimits::Slot> Admit(Connection::Socket& socket);
  void RetryLater();

  boost::asio::basic_socket_acceptor<boost::asio::ip::tcp, boost::asio::io_context::executor_type>
      acceptor_;
  boost::asio::basic_waitable_timer<std::chrono::steady_clock,
                                    boost::asio::wait_traits<std::chrono::steady_clock>,
                                    boost::asio::io_context::executor_type>
      retry_timer_;
  std::vector<IoWorker*> workers_;
  std::size_t next_ = 0;
  ServerContext& context_;
  std::uint16_t port_ = 0;
};

}  // namespace confide::http
