#include "store/postgres/pg_message_store.h"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "core/utf8.h"
#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"
#include "store/postgres/pg_text_array.h"

namespace confide::store::postgres {
namespace {

// How many of the newest matches in the whole database a search reads before it turns to the
// viewer's own conversations instead: kCandidatesPerOwnMessage for each message of the
// viewer's conversations, plus kCandidatesAtLeast. The steps SQLite's search takes, so that
// both backends settle a page the same way and a search costs at most a small multiple of
// checking the viewer's own messages.
constexpr std::int64_t kCandidatesPerOwnMessage = 16;
constexpr std::int64_t kCandidatesAtLeast = 16;

// pg_trgm finds candidates only for a pattern of at least one trigram: three characters
// (code points, not bytes). And it finds them closely only for one word: it indexes the
// words of a text apart, so for "quick brown" it offers every message with both words
// anywhere (at 1M messages of a small vocabulary, 75,000 candidates for 12,000 matches, and
// a planner that expects 100). A query with a space or punctuation in it goes to the
// viewer's own conversations, whose cost is bounded by their messages.
bool TrigramsCanServe(std::string_view query) {
  const bool one_word = std::all_of(query.begin(), query.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte >= 0x80 || std::isalnum(byte) != 0;
  });
  return one_word && core::CountCodePoints(query).value_or(query.size()) >= 3;
}

}  // namespace

std::optional<domain::Message> PgMessageStore::Find(const std::string& id) {
  return FirstRow(session_.ExecPrepared(sql::kFindMessage, PgParams().Add(id)), MessageFrom);
}

std::vector<domain::Message> PgMessageStore::FindMany(std::span<const std::string> ids) {
  if (ids.empty()) return {};
  return AllRows(session_.ExecPrepared(sql::kFindMessages, PgParams().Add(PgTextArray(ids))),
                 MessageFrom);
}

void PgMessageStore::Insert(const domain::Message& m) {
  RequireWritable("MessageStore::Insert");
  session_.Defer(sql::kInsertMessage, MessageParams(m));
}

void PgMessageStore::Update(const domain::Message& m) {
  RequireWritable("MessageStore::Update");
  PgParams params;
  params.Add(m.id).Add(m.content).Add(m.is_edited).Add(m.edited_at).Add(m.is_deleted);
  params.Add(m.deleted_at).Add(m.attachment_url).Add(m.attachment_name).Add(m.attachment_size);
  session_.Defer(sql::kUpdateMessage, params);
}

// Cursors are resolved to seq inside the conversation; with both cursors the window is the
// oldest `limit` messages between them. `offset` applies only without a cursor.
std::vector<domain::Message> PgMessageStore::List(const std::string& conversation_id,
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
  PgParams params;
  params.Add(conversation_id).Add(viewer_id);
  if (window.after) params.Add(*window.after);
  if (window.before) params.Add(*window.before);
  params.Add(window.limit);
  if (!window.before && !window.after) params.Add(std::max(window.offset, 0));
  auto messages = AllRows(session_.ExecPrepared(text, params), MessageFrom);
  // Newest-first windows are read backwards through the index; callers get oldest first.
  if (newest_first) std::reverse(messages.begin(), messages.end());
  return messages;
}

std::vector<domain::Message> PgMessageStore::NumberedAfter(const std::string& conversation_id,
                                                           const std::string& viewer_id,
                                                           std::int64_t after_seq, int limit) {
  if (limit <= 0) return {};
  const PgParams params = PgParams().Add(conversation_id).Add(viewer_id).Add(after_seq).Add(limit);
  return AllRows(session_.ExecPrepared(sql::kMessagesNumberedAfter, params), MessageFrom);
}

std::optional<domain::Message> PgMessageStore::LastVisible(const std::string& conversation_id,
                                                           const std::string& viewer_id) {
  return FirstRow(session_.ExecPrepared(sql::kLastVisibleMessage,
                                        PgParams().Add(conversation_id).Add(viewer_id)),
                  MessageFrom);
}

std::int64_t PgMessageStore::CountFromOthers(const std::string& conversation_id,
                                             const std::string& viewer_id,
                                             const std::optional<std::string>& after_id,
                                             const std::optional<std::string>& up_to_id) {
  const PgParams params =
      PgParams().Add(conversation_id).Add(viewer_id).Add(after_id).Add(up_to_id);
  return session_.ExecPrepared(sql::kCountMessagesFromOthers, params).Int(0, 0);
}

