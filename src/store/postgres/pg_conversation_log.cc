#include "store/postgres/pg_conversation_log.h"

#include <stdexcept>

#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"
#include "store/postgres/pg_text_array.h"

namespace confide::store::postgres {

std::int64_t PgConversationLog::NextSeq(const std::string& conversation_id) {
  RequireWritable("ConversationLog::NextSeq");
  const auto seq = FirstRow(
      session_.ExecPrepared(sql::kNextConversationSeq, PgParams().Add(conversation_id)), IntOf);
  if (!seq) throw std::logic_error("NextConversationSeq: no conversation " + conversation_id);
  return *seq;
}

std::int64_t PgConversationLog::LastSeq(const std::string& conversation_id) {
  return FirstRow(session_.ExecPrepared(sql::kLastConversationSeq, PgParams().Add(conversation_id)),
                  IntOf)
      .value_or(0);
}

std::vector<std::pair<std::string, std::int64_t>> PgConversationLog::LastSeqs(
    std::span<const std::string> conversation_ids) {
  if (conversation_ids.empty()) return {};
  return AllRows(session_.ExecPrepared(sql::kLastConversationSeqs,
                                       PgParams().Add(PgTextArray(conversation_ids))),
                 [](const PgResult& result, int row) {
                   return std::pair(result.Text(row, 0), result.Int(row, 1));
                 });
}

void PgConversationLog::Append(const ConversationLogRecord& record) {
  RequireWritable("ConversationLog::Append");
  session_.Defer(sql::kAppendConversationEvent, LogRecordParams(record));
}

std::vector<ConversationLogRecord> PgConversationLog::After(const std::string& conversation_id,
                                                            std::int64_t after_seq, int limit) {
  if (limit <= 0) return {};
  const PgParams params = PgParams().Add(conversation_id).Add(after_seq).Add(limit);
  return AllRows(session_.ExecPrepared(sql::kConversationEventsAfter, params), LogRecordFrom);
}

std::vector<ConversationLogRecord> PgConversationLog::MessageEntries(
    std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  return AllRows(
      session_.ExecPrepared(sql::kMessageEntries, PgParams().Add(PgTextArray(message_ids))),
      LogRecordFrom);
}

void PgConversationLog::ReplacePayload(const std::string& conversation_id, std::int64_t seq,
                                       const std::string& payload) {
  RequireWritable("ConversationLog::ReplacePayload");
  session_.Defer(sql::kReplaceConversationEventPayload,
                 PgParams().Add(conversation_id).Add(seq).Add(payload));
}

}  // namespace confide::store::postgres
