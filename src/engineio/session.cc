#include "engineio/session.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>

#include "core/base64.h"
#include "engineio/request_check.h"

namespace confide::engineio {
namespace {

using http::websocket::Opcode;

// The reason of a session closed for falling behind: its own queue's, and the WebSocket's.
constexpr std::string_view kSlowConsumer = "slow consumer";

const http::OutboundFramePtr& Frame(std::string_view text) {
  // The few fixed packets, framed once for every session.
  static const auto ping = http::MakeFrame(Opcode::kText, "2");
  static const auto pong_probe = http::MakeFrame(Opcode::kText, "3probe");
  static const auto close = http::MakeFrame(Opcode::kText, "1");
  static const auto noop = http::MakeFrame(Opcode::kText, "6");
  if (text == "2") return ping;
  if (text == "3probe") return pong_probe;
  if (text == "1") return close;
  return noop;
}

bool IsBinary(const http::OutboundFrame& frame) {
  return (frame.header.bytes[0] & 0x0F) == static_cast<std::uint8_t>(Opcode::kBinary);
}

void AppendRecord(std::string& body, const http::OutboundFrame& frame) {
  if (!body.empty()) body += '\x1e';
  if (IsBinary(frame)) {
    body += 'b';
    body += core::Base64Encode(frame.payload);
  } else {
    body += frame.payload;
  }
}

// How long a closed session stays findable for a poll already on its way: one its client sent
// before closing it, or the next poll of a client closed at its connect timeout.
constexpr std::chrono::milliseconds kLatePollWindow{1000};

http::Response PollResponse(std::string body) {
  http::Response response;
  response.result(http::HttpStatus::ok);
  response.set(http::Field::content_type, "text/plain; charset=UTF-8");
  response.set(http::Field::cache_control, "no-store");
  response.body() = std::move(body);
  return response;
}

http::Response PostAnswer() {
  http::Response response;
  response.result(http::HttpStatus::ok);
  response.set(http::Field::content_type, "text/html");
  response.set(http::Field::cache_control, "no-store");
  response.body() = "ok";
  return response;
}

http::Response PlainError(http::HttpStatus status) {
  http::Response response;
  response.result(status);
  return response;
}

}  // namespace

Session::Session(std::string id, boost::asio::io_context& io, const ServerOptions& options,
                 SessionRegistry& registry, std::shared_ptr<const Handshake> handshake)
    : id_(std::move(id)),
      io_(io),
      options_(options),
      registry_(registry),
      handshake_(std::move(handshake)) {
  registry_.stats().handshakes.fetch_add(1, std::memory_order_relaxed);
}

Session::~Session() {
  if (websocket_) websocket_->SetHandler(nullptr);
  if (probe_) probe_->SetHandler(nullptr);
}

std::string Session::OpenPacket() const {
  const bool can_upgrade = transport_ == Transport::kPolling && options_.allow_websocket;
  return fmt::format(
      R"(0{{"sid":"{}","upgrades":[{}],"pingInterval":{},"pingTimeout":{},"maxPayload":{}}})", id_,
      can_upgrade ? R"("websocket")" : "", options_.ping_interval.count(),
      options_.ping_timeout.count(), options_.max_payload);
}

http::WebSocketConnection::Options Session::WebSocketOptions() const {
  return {.max_message_bytes = options_.max_payload, .max_queued_bytes = options_.max_queued_bytes};
}

void Session::OpenPolling(const http::ExchangePtr& handshake) {
  transport_ = Transport::kPolling;
  registry_.stats().polling_sessions.fetch_add(1, std::memory_order_relaxed);
  handshake->Respond(PollResponse(OpenPacket()));
  SchedulePing();
}

void Session::OpenWebSocket(http::Upgrade upgrade, std::string_view accept_key) {
  transport_ = Transport::kWebSocket;
  registry_.stats().websocket_sessions.fetch_add(1, std::memory_order_relaxed);
  websocket_ =
      http::WebSocketConnection::Accept(std::move(upgrade), accept_key, WebSocketOptions(), this,
                                        http::MakeFrame(Opcode::kText, OpenPacket()));
  SchedulePing();
}

// ---- Polling ----

void Session::OnPoll(const http::ExchangePtr& exchange) {
  auto self = shared_from_this();
  if (state_ == State::kClosed) {
    if (std::exchange(release_late_poll_, false)) return exchange->Respond(PollResponse("6"));
    return exchange->Respond(ErrorResponse(RequestError::kUnknownSid));
  }
  if (transport_ == Transport::kWebSocket) {
    return exchange->Respond(ErrorResponse(RequestError::kBadRequest));
  }
  if (poll_ != nullptr) {
    // Two polls at once break the protocol: refuse the new one and end the session, which
    // releases the pending one with a close packet.
    exchange->Respond(PlainError(http::HttpStatus::bad_request));
    return Terminate("transport error");
  }
  if (state_ == State::kClosing) {
    // The last packets, then, in a poll of its own, the close packet.
    poll_ = exchange;
    if (!queue_.empty()) return Flush();
    AnswerPoll("1");
    return Finish();
  }
  poll_ = exchange;
  if (!queue_.empty()) return Flush();
  if (probed_) return AnswerPoll("6");  // upgrading: release the poll at once
  exchange->OnAbandoned([weak = weak_from_this(), poll = exchange.get(), &io = io_] {
    boost::asio::post(io, [weak, poll] {
      if (auto self = weak.lock()) self->OnPollAbandoned(poll);
    });
  });
}

void Session::OnPollAbandoned(const http::Exchange* poll) {
  if (poll_.get() != poll) return;
  poll_.reset();
  Terminate("transport close");
}

void Session::OnPost(const http::ExchangePtr& exchange) {
  if (state_ == State::kClosed) return exchange->Respond(ErrorResponse(RequestError::kUnknownSid));
  if (transport_ == Transport::kWebSocket) {
    return exchange->Respond(ErrorResponse(RequestError::kBadRequest));
  }
  const http::Request& request = exchange->request();
  if (request.body().size() > options_.max_payload) {
    return exchange->Respond(PlainError(http::HttpStatus::payload_too_large));
  }
  const auto type = request[http::Field::content_type];
  if (type.starts_with("application/octet-stream")) {
    exchange->Respond(PlainError(http::HttpStatus::bad_request));
    return Terminate("transport error");
  }
  auto packets = DecodePayload(request.body());
  exchange->Respond(PostAnswer());
  if (!packets.ok()) return Terminate("parse error");
  auto self = shared_from_this();  // a packet may end the session
  for (auto& packet : *packets) {
    if (state_ != State::kOpen) break;
    OnPacket(std::move(packet));
  }
}

// Sends what is queued into the pending poll, in one body.
void Session::Flush() {
  flush_scheduled_ = false;
  if (poll_ == nullptr || queue_.empty()) return;
  std::string body;
  for (const auto& frame : queue_) AppendRecord(body, *frame);
  queue_.clear();
  queued_bytes_ = 0;
  AnswerPoll(std::move(body));
}

// Packets sent in one turn of the I/O loop leave in one poll answer.
void Session::ScheduleFlush() {
  if (flush_scheduled_ || poll_ == nullptr) return;
  flush_scheduled_ = true;
  boost::asio::post(io_, [weak = weak_from_this()] {
    if (auto self = weak.lock()) self->Flush();
  });
}

void Session::AnswerPoll(std::string body) {
  auto poll = std::move(poll_);
  poll_.reset();
  poll->Respond(PollResponse(std::move(body)));
}

// ---- WebSocket ----

void Session::OnProbe(http::Upgrade upgrade, std::string_view accept_key) {
  if (transport_ != Transport::kPolling || probe_ != nullptr || state_ != State::kOpen) {
    // Already upgraded or upgrading: as the reference does, the WebSocket opens and closes.
    http::WebSocketConnection::Accept(std::move(upgrade), accept_key, WebSocketOptions(), nullptr)
        ->Close(http::websocket::kCloseNormal);
    return;
  }
  probe_ =
      http::WebSocketConnection::Accept(std::move(upgrade), accept_key, WebSocketOptions(), this);
  auto& timer = NewTimer(upgrade_timer_);
  timer.expires_after(options_.upgrade_timeout);
  timer.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (auto self = weak.lock(); self && !ec) self->AbortUpgrade();
  });
}

