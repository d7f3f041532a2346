#include "store/sqlite/sqlite_transaction.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/utf8.h"
#include "store/sqlite/row_codec.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {
namespace {

// The first row read by `read`, if there is one.
template <class Read>
auto FirstRow(BorrowedStatement& statement, Read read)
    -> std::optional<decltype(read(*statement))> {
  if (!statement->Step()) return std::nullopt;
  return read(*statement);
}

// Every row, read by `read`.
template <class Read>
auto AllRows(BorrowedStatement& statement, Read read) -> std::vector<decltype(read(*statement))> {
  std::vector<decltype(read(*statement))> rows;
  while (statement->Step()) rows.push_back(read(*statement));
  return rows;
}

// The ids as a JSON array, the one parameter of the `IN (SELECT value FROM json_each(?1))`
// statements: one prepared statement serves any number of ids.
std::string JsonArray(std::span<const std::string> ids) {
  boost::json::array array;
  array.reserve(ids.size());
  for (const auto& id : ids) array.emplace_back(id);
  return boost::json::serialize(array);
}

// `query` as one FTS5 phrase: inside double quotes only a double quote is special, and it is
// escaped by doubling. With the trigram tokenizer a phrase matches as a substring.
std::string FtsPhrase(std::string_view query) {
  std::string phrase = "\"";
  for (char c : query) {
    if (c == '"') phrase.push_back('"');
    phrase.push_back(c);
  }
  phrase.push_back('"');
  return phrase;
}

// How many of the index's matches a search reads before it turns to the viewer's own
// messages instead: kCandidatesPerOwnMessage for each message in the viewer's conversations,
// plus kCandidatesAtLeast. A match read from the index (with its message and participant
// rows) costs about a sixteenth of a viewer's message checked against the index by rowid, so
// either way a search costs at most a small multiple of checking the viewer's own messages.
constexpr std::int64_t kCandidatesPerOwnMessage = 16;
constexpr std::int64_t kCandidatesAtLeast = 16;

// Trigrams need at least three characters (code points, not bytes).
bool TrigramsCanServe(std::string_view query) {
  return core::CountCodePoints(query).value_or(query.size()) >= 3;
}

}  // namespace

void SqliteTransaction::RequireWritable(const char* method) const {
  if (read_only_) {
    throw std::logic_error(std::string(method) + " called in a read-only transaction");
  }
}

std::int64_t SqliteTransaction::SchemaVersion() { return connection_.UserVersion(); }

// ---- Users ----

std::optional<domain::User> SqliteTransaction::FindUser(const std::string& id) {
  auto s = connection_.Prepare(sql::kFindUser);
  s->Bind(1, id);
  return FirstRow(s, UserFrom);
}

std::vector<domain::User> SqliteTransaction::FindUsers(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  auto s = connection_.Prepare(sql::kFindUsers);
  s->Bind(1, JsonArray(ids));
  return AllRows(s, UserFrom);
}

void SqliteTransaction::UpsertUser(const domain::User& user) {
  RequireWritable("UpsertUser");
  auto s = connection_.Prepare(sql::kUpsertUser);
  BindUser(*s, user);
  s->Run();
}

// ---- Conversations ----

std::optional<domain::Conversation> SqliteTransaction::FindConversation(const std::string& id) {
  auto s = connection_.Prepare(sql::kFindConversation);
  s->Bind(1, id);
  return FirstRow(s, ConversationFrom);
}

std::optional<std::string> SqliteTransaction::FindDirectConversation(const std::string& user_a,
                                                                     const std::string& user_b) {
  auto s = connection_.Prepare(sql::kFindDirectConversation);
  s->Bind(1, user_a);
  s->Bind(2, user_b);
  return FirstRow(s, [](const Statement& row) { return row.Text(0); });
}

void SqliteTransaction::InsertConversation(const domain::Conversation& c) {
  RequireWritable("InsertConversation");
  auto s = connection_.Prepare(sql::kInsertConversation);
  BindConversation(*s, c);
  s->Run();
}

