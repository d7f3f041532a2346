#pragma once

// Blocking: a block in either direction forbids messaging in the pair's DIRECT conversation
// and starting a new one; the blocker no longer sees the blocked user's messages.
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

struct BlockView {
  Block block;
  User user;  // the blocked user
};

class BlockService {
 public:
  explicit BlockService(ServiceContext& context) : ctx_(context) {}

  Result<Change<std::monostate>> Block(store::Transaction& tx, const Principal& who,
                                       const BlockInput& input);
  Result<Change<std::monostate>> Unblock(store::Transaction& tx, const Principal& who,
                                         const std::string& user_id);
  Result<std::vector<BlockView>> List(store::Transaction& tx, const Principal& who);
  // The ids of the users `who` blocked (whose messages and typing they are not shown).
  std::vector<std::string> BlockedIds(store::Transaction& tx, const Principal& who);

 private:
  ServiceContext& ctx_;
};

}  // namespace confide::domain
