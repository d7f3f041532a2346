#include "socketio/room_table.h"

namespace confide::socketio {

void RoomTable::Add(const std::string& room, Socket* socket) {
  auto [it, created] = rooms_.try_emplace(room);
  it->second.insert(socket);
  if (created) count_.store(rooms_.size(), std::memory_order_relaxed);
}

void RoomTable::Remove(const std::string& room, Socket* socket) {
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  it->second.erase(socket);
  if (!it->second.empty()) return;
  rooms_.erase(it);
  count_.store(rooms_.size(), std::memory_order_relaxed);
}

const RoomTable::Members* RoomTable::Find(const std::string& room) const {
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? nullptr : &it->second;
}

}  // namespace confide::socketio
