#include "socketio/room_table.h"

#include "socketio/socket.h"

namespace confide::socketio {

// RoomMembers tells its forms apart by the low bits of a Socket*.
static_assert(alignof(Socket) >= 4);

bool RoomTable::Add(std::string_view name, Socket* socket) {
  auto [it, created] = rooms_.try_emplace(name);
  it->second.insert(socket);
  return created;
}

const std::string_view* RoomTable::AddIfPresent(std::string_view room, Socket* socket) {
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return nullptr;
  it->second.insert(socket);
  return &it->first;
}

bool RoomTable::Remove(std::string_view room, Socket* socket) {
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return false;
  it->second.erase(socket);
  if (!it->second.empty()) return false;
  rooms_.erase(it);
  return true;
}

const RoomTable::Members* RoomTable::Find(std::string_view room) const {
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? nullptr : &it->second;
}

}  // namespace confide::socketio
