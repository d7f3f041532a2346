#pragma once

// The rooms of one namespace on one I/O thread: which of that thread's sockets are in each
// room. Broadcasts walk it on each thread; no other thread ever touches it.
// Thread-safety: one table per (namespace, I/O thread); used only on that thread, except
// room_count(), which any thread may read.

#include <atomic>
#include <cstddef>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace confide::socketio {

class Socket;

class RoomTable {
 public:
  using Members = std::unordered_set<Socket*>;

  void Add(const std::string& room, Socket* socket);
  void Remove(const std::string& room, Socket* socket);
  // The sockets in `room`, or null when it is empty.
  const Members* Find(const std::string& room) const;
  std::size_t room_count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::unordered_map<std::string, Members> rooms_;
  std::atomic<std::size_t> count_{0};
};

}  // namespace confide::socketio
