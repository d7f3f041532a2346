#pragma once

// Every SQL statement the PostgreSQL store runs, in one place, so that tests can run each of
// them and check its query plan on a real server (PgTransactionStatements() lists them with
// sample parameters). They are SQLite's statements (sqlite/transaction_sql.h) with the same
// semantics, rewritten for PostgreSQL: parameters are $1, $2, ...; a list of ids is one
// text[] parameter (PgTextArray) read with `= ANY($1::text[])`; flags are booleans; rows
// come back with the columns in the same order as SQLite's.
// Where they differ: search (below) has no separate short-query statements; AppendEvent
// returns the new seq; RecordDelivery returns a row only when the delivery is new; the
// outbox numbers events when they are settled (kSettleEvents), under the relay's lease.
// Thread-safety: constants and a pure function.

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace confide::store::postgres {

namespace sql {

#define CONFIDE_PG_USER_COLUMNS                                                         \
  "u.id, u.first_name, u.last_name, u.avatar_url, u.role, u.created_at, u.updated_at, " \
  "u.deleted_at, u.last_seen_at"
#define CONFIDE_PG_CONVERSATION_COLUMNS                                                  \
  "c.id, c.type, c.title, c.created_by, c.created_at, c.updated_at, c.last_message_at, " \
  "c.is_active, c.message_count"
#define CONFIDE_PG_PARTICIPANT_COLUMNS                                                \
  "p.id, p.conversation_id, p.user_id, p.role, p.joined_at, p.left_at, p.is_active, " \
  "p.last_read_message_id"
#define CONFIDE_PG_MESSAGE_COLUMNS                                                          \
  "m.id, m.conversation_id, m.sender_id, m.content, m.message_type, m.created_at, "         \
  "m.is_edited, m.edited_at, m.is_deleted, m.deleted_at, m.reply_to_id, m.attachment_url, " \
  "m.attachment_name, m.attachment_size, m.conversation_seq"
#define CONFIDE_PG_REACTION_COLUMNS "r.id, r.message_id, r.user_id, r.emoji, r.created_at"
#define CONFIDE_PG_RECEIPT_COLUMNS "rr.id, rr.message_id, rr.user_id, rr.read_at"
#define CONFIDE_PG_BLOCK_COLUMNS "b.blocker_id, b.blocked_id, b.reason, b.created_at"
#define CONFIDE_PG_COMMUNITY_MEMBER_COLUMNS "cm.community_id, cm.user_id, cm.joined_at"
#define CONFIDE_PG_POST_COLUMNS "po.post_id, po.community_id, po.created_at"
#define CONFIDE_PG_LOG_COLUMNS \
  "e.conversation_id, e.seq, e.type, e.message_id, e.actor_id, e.occurred_at, e.payload"
#define CONFIDE_PG_EVENT_COLUMNS "o.seq, o.id, o.type, o.conversation_id, o.occurred_at, o.data"
// Leaves out messages whose sender the viewer (parameter `n`) has blocked.
#define CONFIDE_PG_NOT_BLOCKED_BY(n) \
  "NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker_id = $" n " AND b.blocked_id = m.sender_id)"
// The number of message `n` within conversation $1 (NULL if it is not one of its messages).
#define CONFIDE_PG_CURSOR_SEQ(n) \
  "(SELECT k.conversation_seq FROM messages k WHERE k.id = $" n " AND k.conversation_id = $1)"
// Whether m.content contains the text of parameter `n`, ignoring case (ILIKE lower-cases
// both sides with the database's ctype, all of Unicode under C.UTF-8). The text's '\', '%'
// and '_' are escaped, so they match only themselves.
#define CONFIDE_PG_CONTAINS(n)                         \
  "m.content ILIKE '%' || replace(replace(replace($" n \
  ", '\\', '\\\\'), '%', '\\%'), "                     \
  "'_', '\\_') || '%' ESCAPE '\\'"

inline constexpr std::string_view kSchemaVersion =
    "SELECT coalesce(max(version), 0) FROM schema_version";

// ---- Users ----
inline constexpr std::string_view kFindUser =
    "SELECT " CONFIDE_PG_USER_COLUMNS " FROM users u WHERE u.id = $1";
// $1: a text[] of ids.
inline constexpr std::string_view kFindUsers =
    "SELECT " CONFIDE_PG_USER_COLUMNS " FROM users u WHERE u.id = ANY($1::text[])";
// created_at and last_seen_at are kept from the row already there.
inline constexpr std::string_view kUpsertUser =
    "INSERT INTO users (id, first_name, last_name, avatar_url, role, created_at, updated_at,"
    " deleted_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name,"
    " last_name = excluded.last_name, avatar_url = excluded.avatar_url, role = excluded.role,"
    " updated_at = excluded.updated_at, deleted_at = excluded.deleted_at";

// ---- Conversations ----
inline constexpr std::string_view kFindConversation =
    "SELECT " CONFIDE_PG_CONVERSATION_COLUMNS " FROM conversations c WHERE c.id = $1";
// $1, $2: the two users, in either order.
inline constexpr std::string_view kFindDirectConversation =
    "SELECT c.id FROM participants p1"
    " JOIN participants p2 ON p2.conversation_id = p1.conversation_id AND p2.user_id = $2"
    " JOIN conversations c ON c.id = p1.conversation_id"
    " WHERE p1.user_id = $1 AND c.type = 'DIRECT' LIMIT 1";
// $1, $2: the two users, in either order. A transaction-level advisory lock in the two-key
// space (kDirectPairLockSpace, pg_lock_keys.h, then the pair's hash; ids hold no space, so
// "a b" names one pair): held until the transaction ends. Another pair with the same hash
// only waits a moment.
inline constexpr std::string_view kLockDirectPair =
    "SELECT pg_advisory_xact_lock(1685061632,"
    " hashtext(least($1::text, $2::text) || ' ' || greatest($1::text, $2::text)))";
// $7: last_message_at, or NULL; activity_at is it, or created_at ($5) before a message.
inline constexpr std::string_view kInsertConversation =
    "INSERT INTO conversations (id, type, title, created_by, created_at, updated_at,"
    " last_message_at, activity_at, is_active, message_count)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, coalesce($7::bigint, $5::bigint), $8, $9)";
// $1: conversation, $2: the message's time.
// The message's number and time (the later of $2 and the last message's).
inline constexpr std::string_view kRecordMessageInConversation =
    "UPDATE conversations SET last_seq = last_seq + 1,"
    " last_message_at = greatest(coalesce(last_message_at, 0), $2::bigint),"
    " activity_at = greatest(coalesce(last_message_at, 0), $2::bigint),"
    " updated_at = greatest(coalesce(last_message_at, 0), $2::bigint),"
    " message_count = message_count + 1 WHERE id = $1 RETURNING last_seq, last_message_at";
// $1: user, $2: offset, $3: limit. Sorts the user's conversations (few) by activity.
inline constexpr std::string_view kListConversationsOf =
    "SELECT " CONFIDE_PG_CONVERSATION_COLUMNS
    " FROM participants p JOIN conversations c ON c.id = p.conversation_id"
    " WHERE p.user_id = $1 AND p.is_active"
    " ORDER BY c.activity_at DESC, c.id DESC LIMIT $3 OFFSET $2";

// ---- Participants ----
inline constexpr std::string_view kListParticipants =
    "SELECT " CONFIDE_PG_PARTICIPANT_COLUMNS " FROM participants p WHERE p.conversation_id = $1";
inline constexpr std::string_view kFindParticipant =
    "SELECT " CONFIDE_PG_PARTICIPANT_COLUMNS
    " FROM participants p WHERE p.conversation_id = $1 AND p.user_id = $2";
// $1: conversation, $2: user. The participant's columns, then the conversation's; with
// members, then a JSON array of the active participants' user ids.
#define CONFIDE_PG_FIND_PARTICIPATION(members)                                          \
  "SELECT " CONFIDE_PG_PARTICIPANT_COLUMNS ", " CONFIDE_PG_CONVERSATION_COLUMNS members \
  " FROM participants p JOIN conversations c ON c.id = p.conversation_id"               \
  " WHERE p.conversation_id = $1 AND p.user_id = $2"
inline constexpr std::string_view kFindParticipation = CONFIDE_PG_FIND_PARTICIPATION("");
inline constexpr std::string_view kFindParticipationWithMembers = CONFIDE_PG_FIND_PARTICIPATION(
    ", (SELECT coalesce(json_agg(a.user_id), '[]') FROM participants a"
    " WHERE a.conversation_id = p.conversation_id AND a.is_active)");
#undef CONFIDE_PG_FIND_PARTICIPATION
inline constexpr int kParticipantColumnCount = 8;
inline constexpr int kConversationColumnCount = 9;
inline constexpr int kParticipationColumnCount = kParticipantColumnCount + kConversationColumnCount;
inline constexpr std::string_view kInsertParticipant =
    "INSERT INTO participants (id, conversation_id, user_id, role, joined_at, left_at,"
    " is_active, last_read_message_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
    " ON CONFLICT (conversation_id, user_id) DO NOTHING";
inline constexpr std::string_view kUpdateParticipant =
    "UPDATE participants SET role = $2, is_active = $3, left_at = $4,"
    " last_read_message_id = $5 WHERE id = $1";
// $1: user, $2: when.
inline constexpr std::string_view kDeactivateParticipations =
    "UPDATE participants SET is_active = false, left_at = $2 WHERE user_id = $1 AND is_active";

// ---- Messages ----
inline constexpr std::string_view kFindMessage =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS " FROM messages m WHERE m.id = $1";
// $1: a text[] of ids.
inline constexpr std::string_view kFindMessages =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS " FROM messages m WHERE m.id = ANY($1::text[])";
// seq is generated.
inline constexpr std::string_view kInsertMessage =
    "INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,"
    " is_edited, edited_at, is_deleted, deleted_at, reply_to_id, attachment_url,"
    " attachment_name, attachment_size, conversation_seq)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)";
inline constexpr std::string_view kUpdateMessage =
    "UPDATE messages SET content = $2, is_edited = $3, edited_at = $4, is_deleted = $5,"
    " deleted_at = $6, attachment_url = $7, attachment_name = $8, attachment_size = $9"
    " WHERE id = $1";
// The message windows, through messages_by_conversation (a conversation's messages in the
// order of their numbers). $1: conversation, $2: viewer.
// Newest first except kListMessagesAfter and kListMessagesBetween, which read forward from
// their cursor. Cursors are message ids resolved to their numbers within $1.
// $3: limit, $4: offset.
inline constexpr std::string_view kListNewestMessages =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = $1"
    " AND " CONFIDE_PG_NOT_BLOCKED_BY("2") " ORDER BY m.conversation_seq DESC LIMIT $3 OFFSET $4";
// $3: the `before` cursor, $4: limit.
inline constexpr std::string_view kListMessagesBefore =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = $1"
    " AND m.conversation_seq < " CONFIDE_PG_CURSOR_SEQ("3") " AND " CONFIDE_PG_NOT_BLOCKED_BY(
        "2") " ORDER BY m.conversation_seq DESC LIMIT $4";
// $3: the `after` cursor, $4: limit.
inline constexpr std::string_view kListMessagesAfter =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = $1"
    " AND m.conversation_seq > " CONFIDE_PG_CURSOR_SEQ("3") " AND " CONFIDE_PG_NOT_BLOCKED_BY(
        "2") " ORDER BY m.conversation_seq ASC LIMIT $4";
// $3: the `after` cursor, $4: the `before` cursor, $5: limit.
inline constexpr std::string_view kListMessagesBetween =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = $1"
    " AND m.conversation_seq > " CONFIDE_PG_CURSOR_SEQ("3") " AND m.conversation_seq < " CONFIDE_PG_CURSOR_SEQ(
        "4") " AND " CONFIDE_PG_NOT_BLOCKED_BY("2") " ORDER BY m.conversation_seq ASC LIMIT $5";
// $3: after this number, $4: limit.
inline constexpr std::string_view kMessagesNumberedAfter =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = $1 AND m.conversation_seq > $3"
    " AND " CONFIDE_PG_NOT_BLOCKED_BY("2") " ORDER BY m.conversation_seq LIMIT $4";
inline constexpr std::string_view kLastVisibleMessage =
    "SELECT " CONFIDE_PG_MESSAGE_COLUMNS
    " FROM messages m WHERE m.conversation_id = $1"
    " AND NOT m.is_deleted AND " CONFIDE_PG_NOT_BLOCKED_BY(
        "2") " ORDER BY m.conversation_seq DESC LIMIT 1";
// $3: exclusive lower bound (NULL: from the first message), $4: inclusive upper bound (NULL:
// up to the newest). Bounds are message ids resolved to their numbers.
inline constexpr std::string_view kCountMessagesFromOthers =
    "SELECT count(*) FROM messages m WHERE m.conversation_id = $1"
    " AND m.conversation_seq > coalesce((SELECT k.conversation_seq FROM messages k WHERE k.id = "
    "$3), 0)"
    " AND m.conversation_seq <= coalesce((SELECT k.conversation_seq FROM messages k WHERE k.id = "
    "$4),"
    " 9223372036854775807)"
    " AND NOT m.is_deleted AND m.sender_id <> $2 AND " CONFIDE_PG_NOT_BLOCKED_BY("2");

// ---- Search ----
// A search finds the messages that contain the query, ignoring case, among those of the
// conversations the viewer ($1) actively takes part in (or of one of them), not deleted,
// not from a sender the viewer blocked; newest (highest seq) first, with offset and limit.
// Its cost follows the viewer's own messages, as SQLite's does:
//   1. kSearchScope: how many messages the viewer's conversations hold, which sets a budget.
//   2. Queries of 3 or more characters: kSearchCandidates, the newest matches in the whole
//      database (through the trigram index messages_content_trgm, or backwards through the
//      primary key when the query matches much), at most the budget of them, each with
//      whether the viewer may see it. If the page fills, or the matches run out, within the
//      budget, that is the answer.
//   3. Otherwise, and for queries of 1 or 2 characters, which trigrams cannot serve:
//      kSearchByViewer, the viewer's conversations through participants_by_user and, in
//      each, its newest matching messages through messages_by_conversation.
// The InConversation forms narrow the search to one conversation ($2 in the first, $5 in
// the second and third).
inline constexpr std::string_view kSearchScope =
    "SELECT coalesce(sum(c.message_count), 0) FROM participants p"
    " JOIN conversations c ON c.id = p.conversation_id WHERE p.user_id = $1 AND p.is_active";
inline constexpr std::string_view kSearchScopeInConversation =
    "SELECT coalesce(sum(c.message_count), 0) FROM participants p"
    " JOIN conversations c ON c.id = p.conversation_id"
    " WHERE p.user_id = $1 AND p.is_active AND p.conversation_id = $2";
// $2: the query, $3: the budget, $4: how many rows to return at most (offset + limit + 1).
// Each row: a match's id, whether the viewer may see it, and its place among the matches
// (1 = the newest). The rows are the visible matches among the first $3, and the $3-th match
// whichever it is, which tells that the budget was spent; the scan stops as soon as $4 rows
// are found, so a page that fills early costs what it reads, not the whole budget.
#define CONFIDE_PG_SEARCH_CANDIDATES(where) \
  "SELECT c.id, c.visible, c.n FROM (SELECT m.id, p.user_id IS NOT NULL " \
  "AND "                \
  CONFIDE_PG_NOT_BLOCKED_BY("1") " AS visible, row_number() OVER (ORDER BY m.seq DESC) AS n" \
  " FROM messages m LEFT JOIN participants p ON p.conversation_id = m.conversation_id"       \
  " AND p.user_id = $1 AND p.is_active"                                                      \
  " WHERE NOT m.is_deleted AND " CONFIDE_PG_CONTAINS("2") where                              \
  " ORDER BY m.seq DESC LIMIT $3) c WHERE c.visible OR c.n = $3 LIMIT $4"
inline constexpr std::string_view kSearchCandidates = CONFIDE_PG_SEARCH_CANDIDATES("");
inline constexpr std::string_view kSearchCandidatesInConversation =
    CONFIDE_PG_SEARCH_CANDIDATES(" AND m.conversation_id = $5");
// $2: the query, $3: offset, $4: limit. Each conversation gives at most its newest
// offset + limit matches (by their numbers, the conversation's order), which hold the page;
// the sort merges those of the viewer's conversations by seq.
#define CONFIDE_PG_SEARCH_BY_VIEWER(where) \
  "SELECT " CONFIDE_PG_MESSAGE_COLUMNS                                                  \
  " FROM participants p CROSS JOIN LATERAL (SELECT m.* FROM messages m"                 \
  " WHERE m.conversation_id = p.conversation_id AND NOT m.is_deleted"                   \
  " AND " CONFIDE_PG_CONTAINS("2") " AND " CONFIDE_PG_NOT_BLOCKED_BY("1")               \
  " ORDER BY m.conversation_seq DESC LIMIT $3::bigint + $4::bigint) m"                   \
  " WHERE p.user_id = $1 AND p.is_active" where                                         \
  " ORDER BY m.seq DESC LIMIT $4 OFFSET $3"
inline constexpr std::string_view kSearchByViewer = CONFIDE_PG_SEARCH_BY_VIEWER("");
inline constexpr std::string_view kSearchByViewerInConversation =
    CONFIDE_PG_SEARCH_BY_VIEWER(" AND p.conversation_id = $5");

// ---- Reactions ----
// $1: a text[] of message ids.
inline constexpr std::string_view kReactionsFor =
    "SELECT " CONFIDE_PG_REACTION_COLUMNS " FROM reactions r WHERE r.message_id = ANY($1::text[])";
inline constexpr std::string_view kFindReaction =
    "SELECT " CONFIDE_PG_REACTION_COLUMNS
    " FROM reactions r WHERE r.message_id = $1 AND r.user_id = $2 AND r.emoji = $3";
inline constexpr std::string_view kInsertReaction =
    "INSERT INTO reactions (id, message_id, user_id, emoji, created_at)"
    " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (message_id, user_id, emoji) DO NOTHING";
inline constexpr std::string_view kDeleteReaction = "DELETE FROM reactions WHERE id = $1";

// ---- Read receipts ----
// $1: a text[] of message ids.
inline constexpr std::string_view kReceiptsFor =
    "SELECT " CONFIDE_PG_RECEIPT_COLUMNS
    " FROM read_receipts rr WHERE rr.message_id = ANY($1::text[])";
inline constexpr std::string_view kFindReceipt =
    "SELECT " CONFIDE_PG_RECEIPT_COLUMNS
    " FROM read_receipts rr WHERE rr.message_id = $1 AND rr.user_id = $2";
inline constexpr std::string_view kInsertReceipt =
    "INSERT INTO read_receipts (id, message_id, user_id, read_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (message_id, user_id) DO NOTHING";

// ---- Blocks ----
inline constexpr std::string_view kFindBlock =
    "SELECT " CONFIDE_PG_BLOCK_COLUMNS
    " FROM blocks b WHERE b.blocker_id = $1 AND b.blocked_id = $2";
inline constexpr std::string_view kBlocksBy =
    "SELECT " CONFIDE_PG_BLOCK_COLUMNS " FROM blocks b WHERE b.blocker_id = $1";
inline constexpr std::string_view kInsertBlock =
    "INSERT INTO blocks (blocker_id, blocked_id, reason, created_at) VALUES ($1, $2, $3, $4)"
    " ON CONFLICT (blocker_id, blocked_id) DO NOTHING";
// Who blocked $1, through blocks_by_blocked.
inline constexpr std::string_view kBlockersOf =
    "SELECT b.blocker_id FROM blocks b WHERE b.blocked_id = $1";
inline constexpr std::string_view kDeleteBlock =
    "DELETE FROM blocks WHERE blocker_id = $1 AND blocked_id = $2";

// ---- Communities and posts ----
inline constexpr std::string_view kFindCommunityMember =
    "SELECT " CONFIDE_PG_COMMUNITY_MEMBER_COLUMNS
    " FROM community_members cm WHERE cm.community_id = $1 AND cm.user_id = $2";
// An existing membership keeps its joined_at.
inline constexpr std::string_view kUpsertCommunityMember =
    "INSERT INTO community_members (community_id, user_id, joined_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (community_id, user_id) DO NOTHING";
inline constexpr std::string_view kDeleteCommunityMember =
    "DELETE FROM community_members WHERE community_id = $1 AND user_id = $2";
// $1: community, $2: offset, $3: limit. By user id, as the primary key holds them.
inline constexpr std::string_view kListCommunityMembers =
    "SELECT " CONFIDE_PG_COMMUNITY_MEMBER_COLUMNS
    " FROM community_members cm WHERE cm.community_id = $1"
    " ORDER BY cm.user_id LIMIT $3 OFFSET $2";
inline constexpr std::string_view kFindPost =
    "SELECT " CONFIDE_PG_POST_COLUMNS " FROM posts po WHERE po.post_id = $1";
// created_at is kept from the first insert; the community may change (the post moved).
inline constexpr std::string_view kUpsertPost =
    "INSERT INTO posts (post_id, community_id, created_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (post_id) DO UPDATE SET community_id = excluded.community_id";
inline constexpr std::string_view kDeletePost = "DELETE FROM posts WHERE post_id = $1";

// ---- Presence ----
// $1: user. The other active participants of the user's active conversations; a contact in
// several conversations comes once per conversation (the caller removes duplicates).
inline constexpr std::string_view kContactsOf =
    "SELECT o.user_id FROM participants p"
    " JOIN conversations c ON c.id = p.conversation_id AND c.is_active"
    " JOIN participants o ON o.conversation_id = p.conversation_id"
    " WHERE p.user_id = $1 AND p.is_active AND o.is_active AND o.user_id <> $1";
inline constexpr std::string_view kRecordLastSeen =
    "UPDATE users SET last_seen_at = $2 WHERE id = $1";
// $1: user. Through participants_by_user.
inline constexpr std::string_view kActiveConversationIdsOf =
    "SELECT p.conversation_id FROM participants p WHERE p.user_id = $1 AND p.is_active";

// ---- Webhook deliveries ----
// One row (true) when the delivery is new; none when it was recorded before (a replay).
inline constexpr std::string_view kRecordDelivery =
    "INSERT INTO webhook_deliveries (id, received_at) VALUES ($1, $2)"
    " ON CONFLICT (id) DO NOTHING RETURNING true";
inline constexpr std::string_view kPruneDeliveries =
    "DELETE FROM webhook_deliveries WHERE received_at < $1";

// ---- Conversation log ----
// Locks the conversation's row until the transaction ends: the writers of one conversation
// take their numbers one after the other, and a rolled-back number is given back.
inline constexpr std::string_view kNextConversationSeq =
    "UPDATE conversations SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq";
inline constexpr std::string_view kLastConversationSeq =
    "SELECT c.last_seq FROM conversations c WHERE c.id = $1";
// $1: a text[] of conversation ids. Through the primary key.
inline constexpr std::string_view kLastConversationSeqs =
    "SELECT c.id, c.last_seq FROM conversations c WHERE c.id = ANY($1::text[])";
inline constexpr std::string_view kAppendConversationEvent =
    "INSERT INTO conversation_events (conversation_id, seq, type, message_id, actor_id,"
    " occurred_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7)";
// $1: conversation, $2: after seq, $3: limit. Through the primary key.
inline constexpr std::string_view kConversationEventsAfter =
    "SELECT " CONFIDE_PG_LOG_COLUMNS
    " FROM conversation_events e WHERE e.conversation_id = $1 AND e.seq > $2"
    " ORDER BY e.seq LIMIT $3";
// $1: a text[] of message ids. Through conversation_events_by_message.
inline constexpr std::string_view kMessageEntries =
    "SELECT " CONFIDE_PG_LOG_COLUMNS
    " FROM conversation_events e WHERE e.message_id = ANY($1::text[])"
    " AND e.type = 'message_updated'";
inline constexpr std::string_view kReplaceConversationEventPayload =
    "UPDATE conversation_events SET payload = $3 WHERE conversation_id = $1 AND seq = $2";
// Through messages_by_reply.
inline constexpr std::string_view kRepliesTo =
    "SELECT m.id FROM messages m WHERE m.reply_to_id = $1";

// ---- Outbox ----
// The event waits, without a seq, until Settle numbers it.
inline constexpr std::string_view kAppendEvent =
    "INSERT INTO outbox_events (id, type, conversation_id, occurred_at, data)"
    " VALUES ($1, $2, $3, $4, $5)";
// $1: limit. Numbers the settled events (every transaction below the snapshot's xmin has
// ended, so none can append before them any more) in (xid, appended) order after the highest
// seq given so far; returns a row per event numbered. The highest seq given is the outbox's,
// or a sink's position if that is higher (pruning may have emptied the outbox): a number is
// never given twice. Only the relay lease's holder runs it; two at once could not both
// succeed (seq is unique).
inline constexpr std::string_view kSettleEvents =
    "WITH base AS (SELECT greatest(coalesce((SELECT max(o.seq) FROM outbox_events o), 0),"
    " coalesce((SELECT max(s.seq) FROM outbox_positions s), 0)) AS n),"
    " settled AS (SELECT u.appended, row_number() OVER (ORDER BY u.xid, u.appended) AS k"
    " FROM (SELECT o.appended, o.xid FROM outbox_events o"
    " WHERE o.seq IS NULL AND o.xid < pg_snapshot_xmin(pg_current_snapshot())"
    " ORDER BY o.xid, o.appended LIMIT $1) u)"
    " UPDATE outbox_events o SET seq = base.n + settled.k FROM settled, base"
    " WHERE o.appended = settled.appended RETURNING o.seq";
// $1: after seq, $2: limit. Numbered events only: in seq order, which is commit order.
inline constexpr std::string_view kEventsAfter = "SELECT " CONFIDE_PG_EVENT_COLUMNS
                                                 " FROM outbox_events o WHERE o.seq > $1"
                                                 " ORDER BY o.seq LIMIT $2";
inline constexpr std::string_view kLastEventSeq = "SELECT max(o.seq) FROM outbox_events o";
inline constexpr std::string_view kSinkPosition =
    "SELECT s.seq FROM outbox_positions s WHERE s.sink = $1";
inline constexpr std::string_view kSaveSinkPosition =
    "INSERT INTO outbox_positions (sink, seq, updated_at) VALUES ($1, $2, $3)"
    " ON CONFLICT (sink) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at";
// $1: up to seq, $2: occurred before. Numbered events only, through seq's index.
inline constexpr std::string_view kPruneEvents =
    "DELETE FROM outbox_events WHERE seq <= $1 AND occurred_at < $2";

#undef CONFIDE_PG_SEARCH_BY_VIEWER
#undef CONFIDE_PG_SEARCH_CANDIDATES
#undef CONFIDE_PG_CONTAINS
#undef CONFIDE_PG_CURSOR_SEQ
#undef CONFIDE_PG_NOT_BLOCKED_BY
#undef CONFIDE_PG_EVENT_COLUMNS
#undef CONFIDE_PG_LOG_COLUMNS
#undef CONFIDE_PG_POST_COLUMNS
#undef CONFIDE_PG_COMMUNITY_MEMBER_COLUMNS
#undef CONFIDE_PG_BLOCK_COLUMNS
#undef CONFIDE_PG_RECEIPT_COLUMNS
#undef CONFIDE_PG_REACTION_COLUMNS
#undef CONFIDE_PG_MESSAGE_COLUMNS
#undef CONFIDE_PG_PARTICIPANT_COLUMNS
#undef CONFIDE_PG_CONVERSATION_COLUMNS
#undef CONFIDE_PG_USER_COLUMNS

}  // namespace sql

// A parameter value for a sample execution of a statement, sent in text format.
using PgSampleValue = std::variant<std::nullptr_t, std::int64_t, bool, std::string>;

// One statement with parameters that make it find rows in the sample data set of SQLite's
// TransactionStatements(), grown so that the planner's choices are those of a real database:
// users usr_1 ... usr_600; conversations conv_1 ... conv_400, conv_1 a DIRECT conversation of
// usr_1 and usr_2 in which usr_1 sent msg_1 to msg_75, the others GROUPs with three
// participants, usr_1 among them in every fortieth (conv_40, conv_80, ...), and a left one
// in conv_2; messages msg_1 ... msg_6000 of a dozen words, each with "hello"; messages whose
// number ends in 7 speak of a "quokka"; every third message has a "+1" reaction by its sender
// and a receipt by the next user (msg_3: by usr_1 and usr_2); every odd user has blocked the
// next (usr_1 blocked usr_2); every tenth message replies to the one before; usr_1 is a
// member of cmty_1, whose posts include post_1; 3000 outbox events, of which the sink
// "jsonl" has delivered 100; the conversation log holds a message_updated entry numbered with
// each message (conv_1's from seq 1). The statements tests build it (pg_sample_data.h).
struct PgSampleStatement {
  std::string_view name;
  std::string_view sql;
  std::vector<PgSampleValue> params;  // for $1, $2, ...
};

// Every statement in namespace sql, each with sample parameters.
std::vector<PgSampleStatement> PgTransactionStatements();

}  // namespace confide::store::postgres
