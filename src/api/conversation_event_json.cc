#include "api/conversation_event_json.h"

#include <boost/json/serialize.hpp>

#include "api/json_views.h"
#include "core/time_format.h"

namespace confide::api {
namespace {

namespace json = boost::json;
using store::ConversationLogRecord;

std::string Serialize(const json::value& value) { return json::serialize(value); }

ConversationLogRecord Of(const domain::MessageSent& e) { return NewMessageEntry(e.message); }

ConversationLogRecord Of(const domain::MessageUpdated& e) {
  const auto& m = e.message.message;
  json::value edited_at = nullptr;
  if (m.edited_at) edited_at = core::FormatTimestamp(*m.edited_at);
  return {.conversation_id = m.conversation_id,
          .seq = e.seq,
          .type = "message_updated",
          .message_id = m.id,
          .actor_id = m.sender_id,
          .occurred_at = m.edited_at.value_or(m.created_at),
          .payload = Serialize({{"messageId", m.id},
                                {"conversationId", m.conversation_id},
                                {"content", m.content},
                                {"isEdited", m.is_edited},
                                {"editedAt", std::move(edited_at)},
                                {"message", MessageJson(e.message)},
                                {"seq", e.seq}})};
}

ConversationLogRecord Of(const domain::MessageDeleted& e) {
  return {
      .conversation_id = e.conversation_id,
      .seq = e.seq,
      .type = "message_deleted",
      .message_id = e.message_id,
      .actor_id = e.deleted_by,
      .occurred_at = e.deleted_at,
      .payload = Serialize(
          {{"messageId", e.message_id}, {"conversationId", e.conversation_id}, {"seq", e.seq}})};
}

ConversationLogRecord Of(const domain::MessageRead& e) {
  return {.conversation_id = e.conversation_id,
          .seq = e.seq,
          .type = "message_read",
          .message_id = e.message_id,
          .actor_id = e.user_id,
          .occurred_at = e.read_at,
          .payload = Serialize({{"messageId", e.message_id},
                                {"conversationId", e.conversation_id},
                                {"userId", e.user_id},
                                {"readAt", core::FormatTimestamp(e.read_at)},
                                {"seq", e.seq}})};
}

ConversationLogRecord ReactionRecord(const domain::ReactionView& reaction,
                                     const std::string& conversation_id, std::int64_t seq,
                                     std::string_view action, domain::EpochMillis at) {
  return {.conversation_id = conversation_id,
          .seq = seq,
          .type = "message_reaction",
          .message_id = reaction.reaction.message_id,
          .actor_id = reaction.reaction.user_id,
          .occurred_at = at,
          .payload = Serialize({{"messageId", reaction.reaction.message_id},
                                {"conversationId", conversation_id},
                                {"reaction", ReactionJson(reaction)},
                                {"action", action},
                                {"seq", seq}})};
}

ConversationLogRecord Of(const domain::ReactionAdded& e) {
  return ReactionRecord(e.reaction, e.conversation_id, e.seq, "added",
                        e.reaction.reaction.created_at);
}

ConversationLogRecord Of(const domain::ReactionRemoved& e) {
  return ReactionRecord(e.reaction, e.conversation_id, e.seq, "removed", e.removed_at);
}

ConversationLogRecord Of(const domain::ParticipantAdded& e) {
  const auto& p = e.participant.participant;
  return {.conversation_id = p.conversation_id,
          .seq = e.seq,
          .type = "participant_added",
          .actor_id = e.added_by,
          .occurred_at = p.joined_at,
          .payload = Serialize({{"conversationId", p.conversation_id},
                                {"userId", p.user_id},
                                {"addedBy", e.added_by},
                                {"seq", e.seq}})};
}

ConversationLogRecord Of(const domain::ParticipantRemoved& e) {
  return {.conversation_id = e.conversation_id,
          .seq = e.seq,
          .type = "participant_removed",
          .actor_id = e.removed_by,
          .occurred_at = e.at,
          .payload = Serialize({{"conversationId", e.conversation_id},
                                {"userId", e.user_id},
                                {"removedBy", e.removed_by},
                                {"seq", e.seq}})};
}

template <class E>
concept ConversationEvent = requires(const E& e) {
  { Of(e) } -> std::same_as<ConversationLogRecord>;
};

}  // namespace

ConversationLogRecord NewMessageEntry(const domain::MessageView& view) {
  const auto& m = view.message;
  return {.conversation_id = m.conversation_id,
          .seq = m.seq,
          .type = "new_message",
          .message_id = m.id,
          .actor_id = m.sender_id,
          .occurred_at = m.created_at,
          .payload = Serialize(MessageJson(view))};
}

std::optional<ConversationLogRecord> ConversationEventOf(const domain::DomainEvent& event) {
  return std::visit(
      [](const auto& e) -> std::optional<ConversationLogRecord> {
        if constexpr (ConversationEvent<std::decay_t<decltype(e)>>) {
          return Of(e);
        } else {
          return std::nullopt;
        }
      },
      event);
}

}  // namespace confide::api
