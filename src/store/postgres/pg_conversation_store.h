#pragma once

// store::ConversationStore on PostgreSQL: conversations, participants and contacts. Its
// statements are in pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/conversation_store.h"
#include "store/postgres/pg_store_base.h"

namespace confide::store::postgres {

class PgConversationStore final : public ConversationStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

  std::optional<domain::Conversation> Find(const std::string& id) override;
  std::optional<std::string> FindDirect(const std::string& user_a,
                                        const std::string& user_b) override;
  void LockDirectPair(const std::string& user_a, const std::string& user_b) override;
  void Insert(const domain::Conversation& c) override;
  MessageSlot RecordMessage(const std::string& conversation_id, EpochMillis at) override;
  std::vector<domain::Conversation> ListOf(const std::string& user_id, int offset,
                                           int limit) override;
  std::vector<std::string> ActiveIdsOf(const std::string& user_id) override;

  std::vector<domain::Participant> ListParticipants(const std::string& conversation_id) override;
  std::optional<domain::Participant> FindParticipant(const std::string& conversation_id,
                                                     const std::string& user_id) override;
  std::optional<Participation> FindParticipation(const std::string& conversation_id,
                                                 const std::string& user_id,
                                                 Members members) override;
  void ReadAheadParticipation(const std::string& conversation_id, const std::string& user_id,
                              Members members) override;
  bool InsertParticipant(const domain::Participant& p) override;
  void UpdateParticipant(const domain::Participant& p) override;
  void DeactivateParticipations(const std::string& user_id, EpochMillis at) override;
  std::vector<std::string> ContactsOf(const std::string& user_id) override;
};

}  // namespace confide::store::postgres
