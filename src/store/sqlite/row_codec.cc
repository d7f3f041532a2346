#include "store/sqlite/row_codec.h"

#include <optional>
#include <string>

#include "store/sqlite/sqlite_error.h"

namespace confide::store::sqlite {
namespace {

// An enum column holding a name this binary does not know means the file was written by
// something else; the job fails rather than guess.
template <class E>
E Parse(std::optional<E> (*parse)(std::string_view), const Statement& row, int column) {
  const std::string text = row.Text(column);
  if (auto value = parse(text)) return *value;
  throw SqliteError(SQLITE_CORRUPT, "unexpected value '" + text + "' in an enum column");
}

}  // namespace

domain::User UserFrom(const Statement& row) {
  return domain::User{.id = row.Text(0),
                      .first_name = row.Text(1),
                      .last_name = row.Text(2),
                      .avatar_url = row.OptionalText(3),
                      .role = row.Text(4),
                      .created_at = row.Int(5),
                      .updated_at = row.Int(6),
                      .deleted_at = row.OptionalInt(7),
                      .last_seen_at = row.OptionalInt(8)};
}

domain::Conversation ConversationFrom(const Statement& row) { return ConversationAt(row, 0); }

domain::Conversation ConversationAt(const Statement& row, int first) {
  return domain::Conversation{.id = row.Text(first),
                              .type = Parse(&domain::ParseConversationType, row, first + 1),
                              .title = row.OptionalText(first + 2),
                              .created_by = row.Text(first + 3),
                              .created_at = row.Int(first + 4),
                              .updated_at = row.Int(first + 5),
                              .last_message_at = row.OptionalInt(first + 6),
                              .is_active = row.Bool(first + 7),
                              .message_count = row.Int(first + 8)};
}

domain::Participant ParticipantFrom(const Statement& row) {
  return domain::Participant{.id = row.Text(0),
                             .conversation_id = row.Text(1),
                             .user_id = row.Text(2),
                             .role = Parse(&domain::ParseParticipantRole, row, 3),
                             .joined_at = row.Int(4),
                             .left_at = row.OptionalInt(5),
                             .is_active = row.Bool(6),
                             .last_read_message_id = row.OptionalText(7)};
}

domain::Message MessageFrom(const Statement& row) {
  return domain::Message{.id = row.Text(0),
                         .conversation_id = row.Text(1),
                         .sender_id = row.Text(2),
                         .content = row.Text(3),
                         .type = Parse(&domain::ParseMessageType, row, 4),
                         .created_at = row.Int(5),
                         .is_edited = row.Bool(6),
                         .edited_at = row.OptionalInt(7),
                         .is_deleted = row.Bool(8),
                         .deleted_at = row.OptionalInt(9),
                         .reply_to_id = row.OptionalText(10),
                         .attachment_url = row.OptionalText(11),
                         .attachment_name = row.OptionalText(12),
                         .attachment_size = row.OptionalInt(13),
                         .seq = row.Int(14)};
}

domain::Reaction ReactionFrom(const Statement& row) {
  return domain::Reaction{.id = row.Text(0),
                          .message_id = row.Text(1),
                          .user_id = row.Text(2),
                          .emoji = row.Text(3),
                          .created_at = row.Int(4)};
}

domain::ReadReceipt ReceiptFrom(const Statement& row) {
  return domain::ReadReceipt{
      .id = row.Text(0), .message_id = row.Text(1), .user_id = row.Text(2), .read_at = row.Int(3)};
}

domain::Block BlockFrom(const Statement& row) {
  return domain::Block{.blocker_id = row.Text(0),
                       .blocked_id = row.Text(1),
                       .reason = row.OptionalText(2),
                       .created_at = row.Int(3)};
}

domain::CommunityMember CommunityMemberFrom(const Statement& row) {
  return domain::CommunityMember{
      .community_id = row.Text(0), .user_id = row.Text(1), .joined_at = row.Int(2)};
}

domain::Post PostFrom(const Statement& row) {
  return domain::Post{.id = row.Text(0), .community_id = row.Text(1), .created_at = row.Int(2)};
}

void BindUser(Statement& s, const domain::User& u) {
  s.Bind(1, u.id);
  s.Bind(2, u.first_name);
  s.Bind(3, u.last_name);
  s.Bind(4, u.avatar_url);
  s.Bind(5, u.role);
  s.Bind(6, u.created_at);
  s.Bind(7, u.updated_at);
  s.Bind(8, u.deleted_at);
}

void BindConversation(Statement& s, const domain::Conversation& c) {
  s.Bind(1, c.id);
  s.Bind(2, domain::Name(c.type));
  s.Bind(3, c.title);
  s.Bind(4, c.created_by);
  s.Bind(5, c.created_at);
  s.Bind(6, c.updated_at);
  s.Bind(7, c.last_message_at);
  s.Bind(8, c.is_active);
  s.Bind(9, c.message_count);
}

void BindParticipant(Statement& s, const domain::Participant& p) {
  s.Bind(1, p.id);
  s.Bind(2, p.conversation_id);
  s.Bind(3, p.user_id);
  s.Bind(4, domain::Name(p.role));
  s.Bind(5, p.joined_at);
  s.Bind(6, p.left_at);
  s.Bind(7, p.is_active);
  s.Bind(8, p.last_read_message_id);
}

void BindMessage(Statement& s, const domain::Message& m) {
  s.Bind(1, m.id);
  s.Bind(2, m.conversation_id);
  s.Bind(3, m.sender_id);
  s.Bind(4, m.content);
  s.Bind(5, domain::Name(m.type));
  s.Bind(6, m.created_at);
  s.Bind(7, m.is_edited);
  s.Bind(8, m.edited_at);
  s.Bind(9, m.is_deleted);
  s.Bind(10, m.deleted_at);
  s.Bind(11, m.reply_to_id);
  s.Bind(12, m.attachment_url);
  s.Bind(13, m.attachment_name);
  s.Bind(14, m.attachment_size);
  s.Bind(15, m.seq);
}

void BindReaction(Statement& s, const domain::Reaction& r) {
  s.Bind(1, r.id);
  s.Bind(2, r.message_id);
  s.Bind(3, r.user_id);
  s.Bind(4, r.emoji);
  s.Bind(5, r.created_at);
}

void BindReceipt(Statement& s, const domain::ReadReceipt& r) {
  s.Bind(1, r.id);
  s.Bind(2, r.message_id);
  s.Bind(3, r.user_id);
  s.Bind(4, r.read_at);
}

void BindBlock(Statement& s, const domain::Block& b) {
  s.Bind(1, b.blocker_id);
  s.Bind(2, b.blocked_id);
  s.Bind(3, b.reason);
  s.Bind(4, b.created_at);
}

void BindCommunityMember(Statement& s, const domain::CommunityMember& m) {
  s.Bind(1, m.community_id);
  s.Bind(2, m.user_id);
  s.Bind(3, m.joined_at);
}

void BindPost(Statement& s, const domain::Post& p) {
  s.Bind(1, p.id);
  s.Bind(2, p.community_id);
  s.Bind(3, p.created_at);
}

}  // namespace confide::store::sqlite
