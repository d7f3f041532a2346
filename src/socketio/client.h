#pragma once

// The Socket.IO side of one Engine.IO session: decodes its packets, keeps one Socket per
// namespace it joined, dispatches events to them, and enforces the protocol: a packet for a
// namespace the client has not joined, a second CONNECT, or anything that does not decode
// ends the whole connection. So does a binary packet for a namespace the client has not
// joined, as soon as its header arrives: its attachments are never awaited. A connection
// that joins no namespace within the connect timeout is closed without a drain (nothing it
// could still receive is worth keeping its session for). An idle client keeps little: the
// connect timer goes once a namespace accepts it, and its sockets sit in a short list (a
// server has a handful of namespaces).
//
// Thread-safety: lives on its session's I/O thread; every method is called there.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "engineio/session.h"
#include "socketio/packet.h"
#include "socketio/socket.h"

namespace confide::socketio {

class Server;

class Client : public std::enable_shared_from_this<Client> {
 public:
  Client(Server& server, const std::shared_ptr<engineio::Session>& session, std::size_t shard,
         boost::asio::io_context& io);
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  void Start();
  void OnMessage(engineio::Packet packet);
  // The session ended: every socket goes, with `reason`.
  void OnClose(std::string_view reason);

  bool Send(const http::OutboundFramePtr& frame);
  // Ends the connection, after what is queued has been delivered.
  void Close(std::string_view reason);
  // For Socket: it was accepted, or it left.
  void OnAccepted();
  void Remove(const Socket& socket);

 private:
  void OnPacket(Packet packet);
  void OnConnect(Packet& packet);
  bool Joined(const std::string& nsp) const;
  // The socket of namespace `nsp`, or null.
  const std::shared_ptr<Socket>* Find(const std::string& nsp) const;

  Server& server_;
  std::weak_ptr<engineio::Session> session_;
  std::size_t shard_;
  boost::asio::io_context& io_;
  std::shared_ptr<const engineio::Handshake> handshake_;
  Decoder decoder_;
  std::vector<std::shared_ptr<Socket>> sockets_;              // one per namespace joined
  std::unique_ptr<boost::asio::steady_timer> connect_timer_;  // until a namespace accepts
  bool connected_once_ = false;
  bool closed_ = false;
};

}  // namespace confide::socketio
