#pragma once

// store::BlockStore on PostgreSQL: who blocked whom. Its statements are in pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/block_store.h"
#include "store/postgres/pg_store_base.h"

namespace confide::store::postgres {

class PgBlockStore final : public BlockStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

  std::optional<domain::Block> Find(const std::string& blocker_id,
                                    const std::string& blocked_id) override;
  std::vector<domain::Block> By(const std::string& blocker_id) override;
  std::vector<std::string> BlockersOf(const std::string& blocked_id) override;
  bool Insert(const domain::Block& b) override;
  void Delete(const std::string& blocker_id, const std::string& blocked_id) override;
};

}  // namespace confide::store::postgres
