#include "socketio/room_table.h"

namespace confide::socketio {

void RoomTable::Remove(const std::string& room, Socket* socket) {
  const auto it = rooms_.find(room);
  if (it == rooms_.end()) return;
  it->second.erase(socket);
  if (it->second.empty()) rooms_.erase(it);
}

const RoomTable::Members* RoomTable::Find(const std::string& room) const {
  const auto it = rooms_.find(room);
  return it == rooms_.end() ? nullptr : &it->second;
}

}  // namespace confide::socketio
