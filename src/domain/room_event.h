#pragma once

// An event that one of the platform's services publishes into a community's or a post's
// real-time room through the internal API (a new comment, say); the real-time gateway
// delivers it to every socket in that room. The REST side checks it (CommunityDirectory::
// CheckRoomEvent) and hands it to a RoomPublisher, which the gateway provides.

#include <functional>
#include <string>

namespace confide::domain {

struct RoomEvent {
  enum class Kind { kCommunity, kPost };

  Kind kind = Kind::kCommunity;
  std::string id;         // the community's or the post's
  std::string event;      // the Socket.IO event name ("new_comment")
  std::string data_json;  // the event's one argument, serialized JSON ("null" when none)
};

// Takes a checked RoomEvent for delivery. It is called on a store thread, after the request's
// job committed, and must not block: it queues the event and returns.
using RoomPublisher = std::function<void(RoomEvent)>;

}  // namespace confide::domain
