#include "store/sqlite/sqlite_message_store.h"

#include <algorithm>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "core/utf8.h"
#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {
namespace {

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

std::optional<domain::Message> SqliteMessageStore::Find(const std::string& id) {
  auto s = connection_.Prepare(sql::kFindMessage);
  s->Bind(1, id);
  return FirstRow(s, MessageFrom);
}

std::vector<domain::Message> SqliteMessageStore::FindMany(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  auto s = connection_.Prepare(sql::kFindMessages);
  s->Bind(1, JsonArray(ids));
  return AllRows(s, MessageFrom);
}

void SqliteMessageStore::Insert(const domain::Message& m) {
  RequireWritable("MessageStore::Insert");
  auto s = connection_.Prepare(sql::kInsertMessage);
  BindMessage(*s, m);
  s->Run();
}

void SqliteMessageStore::Update(const domain::Message& m) {
  RequireWritable("MessageStore::Update");
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
std::vector<domain::Message> SqliteMessageStore::List(const std::string& conversation_id,
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

std::vector<domain::Message> SqliteMessageStore::NumberedAfter(const std::string& conversation_id,
                                                               const std::string& viewer_id,
                                                               std::int64_t after_seq, int limit) {
  if (limit <= 0) return {};
  auto s = connection_.Prepare(sql::kMessagesNumberedAfter);
  s->Bind(1, conversation_id);
  s->Bind(2, viewer_id);
  s->Bind(3, after_seq);
  s->Bind(4, limit);
  return AllRows(s, MessageFrom);
}

std::optional<domain::Message> SqliteMessageStore::LastVisible(const std::string& conversation_id,
                                                               const std::string& viewer_id) {
  auto s = connection_.Prepare(sql::kLastVisibleMessage);
  s->Bind(1, conversation_id);
  s->Bind(2, viewer_id);
  return FirstRow(s, MessageFrom);
}

std::int64_t SqliteMessageStore::CountFromOthers(const std::string& conversation_id,
                                                 const std::string& viewer_id,
                                                 const std::optional<std::string>& after_id,
                                                 const std::optional<std::string>& up_to_id) {
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
std::vector<domain::Message> SqliteMessageStore::Search(
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

std::vector<std::string> SqliteMessageStore::RepliesTo(const std::string& message_id) {
  auto s = connection_.Prepare(sql::kRepliesTo);
  s->Bind(1, message_id);
  return AllRows(s, [](const Statement& row) { return row.Text(0); });
}

std::int64_t SqliteMessageStore::SearchScope(const std::string& viewer_id,
                                             const std::optional<std::string>& conversation_id) {
  auto s =
      connection_.Prepare(conversation_id ? sql::kSearchScopeInConversation : sql::kSearchScope);
  s->Bind(1, viewer_id);
  if (conversation_id) s->Bind(2, *conversation_id);
  return FirstRow(s, [](Statement& row) { return row.Int(0); }).value_or(0);
}

// The ids of the page, newest first, if the index's first `budget` matches settle it: the
// page is full, or there are no more matches. nullopt otherwise.
std::optional<std::vector<std::string>> SqliteMessageStore::SearchCandidates(
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

std::vector<domain::Message> SqliteMessageStore::MessagesInOrder(
    const std::vector<std::string>& ids) {
  std::unordered_map<std::string, domain::Message> found;
  for (auto& m : FindMany(ids)) {
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

}  // namespace confide::store::sqlite
