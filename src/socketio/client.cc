#include "socketio/client.h"

#include <array>
#include <boost/json/serialize.hpp>

#include "core/base64.h"
#include "core/random.h"
#include "socketio/server.h"

namespace confide::socketio {
namespace {

std::string NewSocketId() {
  std::array<std::uint8_t, 15> bytes;
  core::SecureRandomBytes(bytes);
  return core::Base64UrlEncode(bytes);
}

// The event's name: the first element, a string or (as the protocol allows) a number.
std::string EventName(const boost::json::value& first) {
  if (first.is_string()) return std::string(first.get_string());
  return boost::json::serialize(first);
}

}  // namespace

Client::Client(Server& server, const std::shared_ptr<engineio::Session>& session, std::size_t shard,
               boost::asio::io_context& io)
    : server_(server),
      session_(session),
      shard_(shard),
      io_(io),
      handshake_(session->handshake()),
      decoder_(server.options().max_attachments, server.options().max_packet_bytes) {}

void Client::Start() {
  connect_timer_ = std::make_unique<boost::asio::steady_timer>(io_);
  connect_timer_->expires_after(server_.options().connect_timeout);
  connect_timer_->async_wait([weak = weak_from_this()](boost::system::error_code ec) {
    auto self = weak.lock();
    if (!self || ec || self->connected_once_) return;
    if (auto session = self->session_.lock()) session->CloseNow("connect timeout");
  });
}

void Client::OnMessage(engineio::Packet packet) {
  auto decoded =
      packet.binary ? decoder_.OnBinary(std::move(packet.data)) : decoder_.OnText(packet.data);
  if (!decoded.ok()) return Close("parse error");
  if (decoded->has_value()) return OnPacket(std::move(**decoded));
  // The header of a binary packet: its attachments are awaited only for a joined namespace.
  if (decoder_.awaiting_attachments() && !Joined(decoder_.pending_namespace())) {
    Close("parse error");
  }
}

// Destroying the timer cancels its wait.
void Client::OnAccepted() {
  connected_once_ = true;
  connect_timer_.reset();
}

const std::shared_ptr<Socket>* Client::Find(const std::string& nsp) const {
  for (const auto& socket : sockets_) {
    if (socket->nsp().name() == nsp) return &socket;
  }
  return nullptr;
}

bool Client::Joined(const std::string& nsp) const {
  const auto* socket = Find(nsp);
  return socket != nullptr && (*socket)->connected();
}

void Client::OnPacket(Packet packet) {
  if (packet.type == PacketType::kConnect) return OnConnect(packet);
  if (!Joined(packet.nsp)) return Close("parse error");
  auto socket = *Find(packet.nsp);
  switch (packet.type) {
    case PacketType::kDisconnect:
      Remove(*socket);
      socket->Close("client namespace disconnect");
      return;
    case PacketType::kEvent:
    case PacketType::kBinaryEvent: {
      auto& array = packet.data.as_array();
      Event event{EventName(array.front()), {}, std::move(packet.attachments), packet.id};
      event.args.reserve(array.size() - 1);
      for (std::size_t i = 1; i < array.size(); ++i) event.args.push_back(std::move(array[i]));
      server_.stats(shard_).events_in.fetch_add(1, std::memory_order_relaxed);
      socket->nsp().Dispatch(*socket, event);
      return;
    }
    default:
      return;  // acknowledgements: the server asks for none
  }
}

void Client::OnConnect(Packet& packet) {
  Namespace* nsp = server_.Find(packet.nsp);
  if (nsp == nullptr) {
    Send(TextFrame(EncodeText(PacketType::kConnectError, packet.nsp, std::nullopt,
                              R"({"message":"Invalid namespace"})")));
    return;
  }
  if (Find(packet.nsp) != nullptr) return Close("parse error");
  boost::json::object auth;
  if (packet.data.is_object()) auth = std::move(packet.data.as_object());
  auto socket = std::make_shared<Socket>(NewSocketId(), *nsp, weak_from_this(), shard_, io_,
                                         handshake_, std::move(auth), server_.stats(shard_));
  sockets_.push_back(socket);
  nsp->Connect(socket);
}

void Client::OnClose(std::string_view reason) {
  closed_ = true;
  connect_timer_.reset();
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& socket : sockets) socket->Close(reason);
}

bool Client::Send(const http::OutboundFramePtr& frame) {
  auto session = session_.lock();
  return session != nullptr && session->Send(frame);
}

void Client::Close(std::string_view reason) {
  if (auto session = session_.lock()) session->Close(reason);
}

void Client::Remove(const Socket& socket) {
  std::erase_if(sockets_, [&socket](const auto& entry) { return entry.get() == &socket; });
}

}  // namespace confide::socketio
