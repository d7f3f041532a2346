#include "store/sqlite/sqlite_block_store.h"

#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {

std::optional<domain::Block> SqliteBlockStore::Find(const std::string& blocker_id,
                                                    const std::string& blocked_id) {
  auto s = connection_.Prepare(sql::kFindBlock);
  s->Bind(1, blocker_id);
  s->Bind(2, blocked_id);
  return FirstRow(s, BlockFrom);
}

std::vector<domain::Block> SqliteBlockStore::By(const std::string& blocker_id) {
  auto s = connection_.Prepare(sql::kBlocksBy);
  s->Bind(1, blocker_id);
  auto blocks = AllRows(s, BlockFrom);
  std::sort(blocks.begin(), blocks.end(), [](const auto& a, const auto& b) {
    return std::tie(a.created_at, a.blocked_id) < std::tie(b.created_at, b.blocked_id);
  });
  return blocks;
}

std::vector<std::string> SqliteBlockStore::BlockersOf(const std::string& blocked_id) {
  auto s = connection_.Prepare(sql::kBlockersOf);
  s->Bind(1, blocked_id);
  return AllRows(s, [](const Statement& row) { return row.Text(0); });
}

bool SqliteBlockStore::Insert(const domain::Block& b) {
  RequireWritable("BlockStore::Insert");
  auto s = connection_.Prepare(sql::kInsertBlock);
  BindBlock(*s, b);
  s->Run();
  return connection_.Changes() == 1;
}

void SqliteBlockStore::Delete(const std::string& blocker_id, const std::string& blocked_id) {
  RequireWritable("BlockStore::Delete");
  auto s = connection_.Prepare(sql::kDeleteBlock);
  s->Bind(1, blocker_id);
  s->Bind(2, blocked_id);
  s->Run();
}

}  // namespace confide::store::sqlite
