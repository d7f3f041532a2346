#pragma once

// The rooms of one namespace on one I/O thread: which of that thread's sockets are in each
// room. Broadcasts walk it on each thread; no other thread ever touches it.
// Thread-safety: one table per (namespace, I/O thread); used only on that thread.

#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace confide::socketio {

class Socket;

class RoomTable {
 public:
  using Members = std::unordered_set<Socket*>;

  // True when the room was empty (it begins to exist on this thread).
  bool Add(const std::string& room, Socket* socket);
  // True when the room became empty.
  bool Remove(const std::string& room, Socket* socket);
  // The sockets in `room`, or null when it is empty.
  const Members* Find(const std::string& room) const;

 private:
  std::unordered_map<std::string, Members> rooms_;
};

}  // namespace confide::socketio
