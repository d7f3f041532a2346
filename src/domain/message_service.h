#pragma once

// Messages: list a conversation's, send, edit (sender only), delete (sender or a conversation
// ADMIN; a soft delete that leaves a tombstone).
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "domain/events.h"
#include "domain/inputs.h"
#include "domain/principal.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

class MessageService {
 public:
  explicit MessageService(ServiceContext& context) : ctx_(context) {}

  Result<std::vector<MessageView>> List(store::Transaction& tx, const Principal& who,
                                        const ListMessagesInput& input);
  Result<Change<MessageView>> Send(store::Transaction& tx, const Principal& who,
                                   const SendMessageInput& input);
  // Tells the store what Send reads first for `caller_id` (the caller's participation in the
  // conversation, with its members), before the caller is authenticated, so that a backend
  // may read both in one round trip.
  void ReadAheadForSend(store::Transaction& tx, const std::string& caller_id,
                        const SendMessageInput& input) const;
  Result<Change<MessageView>> Edit(store::Transaction& tx, const Principal& who,
                                   const EditMessageInput& input);
  Result<Change<std::monostate>> Delete(store::Transaction& tx, const Principal& who,
                                        const std::string& message_id);

 private:
  Status CheckContent(std::string_view content, MessageType type) const;
  Status CheckAttachment(const SendMessageInput& input, MessageType type) const;
  // The message replied to, if any, once checked.
  Result<std::optional<Message>> CheckReply(store::Transaction& tx,
                                            const SendMessageInput& input) const;
  Status CheckCursor(store::Transaction& tx, const ListMessagesInput& input,
                     const std::optional<std::string>& cursor, std::string_view name) const;

  ServiceContext& ctx_;
};

}  // namespace confide::domain
