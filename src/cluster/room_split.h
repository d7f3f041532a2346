#pragma once

// Splits a change's deliveries by where their sockets are, so that a node receives only what
// concerns its own sockets.
// - A change whose sends name every member of their conversation (a message) is not split:
//   every socket it concerns is a named user's, so it goes whole, once, to each node holding
//   one of them (GoesWhole).
// - A room other than a user's (a conversation's, a community's, a post's) gets a share of its
//   own (SplitByRoom): the nodes with sockets in it subscribe to it.
// - The users' rooms go to the nodes that hold those users (UsersShare): one share per node,
//   with the part of the change for the users it holds.
// Each share keeps the order of the change. A socket that several rooms of one send reach
// gets it once: a share names the send's earlier rooms as rooms whose sockets get nothing
// from it (an empty part), except, for a user's room, other users' rooms, which no socket
// shares with it.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "realtime/delivery.h"

namespace confide::cluster {

struct RoomShare {
  std::string room;
  std::vector<realtime::Delivery> deliveries;
};

// Whether the change goes whole to the nodes holding the users it reaches: each of its
// deliveries is a send that names every member of its conversation.
bool GoesWhole(const std::vector<realtime::Delivery>& change);

// The shares of the rooms other than users' rooms.
std::vector<RoomShare> SplitByRoom(const std::vector<realtime::Delivery>& change);

// The users whose rooms the change reaches, each once.
std::vector<std::string> UsersReached(const std::vector<realtime::Delivery>& change);

// The part of the change for the rooms of the users `held` says yes to: empty when it has
// nothing for them.
std::vector<realtime::Delivery> UsersShare(const std::vector<realtime::Delivery>& change,
                                           const std::function<bool(std::string_view)>& held);

}  // namespace confide::cluster