void SqliteTransaction::RecordMessageInConversation(const std::string& conversation_id,
                                                    EpochMillis at) {
  RequireWritable("RecordMessageInConversation");
  auto s = connection_.Prepare(sql::kRecordMessageInConversation);
  s->Bind(1, conversation_id);
  s->Bind(2, at);
  s->Run();
}

std::vector<domain::Conversation> SqliteTransaction::ListConversationsOf(const std::string& user_id,
                                                                         int offset, int limit) {
  if (limit <= 0) return {};
  auto s = connection_.Prepare(sql::kListConversationsOf);
  s->Bind(1, user_id);
  s->Bind(2, std::max(offset, 0));
  s->Bind(3, limit);
  return AllRows(s, ConversationFrom);
}

// ---- Participants ----

std::vector<domain::Participant> SqliteTransaction::ListParticipants(
    const std::string& conversation_id) {
  auto s = connection_.Prepare(sql::kListParticipants);
  s->Bind(1, conversation_id);
  auto participants = AllRows(s, ParticipantFrom);
  // Sorted here rather than in SQL: a conversation has few participants, and the index the
  // query uses is ordered by user.
  std::sort(participants.begin(), participants.end(), [](const auto& a, const auto& b) {
    return std::tie(a.joined_at, a.id) < std::tie(b.joined_at, b.id);
  });
  return participants;
}

std::vector<std::string> SqliteTransaction::ActiveParticipantIds(
    const std::string& conversation_id) {
  auto s = connection_.Prepare(sql::kActiveParticipantIds);
  s->Bind(1, conversation_id);
  std::vector<std::string> ids;
  while (s->Step()) ids.push_back(s->Text(0));
  return ids;
}

std::optional<domain::Participant> SqliteTransaction::FindParticipant(
    const std::string& conversation_id, const std::string& user_id) {
  auto s = connection_.Prepare(sql::kFindParticipant);
  s->Bind(1, conversation_id);
  s->Bind(2, user_id);
  return FirstRow(s, ParticipantFrom);
}

void SqliteTransaction::InsertParticipant(const domain::Participant& p) {
  RequireWritable("InsertParticipant");
  auto s = connection_.Prepare(sql::kInsertParticipant);
  BindParticipant(*s, p);
  s->Run();
}

void SqliteTransaction::UpdateParticipant(const domain::Participant& p) {
  RequireWritable("UpdateParticipant");
  auto s = connection_.Prepare(sql::kUpdateParticipant);
  s->Bind(1, p.id);
  s->Bind(2, domain::Name(p.role));
  s->Bind(3, p.is_active);
  s->Bind(4, p.left_at);
  s->Bind(5, p.last_read_message_id);
  s->Run();
}

void SqliteTransaction::DeactivateParticipations(const std::string& user_id, EpochMillis at) {
  RequireWritable("DeactivateParticipations");
  auto s = connection_.Prepare(sql::kDeactivateParticipations);
  s->Bind(1, user_id);
  s->Bind(2, at);
  s->Run();
}

// ---- Messages ----

std::optional<domain::Message> SqliteTransaction::FindMessage(const std::string& id) {
  auto s = connection_.Prepare(sql::kFindMessage);
  s->Bind(1, id);
  return FirstRow(s, MessageFrom);
}

std::vector<domain::Message> SqliteTransaction::FindMessages(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  auto s = connection_.Prepare(sql::kFindMessages);
  s->Bind(1, JsonArray(ids));
  return AllRows(s, MessageFrom);
}

void SqliteTransaction::InsertMessage(const domain::Message& m) {
  RequireWritable("InsertMessage");
  auto s = connection_.Prepare(sql::kInsertMessage);
  BindMessage(*s, m);
  s->Run();
}