void Session::OnMessage(http::WebSocketConnection& from, Opcode opcode, std::string payload) {
  auto self = shared_from_this();
  Result<Packet> packet = opcode == Opcode::kBinary
                              ? Result<Packet>(DecodeBinary(std::move(payload)))
                              : DecodeText(payload);
  if (&from == probe_.get()) {
    if (!packet.ok()) return AbortUpgrade();
    return OnProbePacket(*packet);
  }
  if (&from != websocket_.get()) return;
  if (!packet.ok()) return Terminate("parse error");
  OnPacket(std::move(*packet));
}

void Session::OnClosed(http::WebSocketConnection& from, std::string_view reason) {
  auto self = shared_from_this();
  if (&from == probe_.get()) {
    probe_.reset();
    probed_ = false;
    upgrade_timer_.reset();
    return;
  }
  // The WebSocket ended by itself and finishes its own close: it answers the client's close
  // frame, or closes with 1009 after a message too big. Aborting it would cut that short.
  if (&from == websocket_.get()) Terminate(reason, /*abort_websocket=*/false);
}

// The probe: "2probe" is answered "3probe" (and a pending poll released); "5" completes the
// upgrade; anything else abandons it.
void Session::OnProbePacket(const Packet& packet) {
  if (packet.type == PacketType::kPing && packet.data == "probe") {
    probed_ = true;
    probe_->Send(Frame("3probe"));
    if (poll_ != nullptr) {
      if (queue_.empty()) return AnswerPoll("6");
      return Flush();
    }
    return;
  }
  if (packet.type == PacketType::kUpgrade) return CompleteUpgrade();
  AbortUpgrade();
}

