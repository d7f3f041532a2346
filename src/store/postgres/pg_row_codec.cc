#include "store/postgres/pg_row_codec.h"

#include <optional>
#include <string>
#include <string_view>

#include "store/postgres/pg_error.h"

namespace confide::store::postgres {
namespace {

// An enum column holding a name this binary does not know means the row was written by
// something else; the job fails rather than guess. The value itself stays out of the
// message, as the server's own errors keep rows' values out of theirs.
template <class E>
E Parse(std::optional<E> (*parse)(std::string_view), const PgResult& result, int row, int column) {
  if (auto value = parse(result.View(row, column))) return *value;
  throw PgError("XX001", "unexpected value in enum column " + std::to_string(column), false);
}

}  // namespace

domain::User UserFrom(const PgResult& r, int row) {
  return domain::User{.id = r.Text(row, 0),
                      .first_name = r.Text(row, 1),
                      .last_name = r.Text(row, 2),
                      .avatar_url = r.OptionalText(row, 3),
                      .role = r.Text(row, 4),
                      .created_at = r.Int(row, 5),
                      .updated_at = r.Int(row, 6),
                      .deleted_at = r.OptionalInt(row, 7),
                      .last_seen_at = r.OptionalInt(row, 8)};
}

domain::Conversation ConversationFrom(const PgResult& r, int row) {
  return ConversationAt(r, row, 0);
}

domain::Conversation ConversationAt(const PgResult& r, int row, int first) {
  return domain::Conversation{.id = r.Text(row, first),
                              .type = Parse(&domain::ParseConversationType, r, row, first + 1),
                              .title = r.OptionalText(row, first + 2),
                              .created_by = r.Text(row, first + 3),
                              .created_at = r.Int(row, first + 4),
                              .updated_at = r.Int(row, first + 5),
                              .last_message_at = r.OptionalInt(row, first + 6),
                              .is_active = r.Bool(row, first + 7),
                              .message_count = r.Int(row, first + 8)};
}

domain::Participant ParticipantFrom(const PgResult& r, int row) {
  return domain::Participant{.id = r.Text(row, 0),
                             .conversation_id = r.Text(row, 1),
                             .user_id = r.Text(row, 2),
                             .role = Parse(&domain::ParseParticipantRole, r, row, 3),
                             .joined_at = r.Int(row, 4),
                             .left_at = r.OptionalInt(row, 5),
                             .is_active = r.Bool(row, 6),
                             .last_read_message_id = r.OptionalText(row, 7)};
}

domain::Message MessageFrom(const PgResult& r, int row) {
  return domain::Message{.id = r.Text(row, 0),
                         .conversation_id = r.Text(row, 1),
                         .sender_id = r.Text(row, 2),
                         .content = r.Text(row, 3),
                         .type = Parse(&domain::ParseMessageType, r, row, 4),
                         .created_at = r.Int(row, 5),
                         .is_edited = r.Bool(row, 6),
                         .edited_at = r.OptionalInt(row, 7),
                         .is_deleted = r.Bool(row, 8),
                         .deleted_at = r.OptionalInt(row, 9),
                         .reply_to_id = r.OptionalText(row, 10),
                         .attachment_url = r.OptionalText(row, 11),
                         .attachment_name = r.OptionalText(row, 12),
                         .attachment_size = r.OptionalInt(row, 13),
                         .seq = r.Int(row, 14)};
}

domain::Reaction ReactionFrom(const PgResult& r, int row) {
  return domain::Reaction{.id = r.Text(row, 0),
                          .message_id = r.Text(row, 1),
                          .user_id = r.Text(row, 2),
                          .emoji = r.Text(row, 3),
                          .created_at = r.Int(row, 4)};
}

domain::ReadReceipt ReceiptFrom(const PgResult& r, int row) {
  return domain::ReadReceipt{.id = r.Text(row, 0),
                             .message_id = r.Text(row, 1),
                             .user_id = r.Text(row, 2),
                             .read_at = r.Int(row, 3)};
}

domain::Block BlockFrom(const PgResult& r, int row) {
  return domain::Block{.blocker_id = r.Text(row, 0),
                       .blocked_id = r.Text(row, 1),
                       .reason = r.OptionalText(row, 2),
                       .created_at = r.Int(row, 3)};
}

domain::CommunityMember CommunityMemberFrom(const PgResult& r, int row) {
  return domain::CommunityMember{
      .community_id = r.Text(row, 0), .user_id = r.Text(row, 1), .joined_at = r.Int(row, 2)};
}

domain::Post PostFrom(const PgResult& r, int row) {
  return domain::Post{
      .id = r.Text(row, 0), .community_id = r.Text(row, 1), .created_at = r.Int(row, 2)};
}

ConversationLogRecord LogRecordFrom(const PgResult& r, int row) {
  return ConversationLogRecord{.conversation_id = r.Text(row, 0),
                               .seq = r.Int(row, 1),
                               .type = r.Text(row, 2),
                               .message_id = r.OptionalText(row, 3),
                               .actor_id = r.Text(row, 4),
                               .occurred_at = r.Int(row, 5),
                               .payload = r.Text(row, 6)};
}

OutboxRecord OutboxRecordFrom(const PgResult& r, int row) {
  return OutboxRecord{.seq = r.Int(row, 0),
                      .id = r.Text(row, 1),
                      .type = r.Text(row, 2),
                      .conversation_id = r.OptionalText(row, 3),
                      .occurred_at = r.Int(row, 4),
                      .data = r.Text(row, 5)};
}

PgParams UserParams(const domain::User& u) {
  PgParams p;
  p.Add(u.id).Add(u.first_name).Add(u.last_name).Add(u.avatar_url).Add(u.role);
  p.Add(u.created_at).Add(u.updated_at).Add(u.deleted_at);
  return p;
}

PgParams ConversationParams(const domain::Conversation& c) {
  PgParams p;
  p.Add(c.id).Add(domain::Name(c.type)).Add(c.title).Add(c.created_by);
  p.Add(c.created_at).Add(c.updated_at).Add(c.last_message_at).Add(c.is_active);
  p.Add(c.message_count);
  return p;
}

PgParams ParticipantParams(const domain::Participant& pa) {
  PgParams p;
  p.Add(pa.id).Add(pa.conversation_id).Add(pa.user_id).Add(domain::Name(pa.role));
  p.Add(pa.joined_at).Add(pa.left_at).Add(pa.is_active).Add(pa.last_read_message_id);
  return p;
}

PgParams MessageParams(const domain::Message& m) {
  PgParams p;
  p.Add(m.id).Add(m.conversation_id).Add(m.sender_id).Add(m.content).Add(domain::Name(m.type));
  p.Add(m.created_at).Add(m.is_edited).Add(m.edited_at).Add(m.is_deleted).Add(m.deleted_at);
  p.Add(m.reply_to_id).Add(m.attachment_url).Add(m.attachment_name).Add(m.attachment_size);
  p.Add(m.seq);
  return p;
}

PgParams ReactionParams(const domain::Reaction& r) {
  PgParams p;
  p.Add(r.id).Add(r.message_id).Add(r.user_id).Add(r.emoji).Add(r.created_at);
  return p;
}

PgParams ReceiptParams(const domain::ReadReceipt& r) {
  PgParams p;
  p.Add(r.id).Add(r.message_id).Add(r.user_id).Add(r.read_at);
  return p;
}

PgParams BlockParams(const domain::Block& b) {
  PgParams p;
  p.Add(b.blocker_id).Add(b.blocked_id).Add(b.reason).Add(b.created_at);
  return p;
}

PgParams CommunityMemberParams(const domain::CommunityMember& m) {
  PgParams p;
  p.Add(m.community_id).Add(m.user_id).Add(m.joined_at);
  return p;
}

PgParams PostParams(const domain::Post& po) {
  PgParams p;
  p.Add(po.id).Add(po.community_id).Add(po.created_at);
  return p;
}

PgParams LogRecordParams(const ConversationLogRecord& r) {
  PgParams p;
  p.Add(r.conversation_id).Add(r.seq).Add(r.type).Add(r.message_id).Add(r.actor_id);
  p.Add(r.occurred_at).Add(r.payload);
  return p;
}

PgParams OutboxRecordParams(const OutboxRecord& e) {
  PgParams p;
  p.Add(e.id).Add(e.type).Add(e.conversation_id).Add(e.occurred_at).Add(e.data);
  return p;
}

}  // namespace confide::store::postgres
