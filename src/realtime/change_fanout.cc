#include "realtime/change_fanout.h"

#include <boost/json/serialize.hpp>

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

std::string ReactionPayload(const domain::ReactionView& reaction,
                            const std::string& conversation_id, std::string_view action) {
  return Serialize({{"messageId", reaction.reaction.message_id},
                    {"conversationId", conversation_id},
                    {"reaction", api::ReactionJson(reaction)},
                    {"action", action}});
}

// What a conversation list needs of a message it does not show: whose, what kind, when,
// and the start of its text.
std::string ActivityPayload(const domain::Message& message) {
  return Serialize({{"conversationId", message.conversation_id},
                    {"messageId", message.id},
                    {"senderId", message.sender_id},
                    {"messageType", domain::Name(message.type)},
                    {"createdAt", core::FormatTimestamp(message.created_at)},
                    {"preview", core::PrefixOfCodePoints(message.content, kPreviewLength)}});
}

}  // namespace

void ChangeFanout::Publish(const std::vector<domain::DomainEvent>& events) {
  for (const auto& event : events) {
    std::visit([this](const auto& e) { On(e); }, event);
  }
}

void ChangeFanout::Publish(const domain::RoomEvent& event) {
  const std::string room = event.kind == domain::RoomEvent::Kind::kCommunity
                               ? CommunityRoom(event.id)
                               : PostRoom(event.id);
  nsp_.Broadcast(room, {socketio::EventFrame(nsp_.name(), event.event, event.data_json)});
}

void ChangeFanout::ToConversation(const std::string& conversation_id, std::string_view event,
                                  std::string_view payload_json) {
  nsp_.Broadcast(ConversationRoom(conversation_id),
                 {socketio::EventFrame(nsp_.name(), event, payload_json)});
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

// In full to the sockets in the conversation's room; in brief (conversation_activity) to
// every other socket of its participants, through their own rooms, so that a conversation
// list hears of new messages without joining every conversation. Each socket gets one of
// the two, once. Not to those who blocked the sender.
void ChangeFanout::On(const domain::MessageSent& e) {
  const auto& message = e.message.message;
  std::vector<std::string> own_rooms{UserRoom(message.sender_id)};
  for (const auto& recipient : e.recipient_ids) own_rooms.push_back(UserRoom(recipient));
  std::vector<socketio::Namespace::Audience> audiences;
  audiences.push_back(
      {{ConversationRoom(message.conversation_id)},
       {socketio::EventFrame(nsp_.name(), "new_message", Serialize(api::MessageJson(e.message)))}});
  audiences.push_back(
      {std::move(own_rooms),
       {socketio::EventFrame(nsp_.name(), "conversation_activity", ActivityPayload(message))}});
  nsp_.Broadcast(std::move(audiences), NotBlocking(message.sender_id));
}

void ChangeFanout::On(const domain::MessageUpdated& e) {
  const auto& message = e.message.message;
  boost::json::value edited_at = nullptr;
  if (message.edited_at) edited_at = core::FormatTimestamp(*message.edited_at);
  ToConversation(message.conversation_id, "message_updated",
                 Serialize({{"messageId", message.id},
                            {"conversationId", message.conversation_id},
                            {"content", message.content},
                            {"isEdited", message.is_edited},
                            {"editedAt", std::move(edited_at)},
                            {"message", api::MessageJson(e.message)}}));
}

void ChangeFanout::On(const domain::MessageDeleted& e) {
  ToConversation(e.conversation_id, "message_deleted",
                 Serialize({{"messageId", e.message_id}, {"conversationId", e.conversation_id}}));
}

void ChangeFanout::On(const domain::MessageRead& e) {
  ToConversation(e.conversation_id, "message_read",
                 Serialize({{"messageId", e.message_id},
                            {"conversationId", e.conversation_id},
                            {"userId", e.user_id},
                            {"readAt", core::FormatTimestamp(e.read_at)}}));
}

void ChangeFanout::On(const domain::ReactionAdded& e) {
  ToConversation(e.conversation_id, "message_reaction",
                 ReactionPayload(e.reaction, e.conversation_id, "added"));
}

void ChangeFanout::On(const domain::ReactionRemoved& e) {
  ToConversation(e.conversation_id, "message_reaction",
                 ReactionPayload(e.reaction, e.conversation_id, "removed"));
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

void ChangeFanout::On(const domain::ParticipantAdded& e) {
  const auto& participant = e.participant.participant;
  const std::string payload = Serialize({{"conversationId", participant.conversation_id},
                                         {"userId", participant.user_id},
                                         {"addedBy", e.added_by}});
  nsp_.Broadcast({ConversationRoom(participant.conversation_id), UserRoom(participant.user_id)},
                 {socketio::EventFrame(nsp_.name(), "participant_added", payload)}, {});
}

// The removed user's sockets leave the conversation's room: they may not follow it anymore.
void ChangeFanout::On(const domain::ParticipantRemoved& e) {
  const std::string payload = Serialize(
      {{"conversationId", e.conversation_id}, {"userId", e.user_id}, {"removedBy", e.removed_by}});
  nsp_.Broadcast({ConversationRoom(e.conversation_id), UserRoom(e.user_id)},
                 {socketio::EventFrame(nsp_.name(), "participant_removed", payload)}, {});
  Evict(UserRoom(e.user_id), ConversationRoom(e.conversation_id));
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