// From now on everything goes over the WebSocket, starting with what the polls did not take.
void Session::CompleteUpgrade() {
  upgrade_timer_.reset();
  if (poll_ != nullptr) AnswerPoll("6");
  websocket_ = std::move(probe_);
  probed_ = false;
  transport_ = Transport::kWebSocket;
  auto& stats = registry_.stats();
  stats.polling_sessions.fetch_sub(1, std::memory_order_relaxed);
  stats.websocket_sessions.fetch_add(1, std::memory_order_relaxed);
  stats.upgrades.fetch_add(1, std::memory_order_relaxed);
  auto queued = std::move(queue_);
  queue_.clear();
  queued_bytes_ = 0;
  for (auto& frame : queued) {
    if (!websocket_->Send(std::move(frame))) return;
  }
  if (state_ == State::kClosing) {
    // Closed during the upgrade: what was left is on its way, then the close.
    websocket_->Close(http::websocket::kCloseNormal);
    Finish();
  }
}

void Session::AbortUpgrade() {
  upgrade_timer_.reset();
  probed_ = false;
  if (probe_ == nullptr) return;
  probe_->Abort();
  probe_.reset();
}

// ---- Packets from the client, on the current transport ----

void Session::OnPacket(Packet packet) {
  switch (packet.type) {
    case PacketType::kPong:
      return OnPong();
    case PacketType::kMessage:
      registry_.stats().messages_in.fetch_add(1, std::memory_order_relaxed);
      if (listener_ != nullptr) listener_->OnMessage(std::move(packet));
      return;
    case PacketType::kClose:
      // The client leaves: its pending poll is released, the session ends. A poll the client
      // sent before its close may still be on its way here from another I/O thread: that one
      // poll is released too, for a short while (see Finish).
      if (poll_ != nullptr) {
        AnswerPoll("6");
      } else {
        release_late_poll_ = true;
      }
      return Terminate("transport close");
    case PacketType::kPing:
      // In v4 the server pings; a client ping breaks the protocol.
      return Terminate("invalid heartbeat direction");
    case PacketType::kOpen:
      return Terminate("parse error");
    case PacketType::kUpgrade:
    case PacketType::kNoop:
      return;
  }
}

// ---- Sending ----

bool Session::Send(http::OutboundFramePtr packet) {
  if (state_ != State::kOpen) return false;
  registry_.stats().messages_out.fetch_add(1, std::memory_order_relaxed);
  if (transport_ == Transport::kWebSocket) return websocket_->Send(std::move(packet));
  const std::size_t size = packet->payload.size();
  if (!queue_.empty() && queued_bytes_ + size > options_.max_queued_bytes) {
    Terminate(kSlowConsumer);
    return false;
  }
  queued_bytes_ += size;
  queue_.push_back(std::move(packet));
  ScheduleFlush();
  return true;
}

// ---- Heartbeat ----

