#include "api/json_views.h"

#include <boost/json.hpp>

#include "core/time_format.h"

namespace confide::api {
namespace {

namespace json = boost::json;
using domain::User;

json::value Optional(const std::optional<std::string>& s) {
  return s ? json::value(*s) : json::value(nullptr);
}
json::value OptionalTime(const std::optional<core::EpochMillis>& t) {
  return t ? json::value(core::FormatTimestamp(*t)) : json::value(nullptr);
}
json::value OptionalInt(const std::optional<std::int64_t>& n) {
  return n ? json::value(*n) : json::value(nullptr);
}
json::string Time(core::EpochMillis t) { return json::string(core::FormatTimestamp(t)); }

// {id, firstName, lastName}: reply senders, reaction and receipt users.
json::object UserBrief(const User& u) {
  return {{"id", u.id}, {"firstName", u.first_name}, {"lastName", u.last_name}};
}
// {id, firstName, lastName, avatarUrl}: message senders.
json::object UserSummary(const User& u) {
  auto o = UserBrief(u);
  o["avatarUrl"] = Optional(u.avatar_url);
  return o;
}
// ... and the role: conversation participants.
json::object UserWithRole(const User& u) {
  auto o = UserSummary(u);
  o["role"] = u.role;
  return o;
}

json::value ReplyJson(const std::optional<domain::ReplyPreview>& r) {
  if (!r) return nullptr;
  return json::object{{"id", r->id},
                      {"content", r->content},
                      {"isDeleted", r->is_deleted},
                      {"sender", UserBrief(r->sender)}};
}

json::value ReceiptJson(const domain::ReadReceiptView& v) {
  return json::object{{"id", v.receipt.id},
                      {"userId", v.receipt.user_id},
                      {"readAt", Time(v.receipt.read_at)},
                      {"user", UserBrief(v.user)}};
}

json::value ParticipantJson(const domain::ParticipantView& v) {
  const auto& p = v.participant;
  return json::object{{"id", p.id},
                      {"userId", p.user_id},
                      {"role", domain::Name(p.role)},
                      {"joinedAt", Time(p.joined_at)},
                      {"isActive", p.is_active},
                      {"leftAt", OptionalTime(p.left_at)},
                      {"user", UserWithRole(v.user)}};
}

// The newest message as conversation lists show it.
json::value LastMessageJson(const domain::MessageView& v) {
  const auto& m = v.message;
  return json::object{{"id", m.id},
                      {"conversationId", m.conversation_id},
                      {"senderId", m.sender_id},
                      {"content", m.content},
                      {"messageType", domain::Name(m.type)},
                      {"createdAt", Time(m.created_at)},
                      {"isEdited", m.is_edited},
                      {"isDeleted", m.is_deleted},
                      {"seq", m.seq},
                      {"sender", UserSummary(v.sender)}};
}

}  // namespace

json::value MessageJson(const domain::MessageView& v) {
  const auto& m = v.message;
  return json::object{{"id", m.id},
                      {"conversationId", m.conversation_id},
                      {"senderId", m.sender_id},
                      {"content", m.content},
                      {"messageType", domain::Name(m.type)},
                      {"createdAt", Time(m.created_at)},
                      {"isEdited", m.is_edited},
                      {"editedAt", OptionalTime(m.edited_at)},
                      {"isDeleted", m.is_deleted},
                      {"replyToId", Optional(m.reply_to_id)},
                      {"attachmentUrl", Optional(m.attachment_url)},
                      {"attachmentName", Optional(m.attachment_name)},
                      {"attachmentSize", OptionalInt(m.attachment_size)},
                      {"sender", UserSummary(v.sender)},
                      {"replyTo", ReplyJson(v.reply_to)},
                      {"reactions", ArrayJson(v.reactions, ReactionJson)},
                      {"readReceipts", ArrayJson(v.read_receipts, ReceiptJson)},
                      {"seq", m.seq}};
}

json::value ConversationJson(const domain::ConversationView& v) {
  const auto& c = v.conversation;
  json::array messages;
  if (v.last_message) messages.push_back(LastMessageJson(*v.last_message));
  return json::object{{"id", c.id},
                      {"type", domain::Name(c.type)},
                      {"title", Optional(c.title)},
                      {"createdAt", Time(c.created_at)},
                      {"updatedAt", Time(c.updated_at)},
                      {"lastMessageAt", OptionalTime(c.last_message_at)},
                      {"isActive", c.is_active},
                      {"participants", ArrayJson(v.participants, ParticipantJson)},
                      {"messages", std::move(messages)},
                      {"_count", json::object{{"messages", c.message_count}}},
                      {"unreadCount", v.unread_count}};
}

json::value ReactionJson(const domain::ReactionView& v) {
  const auto& r = v.reaction;
  return json::object{
      {"id", r.id},       {"messageId", r.message_id},       {"userId", r.user_id},
      {"emoji", r.emoji}, {"createdAt", Time(r.created_at)}, {"user", UserBrief(v.user)}};
}

json::value SearchHitJson(const domain::SearchHit& hit) {
  const auto& m = hit.message;
  const auto& c = hit.conversation;
  return json::object{
      {"id", m.id},
      {"conversationId", m.conversation_id},
      {"senderId", m.sender_id},
      {"content", m.content},
      {"messageType", domain::Name(m.type)},
      {"createdAt", Time(m.created_at)},
      {"seq", m.seq},
      {"sender", UserSummary(hit.sender)},
      {"conversation",
       json::object{{"id", c.id}, {"type", domain::Name(c.type)}, {"title", Optional(c.title)}}}};
}

json::value BlockJson(const domain::BlockView& v) {
  return json::object{{"userId", v.block.blocked_id},
                      {"reason", Optional(v.block.reason)},
                      {"createdAt", Time(v.block.created_at)},
                      {"user", UserSummary(v.user)}};
}

json::value UserJson(const domain::User& u) {
  auto o = UserWithRole(u);
  o["createdAt"] = Time(u.created_at);
  o["updatedAt"] = Time(u.updated_at);
  o["deletedAt"] = OptionalTime(u.deleted_at);
  return o;
}

json::value ReadStateJson(const domain::ReadState& state) {
  return json::object{{"success", true},
                      {"lastReadMessageId", Optional(state.last_read_message_id)},
                      {"unreadCount", state.unread_count}};
}

json::value CommunityMemberJson(const domain::CommunityMember& m) {
  return json::object{
      {"communityId", m.community_id}, {"userId", m.user_id}, {"joinedAt", Time(m.joined_at)}};
}

json::value PostJson(const domain::Post& p) {
  return json::object{
      {"postId", p.id}, {"communityId", p.community_id}, {"createdAt", Time(p.created_at)}};
}

}  // namespace confide::api
