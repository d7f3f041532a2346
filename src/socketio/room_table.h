#pragma once

// The rooms of one namespace on one I/O thread: which of that thread's sockets are in each
// room. Broadcasts walk it on each thread; no other thread ever touches it.
// Thread-safety: one table per (namespace, I/O thread); used only on that thread.
//
// A room of one socket costs its map node alone (next pointer, the name's view, one-word
// members, cached hash: 48 bytes); the name itself is the namespace's, shared by every thread.

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
    using is_transparent = void;  // looks strings and views up alike
    std::size_t operator()(std::string_view room) const {
      return std::hash<std::string_view>{}(room);
    }
  };

  // True when the room was empty (it begins to exist on this thread). `name` is kept as the
  // room's key, not copied: it must outlive the room on this thread (Namespace keeps it).
  bool Add(std::string_view name, Socket* socket);
  // When the room has sockets here already: `socket` is added, and the room's name as kept
  // is returned. Null otherwise, and nothing is added.
  const std::string_view* AddIfPresent(std::string_view room, Socket* socket);
  // True when the room became empty.
  bool Remove(std::string_view room, Socket* socket);
  // The sockets in `room`, or null when it is empty.
  const Members* Find(std::string_view room) const;

 private:
  std::unordered_map<std::string_view, Members, Hash> rooms_;
};

}  // namespace confide::socketio
