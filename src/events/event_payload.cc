#include "events/event_payload.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/time_format.h"

namespace confide::events {
namespace {

namespace json = boost::json;
using namespace confide::domain;

json::value Optional(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}

json::value Timestamp(EpochMillis t) { return json::value(core::FormatTimestamp(t)); }

json::array Strings(const std::vector<std::string>& values) {
  json::array array;
  array.reserve(values.size());
  for (const auto& v : values) array.emplace_back(v);
  return array;
}

Payload Make(std::string type, std::optional<std::string> conversation_id, EpochMillis at,
             const json::object& data) {
  return {std::move(type), std::move(conversation_id), at, json::serialize(data)};
}

// The fields message.sent and message.updated open with, in this order.
json::object MessageData(const Message& m) {
  json::object data;
  data["messageId"] = m.id;
  data["conversationId"] = m.conversation_id;
  data["senderId"] = m.sender_id;
  data["content"] = m.content;
  data["messageType"] = LowerName(m.type);
  return data;
}

// ConversationCreatedEvent, as the spec writes it.
Payload Describe(const ConversationCreated& e) {
  const auto& c = e.conversation.conversation;
  std::vector<std::string> participant_ids;
  participant_ids.reserve(e.conversation.participants.size());
  for (const auto& p : e.conversation.participants) participant_ids.push_back(p.user.id);
  json::object data;
  data["conversationId"] = c.id;
  data["createdBy"] = e.created_by;
  data["participantIds"] = Strings(participant_ids);
  data["conversationType"] = LowerName(c.type);
  data["title"] = Optional(c.title);
  data["isPrivate"] = IsPrivate(c.type);
  return Make("conversation.created", c.id, c.created_at, data);
}

// MessageSentEvent, as the spec writes it.
Payload Describe(const MessageSent& e) {
  const auto& m = e.message.message;
  json::array attachments;
  if (m.attachment_url) attachments.emplace_back(*m.attachment_url);
  auto data = MessageData(m);
  data["sentAt"] = Timestamp(m.created_at);
  data["recipientIds"] = Strings(e.recipient_ids);
  data["replyToMessageId"] = Optional(m.reply_to_id);
  data["fileAttachments"] = std::move(attachments);
  return Make("message.sent", m.conversation_id, m.created_at, data);
}

// MessageReadEvent, as the spec writes it.
Payload Describe(const MessageRead& e) {
  json::object data;
  data["messageId"] = e.message_id;
  data["readBy"] = e.user_id;
  data["readAt"] = Timestamp(e.read_at);
  data["conversationId"] = e.conversation_id;
  data["messagesSinceLastRead"] = e.messages_since_last_read;
  return Make("message.read", e.conversation_id, e.read_at, data);
}

Payload Describe(const MessageUpdated& e) {
  const auto& m = e.message.message;
  const EpochMillis at = m.edited_at.value_or(m.created_at);
  auto data = MessageData(m);
  data["editedAt"] = Timestamp(at);
  return Make("message.updated", m.conversation_id, at, data);
}

Payload Describe(const MessageDeleted& e) {
  json::object data;
  data["messageId"] = e.message_id;
  data["conversationId"] = e.conversation_id;
  data["senderId"] = e.sender_id;
  data["deletedBy"] = e.deleted_by;
  data["deletedAt"] = Timestamp(e.deleted_at);
  return Make("message.deleted", e.conversation_id, e.deleted_at, data);
}

json::object ReactionData(const ReactionView& v, const std::string& conversation_id) {
  json::object data;
  data["reactionId"] = v.reaction.id;
  data["messageId"] = v.reaction.message_id;
  data["conversationId"] = conversation_id;
  data["userId"] = v.reaction.user_id;
  data["emoji"] = v.reaction.emoji;
  return data;
}

Payload Describe(const ReactionAdded& e) {
  auto data = ReactionData(e.reaction, e.conversation_id);
  data["createdAt"] = Timestamp(e.reaction.reaction.created_at);
  return Make("reaction.added", e.conversation_id, e.reaction.reaction.created_at, data);
}

Payload Describe(const ReactionRemoved& e) {
  auto data = ReactionData(e.reaction, e.conversation_id);
  data["removedAt"] = Timestamp(e.removed_at);
  return Make("reaction.removed", e.conversation_id, e.removed_at, data);
}

Payload Describe(const UserBlocked& e) {
  json::object data;
  data["blockerId"] = e.block.blocker_id;
  data["blockedId"] = e.block.blocked_id;
  data["blockedAt"] = Timestamp(e.block.created_at);
  return Make("user.blocked", std::nullopt, e.block.created_at, data);
}

Payload Describe(const UserUnblocked& e) {
  json::object data;
  data["blockerId"] = e.blocker_id;
  data["blockedId"] = e.blocked_id;
  data["unblockedAt"] = Timestamp(e.at);
  return Make("user.unblocked", std::nullopt, e.at, data);
}

Payload Describe(const ParticipantAdded& e) {
  const auto& p = e.participant.participant;
  json::object data;
  data["conversationId"] = p.conversation_id;
  data["userId"] = p.user_id;
  data["role"] = Name(p.role);
  data["addedBy"] = e.added_by;
  data["joinedAt"] = Timestamp(p.joined_at);
  return Make("participant.added", p.conversation_id, p.joined_at, data);
}

Payload Describe(const ParticipantRemoved& e) {
  json::object data;
  data["conversationId"] = e.conversation_id;
  data["userId"] = e.user_id;
  data["removedBy"] = e.removed_by;
  data["removedAt"] = Timestamp(e.at);
  return Make("participant.removed", e.conversation_id, e.at, data);
}

Payload Describe(const UserDeleted& e) {
  json::object data;
  data["userId"] = e.user_id;
  data["deletedAt"] = Timestamp(e.at);
  return Make("user.deleted", std::nullopt, e.at, data);
}

}  // namespace

std::optional<Payload> PayloadOf(const domain::DomainEvent& event) {
  return std::visit(
      [](const auto& e) -> std::optional<Payload> {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, CommunityMemberAdded> ||
                      std::is_same_v<E, CommunityMemberRemoved> ||
                      std::is_same_v<E, PostUpserted> || std::is_same_v<E, PostRemoved>) {
          return std::nullopt;
        } else {
          return Describe(e);
        }
      },
      event);
}

}  // namespace confide::events