void SqliteTransaction::UpdateMessage(const domain::Message& m) {
  RequireWritable("UpdateMessage");
  auto s = connection_.Prepare(sql::kUpdateMessage);
  s->Bind(1, m.id);
  s->Bind(2, m.content);
  s->Bind(3, m.is_edited);
  s->Bind(4, m.edited_at);
  s->Bind(5, m.is_deleted);
  s->Bind(6, m.deleted_at);
  s->Bind(7, m.attachment_url);
  s->Bind(8, m.attachment_name);
  s->Bind(9, m.attachment_size);
  s->Run();
}

// Cursors are resolved to seq inside the conversation; with both cursors the window is the
// oldest `limit` messages between them. `offset` applies only without a cursor.
std::vector<domain::Message> SqliteTransaction::ListMessages(const std::string& conversation_id,
                                                             const std::string& viewer_id,
                                                             const MessageWindow& window) {
  if (window.limit <= 0) return {};
  const bool newest_first = !window.after.has_value();
  std::string_view text = sql::kListNewestMessages;
  if (window.before && window.after) {
    text = sql::kListMessagesBetween;
  } else if (window.before) {
    text = sql::kListMessagesBefore;
  } else if (window.after) {
    text = sql::kListMessagesAfter;
  }
  auto s = connection_.Prepare(text);
  s->Bind(1, conversation_id);
  s->Bind(2, viewer_id);
  int next = 3;
  if (window.after) s->Bind(next++, *window.after);
  if (window.before) s->Bind(next++, *window.before);
  s->Bind(next++, window.limit);
  if (!window.before && !window.after) s->Bind(next, std::max(window.offset, 0));
  auto messages = AllRows(s, MessageFrom);
  // Newest-first windows are read backwards through the index; callers get oldest first.
  if (newest_first) std::reverse(messages.begin(), messages.end());
  return messages;
}

std::optional<domain::Message> SqliteTransaction::LastVisibleMessage(
    const std::string& conversation_id, const std::string& viewer_id) {
  auto s = connection_.Prepare(sql::kLastVisibleMessage);
  s->Bind(1, conversation_id);
  s->Bind(2, viewer_id);
  return FirstRow(s, MessageFrom);
}

std::int64_t SqliteTransaction::CountMessagesFromOthers(
    const std::string& conversation_id, const std::string& viewer_id,
    const std::optional<std::string>& after_id, const std::optional<std::string>& up_to_id) {
  auto s = connection_.Prepare(sql::kCountMessagesFromOthers);
  s->Bind(1, conversation_id);
  s->Bind(2, viewer_id);
  s->Bind(3, after_id);
  s->Bind(4, up_to_id);
  s->Step();
  return s->Int(0);
}

// 1-2 character queries compare with SQLite's lower(), which folds ASCII letters only; the
// trigram tokenizer folds all of Unicode.
std::vector<domain::Message> SqliteTransaction::SearchMessages(
    const std::string& viewer_id, const std::string& query,
    const std::optional<std::string>& conversation_id, int offset, int limit) {
  if (limit <= 0 || query.empty()) return {};
  offset = std::max(offset, 0);
  if (!TrigramsCanServe(query)) {
    auto s =
        connection_.Prepare(conversation_id ? sql::kSearchShortInConversation : sql::kSearchShort);
    s->Bind(1, viewer_id);
    s->Bind(2, query);
    s->Bind(3, offset);
    s->Bind(4, limit);
    if (conversation_id) s->Bind(5, *conversation_id);
    return AllRows(s, MessageFrom);
  }
  const std::string phrase = FtsPhrase(query);
  const std::int64_t budget =
      kCandidatesPerOwnMessage * (SearchScope(viewer_id, conversation_id) + kCandidatesAtLeast);
  if (auto ids = SearchCandidates(viewer_id, phrase, conversation_id, offset, limit, budget)) {
    return MessagesInOrder(*ids);
  }
  auto s = connection_.Prepare(conversation_id ? sql::kSearchByViewerInConversation
                                               : sql::kSearchByViewer);
  s->Bind(1, viewer_id);
  s->Bind(2, phrase);
  s->Bind(3, offset);
  s->Bind(4, limit);
  if (conversation_id) s->Bind(5, *conversation_id);
  return AllRows(s, MessageFrom);
}

