#include "api/conversation_log_recorder.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "api/conversation_event_json.h"
#include "core/time_format.h"

namespace confide::api {
namespace {

namespace json = boost::json;

// What a message shows now, after an edit or a deletion.
struct MessageNow {
  std::string id;
  std::string content;
  bool is_deleted = false;
  std::optional<domain::EpochMillis> edited_at;  // set by an edit
};

// A message's JSON (MessageJson) brought to `now`.
void Rewrite(json::object& message, const MessageNow& now) {
  message["content"] = now.content;
  message["isDeleted"] = now.is_deleted;
  if (now.edited_at) {
    message["isEdited"] = true;
    message["editedAt"] = core::FormatTimestamp(*now.edited_at);
  }
  if (now.is_deleted) {
    message["attachmentUrl"] = nullptr;
    message["attachmentName"] = nullptr;
    message["attachmentSize"] = nullptr;
  }
}

// A message's JSON whose quote of the replied message (replyTo) is brought to `now`.
void RewriteQuote(json::object& message, const MessageNow& now) {
  auto* quote = message.if_contains("replyTo");
  if (quote == nullptr || !quote->is_object()) return;
  auto& object = quote->as_object();
  if (object["id"] != json::value(now.id)) return;
  object["content"] = now.content;
  object["isDeleted"] = now.is_deleted;
}

// The message object a message_updated entry shows (its "message").
json::object* MessageOf(json::value& payload) {
  if (!payload.is_object()) return nullptr;
  auto* message = payload.as_object().if_contains("message");
  return message != nullptr && message->is_object() ? &message->as_object() : nullptr;
}

void RewriteEntries(store::Transaction& tx, const MessageNow& now) {
  for (const auto& entry : tx.log().MessageEntries(std::span(&now.id, 1))) {
    json::value payload = json::parse(entry.payload);
    auto* message = MessageOf(payload);
    if (message == nullptr) continue;
    Rewrite(*message, now);
    auto& top = payload.as_object();
    top["content"] = now.content;
    if (now.edited_at) {
      top["isEdited"] = true;
      top["editedAt"] = core::FormatTimestamp(*now.edited_at);
    }
    tx.log().ReplacePayload(entry.conversation_id, entry.seq, json::serialize(payload));
  }
  const auto replies = tx.messages().RepliesTo(now.id);
  for (const auto& entry : tx.log().MessageEntries(replies)) {
    json::value payload = json::parse(entry.payload);
    auto* message = MessageOf(payload);
    if (message == nullptr) continue;
    RewriteQuote(*message, now);
    tx.log().ReplacePayload(entry.conversation_id, entry.seq, json::serialize(payload));
  }
}

}  // namespace

void ConversationLogRecorder::Record(store::Transaction& tx, const domain::DomainEvent& event) {
  // A message sent is its own entry: the log reads it from the messages, as it is now.
  if (std::holds_alternative<domain::MessageSent>(event)) return;
  auto record = ConversationEventOf(event);
  if (!record) return;
  if (const auto* updated = std::get_if<domain::MessageUpdated>(&event)) {
    const auto& m = updated->message.message;
    RewriteEntries(tx, {.id = m.id, .content = m.content, .edited_at = m.edited_at});
  } else if (const auto* deleted = std::get_if<domain::MessageDeleted>(&event)) {
    RewriteEntries(tx, {.id = deleted->message_id, .is_deleted = true});
  }
  tx.log().Append(*record);
}

}  // namespace confide::api
