#pragma once

// Every SQL statement SqliteTransaction runs, in one place, so that a test can check the
// query plan of each of them (TransactionStatements() lists them with sample parameters).
// Parameters are numbered (?1, ?2, ...) and documented per statement where not obvious.
// Rows are read by the column order of the *_COLUMNS lists (see row_codec.h).

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace confide::store::sqlite {

namespace sql {

#define CONFIDE_USER_COLUMNS                                                            \
  "u.id, u.first_name, u.last_name, u.avatar_url, u.role, u.created_at, u.updated_at, " \
  "u.deleted_at, u.last_seen_at"
#define CONFIDE_CONVERSATION_COLUMNS                                                     \
  "c.id, c.type, c.title, c.created_by, c.created_at, c.updated_at, c.last_message_at, " \
  "c.is_active, c.message_count"
#define CONFIDE_PARTICIPANT_COLUMNS                                                   \
  "p.id, p.conversation_id, p.user_id, p.role, p.joined_at, p.left_at, p.is_active, " \
  "p.last_read_message_id"
#define CONFIDE_MESSAGE_COLUMNS                                                             \
  "m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.created_at, "         \
  "m.is_edited, m.edited_at, m.is_deleted, m.deleted_at, m.reply_to_id, m.attachment_url, " \
  "m.attachment_name, m.attachment_size, m.conversation_seq"
#define CONFIDE_REACTION_COLUMNS "r.id, r.message_id, r.user_id, r.emoji, r.created_at"
#define CONFIDE_RECEIPT_COLUMNS "rr.id, rr.message_id, rr.user_id, rr.read_at"
#define CONFIDE_BLOCK_COLUMNS "b.blocker_id, b.blocked_id, b.reason, b.created_at"
#define CONFIDE_COMMUNITY_MEMBER_COLUMNS "cm.community_id, cm.user_id, cm.joined_at"
#define CONFIDE_POST_COLUMNS "po.post_id, po.community_id, po.created_at"
// Leaves out senders whom the viewer (parameter `n`) has blocked.
#define CONFIDE_NOT_BLOCKED_BY(n) \
  "m.sender_id NOT IN (SELECT b.blocked_id FROM blocks b WHERE b.blocker_id = ?" n ")"
// The number of message `n` within conversation ?1 (NULL if it is not one of its messages).
#define CONFIDE_CURSOR_SEQ(n) \
  "(SELECT k.conversation_seq FROM messages k WHERE k.id = ?" n " AND k.conversation_id = ?1)"

inline constexpr std::string_view kSchemaVersion = "PRAGMA user_version";

// ---- Users ----
inline constexpr std::string_view kFindUser =
    "SELECT " CONFIDE_USER_COLUMNS " FROM users u WHERE u.id = ?1";
// ?1: a JSON array of ids.
inline constexpr std::string_view kFindUsers = "SELECT " CONFIDE_USER_COLUMNS
                                               " FROM users u"
                                               " WHERE u.id IN (SELECT value FROM json_each(?1))";
// created_at is kept from the first insert.
inline constexpr std::string_view kUpsertUser =
    "INSERT INTO users (id, first_name, last_name, avatar_url, role, created_at, updated_at,"
    " deleted_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,"
    " last_name = excluded.last_name, avatar_url = excluded.avatar_url, role = excluded.role,"
    " updated_at = excluded.updated_at, deleted_at = excluded.deleted_at";

// ---- Conversations ----
inline constexpr std::string_view kFindConversation =
    "SELECT " CONFIDE_CONVERSATION_COLUMNS " FROM conversations c WHERE c.id = ?1";
// ?1, ?2: the two users, in either order.
inline constexpr std::string_view kFindDirectConversation =
    "SELECT c.id FROM participants p1"
    " JOIN participants p2 ON p2.conversation_id = p1.conversation_id AND p2.user_id = ?2"
    " JOIN conversations c ON c.id = p1.conversation_id"
    " WHERE p1.user_id = ?1 AND c.type = 'DIRECT' LIMIT 1";
inline constexpr std::string_view kInsertConversation =
    "INSERT INTO conversations (id, type, title, created_by, created_at, updated_at,"
    " last_message_at, activity_at, is_active, message_count)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, coalesce(?7, ?5), ?8, ?9)";
// ?1: conversation, ?2: the message's time.
// The message's number and time (the later of ?2 and the last message's).
inline constexpr std::string_view kRecordMessageInConversation =
    "UPDATE conversations SET last_seq = last_seq + 1,"
    " last_message_at = max(coalesce(last_message_at, 0), ?2),"
    " activity_at = max(coalesce(last_message_at, 0), ?2),"
    " updated_at = max(coalesce(last_message_at, 0), ?2),"
    " message_count = message_count + 1 WHERE id = ?1 RETURNING last_seq, last_message_at";
// ?1: user, ?2: offset, ?3: limit.
inline constexpr std::string_view kListConversationsOf =
    "SELECT " CONFIDE_CONVERSATION_COLUMNS
    " FROM participants p JOIN conversations c ON c.id = p.conversation_id"
    " WHERE p.user_id = ?1 AND p.is_active = 1"
    " ORDER BY c.activity_at DESC, c.id DESC LIMIT ?3 OFFSET ?2";

// ---- Participants ----
inline constexpr std::string_view kListParticipants =
    "SELECT " CONFIDE_PARTICIPANT_COLUMNS " FROM participants p WHERE p.conversation_id = ?1";
inline constexpr std::string_view kFindParticipant =
    "SELECT " CONFIDE_PARTICIPANT_COLUMNS
    " FROM participants p WHERE p.conversation_id = ?1 AND p.user_id = ?2";
// ?1: conversation, ?2: user. The participant's columns, then the conversation's; with
// members, then a JSON array of the active participants' user ids.
#define CONFIDE_FIND_PARTICIPATION(members)                                       \
  "SELECT " CONFIDE_PARTICIPANT_COLUMNS ", " CONFIDE_CONVERSATION_COLUMNS members \
  " FROM participants p JOIN conversations c ON c.id = p.conversation_id"         \
  " WHERE p.conversation_id = ?1 AND p.user_id = ?2"
inline constexpr std::string_view kFindParticipation = CONFIDE_FIND_PARTICIPATION("");
inline constexpr std::string_view kFindParticipationWithMembers = CONFIDE_FIND_PARTICIPATION(
    ", (SELECT json_group_array(a.user_id) FROM participants a"
    " WHERE a.conversation_id = p.conversation_id AND a.is_active = 1)");
#undef CONFIDE_FIND_PARTICIPATION
inline constexpr int kParticipantColumnCount = 8;
inline constexpr int kConversationColumnCount = 9;
inline constexpr int kParticipationColumnCount = kParticipantColumnCount + kConversationColumnCount;
inline constexpr std::string_view kInsertParticipant =
    "INSERT INTO participants (id, conversation_id, user_id, role, joined_at, left_at,"
    " is_active, last_read_message_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
    " ON CONFLICT (conversation_id, user_id) DO NOTHING";
// A participant is updated in two statements, each writing only when its columns change:
// SQLite rewrites the entries of every index holding a column an UPDATE sets, even to the
// value it had, and the two indexes hold is_active. A send moves the sender's read mark
// alone, which then writes the participant's row and nothing of its indexes.
inline constexpr std::string_view kUpdateParticipantReadMark =
    "UPDATE participants SET last_read_message_id = ?2"
    " WHERE id = ?1 AND last_read_message_id IS NOT ?2";
inline constexpr std::string_view kUpdateParticipantMembership =
    "UPDATE participants SET role = ?2, is_active = ?3, left_at = ?4"
    " WHERE id = ?1 AND (role IS NOT ?2 OR is_active IS NOT ?3 OR left_at IS NOT ?4)";
// ?1: user, ?2: when.
inline constexpr std::string_view kDeactivateParticipations =
    "UPDATE participants SET is_active = 0, left_at = ?2 WHERE user_id = ?1 AND is_active = 1";

// ---- Messages ----
inline constexpr std::string_view kFindMessage =
    "SELECT " CONFIDE_MESSAGE_COLUMNS " FROM messages m WHERE m.id = ?1";
// ?1: a JSON array of ids.
inline constexpr std::string_view kFindMessages =
    "SELECT " CONFIDE_MESSAGE_COLUMNS
    " FROM messages m WHERE m.id IN (SELECT value FROM json_each(?1))";
inline constexpr std::string_view kInsertMessage =
    "INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,"
    " is_edited, edited_at, is_deleted, deleted_at, reply_to_id, attachment_url,"
    " attachment_name, attachment_size, conversation_seq)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";
inline constexpr std::string_view kUpdateMessage =
    "UPDATE messages SET content = ?2, is_edited = ?3, edited_at = ?4, is_deleted = ?5,"
    " deleted_at = ?6, attachment_url = ?7, attachment_name = ?8, attachment_size = ?9"
    " WHERE id = ?1";
// The message windows, through messages_by_conversation (a conversation's messages in the
// order of their numbers). ?1: conversation, ?2: viewer. Newest first except kListMessagesAfter
// and kListMessagesBetween, which read forward from their cursor.
// ?3: limit, ?4: offset.
inline constexpr std::string_view kListNewestMessages =
    "SELECT " CONFIDE_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = ?1"
    " AND " CONFIDE_NOT_BLOCKED_BY("2") " ORDER BY m.conversation_seq DESC LIMIT ?3 OFFSET ?4";
// ?3: the `before` cursor, ?4: limit.
inline constexpr std::string_view kListMessagesBefore =
    "SELECT " CONFIDE_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = ?1"
    " AND m.conversation_seq < " CONFIDE_CURSOR_SEQ("3") " AND " CONFIDE_NOT_BLOCKED_BY(
        "2") " ORDER BY m.conversation_seq DESC LIMIT ?4";
// ?3: the `after` cursor, ?4: limit.
inline constexpr std::string_view kListMessagesAfter =
    "SELECT " CONFIDE_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = ?1"
    " AND m.conversation_seq > " CONFIDE_CURSOR_SEQ("3") " AND " CONFIDE_NOT_BLOCKED_BY(
        "2") " ORDER BY m.conversation_seq ASC LIMIT ?4";
// ?3: the `after` cursor, ?4: the `before` cursor, ?5: limit.
inline constexpr std::string_view kListMessagesBetween =
    "SELECT " CONFIDE_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = ?1"
    " AND m.conversation_seq > " CONFIDE_CURSOR_SEQ("3") " AND m.conversation_seq < " CONFIDE_CURSOR_SEQ(
        "4") " AND " CONFIDE_NOT_BLOCKED_BY("2") " ORDER BY m.conversation_seq ASC LIMIT ?5";
// ?3: after this number, ?4: limit.
inline constexpr std::string_view kMessagesNumberedAfter =
    "SELECT " CONFIDE_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = ?1 AND m.conversation_seq > ?3"
    " AND " CONFIDE_NOT_BLOCKED_BY("2") " ORDER BY m.conversation_seq LIMIT ?4";
inline constexpr std::string_view kLastVisibleMessage =
    "SELECT " CONFIDE_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = ?1"
    " AND m.is_deleted = 0 AND " CONFIDE_NOT_BLOCKED_BY(
        "2") " ORDER BY m.conversation_seq DESC LIMIT 1";
// ?3: exclusive lower bound (NULL: from the first message), ?4: inclusive upper bound (NULL:
// up to the newest). Bounds are message ids resolved to their numbers.
inline constexpr std::string_view kCountMessagesFromOthers =
    "SELECT count(*) FROM messages m WHERE m.conversation_id = ?1"
    " AND m.conversation_seq > coalesce((SELECT k.conversation_seq FROM messages k WHERE k.id = "
    "?3), 0)"
    " AND m.conversation_seq <= coalesce((SELECT k.conversation_seq FROM messages k WHERE k.id = "
    "?4),"
    " 9223372036854775807)"
    " AND m.is_deleted = 0 AND m.sender_id <> ?2 AND " CONFIDE_NOT_BLOCKED_BY("2");

// ---- Search. ----
// Queries of 3 or more characters go through the trigram index (?2 is an FTS5 phrase), and
// cost in proportion to the viewer's own messages, not to the matches in the whole database
// (SqliteTransaction::SearchMessages):
//   1. kSearchScope: how many messages the viewer's conversations hold (their message_count),
//      which sets the budget of step 2.
//   2. kSearchCandidates: the index's matches newest first, at most the budget of them, each
//      with whether the viewer may see it. If the page fills, or the matches run out, within
//      the budget, that is the answer.
//   3. Otherwise kSearchByViewer: the viewer's own messages, through participants_by_user and
//      messages_by_conversation, each checked against the index by its rowid.
// ?1: viewer; the InConversation forms narrow all three to one conversation (?2 in the
// first, ?4 in the second, ?5 in the third).
inline constexpr std::string_view kSearchScope =
    "SELECT coalesce(sum(c.message_count), 0) FROM participants p"
    " JOIN conversations c ON c.id = p.conversation_id WHERE p.user_id = ?1 AND p.is_active = 1";
inline constexpr std::string_view kSearchScopeInConversation =
    "SELECT coalesce(sum(c.message_count), 0) FROM participants p"
    " JOIN conversations c ON c.id = p.conversation_id"
    " WHERE p.user_id = ?1 AND p.is_active = 1 AND p.conversation_id = ?2";
// ?2: phrase, ?3: the budget. Each row: the message's id, and 1 if the viewer may see it.
#define CONFIDE_SEARCH_CANDIDATES(visible)                                                   \
  "SELECT m.id, p.user_id IS NOT NULL AND m.is_deleted = 0 AND " CONFIDE_NOT_BLOCKED_BY("1") \
      visible                                                                                \
      " FROM messages_fts f JOIN messages m ON m.seq = f.rowid"                              \
      " LEFT JOIN participants p ON p.conversation_id = m.conversation_id"                   \
      " AND p.user_id = ?1 AND p.is_active = 1"                                              \
      " WHERE f.messages_fts MATCH ?2 ORDER BY f.rowid DESC LIMIT ?3"
inline constexpr std::string_view kSearchCandidates = CONFIDE_SEARCH_CANDIDATES("");
inline constexpr std::string_view kSearchCandidatesInConversation =
    CONFIDE_SEARCH_CANDIDATES(" AND m.conversation_id = ?4");
// ?2: phrase, ?3: offset, ?4: limit.
#define CONFIDE_SEARCH_BY_VIEWER                                                                 \
  "SELECT " CONFIDE_MESSAGE_COLUMNS                                                              \
  " FROM participants p JOIN messages m ON m.conversation_id = p.conversation_id"                \
  " WHERE p.user_id = ?1 AND p.is_active = 1 AND m.is_deleted = 0"                               \
  " AND EXISTS (SELECT 1 FROM messages_fts f WHERE f.messages_fts MATCH ?2 AND f.rowid = m.seq)" \
  " AND " CONFIDE_NOT_BLOCKED_BY("1")
inline constexpr std::string_view kSearchByViewer =
    CONFIDE_SEARCH_BY_VIEWER " ORDER BY m.seq DESC LIMIT ?4 OFFSET ?3";
// Within one conversation, the order of its numbers is the order of the messages.
inline constexpr std::string_view kSearchByViewerInConversation = CONFIDE_SEARCH_BY_VIEWER
    " AND p.conversation_id = ?5 ORDER BY m.conversation_seq DESC LIMIT ?4 OFFSET ?3";
// Queries of 1 or 2 characters, which trigrams cannot serve: the viewer's conversations
// through participants_by_user, their messages through messages_by_conversation. ?1: viewer,
// ?2: the query, ?3: offset, ?4: limit, ?5: conversation.
#define CONFIDE_SEARCH_SHORT                                                      \
  "SELECT " CONFIDE_MESSAGE_COLUMNS                                               \
  " FROM participants p JOIN messages m ON m.conversation_id = p.conversation_id" \
  " WHERE p.user_id = ?1 AND p.is_active = 1 AND m.is_deleted = 0"                \
  " AND instr(lower(m.content), lower(?2)) > 0 AND " CONFIDE_NOT_BLOCKED_BY("1")
inline constexpr std::string_view kSearchShort =
    CONFIDE_SEARCH_SHORT " ORDER BY m.seq DESC LIMIT ?4 OFFSET ?3";
inline constexpr std::string_view kSearchShortInConversation = CONFIDE_SEARCH_SHORT
    " AND p.conversation_id = ?5 ORDER BY m.conversation_seq DESC LIMIT ?4 OFFSET ?3";

// ---- Reactions ----
// ?1: a JSON array of message ids.
inline constexpr std::string_view kReactionsFor =
    "SELECT " CONFIDE_REACTION_COLUMNS
    " FROM reactions r WHERE r.message_id IN (SELECT value FROM json_each(?1))";
inline constexpr std::string_view kFindReaction =
    "SELECT " CONFIDE_REACTION_COLUMNS
    " FROM reactions r WHERE r.message_id = ?1 AND r.user_id = ?2 AND r.emoji = ?3";
inline constexpr std::string_view kInsertReaction =
    "INSERT INTO reactions (id, message_id, user_id, emoji, created_at)"
    " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (message_id, user_id, emoji) DO NOTHING";
inline constexpr std::string_view kDeleteReaction = "DELETE FROM reactions WHERE id = ?1";

// ---- Read receipts ----
// ?1: a JSON array of message ids.
inline constexpr std::string_view kReceiptsFor =
    "SELECT " CONFIDE_RECEIPT_COLUMNS
    " FROM read_receipts rr WHERE rr.message_id IN (SELECT value FROM json_each(?1))";
inline constexpr std::string_view kFindReceipt =
    "SELECT " CONFIDE_RECEIPT_COLUMNS
    " FROM read_receipts rr WHERE rr.message_id = ?1 AND rr.user_id = ?2";
inline constexpr std::string_view kInsertReceipt =
    "INSERT INTO read_receipts (id, message_id, user_id, read_at) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (message_id, user_id) DO NOTHING";

// ---- Blocks ----
inline constexpr std::string_view kFindBlock =
    "SELECT " CONFIDE_BLOCK_COLUMNS " FROM blocks b WHERE b.blocker_id = ?1 AND b.blocked_id = ?2";
inline constexpr std::string_view kBlocksBy =
    "SELECT " CONFIDE_BLOCK_COLUMNS " FROM blocks b WHERE b.blocker_id = ?1";
inline constexpr std::string_view kInsertBlock =
    "INSERT INTO blocks (blocker_id, blocked_id, reason, created_at) VALUES (?1, ?2, ?3, ?4)"
    " ON CONFLICT (blocker_id, blocked_id) DO NOTHING";
// Who blocked ?1, through blocks_by_blocked.
inline constexpr std::string_view kBlockersOf =
    "SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = ?1";
inline constexpr std::string_view kDeleteBlock =
    "DELETE FROM blocks WHERE blocker_id = ?1 AND blocked_id = ?2";

// ---- Communities and posts ----
inline constexpr std::string_view kFindCommunityMember =
    "SELECT " CONFIDE_COMMUNITY_MEMBER_COLUMNS
    " FROM community_members cm WHERE cm.community_id = ?1 AND cm.user_id = ?2";
// An existing membership keeps its joined_at.
inline constexpr std::string_view kUpsertCommunityMember =
    "INSERT INTO community_members (community_id, user_id, joined_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (community_id, user_id) DO NOTHING";
inline constexpr std::string_view kDeleteCommunityMember =
    "DELETE FROM community_members WHERE community_id = ?1 AND user_id = ?2";
// ?1: community, ?2: offset, ?3: limit. The primary key yields the members by user id.
inline constexpr std::string_view kListCommunityMembers =
    "SELECT " CONFIDE_COMMUNITY_MEMBER_COLUMNS
    " FROM community_members cm WHERE cm.community_id = ?1"
    " ORDER BY cm.user_id LIMIT ?3 OFFSET ?2";
inline constexpr std::string_view kFindPost =
    "SELECT " CONFIDE_POST_COLUMNS " FROM posts po WHERE po.post_id = ?1";
// created_at is kept from the first insert; the community may change (the post moved).
inline constexpr std::string_view kUpsertPost =
    "INSERT INTO posts (post_id, community_id, created_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (post_id) DO UPDATE SET community_id = excluded.community_id";
inline constexpr std::string_view kDeletePost = "DELETE FROM posts WHERE post_id = ?1";

// ---- Presence ----
// ?1: user. The user's conversations through participants_by_user, each one's other
// participants through the (conversation_id, user_id) unique index. A contact in several
// conversations comes once per conversation; the caller removes duplicates (sorting them in
// SQL would need a temporary b-tree).
inline constexpr std::string_view kContactsOf =
    "SELECT o.user_id FROM participants p"
    " JOIN conversations c ON c.id = p.conversation_id AND c.is_active = 1"
    " JOIN participants o ON o.conversation_id = p.conversation_id"
    " WHERE p.user_id = ?1 AND p.is_active = 1 AND o.is_active = 1 AND o.user_id <> ?1";

inline constexpr std::string_view kRecordLastSeen =
    "UPDATE users SET last_seen_at = ?2 WHERE id = ?1";

// ?1: user. Through participants_by_user.
inline constexpr std::string_view kActiveConversationIdsOf =
    "SELECT p.conversation_id FROM participants p WHERE p.user_id = ?1 AND p.is_active = 1";

// ---- Webhook deliveries ----
inline constexpr std::string_view kRecordDelivery =
    "INSERT INTO webhook_deliveries (id, received_at) VALUES (?1, ?2)"
    " ON CONFLICT (id) DO NOTHING";
inline constexpr std::string_view kPruneDeliveries =
    "DELETE FROM webhook_deliveries WHERE received_at < ?1";

// ---- Conversation log ----
inline constexpr std::string_view kNextConversationSeq =
    "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ?1 RETURNING last_seq";
inline constexpr std::string_view kLastConversationSeq =
    "SELECT last_seq FROM conversations WHERE id = ?1";
inline constexpr std::string_view kAppendConversationEvent =
    "INSERT INTO conversation_events (conversation_id, seq, type, message_id, actor_id,"
    " occurred_at, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
#define CONFIDE_LOG_COLUMNS \
  "e.conversation_id, e.seq, e.type, e.message_id, e.actor_id, e.occurred_at, e.payload"
// ?1: conversation, ?2: after seq, ?3: limit. Through conversation_events_by_seq.
inline constexpr std::string_view kConversationEventsAfter =
    "SELECT " CONFIDE_LOG_COLUMNS
    " FROM conversation_events e WHERE e.conversation_id = ?1 AND e.seq > ?2"
    " ORDER BY e.seq LIMIT ?3";
// ?1: a JSON array of message ids. Through conversation_events_by_message.
inline constexpr std::string_view kMessageEntries =
    "SELECT " CONFIDE_LOG_COLUMNS
    " FROM conversation_events e WHERE e.message_id IN (SELECT value FROM json_each(?1))"
    " AND e.type = 'message_updated'";
inline constexpr std::string_view kReplaceConversationEventPayload =
    "UPDATE conversation_events SET payload = ?3 WHERE conversation_id = ?1 AND seq = ?2";
// Through messages_by_reply.
inline constexpr std::string_view kRepliesTo =
    "SELECT m.id FROM messages m WHERE m.reply_to_id = ?1";

// ---- Outbox ----
inline constexpr std::string_view kAppendEvent =
    "INSERT INTO outbox_events (id, type, conversation_id, occurred_at, data)"
    " VALUES (?1, ?2, ?3, ?4, ?5)";
// ?1: after seq, ?2: limit.
inline constexpr std::string_view kEventsAfter =
    "SELECT seq, id, type, conversation_id, occurred_at, data FROM outbox_events"
    " WHERE seq > ?1 ORDER BY seq LIMIT ?2";
inline constexpr std::string_view kLastEventSeq = "SELECT MAX(seq) FROM outbox_events";
inline constexpr std::string_view kSinkPosition =
    "SELECT seq FROM outbox_positions WHERE sink = ?1";
inline constexpr std::string_view kSaveSinkPosition =
    "INSERT INTO outbox_positions (sink, seq, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (sink) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at";
// ?1: up to seq, ?2: occurred before. Walks the primary key from the oldest event.
inline constexpr std::string_view kPruneEvents =
    "DELETE FROM outbox_events WHERE seq <= ?1 AND occurred_at < ?2";

#undef CONFIDE_LOG_COLUMNS
#undef CONFIDE_SEARCH_SHORT
#undef CONFIDE_SEARCH_BY_VIEWER
#undef CONFIDE_SEARCH_CANDIDATES
#undef CONFIDE_CURSOR_SEQ
#undef CONFIDE_NOT_BLOCKED_BY
#undef CONFIDE_POST_COLUMNS
#undef CONFIDE_COMMUNITY_MEMBER_COLUMNS
#undef CONFIDE_BLOCK_COLUMNS
#undef CONFIDE_RECEIPT_COLUMNS
#undef CONFIDE_REACTION_COLUMNS
#undef CONFIDE_MESSAGE_COLUMNS
#undef CONFIDE_PARTICIPANT_COLUMNS
#undef CONFIDE_CONVERSATION_COLUMNS
#undef CONFIDE_USER_COLUMNS

}  // namespace sql

// A parameter value for a sample execution of a statement.
using SampleValue = std::variant<std::nullptr_t, std::int64_t, std::string>;

// One statement with parameters that make it find rows in a sample data set: users usr_1,
// usr_2, ...; conv_1, a DIRECT conversation of usr_1 and usr_2 in which usr_1 sent msg_1 to
// msg_9 (and more); msg_3 has a "+1" reaction by usr_1 and a receipt by usr_2; usr_1 has
// blocked usr_2; contents contain "hello"; usr_1 is a member of cmty_1, whose posts include
// post_1; the outbox holds events, and the sink "jsonl" has a position; msg_10 replies to
// msg_9; the conversation log holds a message_updated entry numbered with each message
// (conv_1's from seq 1). The query plan test builds that data set.
struct SampleStatement {
  std::string_view name;
  std::string_view sql;
  std::vector<SampleValue> params;  // for ?1, ?2, ...
};

// Every statement in namespace sql, each with sample parameters.
std::vector<SampleStatement> TransactionStatements();

}  // namespace confide::store::sqlite
