#pragma once

// One Engine.IO session: a client connected over HTTP long-polling, WebSocket, or polling
// upgraded to WebSocket. It keeps one outbound queue whatever the transport, so nothing is
// lost or reordered across the upgrade; runs the heartbeat (the server pings, the client
// answers); enforces the payload and queue limits; and hands the client's messages to its
// Listener, the protocol above (Socket.IO).
//
// Outbound packets are WebSocket frames built once (http::OutboundFrame): a text frame holds
// the packet's text form ("4…"), a binary frame a binary message's bytes. A poll answer
// joins their records.
//
// Thread-safety: a session lives on one I/O thread (its shard) for its whole life; every
// method must be called there. HTTP exchanges may have arrived on other threads: they answer
// through Exchange::Respond, which is thread-safe.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <string_view>

#include "core/deadline_queue.h"
#include "engineio/handshake.h"
#include "engineio/packet.h"
#include "engineio/server_options.h"
#include "engineio/server_stats.h"
#include "http/exchange.h"
#include "http/frame_queue.h"
#include "http/upgrade.h"
#include "http/websocket_connection.h"

namespace confide::engineio {

class Session : public std::enable_shared_from_this<Session>,
                private http::WebSocketConnection::Handler {
 public:
  enum class Transport { kPolling, kWebSocket };
  // Open; closing (the last packets wait for a poll); closed.
  enum class State { kOpen, kClosing, kClosed };

  // The protocol above, told of the session's messages and of its end.
  class Listener {
   public:
    virtual ~Listener() = default;
    virtual void OnMessage(Packet packet) = 0;
    // Called once; nothing is delivered after it.
    virtual void OnClose(std::string_view reason) = 0;
  };

  Session(std::string id, boost::asio::io_context& io, const ServerOptions& options,
          SessionRegistry& registry, std::shared_ptr<const Handshake> handshake);
  ~Session() override;
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Opens on long-polling: answers the handshake request with the open packet.
  void OpenPolling(const http::ExchangePtr& handshake);
  // Opens on WebSocket: accepts the upgrade with the open packet as its first frame.
  void OpenWebSocket(http::Upgrade upgrade, std::string_view accept_key);
  // The listener lives as long as the session; it must not own it.
  void SetListener(std::unique_ptr<Listener> listener) { listener_ = std::move(listener); }

  // A poll (GET) or the client's packets (POST) on the polling transport.
  void OnPoll(const http::ExchangePtr& exchange);
  void OnPost(const http::ExchangePtr& exchange);
  // A WebSocket for this session while it polls: the upgrade probe.
  void OnProbe(http::Upgrade upgrade, std::string_view accept_key);

  // Queues a packet. False if the session is closing, or if the packet does not fit within
  // the queue bound: the session is then closed as a slow consumer.
  bool Send(http::OutboundFramePtr packet);
  // Closes the session: what is queued is still delivered, then the transport closes.
  void Close(std::string_view reason);
  // Closes the session, keeping it for a poll only a moment rather than close_drain: for a
  // client that has nothing to wait for (a pending poll gets the close packet at once, and
  // so does a poll sent just before). On WebSocket, the same as Close.
  void CloseNow(std::string_view reason);

  const std::string& id() const { return id_; }
  Transport transport() const { return transport_; }
  bool upgrading() const { return probe_ != nullptr; }
  bool open() const { return state_ == State::kOpen; }
  State state() const { return state_; }
  boost::asio::io_context& io() const { return io_; }
  // What the session keeps of the request that opened it, shared with the protocol above.
  const std::shared_ptr<const Handshake>& handshake() const { return handshake_; }

 private:
  // http::WebSocketConnection::Handler
  void OnMessage(http::WebSocketConnection& from, http::websocket::Opcode opcode,
                 std::string payload) override;
  void OnClosed(http::WebSocketConnection& from, std::string_view reason) override;

  void CloseWithin(std::string_view reason, std::chrono::milliseconds drain);
  std::string OpenPacket() const;
  http::WebSocketConnection::Options WebSocketOptions() const;
  void OnPacket(Packet packet);
  void OnProbePacket(const Packet& packet);
  void CompleteUpgrade();
  void AbortUpgrade();
  void Flush();
  void ScheduleFlush();
  void AnswerPoll(std::string body);
  void OnPollAbandoned(const http::Exchange* poll);
  void SchedulePing();
  void OnHeartbeat();
  void ArmHeartbeat(std::chrono::milliseconds after);
  void OnPong();
  // Ends the session now (the transport is gone or broken): no drain. A WebSocket that is
  // closing by itself is left to finish its close (abort_websocket false).
  void Terminate(std::string_view reason, bool abort_websocket = true);
  void NotifyClosed(std::string_view reason);
  void Finish();
  // Makes `timer` anew and returns it; the one it replaces, if any, has its wait cancelled.
  boost::asio::steady_timer& NewTimer(std::unique_ptr<boost::asio::steady_timer>& timer);

  std::string id_;
  boost::asio::io_context& io_;
  const ServerOptions& options_;
  SessionRegistry& registry_;
  std::shared_ptr<const Handshake> handshake_;
  std::unique_ptr<Listener> listener_;  // must not own the session
  bool listener_closed_ = false;
  State state_ = State::kOpen;
  Transport transport_ = Transport::kPolling;

  // Polling: packets waiting for a poll, and the poll waiting for packets.
  http::FrameQueue queue_;
  std::size_t queued_bytes_ = 0;
  http::ExchangePtr poll_;
  bool release_late_poll_ = false;  // closed by the client with no poll pending
  bool flush_scheduled_ = false;

  std::shared_ptr<http::WebSocketConnection> websocket_;  // the transport, once on WebSocket
  std::shared_ptr<http::WebSocketConnection> probe_;      // during an upgrade
  bool probed_ = false;                                   // the probe said 2probe

  core::Deadline heartbeat_;  // the next ping, or the pong's deadline
  bool awaiting_pong_ = false;
  // Made when needed, gone when done: an open session does not keep them.
  std::unique_ptr<boost::asio::steady_timer> upgrade_timer_;
  std::unique_ptr<boost::asio::steady_timer> drain_timer_;
};

}  // namespace confide::engineio
