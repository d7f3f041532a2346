#pragma once

// A connection the HTTP server hands over to a protocol that takes the socket for itself
// (WebSocket): the upgrade request, the socket, whatever the client sent after the request,
// which belongs to the new protocol, and the connection's place under the server's
// ConnectionLimits, which whoever keeps the socket keeps with it (WebSocketConnection does).
//
// Thread-safety: a plain value. The socket is bound to the I/O thread that accepted it; a
// protocol that keeps its sessions on another I/O thread moves it there with MoveSocket.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <string>

#include "http/connection_limits.h"
#include "http/types.h"

namespace confide::http {

using TcpSocket =
    boost::asio::basic_stream_socket<boost::asio::ip::tcp, boost::asio::io_context::executor_type>;

struct Upgrade {
  Request request;
  TcpSocket socket;
  std::string buffered;  // bytes read past the request
  std::string remote;    // the client's address, as Exchange::RemoteAddress
  ConnectionLimits::Slot slot;
};

// Called on the accepting I/O thread; owns the Upgrade from then on.
using UpgradeHandler = std::function<void(Upgrade)>;

// Answers an upgrade request that cannot be accepted with a bare HTTP response
// ("Connection: close", a text body), then closes the socket.
void RejectUpgrade(TcpSocket socket, HttpStatus status, std::string_view body);

// The same open socket, bound to `target` (unchanged if it already is). Call it on the
// socket's current thread, with no operation pending on it. An error leaves it closed.
TcpSocket MoveSocket(TcpSocket socket, boost::asio::io_context& target);

}  // namespace confide::http
