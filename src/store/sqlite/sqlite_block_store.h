#pragma once

// store::BlockStore on SQLite: Blocks. Its statements are in transaction_sql.h.
// Thread-safety: used only by the store thread that owns the connection, for one job.

#include "store/block_store.h"
#include "store/sqlite/sqlite_store_base.h"

namespace confide::store::sqlite {

class SqliteBlockStore final : public BlockStore, private SqliteStoreBase {
 public:
  using SqliteStoreBase::SqliteStoreBase;

  std::optional<domain::Block> Find(const std::string& blocker_id,
                                    const std::string& blocked_id) override;
  std::vector<domain::Block> By(const std::string& blocker_id) override;
  std::vector<std::string> BlockersOf(const std::string& blocked_id) override;
  bool Insert(const domain::Block& b) override;
  void Delete(const std::string& blocker_id, const std::string& blocked_id) override;
};

}  // namespace confide::store::sqlite
