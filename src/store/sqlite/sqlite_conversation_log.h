#pragma once

// store::ConversationLog on SQLite: Sequence numbers per conversation and the conversation log. Its
// statements are in transaction_sql.h. Thread-safety: used only by the store thread that owns the
// connection, for one job.

#include "store/conversation_log.h"
#include "store/sqlite/sqlite_store_base.h"

namespace confide::store::sqlite {

class SqliteConversationLog final : public ConversationLog, private SqliteStoreBase {
 public:
  using SqliteStoreBase::SqliteStoreBase;

  std::int64_t NextSeq(const std::string& conversation_id) override;
  std::int64_t LastSeq(const std::string& conversation_id) override;
  std::vector<std::pair<std::string, std::int64_t>> LastSeqs(
      std::span<const std::string> conversation_ids) override;
  void Append(const ConversationLogRecord& record) override;
  std::vector<ConversationLogRecord> After(const std::string& conversation_id,
                                           std::int64_t after_seq, int limit) override;
  std::vector<ConversationLogRecord> MessageEntries(
      std::span<const std::string> message_ids) override;
  void ReplacePayload(const std::string& conversation_id, std::int64_t seq,
                      const std::string& payload) override;
};

}  // namespace confide::store::sqlite