std::int64_t SqliteTransaction::SearchScope(const std::string& viewer_id,
                                            const std::optional<std::string>& conversation_id) {
  auto s =
      connection_.Prepare(conversation_id ? sql::kSearchScopeInConversation : sql::kSearchScope);
  s->Bind(1, viewer_id);
  if (conversation_id) s->Bind(2, *conversation_id);
  return FirstRow(s, [](Statement& row) { return row.Int(0); }).value_or(0);
}

// The ids of the page, newest first, if the index's first `budget` matches settle it: the
// page is full, or there are no more matches. nullopt otherwise.
std::optional<std::vector<std::string>> SqliteTransaction::SearchCandidates(
    const std::string& viewer_id, const std::string& phrase,
    const std::optional<std::string>& conversation_id, int offset, int limit, std::int64_t budget) {
  auto s = connection_.Prepare(conversation_id ? sql::kSearchCandidatesInConversation
                                               : sql::kSearchCandidates);
  s->Bind(1, viewer_id);
  s->Bind(2, phrase);
  s->Bind(3, budget);
  if (conversation_id) s->Bind(4, *conversation_id);
  std::vector<std::string> ids;
  std::int64_t read = 0;
  int visible = 0;
  while (s->Step()) {
    ++read;
    if (!s->Bool(1) || visible++ < offset) continue;
    ids.push_back(s->Text(0));
    if (static_cast<int>(ids.size()) == limit) return ids;
  }
  if (read < budget) return ids;  // every match was looked at
  return std::nullopt;
}

std::vector<domain::Message> SqliteTransaction::MessagesInOrder(
    const std::vector<std::string>& ids) {
  std::unordered_map<std::string, domain::Message> found;
  for (auto& m : FindMessages(ids)) {
    std::string id = m.id;
    found.emplace(std::move(id), std::move(m));
  }
  std::vector<domain::Message> messages;
  messages.reserve(ids.size());
  for (const auto& id : ids) {
    if (auto it = found.find(id); it != found.end()) messages.push_back(std::move(it->second));
  }
  return messages;
}

// ---- Reactions ----

std::vector<domain::Reaction> SqliteTransaction::ReactionsFor(
    std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto s = connection_.Prepare(sql::kReactionsFor);
  s->Bind(1, JsonArray(message_ids));
  auto reactions = AllRows(s, ReactionFrom);
  // Sorted here: the rows come from several messages' index ranges, a handful each.
  std::sort(reactions.begin(), reactions.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.id) < std::tie(b.created_at, b.id);
  });
  return reactions;
}

std::optional<domain::Reaction> SqliteTransaction::FindReaction(const std::string& message_id,
                                                                const std::string& user_id,
                                                                const std::string& emoji) {
  auto s = connection_.Prepare(sql::kFindReaction);
  s->Bind(1, message_id);
  s->Bind(2, user_id);
  s->Bind(3, emoji);
  return FirstRow(s, ReactionFrom);
}

void SqliteTransaction::InsertReaction(const domain::Reaction& r) {
  RequireWritable("InsertReaction");
  auto s = connection_.Prepare(sql::kInsertReaction);
  BindReaction(*s, r);
  s->Run();
}

void SqliteTransaction::DeleteReaction(const std::string& reaction_id) {
  RequireWritable("DeleteReaction");
  auto s = connection_.Prepare(sql::kDeleteReaction);
  s->Bind(1, reaction_id);
  s->Run();
}

// ---- Read receipts ----

