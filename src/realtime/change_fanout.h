#pragma once

// Sends every change to the sockets it concerns: plans its deliveries (PlanDeliveries:
// new_message, conversation_activity, message_updated, message_deleted, message_read,
// message_reaction, participant_added/removed, conversation_created, blocks, evictions),
// applies them to this process's sockets (Deliver), each event serialized and framed once,
// and, in a cluster, publishes them on the bus for the other nodes, which apply them to
// theirs (Receive).
//
// Thread-safety: every method may be called from any thread. Publish runs on a store thread,
// in a write job's completion, after the commit; Send on an I/O thread or a store thread;
// Receive on the bus's. None touches the database. A conversation's changes go out in seq
// order (ConversationOrder): a change completed ahead of its predecessor waits for it,
// briefly, and is published to the other nodes in that order too.

#include <vector>

#include "domain/events.h"
#include "domain/room_event.h"
#include "realtime/conversation_order.h"
#include "realtime/delivery.h"
#include "realtime/delivery_bus.h"
#include "socketio/namespace.h"

namespace confide::realtime {

class ChangeFanout {
 public:
  // Without a bus, everything stays in this process.
  ChangeFanout(socketio::Namespace& nsp, DeliveryBus* bus) : nsp_(nsp), bus_(bus) {}

  // The events of a change committed here.
  void Publish(const std::vector<domain::DomainEvent>& events);
  // An event the platform's other services publish into a community or post room.
  void Publish(const domain::RoomEvent& event);
  // Deliveries made here without a change (typing, presence).
  void Send(const std::vector<Delivery>& change);
  // Deliveries another node made.
  void Receive(const std::vector<Delivery>& change);

 private:
  // Applies the deliveries of one change here, in its conversation's seq order if it has one,
  // and (`publish`) sends them to the other nodes.
  void Apply(const std::vector<Delivery>& change, bool publish);

  socketio::Namespace& nsp_;
  DeliveryBus* const bus_;
  ConversationOrder order_;
};

}  // namespace confide::realtime
