#pragma once

// The database as the MessagingService sees it within one transaction: the reads and writes
// its rules need, in the domain's words. One implementation per backend (sqlite/, later
// postgres/). A read-only transaction refuses the write methods (a broken invariant: they
// throw std::logic_error).
// Thread-safety: a Transaction belongs to the store thread that runs the job it was given to.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

using domain::EpochMillis;

// Which slice of a conversation's messages to list, oldest first in the result.
struct MessageWindow {
  int offset = 0;  // with no cursor: skip this many of the newest
  int limit = 50;
  std::optional<std::string> before;  // messages strictly older than this id
  std::optional<std::string> after;   // messages strictly newer than this id
};

// One event of the outbox (docs/events.md): `data` is the JSON object of its payload.
struct OutboxRecord {
  std::int64_t seq = 0;  // assigned by AppendEvent, in commit order; never reused
  std::string id;
  std::string type;
  std::optional<std::string> conversation_id;
  EpochMillis occurred_at = 0;
  std::string data;
};

// One entry of a conversation's log: a change as the real-time gateway sends it.
struct ConversationLogRecord {
  std::string conversation_id;
  std::int64_t seq = 0;  // the conversation's sequence number of the change
  std::string type;      // the gateway's event name: "new_message", "message_read", ...
  std::optional<std::string> message_id;  // the message the change is about, if any
  std::string actor_id;                   // who made the change
  EpochMillis occurred_at = 0;
  std::string payload;  // the event's JSON payload, as the gateway sends it
};

class Transaction {
 public:
  virtual ~Transaction() = default;

  // The schema version of the database (a cheap query; the health check uses it).
  virtual std::int64_t SchemaVersion() = 0;

  // ---- Users ----
  virtual std::optional<domain::User> FindUser(const std::string& id) = 0;
  // The users among `ids` that exist (deleted ones included), in no particular order.
  virtual std::vector<domain::User> FindUsers(std::span<const std::string> ids) = 0;
  virtual void UpsertUser(const domain::User& user) = 0;

  // ---- Conversations and participants ----
  virtual std::optional<domain::Conversation> FindConversation(const std::string& id) = 0;
  // The DIRECT conversation of two users, whatever the order of the pair.
  virtual std::optional<std::string> FindDirectConversation(const std::string& user_a,
                                                            const std::string& user_b) = 0;
  virtual void InsertConversation(const domain::Conversation& c) = 0;
  // Records a new message: sets last_message_at and updated_at, adds one to message_count.
  virtual void RecordMessageInConversation(const std::string& conversation_id, EpochMillis at) = 0;
  // The conversations `user_id` actively takes part in, most recent activity first.
  virtual std::vector<domain::Conversation> ListConversationsOf(const std::string& user_id,
                                                                int offset, int limit) = 0;

  virtual std::vector<domain::Participant> ListParticipants(const std::string& conversation_id) = 0;
  // The user ids of the conversation's active participants, in no particular order.
  virtual std::vector<std::string> ActiveParticipantIds(const std::string& conversation_id) = 0;
  virtual std::optional<domain::Participant> FindParticipant(const std::string& conversation_id,
                                                             const std::string& user_id) = 0;
  virtual void InsertParticipant(const domain::Participant& p) = 0;
  // Writes role, is_active, left_at and last_read_message_id of an existing participant.
  virtual void UpdateParticipant(const domain::Participant& p) = 0;
  // Deactivates every participation of a user (the user was deleted).
  virtual void DeactivateParticipations(const std::string& user_id, EpochMillis at) = 0;
  // The conversations in which `user_id` actively takes part (any order).
  virtual std::vector<std::string> ActiveConversationIdsOf(const std::string& user_id) = 0;

  // ---- Messages ----
  virtual std::optional<domain::Message> FindMessage(const std::string& id) = 0;
  virtual std::vector<domain::Message> FindMessages(std::span<const std::string> ids) = 0;
  virtual void InsertMessage(const domain::Message& m) = 0;
  // Writes content, is_edited, edited_at, is_deleted, deleted_at and the attachment fields.
  virtual void UpdateMessage(const domain::Message& m) = 0;
  // A window of messages, oldest first, leaving out senders `viewer_id` has blocked.
  virtual std::vector<domain::Message> ListMessages(const std::string& conversation_id,
                                                    const std::string& viewer_id,
                                                    const MessageWindow& window) = 0;
  // The newest message of the conversation that is not deleted and whose sender `viewer_id`
  // has not blocked.
  virtual std::optional<domain::Message> LastVisibleMessage(const std::string& conversation_id,
                                                            const std::string& viewer_id) = 0;
  // Messages in (after_id, up_to_id] (after_id nullopt: from the start), not deleted, not
  // sent by `viewer_id` and not from a sender `viewer_id` has blocked. up_to_id nullopt: no
  // upper bound.
  virtual std::int64_t CountMessagesFromOthers(const std::string& conversation_id,
                                               const std::string& viewer_id,
                                               const std::optional<std::string>& after_id,
                                               const std::optional<std::string>& up_to_id) = 0;
  // Messages whose content contains `query` (case-insensitive), in conversations `viewer_id`
  // actively takes part in (or only in `conversation_id`), not deleted, not from senders the
  // viewer blocked; newest first.
  virtual std::vector<domain::Message> SearchMessages(
      const std::string& viewer_id, const std::string& query,
      const std::optional<std::string>& conversation_id, int offset, int limit) = 0;

