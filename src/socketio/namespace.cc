#include "socketio/namespace.h"

#include <boost/asio/post.hpp>

#include "socketio/socket.h"

namespace confide::socketio {

Namespace::Namespace(std::string name, std::vector<boost::asio::io_context*> shards)
    : name_(std::move(name)), shards_(std::move(shards)) {
  for (std::size_t i = 0; i < shards_.size(); ++i) rooms_.push_back(std::make_unique<RoomTable>());
}

void Namespace::Broadcast(std::string room, Frames frames, Filter filter) {
  auto shared = std::make_shared<const std::tuple<std::string, Frames, Filter>>(
      std::move(room), std::move(frames), std::move(filter));
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    boost::asio::post(*shards_[shard], [this, shard, shared] {
      const auto& [target, packet, accept] = *shared;
      BroadcastHere(shard, target, packet, accept);
    });
  }
}

void Namespace::BroadcastHere(std::size_t shard, const std::string& room, const Frames& frames,
                              const Filter& filter) {
  const RoomTable::Members* members = rooms_[shard]->Find(room);
  if (members == nullptr) return;
  // Sending may disconnect a slow consumer, which edits the room: walk a copy.
  std::vector<Socket*> targets(members->begin(), members->end());
  std::vector<std::weak_ptr<Socket>> alive;
  alive.reserve(targets.size());
  for (Socket* socket : targets) alive.push_back(socket->weak_from_this());
  for (auto& weak : alive) {
    auto socket = weak.lock();
    if (socket == nullptr || !socket->connected()) continue;
    if (filter && !filter(*socket)) continue;
    socket->Send(frames);
  }
}

void Namespace::ForEachIn(std::string room, std::function<void(Socket&)> visit) {
  auto shared = std::make_shared<const std::pair<std::string, std::function<void(Socket&)>>>(
      std::move(room), std::move(visit));
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    boost::asio::post(*shards_[shard], [this, shard, shared] {
      const RoomTable::Members* members = rooms_[shard]->Find(shared->first);
      if (members == nullptr) return;
      std::vector<std::weak_ptr<Socket>> alive;
      for (Socket* socket : *members) alive.push_back(socket->weak_from_this());
      for (auto& weak : alive) {
        if (auto socket = weak.lock(); socket && socket->connected()) shared->second(*socket);
      }
    });
  }
}

void Namespace::Connect(const std::shared_ptr<Socket>& socket) {
  if (on_connect_) return on_connect_(socket);
  socket->Accept();
}

void Namespace::Dispatch(Socket& socket, Event& event) {
  if (on_event_) on_event_(socket, event);
}

void Namespace::Disconnected(Socket& socket, std::string_view reason) {
  if (on_disconnect_) on_disconnect_(socket, reason);
}

}  // namespace confide::socketio
