#include "realtime/delivery_plan.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/conversation_event_json.h"
#include "api/json_views.h"
#include "core/time_format.h"
#include "core/utf8.h"
#include "realtime/rooms.h"

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

Delivery Send(std::vector<Delivery::Part> parts) {
  Delivery delivery;
  delivery.parts = std::move(parts);
  return delivery;
}

Delivery Leave(std::string room, std::string left_room) {
  Delivery delivery;
  delivery.action = Delivery::Action::kLeave;
  delivery.room = std::move(room);
  delivery.left_room = std::move(left_room);
  return delivery;
}

// A change in a conversation, as its log entry has it.
std::vector<Delivery> ToConversation(const domain::DomainEvent& event,
                                     store::ConversationLogRecord record) {
  const std::string room = ConversationRoom(record.conversation_id);
  Delivery::Part part{{room}, std::move(record.type), std::move(record.payload)};
  std::vector<Delivery> plan;
  if (const auto* sent = std::get_if<domain::MessageSent>(&event)) {
    const auto& message = sent->message.message;
    std::vector<std::string> own_rooms{UserRoom(message.sender_id)};
    for (const auto& recipient : sent->recipient_ids) own_rooms.push_back(UserRoom(recipient));
    plan.push_back(
        Send({std::move(part),
              {std::move(own_rooms), "conversation_activity", ActivityPayload(message)}}));
    plan.back().audience = Delivery::Audience::kNotBlocking;
    plan.back().user_id = message.sender_id;
    plan.back().names_every_member = true;
  } else if (const auto* added = std::get_if<domain::ParticipantAdded>(&event)) {
    part.rooms.push_back(UserRoom(added->participant.participant.user_id));
    plan.push_back(Send({std::move(part)}));
  } else if (const auto* removed = std::get_if<domain::ParticipantRemoved>(&event)) {
    part.rooms.push_back(UserRoom(removed->user_id));
    plan.push_back(Send({std::move(part)}));
    plan.push_back(Leave(UserRoom(removed->user_id), room));
  } else {
    plan.push_back(Send({std::move(part)}));
  }
  for (auto& delivery : plan) {
    delivery.conversation_id = record.conversation_id;
    delivery.seq = record.seq;
  }
  return plan;
}

struct Planner {
  std::vector<Delivery> operator()(const domain::ConversationCreated& e) const {
    std::vector<std::string> rooms;
    for (const auto& participant : e.conversation.participants) {
      if (participant.participant.is_active)
        rooms.push_back(UserRoom(participant.participant.user_id));
    }
    return {Send({{std::move(rooms), "conversation_created",
                   Serialize(api::ConversationJson(e.conversation))}})};
  }
  std::vector<Delivery> operator()(const domain::UserBlocked& e) const {
    Delivery delivery;
    delivery.action = Delivery::Action::kBlock;
    delivery.user_id = e.block.blocker_id;
    delivery.blocked_id = e.block.blocked_id;
    return {delivery};
  }
  std::vector<Delivery> operator()(const domain::UserUnblocked& e) const {
    Delivery delivery;
    delivery.action = Delivery::Action::kUnblock;
    delivery.user_id = e.blocker_id;
    delivery.blocked_id = e.blocked_id;
    return {delivery};
  }
  // Every socket of a deleted user, wherever it is. (Their participations ended in the same
  // change: the ParticipantRemoved events before this one took the sockets out of the
  // conversations' rooms.)
  std::vector<Delivery> operator()(const domain::UserDeleted& e) const {
    Delivery delivery;
    delivery.action = Delivery::Action::kDisconnect;
    delivery.parts.push_back(
        {{UserRoom(e.user_id)},
         "auth_error",
         Serialize({{"message", "User account has been deleted"}, {"code", "USER_DELETED"}})});
    return {delivery};
  }
  std::vector<Delivery> operator()(const domain::CommunityMemberRemoved& e) const {
    return {Leave(UserRoom(e.user_id), CommunityRoom(e.community_id))};
  }
  // A post that moved to another community is left by everyone; whoever may follow it there
  // joins again.
  std::vector<Delivery> operator()(const domain::PostUpserted& e) const {
    if (!e.previous_community_id) return {};
    return {Leave(PostRoom(e.post.id), PostRoom(e.post.id))};
  }
  std::vector<Delivery> operator()(const domain::PostRemoved& e) const {
    return {Leave(PostRoom(e.post_id), PostRoom(e.post_id))};
  }
  // Conversation events go through ToConversation; the others change no socket.
  template <class E>
  std::vector<Delivery> operator()(const E&) const {
    return {};
  }
};

}  // namespace

std::vector<Delivery> PlanDeliveries(const domain::DomainEvent& event) {
  if (auto record = api::ConversationEventOf(event)) {
    return ToConversation(event, std::move(*record));
  }
  return std::visit(Planner{}, event);
}

std::vector<Delivery> PlanReplayed(const domain::ConversationLogEntry& entry) {
  if (const auto* view = std::get_if<domain::MessageView>(&entry)) {
    auto record = api::NewMessageEntry(*view);
    std::vector<Delivery> plan{
        Send({{{ConversationRoom(record.conversation_id)}, record.type, record.payload}})};
    plan.back().audience = Delivery::Audience::kNotBlocking;
    plan.back().user_id = view->message.sender_id;
    plan.back().conversation_id = record.conversation_id;
    plan.back().seq = record.seq;
    return plan;
  }
  const auto& record = std::get<store::ConversationLogRecord>(entry);
  const std::string room = ConversationRoom(record.conversation_id);
  std::vector<Delivery> plan{Send({{{room}, record.type, record.payload}})};
  if (record.type == "participant_added" || record.type == "participant_removed") {
    // The user the change is about, as its payload names them.
    boost::system::error_code ec;
    const auto payload = boost::json::parse(record.payload, ec);
    const auto* object = ec ? nullptr : payload.if_object();
    const auto* user = object != nullptr ? object->if_contains("userId") : nullptr;
    if (user != nullptr && user->is_string()) {
      const std::string user_room = UserRoom(std::string(user->get_string()));
      plan.back().parts.front().rooms.push_back(user_room);
      if (record.type == "participant_removed") plan.push_back(Leave(user_room, room));
    }
  }
  for (auto& delivery : plan) {
    delivery.conversation_id = record.conversation_id;
    delivery.seq = record.seq;
  }
  return plan;
}

Delivery PlanDelivery(const domain::RoomEvent& event) {
  const std::string room = event.kind == domain::RoomEvent::Kind::kCommunity
                               ? CommunityRoom(event.id)
                               : PostRoom(event.id);
  return Send({{{room}, event.event, event.data_json}});
}

}  // namespace confide::realtime