std::vector<domain::ReadReceipt> SqliteTransaction::ReceiptsFor(
    std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto s = connection_.Prepare(sql::kReceiptsFor);
  s->Bind(1, JsonArray(message_ids));
  auto receipts = AllRows(s, ReceiptFrom);
  std::sort(receipts.begin(), receipts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.read_at, a.id) < std::tie(b.read_at, b.id);
  });
  return receipts;
}

std::optional<domain::ReadReceipt> SqliteTransaction::FindReceipt(const std::string& message_id,
                                                                  const std::string& user_id) {
  auto s = connection_.Prepare(sql::kFindReceipt);
  s->Bind(1, message_id);
  s->Bind(2, user_id);
  return FirstRow(s, ReceiptFrom);
}

void SqliteTransaction::InsertReceipt(const domain::ReadReceipt& r) {
  RequireWritable("InsertReceipt");
  auto s = connection_.Prepare(sql::kInsertReceipt);
  BindReceipt(*s, r);
  s->Run();
}

// ---- Blocks ----

std::optional<domain::Block> SqliteTransaction::FindBlock(const std::string& blocker_id,
                                                          const std::string& blocked_id) {
  auto s = connection_.Prepare(sql::kFindBlock);
  s->Bind(1, blocker_id);
  s->Bind(2, blocked_id);
  return FirstRow(s, BlockFrom);
}

std::vector<domain::Block> SqliteTransaction::BlocksBy(const std::string& blocker_id) {
  auto s = connection_.Prepare(sql::kBlocksBy);
  s->Bind(1, blocker_id);
  auto blocks = AllRows(s, BlockFrom);
  std::sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.blocked_id) < std::tie(b.created_at, b.blocked_id);
  });
  return blocks;
}

std::vector<std::string> SqliteTransaction::BlockersOf(const std::string& blocked_id) {
  auto s = connection_.Prepare(sql::kBlockersOf);
  s->Bind(1, blocked_id);
  return AllRows(s, [](const Statement& row) { return row.Text(0); });
}

void SqliteTransaction::InsertBlock(const domain::Block& b) {
  RequireWritable("InsertBlock");
  auto s = connection_.Prepare(sql::kInsertBlock);
  BindBlock(*s, b);
  s->Run();
}

void SqliteTransaction::DeleteBlock(const std::string& blocker_id, const std::string& blocked_id) {
  RequireWritable("DeleteBlock");
  auto s = connection_.Prepare(sql::kDeleteBlock);
  s->Bind(1, blocker_id);
  s->Bind(2, blocked_id);
  s->Run();
}

// ---- Communities and posts ----

std::optional<domain::CommunityMember> SqliteTransaction::FindCommunityMember(
    const std::string& community_id, const std::string& user_id) {
  auto s = connection_.Prepare(sql::kFindCommunityMember);
  s->Bind(1, community_id);
  s->Bind(2, user_id);
  return FirstRow(s, CommunityMemberFrom);
}

void SqliteTransaction::UpsertCommunityMember(const domain::CommunityMember& m) {
  RequireWritable("UpsertCommunityMember");
  auto s = connection_.Prepare(sql::kUpsertCommunityMember);
  BindCommunityMember(*s, m);
  s->Run();
}

void SqliteTransaction::DeleteCommunityMember(const std::string& community_id,
                                              const std::string& user_id) {
  RequireWritable("DeleteCommunityMember");
  auto s = connection_.Prepare(sql::kDeleteCommunityMember);
  s->Bind(1, community_id);
  s->Bind(2, user_id);
  s->Run();
}

std::vector<domain::CommunityMember> SqliteTransaction::ListCommunityMembers(
    const std::string& community_id, int offset, int limit) {
  if (limit <= 0) return {};
  auto s = connection_.Prepare(sql::kListCommunityMembers);
  s->Bind(1, community_id);
  s->Bind(2, std::max(offset, 0));
  s->Bind(3, limit);
  return AllRows(s, CommunityMemberFrom);
}

