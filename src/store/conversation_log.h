#pragma once

// Sequence numbers per conversation and the conversation log: every change visible in a
// conversation but a message sent, numbered in its conversation and kept as the real-time
// gateway sends it
// (docs/ARCHITECTURE.md, "Sequence numbers and the conversation log"). One implementation
// per backend beside it (sqlite/sqlite_conversation_log.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "domain/model.h"

namespace confide::store {

using domain::EpochMillis;

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

class ConversationLog {
 public:
  virtual ~ConversationLog() = default;

  // Takes the conversation's next sequence number (last_seq + 1) and returns it. It is undone
  // with the transaction, so the numbers a conversation's committed changes hold are 1, 2, 3,
  // ... without gaps, however many writers there are (the conversation's row orders them).
  // Throws if the conversation does not exist (a broken invariant).
  virtual std::int64_t NextSeq(const std::string& conversation_id) = 0;
  // The conversation's newest sequence number (0 before its first change).
  virtual std::int64_t LastSeq(const std::string& conversation_id) = 0;
  // The newest sequence number of each of `conversation_ids` that exists, in no order.
  virtual std::vector<std::pair<std::string, std::int64_t>> LastSeqs(
      std::span<const std::string> conversation_ids) = 0;
  virtual void Append(const ConversationLogRecord& record) = 0;
  // Up to `limit` entries with seq > after_seq, ascending. A message sent has no entry here:
  // the message itself, numbered with its conversation's sequence, is its new_message entry
  // (MessageStore::NumberedAfter).
  virtual std::vector<ConversationLogRecord> After(const std::string& conversation_id,
                                                   std::int64_t after_seq, int limit) = 0;
  // The message_updated entries of the messages `message_ids`.
  virtual std::vector<ConversationLogRecord> MessageEntries(
      std::span<const std::string> message_ids) = 0;
  virtual void ReplacePayload(const std::string& conversation_id, std::int64_t seq,
                              const std::string& payload) = 0;
};

}  // namespace confide::store
