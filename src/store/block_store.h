#pragma once

// Who blocked whom. One implementation per backend beside it (sqlite/sqlite_block_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

class BlockStore {
 public:
  virtual ~BlockStore() = default;

  virtual std::optional<domain::Block> Find(const std::string& blocker_id,
                                            const std::string& blocked_id) = 0;
  // The blocks `blocker_id` made.
  virtual std::vector<domain::Block> By(const std::string& blocker_id) = 0;
  // The ids of the users who blocked `blocked_id`.
  virtual std::vector<std::string> BlockersOf(const std::string& blocked_id) = 0;
  // Stores the block unless the blocker has blocked that user already (perhaps in a
  // transaction that committed meanwhile): then false, and nothing changes.
  virtual bool Insert(const domain::Block& b) = 0;
  virtual void Delete(const std::string& blocker_id, const std::string& blocked_id) = 0;
};

}  // namespace confide::store
