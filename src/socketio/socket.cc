#include "socketio/socket.h"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "socketio/client.h"
#include "socketio/namespace.h"
#include "socketio/packet.h"

namespace confide::socketio {

Socket::Socket(std::string id, Namespace& nsp, std::weak_ptr<Client> client, std::size_t shard,
               boost::asio::io_context& io, std::shared_ptr<const engineio::Handshake> handshake,
               boost::json::object auth, ShardStats& stats)
    : id_(std::move(id)),
      nsp_(nsp),
      client_(std::move(client)),
      shard_(shard),
      io_(io),
      handshake_(std::move(handshake)),
      auth_(std::move(auth)),
      stats_(stats) {}

Socket::~Socket() { LeaveAll(); }

void Socket::Accept() {
  if (state_ != State::kConnecting) return;
  auto client = client_.lock();
  if (client == nullptr) {
    state_ = State::kDisconnected;
    return;
  }
  state_ = State::kConnected;
  stats_.sockets.fetch_add(1, std::memory_order_relaxed);
  client->Send(TextFrame(
      EncodeText(PacketType::kConnect, nsp_.name(), std::nullopt, R"({"sid":")" + id_ + R"("})")));
  client->OnAccepted();
}

void Socket::Refuse(std::string_view message, std::optional<boost::json::value> data) {
  if (state_ != State::kConnecting) return;
  state_ = State::kDisconnected;
  auto client = client_.lock();
  if (client == nullptr) return;
  boost::json::object error;
  error["message"] = message;
  if (data) error["data"] = std::move(*data);
  client->Send(TextFrame(EncodeText(PacketType::kConnectError, nsp_.name(), std::nullopt,
                                    boost::json::serialize(error))));
  client->Remove(*this);
}

bool Socket::Send(const Frames& frames) {
  if (state_ != State::kConnected) return false;
  auto client = client_.lock();
  if (client == nullptr) return false;
  for (const auto& frame : frames) {
    if (!client->Send(frame)) return false;
  }
  stats_.packets_out.fetch_add(1, std::memory_order_relaxed);
  return true;
}

bool Socket::Send(const http::OutboundFramePtr& frame) {
  if (state_ != State::kConnected) return false;
  auto client = client_.lock();
  if (client == nullptr || !client->Send(frame)) return false;
  stats_.packets_out.fetch_add(1, std::memory_order_relaxed);
  return true;
}

void Socket::Emit(std::string_view event, const boost::json::array& args,
                  std::vector<std::string> attachments) {
  if (state_ != State::kConnected) return;
  Send(EventFrames(nsp_.name(), event, args, std::move(attachments)));
}

void Socket::EmitJson(std::string_view event, std::string_view payload_json) {
  if (state_ != State::kConnected) return;
  Send(EventFrame(nsp_.name(), event, payload_json));
}

void Socket::Ack(std::uint64_t id, const boost::json::array& args,
                 std::vector<std::string> attachments) {
  if (state_ != State::kConnected) return;
  Send(AckFrames(nsp_.name(), id, args, std::move(attachments)));
}

void Socket::Join(const std::string& room) {
  if (state_ != State::kConnected || InRoom(room)) return;
  rooms_.push_back(nsp_.Join(shard_, room, this));
}

void Socket::Leave(const std::string& room) {
  const auto it = std::find(rooms_.begin(), rooms_.end(), room);
  if (it == rooms_.end()) return;
  rooms_.erase(it);
  nsp_.Leave(shard_, room, this);
}

bool Socket::InRoom(const std::string& room) const {
  return std::find(rooms_.begin(), rooms_.end(), room) != rooms_.end();
}

void Socket::Disconnect(bool close_transport) {
  if (state_ != State::kConnected) return;
  auto self = shared_from_this();
  auto client = client_.lock();
  if (client != nullptr) {
    client->Send(TextFrame(EncodeText(PacketType::kDisconnect, nsp_.name(), std::nullopt, "")));
  }
  Close("server namespace disconnect");
  if (client == nullptr) return;
  client->Remove(*this);
  if (close_transport) client->Close("forced server close");
}

void Socket::Close(std::string_view reason) {
  if (state_ == State::kDisconnected) return;
  const bool was_connected = state_ == State::kConnected;
  state_ = State::kDisconnected;
  LeaveAll();
  if (!was_connected) return;
  stats_.sockets.fetch_sub(1, std::memory_order_relaxed);
  nsp_.Disconnected(*this, reason);
}

// Each view may end with its own Leave (the namespace drops a name no socket uses): none is
// read after.
void Socket::LeaveAll() {
  const auto rooms = std::move(rooms_);
  rooms_.clear();
  for (const auto room : rooms) nsp_.Leave(shard_, room, this);
}

}  // namespace confide::socketio
