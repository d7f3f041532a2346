#pragma once

// Emoji reactions on messages: one per user and emoji; adding twice returns the first.
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <string>
#include <variant>

#include "core/result.h"
#include "domain/events.h"
#include "domain/principal.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

class ReactionService {
 public:
  explicit ReactionService(ServiceContext& context) : ctx_(context) {}

  Result<Change<ReactionView>> Add(store::Transaction& tx, const Principal& who,
                                   const std::string& message_id, const std::string& emoji);
  Result<Change<std::monostate>> Remove(store::Transaction& tx, const Principal& who,
                                        const std::string& message_id, const std::string& emoji);

 private:
  ServiceContext& ctx_;
};

// A reaction is a short token without spaces: an emoji (possibly a sequence joined by
// ZWJ, with skin tones or variation selectors) or a short code such as ":tada:".
Status CheckEmoji(std::string_view emoji);

}  // namespace confide::domain
