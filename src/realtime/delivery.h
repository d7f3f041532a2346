#pragma once

// What the gateway does to its sockets for one change (a committed one, or a typing or
// presence announcement), as plain data: which rooms' sockets are sent which event, whose
// cached state changes, who is disconnected or leaves a room. PlanDeliveries makes them from a
// committed change's events; Deliver applies one to the sockets of this process. Between the
// two they are plain values, so planning and applying need not happen in the same place.

#include <cstdint>
#include <string>
#include <vector>

namespace confide::realtime {

struct Delivery {
  enum class Action {
    kSend,        // emits `parts` to their rooms' sockets
    kBlock,       // the sockets of `user_id` stop receiving what `blocked_id` sends
    kUnblock,     // they receive it again
    kDisconnect,  // each socket in the parts' rooms is sent the part's event, then disconnected
    kLeave,       // the sockets in `room` leave `left_room`
  };
  // kSend: which of the rooms' sockets receive it. Authenticated sockets only, except kAll.
  enum class Audience {
    kAll,               // every socket
    kNotBlocking,       // those that have not blocked `user_id`
    kOthersNotBlocking  // the same, without `user_id`'s own sockets
  };
  // One event for the sockets of some rooms.
  struct Part {
    std::vector<std::string> rooms;
    std::string event;         // the Socket.IO event name; empty: the rooms' sockets get
                               // nothing of this delivery (they hear of it another way)
    std::string payload_json;  // its one argument

    bool operator==(const Part&) const = default;
  };

  Action action = Action::kSend;
  // kSend: a socket gets the event of the first part whose rooms hold it, once; kDisconnect:
  // the event each socket is told before it goes.
  std::vector<Part> parts;
  Audience audience = Audience::kAll;
  std::string user_id;     // kSend: the sender whose blockers are left out; kBlock: the blocker
  std::string blocked_id;  // kBlock, kUnblock
  std::string room;        // kLeave: whose sockets leave
  std::string left_room;   // kLeave: the room they leave
  // A change in a conversation: deliveries of one conversation are applied in seq order. 0
  // for the others, applied as they come.
  std::string conversation_id;
  std::int64_t seq = 0;
  // Worth nothing late (typing): between nodes, dropped rather than sent after a reconnection.
  bool ephemeral = false;
  // kSend of a conversation's change: its parts name the room of every participant of the
  // conversation (a message). A socket joins a conversation's room only as a participant's,
  // so the send concerns no socket outside the rooms of the users it names. Known to the node
  // that planned it; not carried between nodes.
  bool names_every_member = false;

  bool operator==(const Delivery&) const = default;
};

}  // namespace confide::realtime
