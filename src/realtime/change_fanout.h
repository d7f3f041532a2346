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
// Receive on the bus's. None touches the database. A conversation's changes reach the sockets
// in seq order: on one node a change completed ahead of its predecessor waits for it, briefly
// (ConversationOrder); in a cluster, changes are published at once and every node orders
// what it applies, filling what never came from the database (ConversationFollower). The
// changes of one commit are published together when its completions are done
// (core::CompletionBatch), in one message to each node or room.

#include <memory>
#include <string>
#include <vector>

#include "domain/events.h"
#include "domain/room_event.h"
#include "realtime/conversation_follower.h"
#include "realtime/conversation_order.h"
#include "realtime/delivery.h"
#include "realtime/delivery_bus.h"
#include "socketio/namespace.h"

namespace confide::realtime {

class ChangeFanout {
 public:
  // Without a bus, everything stays in this process. With one, `follower` (required then)
  // orders the conversations' changes.
  // `exit_before_publish`: a fault for tests (GatewayOptions).
  ChangeFanout(socketio::Namespace& nsp, DeliveryBus* bus,
               std::unique_ptr<ConversationFollower> follower = nullptr,
               bool exit_before_publish = false)
      : nsp_(nsp),
        bus_(bus),
        follower_(std::move(follower)),
        exit_before_publish_(exit_before_publish) {}

  // The events of a change committed here.
  void Publish(const std::vector<domain::DomainEvent>& events);
  // An event the platform's other services publish into a community or post room.
  void Publish(const domain::RoomEvent& event);
  // Deliveries made here without a change (typing), for every node.
  void Send(const std::vector<Delivery>& change);
  // Deliveries for this node's sockets only (presence: each node tells its own).
  void SendHere(std::vector<Delivery> change);
  // Another node's deliveries for the sockets of `room`.
  void Receive(const std::string& room, std::vector<Delivery> change);

  // A conversation's room got its first socket here, or lost its last.
  void Follow(const std::string& conversation_id, bool present);
  // A socket joined the conversation's room knowing it up to `seq`.
  void Known(const std::string& conversation_id, std::int64_t seq);
  // The bus may have lost deliveries: what is missing is read from the database.
  void CatchUp();
  // Stops reading the database (before it stops).
  void Stop();

 private:
  // Applies the deliveries of one change made here, in its conversation's seq order if it
  // has one, and sends them to the other nodes.
  void Apply(std::vector<Delivery> change);
  // Sends a change to the other nodes: at the end of the thread's completion batch, with the
  // batch's other changes, or at once outside one.
  void PublishSoon(const std::vector<Delivery>& change);

  socketio::Namespace& nsp_;
  DeliveryBus* const bus_;
  const std::unique_ptr<ConversationFollower> follower_;
  const bool exit_before_publish_;
  ConversationOrder order_;
};

}  // namespace confide::realtime
