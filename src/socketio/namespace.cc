#include "socketio/namespace.h"

#include <boost/asio/post.hpp>
#include <utility>

#include "socketio/socket.h"

namespace confide::socketio {

Namespace::Namespace(std::string name, std::vector<boost::asio::io_context*> shards)
    : name_(std::move(name)), shards_(std::move(shards)) {
  for (std::size_t i = 0; i < shards_.size(); ++i) rooms_.push_back(std::make_unique<RoomTable>());
  shard_state_ = std::make_unique<ShardState[]>(shards_.size());
}

void Namespace::Broadcast(std::string room, Frames frames, Filter filter) {
  Broadcast(std::vector<std::string>{std::move(room)}, std::move(frames), std::move(filter));
}

void Namespace::Broadcast(std::vector<std::string> rooms, Frames frames, Filter filter) {
  std::vector<Audience> audiences;
  audiences.push_back({std::move(rooms), std::move(frames)});
  Broadcast(std::move(audiences), std::move(filter));
}

void Namespace::Broadcast(std::vector<Audience> audiences, Filter filter) {
  struct Delivery {
    std::vector<Audience> audiences;
    Filter filter;
  };
  auto delivery =
      std::make_shared<const Delivery>(Delivery{std::move(audiences), std::move(filter)});
  for (std::size_t shard = 0; shard < shards_.size(); ++shard) {
    boost::asio::post(*shards_[shard], [this, shard, delivery] {
      BroadcastHere(shard, delivery->audiences, delivery->filter);
    });
  }
}

void Namespace::BroadcastHere(std::size_t shard, const std::vector<Audience>& audiences,
                              const Filter& filter) {
  // Collected first: sending may disconnect a slow consumer, which edits the rooms. A socket
  // in several of the rooms is taken once, by the broadcast's stamp, for the first audience
  // that holds it.
  ShardState& state = shard_state_[shard];
  const std::uint64_t stamp = ++state.broadcasts;
  // The kept space is taken, not shared: a broadcast that a send sets off here has its own.
  auto targets = std::exchange(state.targets, {});
  targets.clear();
  for (const auto& audience : audiences) {
    for (const auto& room : audience.rooms) {
      const RoomTable::Members* members = rooms_[shard]->Find(room);
      if (members == nullptr) continue;
      targets.reserve(targets.size() + members->size());
      for (Socket* socket : *members) {
        if (socket->broadcast_stamp_ == stamp) continue;
        socket->broadcast_stamp_ = stamp;
        targets.emplace_back(socket, &audience.frames);
      }
    }
  }
  for (const auto& [socket, frames] : targets) {
    if (frames->empty() || !socket->connected() || (filter && !filter(*socket))) continue;
    // Sending can end this socket's connection (and with it the socket, whose client holds
    // it), never another socket of this namespace: each client has one socket here.
    const auto keep = socket->shared_from_this();
    socket->Send(*frames);
  }
  if (targets.capacity() > state.targets.capacity()) state.targets = std::move(targets);
}

std::string_view Namespace::Join(std::size_t shard, std::string_view room, Socket* socket) {
  RoomTable& table = *rooms_[shard];
  if (const auto* kept = table.AddIfPresent(room, socket)) return *kept;
  std::lock_guard lock(census_mu_);
  auto it = census_.find(room);
  if (it == census_.end()) it = census_.emplace(std::string(room), 0).first;
  const std::string& name = it->first;
  table.Add(name, socket);
  if (++it->second == 1 && on_interest_) on_interest_(name, true);
  return name;
}

// `room` may view the census's own key: it is not read once that entry goes.
void Namespace::Leave(std::size_t shard, std::string_view room, Socket* socket) {
  if (!rooms_[shard]->Remove(room, socket)) return;
  std::lock_guard lock(census_mu_);
  const auto it = census_.find(room);
  if (it == census_.end() || --it->second != 0) return;
  if (on_interest_) on_interest_(it->first, false);
  census_.erase(it);
}

std::size_t Namespace::room_count() const {
  std::lock_guard lock(census_mu_);
  return census_.size();
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
  if (on_connect_) {
    on_connect_(socket);
  } else {
    socket->Accept();
  }
  socket->ReleaseAuth();
}

void Namespace::Dispatch(Socket& socket, Event& event) {
  if (on_event_) on_event_(socket, event);
}

void Namespace::Disconnected(Socket& socket, std::string_view reason) {
  if (on_disconnect_) on_disconnect_(socket, reason);
}

}  // namespace confide::socketio