std::optional<domain::Post> SqliteTransaction::FindPost(const std::string& post_id) {
  auto s = connection_.Prepare(sql::kFindPost);
  s->Bind(1, post_id);
  return FirstRow(s, PostFrom);
}

void SqliteTransaction::UpsertPost(const domain::Post& p) {
  RequireWritable("UpsertPost");
  auto s = connection_.Prepare(sql::kUpsertPost);
  BindPost(*s, p);
  s->Run();
}

void SqliteTransaction::DeletePost(const std::string& post_id) {
  RequireWritable("DeletePost");
  auto s = connection_.Prepare(sql::kDeletePost);
  s->Bind(1, post_id);
  s->Run();
}

// ---- Conversation log ----

namespace {

ConversationLogRecord LogRecordFrom(const Statement& row) {
  return ConversationLogRecord{.conversation_id = row.Text(0),
                               .seq = row.Int(1),
                               .type = row.Text(2),
                               .message_id = row.OptionalText(3),
                               .actor_id = row.Text(4),
                               .occurred_at = row.Int(5),
                               .payload = row.Text(6)};
}

}  // namespace

std::int64_t SqliteTransaction::NextConversationSeq(const std::string& conversation_id) {
  RequireWritable("NextConversationSeq");
  auto s = connection_.Prepare(sql::kNextConversationSeq);
  s->Bind(1, conversation_id);
  auto seq = FirstRow(s, [](const Statement& row) { return row.Int(0); });
  if (!seq) throw std::logic_error("NextConversationSeq: no conversation " + conversation_id);
  return *seq;
}

std::int64_t SqliteTransaction::LastConversationSeq(const std::string& conversation_id) {
  auto s = connection_.Prepare(sql::kLastConversationSeq);
  s->Bind(1, conversation_id);
  return FirstRow(s, [](const Statement& row) { return row.Int(0); }).value_or(0);
}

void SqliteTransaction::AppendConversationEvent(const ConversationLogRecord& record) {
  RequireWritable("AppendConversationEvent");
  auto s = connection_.Prepare(sql::kAppendConversationEvent);
  s->Bind(1, record.conversation_id);
  s->Bind(2, record.seq);
  s->Bind(3, record.type);
  s->Bind(4, record.message_id);
  s->Bind(5, record.actor_id);
  s->Bind(6, record.occurred_at);
  s->Bind(7, record.payload);
  s->Run();
}

std::vector<ConversationLogRecord> SqliteTransaction::ConversationEventsAfter(
    const std::string& conversation_id, const std::string& viewer_id, std::int64_t after_seq,
    int limit) {
  auto s = connection_.Prepare(sql::kConversationEventsAfter);
  s->Bind(1, conversation_id);
  s->Bind(2, viewer_id);
  s->Bind(3, after_seq);
  s->Bind(4, limit);
  return AllRows(s, LogRecordFrom);
}

std::vector<ConversationLogRecord> SqliteTransaction::MessageEntries(
    std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto s = connection_.Prepare(sql::kMessageEntries);
  s->Bind(1, JsonArray(message_ids));
  return AllRows(s, LogRecordFrom);
}

void SqliteTransaction::ReplaceConversationEventPayload(const std::string& conversation_id,
                                                        std::int64_t seq,
                                                        const std::string& payload) {
  RequireWritable("ReplaceConversationEventPayload");
  auto s = connection_.Prepare(sql::kReplaceConversationEventPayload);
  s->Bind(1, conversation_id);
  s->Bind(2, seq);
  s->Bind(3, payload);
  s->Run();
}

std::vector<std::string> SqliteTransaction::RepliesTo(const std::string& message_id) {
  auto s = connection_.Prepare(sql::kRepliesTo);
  s->Bind(1, message_id);
  return AllRows(s, [](const Statement& row) { return row.Text(0); });
}

// ---- Outbox ----

