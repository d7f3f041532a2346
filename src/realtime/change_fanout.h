#pragma once

// Sends every committed change to the sockets it concerns: plans its deliveries
// (PlanDeliveries: new_message, conversation_activity, message_updated, message_deleted,
// message_read, message_reaction, participant_added/removed, conversation_created, blocks,
// evictions) and applies them to this process's sockets (Deliver), each event serialized and
// framed once.
//
// Thread-safety: Publish may be called from any thread but an I/O thread (it runs on a store
// thread, in a write job's completion, after the commit); it builds frames and posts them to
// the I/O threads, never touching the database. A conversation's changes go out in seq order
// (ConversationOrder): a change completed ahead of its predecessor waits for it, briefly.

#include <vector>

#include "domain/events.h"
#include "domain/room_event.h"
#include "realtime/conversation_order.h"
#include "realtime/delivery.h"
#include "socketio/namespace.h"

namespace confide::realtime {

class ChangeFanout {
 public:
  explicit ChangeFanout(socketio::Namespace& nsp) : nsp_(nsp) {}

  void Publish(const std::vector<domain::DomainEvent>& events);
  // An event the platform's other services publish into a community or post room.
  void Publish(const domain::RoomEvent& event);

 private:
  // Applies the deliveries of one change, in its conversation's seq order if it has one.
  void Apply(const std::vector<Delivery>& change);

  socketio::Namespace& nsp_;
  ConversationOrder order_;
};

}  // namespace confide::realtime
