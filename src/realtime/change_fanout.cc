#include "realtime/change_fanout.h"

#include <boost/json/serialize.hpp>

#include "api/conversation_event_json.h"
#include "api/json_views.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "realtime/member.h"
#include "realtime/rooms.h"
#include "socketio/frames.h"

namespace confide::realtime {
namespace {

// conversation_activity's preview: the first characters of the message.
constexpr std::size_t kPreviewLength = 100;

std::string Serialize(const boost::json::value& value) { return boost::json::serialize(value); }

// What a conversation list needs of a message it does not show: whose, what kind, when,
// and the start of its text.
std::string ActivityPayload(const domain::Message& message) {
  return Serialize({{"conversationId", message.conversation_id},
                    {"messageId", message.id},
                    {"senderId", message.sender_id},
                    {"messageType", domain::Name(message.type)},
                    {"createdAt", core::FormatTimestamp(message.created_at)},
                    {"preview", core::PrefixOfCodePoints(message.content, kPreviewLength)},
                    {"seq", message.seq}});
}

}  // namespace

void ChangeFanout::Publish(const std::vector<domain::DomainEvent>& events) {
  for (const auto& event : events) {
    if (auto record = api::ConversationEventOf(event)) {
      order_.InTurn(record->conversation_id, record->seq, [&] { ToConversation(event, *record); });
    } else {
      std::visit([this](const auto& e) { On(e); }, event);
    }
  }
}

void ChangeFanout::Publish(const domain::RoomEvent& event) {
  const std::string room = event.kind == domain::RoomEvent::Kind::kCommunity
                               ? CommunityRoom(event.id)
                               : PostRoom(event.id);
  nsp_.Broadcast(room, {socketio::EventFrame(nsp_.name(), event.event, event.data_json)});
}

// A change in a conversation goes to the sockets in its room, as the conversation log keeps
// it. A new message goes in full (new_message) to the sockets in the conversation's room and
// in brief (conversation_activity) to every other socket of its participants, through their
// own rooms, so that a conversation list hears of new messages without joining every
// conversation; each socket gets one of the two, once, and not if it blocked the sender.
// Participant changes reach the added or removed user's own sockets too, and a removed user's
// sockets leave the room: they may not follow it anymore.
void ChangeFanout::ToConversation(const domain::DomainEvent& event,
                                  const store::ConversationLogRecord& record) {
  auto frame = socketio::EventFrame(nsp_.name(), record.type, record.payload);
  const std::string room = ConversationRoom(record.conversation_id);
  if (const auto* sent = std::get_if<domain::MessageSent>(&event)) {
    const auto& message = sent->message.message;
    std::vector<std::string> own_rooms{UserRoom(message.sender_id)};
    for (const auto& recipient : sent->recipient_ids) own_rooms.push_back(UserRoom(recipient));
    std::vector<socketio::Namespace::Audience> audiences;
    audiences.push_back({{room}, {std::move(frame)}});
    audiences.push_back(
        {std::move(own_rooms),
         {socketio::EventFrame(nsp_.name(), "conversation_activity", ActivityPayload(message))}});
    nsp_.Broadcast(std::move(audiences), NotBlocking(message.sender_id));
  } else if (const auto* added = std::get_if<domain::ParticipantAdded>(&event)) {
    nsp_.Broadcast({room, UserRoom(added->participant.participant.user_id)}, {std::move(frame)},
                   {});
  } else if (const auto* removed = std::get_if<domain::ParticipantRemoved>(&event)) {
    nsp_.Broadcast({room, UserRoom(removed->user_id)}, {std::move(frame)}, {});
    Evict(UserRoom(removed->user_id), room);
  } else {
    nsp_.Broadcast(room, {std::move(frame)});
  }
}

void ChangeFanout::On(const domain::ConversationCreated& e) {
  std::vector<std::string> rooms;
  for (const auto& participant : e.conversation.participants) {
    if (participant.participant.is_active)
      rooms.push_back(UserRoom(participant.participant.user_id));
  }
  nsp_.Broadcast(std::move(rooms),
                 {socketio::EventFrame(nsp_.name(), "conversation_created",
                                       Serialize(api::ConversationJson(e.conversation)))},
                 {});
}

void ChangeFanout::On(const domain::UserBlocked& e) {
  nsp_.ForEachIn(UserRoom(e.block.blocker_id),
                 [blocked = e.block.blocked_id](socketio::Socket& socket) {
                   if (Member* member = MemberOf(socket)) member->blocked.insert(blocked);
                 });
}

void ChangeFanout::On(const domain::UserUnblocked& e) {
  nsp_.ForEachIn(UserRoom(e.blocker_id), [blocked = e.blocked_id](socketio::Socket& socket) {
    if (Member* member = MemberOf(socket)) member->blocked.erase(blocked);
  });
}

// Every socket of a deleted user is told why and disconnected, wherever it is. (Their
// participations ended in the same change: the ParticipantRemoved events before this one
// took the sockets out of the conversations' rooms.)
void ChangeFanout::On(const domain::UserDeleted& e) {
  const std::string payload =
      Serialize({{"message", "User account has been deleted"}, {"code", "USER_DELETED"}});
  nsp_.ForEachIn(UserRoom(e.user_id), [payload](socketio::Socket& socket) {
    socket.EmitJson("auth_error", payload);
    socket.Disconnect(/*close_transport=*/true);
  });
}

void ChangeFanout::On(const domain::CommunityMemberRemoved& e) {
  Evict(UserRoom(e.user_id), CommunityRoom(e.community_id));
}

// A post that moved to another community is left by everyone; whoever may follow it there
// joins again.
void ChangeFanout::On(const domain::PostUpserted& e) {
  if (e.previous_community_id) Evict(PostRoom(e.post.id), PostRoom(e.post.id));
}

void ChangeFanout::On(const domain::PostRemoved& e) {
  Evict(PostRoom(e.post_id), PostRoom(e.post_id));
}

void ChangeFanout::Evict(std::string room, std::string left) {
  nsp_.ForEachIn(std::move(room),
                 [left = std::move(left)](socketio::Socket& socket) { socket.Leave(left); });
}

}  // namespace confide::realtime