std::int64_t SqliteTransaction::AppendEvent(const OutboxRecord& event) {
  RequireWritable("AppendEvent");
  auto s = connection_.Prepare(sql::kAppendEvent);
  s->Bind(1, event.id);
  s->Bind(2, event.type);
  s->Bind(3, event.conversation_id);
  s->Bind(4, event.occurred_at);
  s->Bind(5, event.data);
  s->Run();
  return connection_.LastInsertRowId();
}

std::vector<OutboxRecord> SqliteTransaction::EventsAfter(std::int64_t after_seq, int limit) {
  auto s = connection_.Prepare(sql::kEventsAfter);
  s->Bind(1, after_seq);
  s->Bind(2, limit);
  return AllRows(s, [](const Statement& row) {
    return OutboxRecord{.seq = row.Int(0),
                        .id = row.Text(1),
                        .type = row.Text(2),
                        .conversation_id = row.OptionalText(3),
                        .occurred_at = row.Int(4),
                        .data = row.Text(5)};
  });
}

std::int64_t SqliteTransaction::LastEventSeq() {
  auto s = connection_.Prepare(sql::kLastEventSeq);
  // MAX over no rows is one NULL row.
  return FirstRow(s, [](const Statement& row) { return row.OptionalInt(0); })
      .value_or(std::nullopt)
      .value_or(0);
}

std::optional<std::int64_t> SqliteTransaction::SinkPosition(const std::string& sink) {
  auto s = connection_.Prepare(sql::kSinkPosition);
  s->Bind(1, sink);
  return FirstRow(s, [](const Statement& row) { return row.Int(0); });
}

void SqliteTransaction::SaveSinkPosition(const std::string& sink, std::int64_t seq,
                                         EpochMillis at) {
  RequireWritable("SaveSinkPosition");
  auto s = connection_.Prepare(sql::kSaveSinkPosition);
  s->Bind(1, sink);
  s->Bind(2, seq);
  s->Bind(3, at);
  s->Run();
}

std::int64_t SqliteTransaction::PruneEvents(std::int64_t up_to_seq, EpochMillis before) {
  RequireWritable("PruneEvents");
  auto s = connection_.Prepare(sql::kPruneEvents);
  s->Bind(1, up_to_seq);
  s->Bind(2, before);
  s->Run();
  return connection_.Changes();
}

// ---- Presence ----

std::vector<std::string> SqliteTransaction::ContactsOf(const std::string& user_id) {
  auto s = connection_.Prepare(sql::kContactsOf);
  s->Bind(1, user_id);
  auto ids = AllRows(s, [](const Statement& row) { return row.Text(0); });
  // Sorted and made distinct here: the rows are the user's own conversations' participants.
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

void SqliteTransaction::RecordLastSeen(const std::string& user_id, EpochMillis at) {
  RequireWritable("RecordLastSeen");
  auto s = connection_.Prepare(sql::kRecordLastSeen);
  s->Bind(1, user_id);
  s->Bind(2, at);
  s->Run();
}

std::vector<std::string> SqliteTransaction::ActiveConversationIdsOf(const std::string& user_id) {
  auto s = connection_.Prepare(sql::kActiveConversationIdsOf);
  s->Bind(1, user_id);
  return AllRows(s, [](const Statement& row) { return row.Text(0); });
}

// ---- Webhook deliveries ----

bool SqliteTransaction::RecordDelivery(const std::string& delivery_id, EpochMillis at) {
  RequireWritable("RecordDelivery");
  auto s = connection_.Prepare(sql::kRecordDelivery);
  s->Bind(1, delivery_id);
  s->Bind(2, at);
  s->Run();
  return connection_.Changes() == 1;
}

void SqliteTransaction::PruneDeliveries(EpochMillis before) {
  RequireWritable("PruneDeliveries");
  auto s = connection_.Prepare(sql::kPruneDeliveries);
  s->Bind(1, before);
  s->Run();
}

}  // namespace confide::store::sqlite
