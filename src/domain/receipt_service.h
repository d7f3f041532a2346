#pragma once

// Read receipts and read positions: marking a message read stores a receipt (once) and moves
// the reader's position forward, which is what unread counts are measured from.
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <optional>
#include <string>

#include "core/result.h"
#include "domain/events.h"
#include "domain/principal.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

struct ReadState {
  std::optional<std::string> last_read_message_id;
  std::int64_t unread_count = 0;
};

class ReceiptService {
 public:
  explicit ReceiptService(ServiceContext& context) : ctx_(context) {}

  // Marks one message read (idempotent).
  Result<Change<ReadState>> MarkRead(store::Transaction& tx, const Principal& who,
                                     const std::string& message_id);
  // Marks everything up to the newest message read.
  Result<Change<ReadState>> MarkConversationRead(store::Transaction& tx, const Principal& who,
                                                 const std::string& conversation_id);

 private:
  // Stores the receipt and advances the position; the event when the receipt is new.
  std::optional<DomainEvent> Read(store::Transaction& tx, Participant& reader,
                                  const Message& message);
  ReadState StateOf(store::Transaction& tx, const Participant& reader);

  ServiceContext& ctx_;
};

}  // namespace confide::domain
