#include "store/postgres/pg_block_store.h"

#include <algorithm>
#include <tuple>

#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"

namespace confide::store::postgres {

std::optional<domain::Block> PgBlockStore::Find(const std::string& blocker_id,
                                                const std::string& blocked_id) {
  return FirstRow(
      session_.ExecPrepared(sql::kFindBlock, PgParams().Add(blocker_id).Add(blocked_id)),
      BlockFrom);
}

// Oldest first, as SQLite's store gives them.
std::vector<domain::Block> PgBlockStore::By(const std::string& blocker_id) {
  auto blocks =
      AllRows(session_.ExecPrepared(sql::kBlocksBy, PgParams().Add(blocker_id)), BlockFrom);
  std::sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.blocked_id) < std::tie(b.created_at, b.blocked_id);
  });
  return blocks;
}

std::vector<std::string> PgBlockStore::BlockersOf(const std::string& blocked_id) {
  return AllRows(session_.ExecPrepared(sql::kBlockersOf, PgParams().Add(blocked_id)), TextOf);
}

bool PgBlockStore::Insert(const domain::Block& b) {
  RequireWritable("BlockStore::Insert");
  return session_.ExecPrepared(sql::kInsertBlock, BlockParams(b)).AffectedRows() == 1;
}

void PgBlockStore::Delete(const std::string& blocker_id, const std::string& blocked_id) {
  RequireWritable("BlockStore::Delete");
  session_.Defer(sql::kDeleteBlock, PgParams().Add(blocker_id).Add(blocked_id));
}

}  // namespace confide::store::postgres
