#pragma once

// A client's connection to one namespace: what the application handles. It emits events and
// acknowledgements, joins and leaves rooms, and can be disconnected by the server. Until its
// namespace's connect handler accepts it, it is "connecting"; a refused or disconnected
// socket sends nothing more.
//
// Thread-safety: a socket lives on its client's I/O thread (io()); every method must be
// called there. Code that finished work elsewhere posts back to io() and checks connected().
// A socket may be held after its client has gone: its methods then do nothing.

#include <any>
#include <boost/asio/io_context.hpp>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engineio/handshake.h"
#include "socketio/frames.h"
#include "socketio/stats.h"

namespace confide::socketio {

class Client;
class Namespace;

class Socket : public std::enable_shared_from_this<Socket> {
 public:
  enum class State { kConnecting, kConnected, kDisconnected };

  Socket(std::string id, Namespace& nsp, std::weak_ptr<Client> client, std::size_t shard,
         boost::asio::io_context& io, std::shared_ptr<const engineio::Handshake> handshake,
         boost::json::object auth, ShardStats& stats);
  ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  const std::string& id() const { return id_; }
  Namespace& nsp() const { return nsp_; }
  // The CONNECT packet's payload ({} when it had none), for the namespace's connection
  // handler: once that returns, the socket keeps nothing of it ({}).
  const boost::json::object& auth() const { return auth_; }
  void ReleaseAuth() { auth_ = boost::json::object(); }
  // What the Engine.IO session kept of the request that opened it: the client's address and
  // the headers and query parameters the application asked to keep.
  const engineio::Handshake& handshake() const { return *handshake_; }
  boost::asio::io_context& io() const { return io_; }
  std::size_t shard() const { return shard_; }
  bool connected() const { return state_ == State::kConnected; }
  State state() const { return state_; }
  // The application's own state for this socket.
  std::any& data() { return data_; }
  const std::any& data() const { return data_; }

  // Completes the connection: the client gets its CONNECT answer.
  void Accept();
  // Refuses it: the client gets a CONNECT_ERROR with `message` (and `data`, if any).
  void Refuse(std::string_view message, std::optional<boost::json::value> data = std::nullopt);

  bool Send(const Frames& frames);
  bool Send(const http::OutboundFramePtr& frame);
  void Emit(std::string_view event, const boost::json::array& args,
            std::vector<std::string> attachments = {});
  // An event with one argument, already serialized as JSON.
  void EmitJson(std::string_view event, std::string_view payload_json);
  void Ack(std::uint64_t id, const boost::json::array& args,
           std::vector<std::string> attachments = {});

  void Join(const std::string& room);
  void Leave(const std::string& room);
  bool InRoom(const std::string& room) const;
  // The rooms it is in, by the namespace's names.
  const std::vector<std::string_view>& rooms() const { return rooms_; }

  // Sends DISCONNECT; with `close_transport`, then ends the whole connection (after what
  // is queued has been delivered).
  void Disconnect(bool close_transport = false);

 private:
  friend class Client;
  friend class Namespace;  // broadcast_stamp_
  // The socket is gone (its connection ended, or its client disconnected it).
  void Close(std::string_view reason);
  void LeaveAll();

  std::string id_;
  Namespace& nsp_;
  std::weak_ptr<Client> client_;
  std::size_t shard_;
  boost::asio::io_context& io_;
  std::shared_ptr<const engineio::Handshake> handshake_;
  boost::json::object auth_;
  ShardStats& stats_;
  State state_ = State::kConnecting;
  std::vector<std::string_view> rooms_;  // the namespace's names of the rooms it is in
  std::any data_;
  std::uint64_t broadcast_stamp_ = 0;  // the latest broadcast that took this socket
};

}  // namespace confide::socketio
