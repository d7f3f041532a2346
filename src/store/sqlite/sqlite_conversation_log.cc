#include "store/sqlite/sqlite_conversation_log.h"

#include <stdexcept>

#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {
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

std::int64_t SqliteConversationLog::NextSeq(const std::string& conversation_id) {
  RequireWritable("ConversationLog::NextSeq");
  auto s = connection_.Prepare(sql::kNextConversationSeq);
  s->Bind(1, conversation_id);
  auto seq = FirstRow(s, [](const Statement& row) { return row.Int(0); });
  if (!seq) throw std::logic_error("NextConversationSeq: no conversation " + conversation_id);
  return *seq;
}

std::int64_t SqliteConversationLog::LastSeq(const std::string& conversation_id) {
  auto s = connection_.Prepare(sql::kLastConversationSeq);
  s->Bind(1, conversation_id);
  return FirstRow(s, [](const Statement& row) { return row.Int(0); }).value_or(0);
}

std::vector<std::pair<std::string, std::int64_t>> SqliteConversationLog::LastSeqs(
    std::span<const std::string> conversation_ids) {
  std::vector<std::pair<std::string, std::int64_t>> seqs;
  for (const auto& id : conversation_ids) {
    auto s = connection_.Prepare(sql::kLastConversationSeq);
    s->Bind(1, id);
    if (auto seq = FirstRow(s, [](const Statement& row) { return row.Int(0); })) {
      seqs.emplace_back(id, *seq);
    }
  }
  return seqs;
}

void SqliteConversationLog::Append(const ConversationLogRecord& record) {
  RequireWritable("ConversationLog::Append");
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

std::vector<ConversationLogRecord> SqliteConversationLog::After(const std::string& conversation_id,
                                                                std::int64_t after_seq, int limit) {
  auto s = connection_.Prepare(sql::kConversationEventsAfter);
  s->Bind(1, conversation_id);
  s->Bind(2, after_seq);
  s->Bind(3, limit);
  return AllRows(s, LogRecordFrom);
}

std::vector<ConversationLogRecord> SqliteConversationLog::MessageEntries(
    std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto s = connection_.Prepare(sql::kMessageEntries);
  s->Bind(1, JsonArray(message_ids));
  return AllRows(s, LogRecordFrom);
}

void SqliteConversationLog::ReplacePayload(const std::string& conversation_id, std::int64_t seq,
                                           const std::string& payload) {
  RequireWritable("ConversationLog::ReplacePayload");
  auto s = connection_.Prepare(sql::kReplaceConversationEventPayload);
  s->Bind(1, conversation_id);
  s->Bind(2, seq);
  s->Bind(3, payload);
  s->Run();
}

}  // namespace confide::store::sqlite
