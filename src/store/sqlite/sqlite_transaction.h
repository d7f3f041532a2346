#pragma once

// store::Transaction on one SQLite connection. It does not begin or end the SQL transaction
// itself: SqliteDatabase opens one around each read job and a savepoint around each write
// job, and hands this object to the job. SQLite failures are thrown as SqliteError; the
// write methods of a read-only transaction throw std::logic_error.
// Thread-safety: used only by the store thread that owns the connection, for one job.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/transaction.h"

namespace confide::store::sqlite {

class SqliteTransaction final : public Transaction {
 public:
  SqliteTransaction(Connection& connection, bool read_only)
      : connection_(connection), read_only_(read_only) {}

  // PRAGMA user_version: the schema version of the database (for health checks).
  std::int64_t SchemaVersion();

  std::optional<domain::User> FindUser(const std::string& id) override;
  std::vector<domain::User> FindUsers(std::span<const std::string> ids) override;
  void UpsertUser(const domain::User& user) override;

  std::optional<domain::Conversation> FindConversation(const std::string& id) override;
  std::optional<std::string> FindDirectConversation(const std::string& user_a,
                                                    const std::string& user_b) override;
  void InsertConversation(const domain::Conversation& c) override;
  void RecordMessageInConversation(const std::string& conversation_id, EpochMillis at) override;
  std::vector<domain::Conversation> ListConversationsOf(const std::string& user_id, int offset,
                                                        int limit) override;

  std::vector<domain::Participant> ListParticipants(const std::string& conversation_id) override;
  std::vector<std::string> ActiveParticipantIds(const std::string& conversation_id) override;
  std::optional<domain::Participant> FindParticipant(const std::string& conversation_id,
                                                     const std::string& user_id) override;
  void InsertParticipant(const domain::Participant& p) override;
  void UpdateParticipant(const domain::Participant& p) override;
  void DeactivateParticipations(const std::string& user_id, EpochMillis at) override;

  std::optional<domain::Message> FindMessage(const std::string& id) override;
  std::vector<domain::Message> FindMessages(std::span<const std::string> ids) override;
  void InsertMessage(const domain::Message& m) override;
  void UpdateMessage(const domain::Message& m) override;
  std::vector<domain::Message> ListMessages(const std::string& conversation_id,
                                            const std::string& viewer_id,
                                            const MessageWindow& window) override;
  std::optional<domain::Message> LastVisibleMessage(const std::string& conversation_id,
                                                    const std::string& viewer_id) override;
  std::int64_t CountMessagesFromOthers(const std::string& conversation_id,
                                       const std::string& viewer_id,
                                       const std::optional<std::string>& after_id,
                                       const std::optional<std::string>& up_to_id) override;
  std::vector<domain::Message> SearchMessages(const std::string& viewer_id,
                                              const std::string& query,
                                              const std::optional<std::string>& conversation_id,
                                              int offset, int limit) override;

  std::vector<domain::Reaction> ReactionsFor(std::span<const std::string> message_ids) override;
  std::optional<domain::Reaction> FindReaction(const std::string& message_id,
                                               const std::string& user_id,
                                               const std::string& emoji) override;
  void InsertReaction(const domain::Reaction& r) override;
  void DeleteReaction(const std::string& reaction_id) override;

  std::vector<domain::ReadReceipt> ReceiptsFor(std::span<const std::string> message_ids) override;
  std::optional<domain::ReadReceipt> FindReceipt(const std::string& message_id,
                                                 const std::string& user_id) override;
  void InsertReceipt(const domain::ReadReceipt& r) override;

  std::optional<domain::Block> FindBlock(const std::string& blocker_id,
                                         const std::string& blocked_id) override;
  std::vector<domain::Block> BlocksBy(const std::string& blocker_id) override;
  std::vector<std::string> BlockersOf(const std::string& blocked_id) override;
  void InsertBlock(const domain::Block& b) override;
  void DeleteBlock(const std::string& blocker_id, const std::string& blocked_id) override;

  std::optional<domain::CommunityMember> FindCommunityMember(const std::string& community_id,
                                                             const std::string& user_id) override;
  void UpsertCommunityMember(const domain::CommunityMember& m) override;
  void DeleteCommunityMember(const std::string& community_id, const std::string& user_id) override;
  std::vector<domain::CommunityMember> ListCommunityMembers(const std::string& community_id,
                                                            int offset, int limit) override;
  std::optional<domain::Post> FindPost(const std::string& post_id) override;
  void UpsertPost(const domain::Post& p) override;
  void DeletePost(const std::string& post_id) override;

  std::int64_t NextConversationSeq(const std::string& conversation_id) override;
  std::int64_t LastConversationSeq(const std::string& conversation_id) override;
  void AppendConversationEvent(const ConversationLogRecord& record) override;
  std::vector<ConversationLogRecord> ConversationEventsAfter(const std::string& conversation_id,
                                                             const std::string& viewer_id,
                                                             std::int64_t after_seq,
                                                             int limit) override;
  std::vector<ConversationLogRecord> MessageEntries(
      std::span<const std::string> message_ids) override;
  void ReplaceConversationEventPayload(const std::string& conversation_id, std::int64_t seq,
                                       const std::string& payload) override;
  std::vector<std::string> RepliesTo(const std::string& message_id) override;

  std::int64_t AppendEvent(const OutboxRecord& event) override;
  std::vector<OutboxRecord> EventsAfter(std::int64_t after_seq, int limit) override;
  std::int64_t LastEventSeq() override;
  std::optional<std::int64_t> SinkPosition(const std::string& sink) override;
  void SaveSinkPosition(const std::string& sink, std::int64_t seq, EpochMillis at) override;
  std::int64_t PruneEvents(std::int64_t up_to_seq, EpochMillis before) override;

  std::vector<std::string> ContactsOf(const std::string& user_id) override;
  void RecordLastSeen(const std::string& user_id, EpochMillis at) override;
  std::vector<std::string> ActiveConversationIdsOf(const std::string& user_id) override;
  bool RecordDelivery(const std::string& delivery_id, EpochMillis at) override;
  void PruneDeliveries(EpochMillis before) override;

 private:
  // Throws std::logic_error on a read-only transaction.
  void RequireWritable(const char* method) const;

  // The steps of an indexed search (transaction_sql.h, "Search").
  std::int64_t SearchScope(const std::string& viewer_id,
                           const std::optional<std::string>& conversation_id);
  std::optional<std::vector<std::string>> SearchCandidates(
      const std::string& viewer_id, const std::string& phrase,
      const std::optional<std::string>& conversation_id, int offset, int limit,
      std::int64_t budget);
  // The messages of `ids`, in that order.
  std::vector<domain::Message> MessagesInOrder(const std::vector<std::string>& ids);

  Connection& connection_;
  bool read_only_;
};

}  // namespace confide::store::sqlite