// Queries of 1 or 2 characters, which trigrams cannot serve, go straight to the viewer's
// conversations; ILIKE folds the case of all of Unicode for them too.
std::vector<domain::Message> PgMessageStore::Search(
    const std::string& viewer_id, const std::string& query,
    const std::optional<std::string>& conversation_id, int offset, int limit) {
  if (limit <= 0 || query.empty()) return {};
  offset = std::max(offset, 0);
  PlanWithParameters();
  if (TrigramsCanServe(query)) {
    const std::int64_t budget =
        kCandidatesPerOwnMessage * (SearchScope(viewer_id, conversation_id) + kCandidatesAtLeast);
    if (auto ids = SearchCandidates(viewer_id, query, conversation_id, offset, limit, budget)) {
      return InOrderOf(*ids);
    }
  }
  return SearchByViewer(viewer_id, query, conversation_id, offset, limit);
}

std::vector<std::string> PgMessageStore::RepliesTo(const std::string& message_id) {
  return AllRows(session_.ExecPrepared(sql::kRepliesTo, PgParams().Add(message_id)), TextOf);
}

// SET LOCAL ends with the transaction (every job runs in one), so the session's later jobs
// keep the generic plans of the other statements.
void PgMessageStore::PlanWithParameters() {
  if (plans_with_parameters_) return;
  session_.Defer("SET LOCAL plan_cache_mode = force_custom_plan");
  plans_with_parameters_ = true;
}

std::int64_t PgMessageStore::SearchScope(const std::string& viewer_id,
                                         const std::optional<std::string>& conversation_id) {
  PgParams params;
  params.Add(viewer_id);
  if (conversation_id) params.Add(*conversation_id);
  return FirstRow(
             session_.ExecPrepared(
                 conversation_id ? sql::kSearchScopeInConversation : sql::kSearchScope, params),
             IntOf)
      .value_or(0);
}

// The ids of the page, newest first, if the first `budget` matches settle it: the page is
// full, or there are no more matches. nullopt otherwise.
std::optional<std::vector<std::string>> PgMessageStore::SearchCandidates(
    const std::string& viewer_id, const std::string& query,
    const std::optional<std::string>& conversation_id, int offset, int limit, std::int64_t budget) {
  PgParams params;
  params.Add(viewer_id).Add(query).Add(budget).Add(static_cast<std::int64_t>(offset) + limit + 1);
  if (conversation_id) params.Add(*conversation_id);
  const PgResult candidates = session_.ExecPrepared(
      conversation_id ? sql::kSearchCandidatesInConversation : sql::kSearchCandidates, params);
  std::vector<std::string> ids;
  int visible = 0;
  bool budget_spent = false;
  for (int row = 0; row < candidates.rows(); ++row) {
    budget_spent = budget_spent || candidates.Int(row, 2) == budget;
    if (!candidates.Bool(row, 1) || visible++ < offset) continue;
    ids.push_back(candidates.Text(row, 0));
    if (static_cast<int>(ids.size()) == limit) return ids;
  }
  if (!budget_spent) return ids;  // every match was looked at
  return std::nullopt;
}

std::vector<domain::Message> PgMessageStore::SearchByViewer(
    const std::string& viewer_id, const std::string& query,
    const std::optional<std::string>& conversation_id, int offset, int limit) {
  PgParams params;
  params.Add(viewer_id).Add(query).Add(offset).Add(limit);
  if (conversation_id) params.Add(*conversation_id);
  return AllRows(
      session_.ExecPrepared(
          conversation_id ? sql::kSearchByViewerInConversation : sql::kSearchByViewer, params),
      MessageFrom);
}

// FindMany returns the page's messages in any order; they are put back in the order of `ids`.
std::vector<domain::Message> PgMessageStore::InOrderOf(const std::vector<std::string>& ids) {
  std::unordered_map<std::string_view, std::size_t> position;
  for (std::size_t i = 0; i < ids.size(); ++i) position.emplace(ids[i], i);
  auto messages = FindMany(ids);
  std::sort(messages.begin(), messages.end(),
            [&](const auto& a, const auto& b) { return position.at(a.id) < position.at(b.id); });
  return messages;
}

}  // namespace confide::store::postgres