  // ---- Reactions ----
  virtual std::vector<domain::Reaction> ReactionsFor(std::span<const std::string> message_ids) = 0;
  virtual std::optional<domain::Reaction> FindReaction(const std::string& message_id,
                                                       const std::string& user_id,
                                                       const std::string& emoji) = 0;
  virtual void InsertReaction(const domain::Reaction& r) = 0;
  virtual void DeleteReaction(const std::string& reaction_id) = 0;

  // ---- Read receipts ----
  virtual std::vector<domain::ReadReceipt> ReceiptsFor(
      std::span<const std::string> message_ids) = 0;
  virtual std::optional<domain::ReadReceipt> FindReceipt(const std::string& message_id,
                                                         const std::string& user_id) = 0;
  virtual void InsertReceipt(const domain::ReadReceipt& r) = 0;

  // ---- Blocks ----
  virtual std::optional<domain::Block> FindBlock(const std::string& blocker_id,
                                                 const std::string& blocked_id) = 0;
  virtual std::vector<domain::Block> BlocksBy(const std::string& blocker_id) = 0;
  // The ids of the users who blocked `blocked_id`.
  virtual std::vector<std::string> BlockersOf(const std::string& blocked_id) = 0;
  virtual void InsertBlock(const domain::Block& b) = 0;
  virtual void DeleteBlock(const std::string& blocker_id, const std::string& blocked_id) = 0;

  // ---- Communities and posts (kept in sync by the platform) ----
  // The membership, if `user_id` is a member of `community_id`.
  virtual std::optional<domain::CommunityMember> FindCommunityMember(
      const std::string& community_id, const std::string& user_id) = 0;
  // Adds the membership; one that exists keeps its joined_at.
  virtual void UpsertCommunityMember(const domain::CommunityMember& m) = 0;
  virtual void DeleteCommunityMember(const std::string& community_id,
                                     const std::string& user_id) = 0;
  // A community's members, ordered by user id.
  virtual std::vector<domain::CommunityMember> ListCommunityMembers(const std::string& community_id,
                                                                    int offset, int limit) = 0;
  virtual std::optional<domain::Post> FindPost(const std::string& post_id) = 0;
  // Adds the post or moves it to `p.community_id`; one that exists keeps its created_at.
  virtual void UpsertPost(const domain::Post& p) = 0;
  virtual void DeletePost(const std::string& post_id) = 0;

  // ---- Conversation log (sequence numbers per conversation) ----
  // Takes the conversation's next sequence number (last_seq + 1) and returns it. It is undone
  // with the transaction, so the numbers a conversation's committed changes hold are 1, 2, 3,
  // ... without gaps. Throws if the conversation does not exist (a broken invariant).
  virtual std::int64_t NextConversationSeq(const std::string& conversation_id) = 0;
  // The conversation's newest sequence number (0 before its first change).
  virtual std::int64_t LastConversationSeq(const std::string& conversation_id) = 0;
  virtual void AppendConversationEvent(const ConversationLogRecord& record) = 0;
  // Up to `limit` entries with seq > after_seq, ascending, leaving out the new_message entries
  // of senders `viewer_id` has blocked.
  virtual std::vector<ConversationLogRecord> ConversationEventsAfter(
      const std::string& conversation_id, const std::string& viewer_id, std::int64_t after_seq,
      int limit) = 0;
  // The new_message and message_updated entries of the messages `message_ids`.
  virtual std::vector<ConversationLogRecord> MessageEntries(
      std::span<const std::string> message_ids) = 0;
  virtual void ReplaceConversationEventPayload(const std::string& conversation_id, std::int64_t seq,
                                               const std::string& payload) = 0;
  // The ids of the messages that reply to `message_id`.
  virtual std::vector<std::string> RepliesTo(const std::string& message_id) = 0;

  // ---- Outbox (the event stream) ----
  // Appends an event; it commits, or not, with the rest of the transaction. Returns its seq.
  virtual std::int64_t AppendEvent(const OutboxRecord& event) = 0;
  // Up to `limit` events with seq > after_seq, ascending.
  virtual std::vector<OutboxRecord> EventsAfter(std::int64_t after_seq, int limit) = 0;
  // The seq of the newest event the outbox holds (0 when it holds none).
  virtual std::int64_t LastEventSeq() = 0;
  // A sink's stored position: the seq of the last event it delivered.
  virtual std::optional<std::int64_t> SinkPosition(const std::string& sink) = 0;
  virtual void SaveSinkPosition(const std::string& sink, std::int64_t seq, EpochMillis at) = 0;
  // Deletes events with seq <= up_to_seq that occurred before `before`; returns how many.
  virtual std::int64_t PruneEvents(std::int64_t up_to_seq, EpochMillis before) = 0;

  // ---- Webhook deliveries ----
  // Records a delivery's id; false if it was already recorded.
  virtual bool RecordDelivery(const std::string& delivery_id, EpochMillis at) = 0;
  // Forgets deliveries received before `before`.
  virtual void PruneDeliveries(EpochMillis before) = 0;

  // ---- Presence ----
  // The distinct ids of the other active participants of every active conversation in which
  // `user_id` actively takes part, sorted.
  virtual std::vector<std::string> ContactsOf(const std::string& user_id) = 0;
  // Sets the user's last_seen_at (UpsertUser leaves it alone).
  virtual void RecordLastSeen(const std::string& user_id, EpochMillis at) = 0;
};

}  // namespace confide::store
