#pragma once

// Splits a change's deliveries by the room whose sockets they reach, so that a node receives
// only what concerns the rooms it has sockets in. Each room's share keeps the order of the
// change. A socket that several rooms of one send reach gets it once: the share of a room
// names the earlier rooms of the send as rooms whose sockets get nothing from it (an empty
// part), except, for a user's room, other users' rooms, which no socket shares with it.

#include <string>
#include <utility>
#include <vector>

#include "realtime/delivery.h"

namespace confide::cluster {

struct RoomShare {
  std::string room;
  std::vector<realtime::Delivery> deliveries;
};

std::vector<RoomShare> SplitByRoom(const std::vector<realtime::Delivery>& change);

}  // namespace confide::cluster
