#pragma once

// Plans what a committed change does to the gateway's sockets (Delivery), from the events it
// raised and the internal API's room events:
// - a conversation's changes go to its room as the conversation log keeps them (event name
//   and payload, seq included), in seq order; a new message goes in full (new_message) to
//   the room and in brief (conversation_activity) to its participants' other sockets, except
//   to those who blocked the sender; participant changes reach the added or removed user's
//   own sockets too, and a removed user's sockets leave the room;
// - conversation_created goes to the active participants' sockets;
// - blocks and unblocks change the blocker's sockets' cached block list;
// - a deleted user's sockets are told why and disconnected;
// - a user removed from a community leaves its room, and a post that moved or went away
//   is left by everyone who followed it.
// PlanReplayed plans an entry of a conversation's log read back from the database, for a
// change whose deliveries never arrived: its room's part, as PlanDeliveries would, and for a
// participant change the user's own sockets and the leaving, but no conversation_activity.
// Pure functions of their input.

#include <vector>

#include "domain/conversation_service.h"
#include "domain/events.h"
#include "domain/room_event.h"
#include "realtime/delivery.h"

namespace confide::realtime {

std::vector<Delivery> PlanDeliveries(const domain::DomainEvent& event);
Delivery PlanDelivery(const domain::RoomEvent& event);
std::vector<Delivery> PlanReplayed(const domain::ConversationLogEntry& entry);

}  // namespace confide::realtime
