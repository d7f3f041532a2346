#include "store/sqlite/search_index.h"

#include <cstdint>

#include "store/sqlite/connection.h"

namespace confide::store::sqlite {

void IndexNewMessages(Connection& connection) {
  std::int64_t first = 0;
  std::int64_t last = 0;
  {
    auto bounds = connection.Prepare(kSearchIndexBoundsSql);
    if (!bounds->Step()) return;
    first = bounds->Int(0);
    last = bounds->Int(1);
  }
  if (last < first) return;  // nothing new: the usual case for a batch without messages
  auto index = connection.Prepare(kSearchIndexInsertSql);
  index->Bind(1, first);
  index->Bind(2, last);
  index->Run();
  auto frontier = connection.Prepare(kSearchIndexFrontierSql);
  frontier->Bind(1, last + 1);
  frontier->Run();
}

void CatchUpSearchIndex(Connection& connection) {
  connection.Execute("BEGIN IMMEDIATE");
  try {
    IndexNewMessages(connection);
    connection.Execute("COMMIT");
  } catch (...) {
    if (connection.InTransaction()) connection.Execute("ROLLBACK");
    throw;
  }
}

}  // namespace confide::store::sqlite
