#pragma once

// Turns committed changes into the gateway's server events and sends each to the rooms it
// concerns: new_message (conversation_activity for sockets outside the room), message_updated,
// message_deleted, message_read, message_reaction, participant_added/removed (their payloads
// as api::ConversationEventOf renders them, seq included), conversation_created;
// keeps sockets' cached state in step (blocks, rooms a user may no longer be in). Each event is
// serialized and framed once.
//
// Thread-safety: Publish may be called from any thread but an I/O thread (it runs on a store
// thread, in a write job's completion, after the commit); it builds frames and posts them to
// the I/O threads, never touching the database. A conversation's changes go out in seq order
// (ConversationOrder): a change completed ahead of its predecessor waits for it, briefly.

#include <vector>

#include "domain/events.h"
#include "domain/room_event.h"
#include "realtime/conversation_order.h"
#include "socketio/namespace.h"
#include "store/transaction.h"

namespace confide::realtime {

class ChangeFanout {
 public:
  explicit ChangeFanout(socketio::Namespace& nsp) : nsp_(nsp) {}

  void Publish(const std::vector<domain::DomainEvent>& events);
  // An event the platform's other services publish into a community or post room.
  void Publish(const domain::RoomEvent& event);

 private:
  // The events of changes in a conversation (api::ConversationEventOf).
  void ToConversation(const domain::DomainEvent& event, const store::ConversationLogRecord& record);

  void On(const domain::ConversationCreated& e);
  void On(const domain::UserBlocked& e);
  void On(const domain::UserUnblocked& e);
  void On(const domain::UserDeleted& e);
  void On(const domain::CommunityMemberAdded&) {}
  void On(const domain::CommunityMemberRemoved& e);
  void On(const domain::PostUpserted& e);
  void On(const domain::PostRemoved& e);
  // Conversation events go through ToConversation.
  template <class E>
  void On(const E&) {}

  // Makes every socket in `room` leave `left`.
  void Evict(std::string room, std::string left);

  socketio::Namespace& nsp_;
  ConversationOrder order_;
};

}  // namespace confide::realtime
