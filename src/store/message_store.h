#pragma once

// Messages: stored, changed, listed in windows, counted and searched. One implementation per
// backend beside it (sqlite/sqlite_message_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

// Which slice of a conversation's messages to list, oldest first in the result.
struct MessageWindow {
  int offset = 0;  // with no cursor: skip this many of the newest
  int limit = 50;
  std::optional<std::string> before;  // messages strictly older than this id
  std::optional<std::string> after;   // messages strictly newer than this id
};

class MessageStore {
 public:
  virtual ~MessageStore() = default;

  virtual std::optional<domain::Message> Find(const std::string& id) = 0;
  virtual std::vector<domain::Message> FindMany(std::span<const std::string> ids) = 0;
  virtual void Insert(const domain::Message& m) = 0;
  // Writes content, is_edited, edited_at, is_deleted, deleted_at and the attachment fields.
  virtual void Update(const domain::Message& m) = 0;
  // A window of messages, oldest first, leaving out senders `viewer_id` has blocked.
  virtual std::vector<domain::Message> List(const std::string& conversation_id,
                                            const std::string& viewer_id,
                                            const MessageWindow& window) = 0;
  // Up to `limit` messages numbered after `after_seq` in the conversation (seq > after_seq),
  // ascending by seq, leaving out senders `viewer_id` has blocked: the conversation log's
  // new_message entries (ConversationLog keeps the other changes).
  virtual std::vector<domain::Message> NumberedAfter(const std::string& conversation_id,
                                                     const std::string& viewer_id,
                                                     std::int64_t after_seq, int limit) = 0;
  // The newest message of the conversation that is not deleted and whose sender `viewer_id`
  // has not blocked.
  virtual std::optional<domain::Message> LastVisible(const std::string& conversation_id,
                                                     const std::string& viewer_id) = 0;
  // Messages in (after_id, up_to_id] (after_id nullopt: from the start), not deleted, not
  // sent by `viewer_id` and not from a sender `viewer_id` has blocked. up_to_id nullopt: no
  // upper bound.
  virtual std::int64_t CountFromOthers(const std::string& conversation_id,
                                       const std::string& viewer_id,
                                       const std::optional<std::string>& after_id,
                                       const std::optional<std::string>& up_to_id) = 0;
  // Messages whose content contains `query` (case-insensitive), in conversations `viewer_id`
  // actively takes part in (or only in `conversation_id`), not deleted, not from senders the
  // viewer blocked; newest first.
  virtual std::vector<domain::Message> Search(const std::string& viewer_id,
                                              const std::string& query,
                                              const std::optional<std::string>& conversation_id,
                                              int offset, int limit) = 0;
  // The ids of the messages that reply to `message_id`.
  virtual std::vector<std::string> RepliesTo(const std::string& message_id) = 0;
};

}  // namespace confide::store
