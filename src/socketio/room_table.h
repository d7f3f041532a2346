#pragma once

// The rooms of one namespace on one I/O thread: which of that thread's sockets are in each
// room. Broadcasts walk it on each thread; no other thread ever touches it.
// Thread-safety: one table per (namespace, I/O thread); used only on that thread.
//
// A room of one socket costs its map node alone (next pointer, key, one-word members, cached
// hash: 56 bytes), and a key longer than 15 characters that key's buffer.

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "socketio/room_members.h"

namespace confide::socketio {

class RoomTable {
 public:
  using Members = RoomMembers;
  // A room is found by its hash however few rooms the table holds. With std::hash<std::string>
  // libstdc++ finds a key among up to 20 by comparing it with each (it deems that hash slow),
  // and room names share long prefixes: a broadcast to sixty members' rooms made that scan
  // most of its cost on a thread with few rooms. (Not noexcept: the table keeps each key's
  // hash, and compares keys only when their hashes are equal.)
  struct Hash {
    std::size_t operator()(const std::string& room) const {
      return std::hash<std::string_view>{}(room);
    }
  };

  // True when the room was empty (it begins to exist on this thread).
  bool Add(const std::string& room, Socket* socket);
  // True when the room became empty.
  bool Remove(const std::string& room, Socket* socket);
  // The sockets in `room`, or null when it is empty.
  const Members* Find(const std::string& room) const;

 private:
  std::unordered_map<std::string, Members, Hash> rooms_;
};

}  // namespace confide::socketio
