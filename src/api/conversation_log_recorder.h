#pragma once

// Records every change visible in a conversation in the conversation's log, in the change's
// own transaction, with the payload the gateway sends (api::ConversationEventOf); a message
// sent is not copied, the log reads the message itself (its new_message entry shows it as it
// is now). The log never shows more of a message than the API does: when a message is edited
// or deleted, the earlier entries that show it (its message_updated entries, and the quotes
// of it in the message_updated entries of replies) are rewritten to its present content, or
// to a tombstone.
// Thread-safety: Record runs on the store's writer thread, within a write job.

#include "domain/event_recorder.h"

namespace confide::api {

class ConversationLogRecorder final : public domain::EventRecorder {
 public:
  void Record(store::Transaction& tx, const domain::DomainEvent& event) override;
};

}  // namespace confide::api