void Session::SchedulePing() {
  awaiting_pong_ = false;
  ArmHeartbeat(options_.ping_interval);
}

// Time to ping; or, with a ping unanswered, the pong's time is up.
void Session::OnHeartbeat() {
  if (state_ != State::kOpen) return;
  if (awaiting_pong_) {
    registry_.stats().heartbeat_timeouts.fetch_add(1, std::memory_order_relaxed);
    return Terminate("ping timeout");
  }
  Send(Frame("2"));
  if (state_ != State::kOpen) return;
  awaiting_pong_ = true;
  ArmHeartbeat(options_.ping_timeout);
}

void Session::ArmHeartbeat(std::chrono::milliseconds after) {
  heartbeat_.Arm(
      core::DeadlineQueue::Of(io_), after, weak_from_this(),
      [](const std::shared_ptr<void>& self) { static_cast<Session*>(self.get())->OnHeartbeat(); });
}

void Session::OnPong() {
  if (awaiting_pong_) SchedulePing();
}

// ---- Closing ----

void Session::Close(std::string_view reason) { CloseWithin(reason, options_.close_drain); }

void Session::CloseNow(std::string_view reason) { CloseWithin(reason, kLatePollWindow); }

void Session::CloseWithin(std::string_view reason, std::chrono::milliseconds drain) {
  if (state_ != State::kOpen) return;
  auto self = shared_from_this();
  state_ = State::kClosing;
  heartbeat_.Cancel();
  // A client whose probe was answered may have paused polling for good and be sending "5":
  // the upgrade completes, and the last packets and the close go over the WebSocket.
  if (!probed_) AbortUpgrade();
  NotifyClosed(reason);
  if (transport_ == Transport::kWebSocket) {
    websocket_->Close(http::websocket::kCloseNormal);
    return Finish();
  }
  // The close packet travels alone, in the poll after the last packets: a client handles
  // a poll's packets only after the close that ends it, and would see the close first.
  if (poll_ != nullptr && queue_.empty()) {
    AnswerPoll("1");
    return Finish();
  }
  Flush();
  // The next polls take what is left, if they come in time.
  auto& timer = NewTimer(drain_timer_);
  timer.expires_after(drain);
  timer.async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    if (auto self = weak.lock(); self && !ec) self->Finish();
  });
}

void Session::Terminate(std::string_view reason, bool abort_websocket) {
  if (state_ == State::kClosed) return;
  auto self = shared_from_this();
  if (state_ == State::kOpen) {
    // Slow consumers of either transport are counted here.
    if (reason == kSlowConsumer) {
      registry_.stats().slow_consumers.fetch_add(1, std::memory_order_relaxed);
    }
    NotifyClosed(reason);
  }
  state_ = State::kClosing;
  heartbeat_.Cancel();
  AbortUpgrade();
  if (websocket_ != nullptr && abort_websocket) websocket_->Abort();
  if (poll_ != nullptr) AnswerPoll("1");
  Finish();
}

void Session::NotifyClosed(std::string_view reason) {
  if (listener_ == nullptr || listener_closed_) return;
  listener_closed_ = true;
  listener_->OnClose(reason);
}

void Session::Finish() {
  if (state_ == State::kClosed) return;
  auto self = shared_from_this();
  state_ = State::kClosed;
  heartbeat_.Cancel();
  AbortUpgrade();
  drain_timer_.reset();
  auto& stats = registry_.stats();
  (transport_ == Transport::kWebSocket ? stats.websocket_sessions : stats.polling_sessions)
      .fetch_sub(1, std::memory_order_relaxed);
  // Leaves the registry on a later turn, so that no caller up the stack (the listener among
  // them) is destroyed under its own feet; or, when a late poll may still come, once it has
  // had the time to arrive.
  if (!release_late_poll_) {
    boost::asio::post(io_, [self] { self->registry_.Remove(self->id_); });
    return;
  }
  auto& timer = NewTimer(drain_timer_);
  timer.expires_after(kLatePollWindow);
  timer.async_wait([self](boost::system::error_code) { self->registry_.Remove(self->id_); });
}

boost::asio::steady_timer& Session::NewTimer(std::unique_ptr<boost::asio::steady_timer>& timer) {
  timer = std::make_unique<boost::asio::steady_timer>(io_);
  return *timer;
}

}  // namespace confide::engineio
