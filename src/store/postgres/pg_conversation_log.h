#pragma once

// store::ConversationLog on PostgreSQL: conversations' sequence numbers (the conversation's
// row, locked by the UPDATE that takes a number until the transaction ends, orders the
// writers of one conversation) and the conversation log. Its statements are in
// pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/conversation_log.h"
#include "store/postgres/pg_store_base.h"

namespace confide::store::postgres {

class PgConversationLog final : public ConversationLog, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

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

}  // namespace confide::store::postgres
