#include "store/sqlite/search_index.h"

#include <cstdint>

#include "store/sqlite/connection.h"

namespace confide::store::sqlite {

void IndexNewMessages(Connection& connection) {
  std::int64_t first = 0;
  std::int64_t last = 0;
  {
    auto bounds = connection.Prepare(
        "SELECT (SELECT next_seq FROM search_index_frontier),"
        " (SELECT coalesce(max(seq), 0) FROM messages)");
    if (!bounds->Step()) return;
    first = bounds->Int(0);
    last = bounds->Int(1);
  }
  if (last < first) return;  // nothing new: the usual case for a batch without messages
  // As the view messages_searchable shows them: a deleted message indexes nothing.
  auto index = connection.Prepare(
      "INSERT INTO messages_fts (rowid, content)"
      " SELECT seq, CASE WHEN is_deleted = 0 THEN content ELSE '' END FROM messages"
      " WHERE seq BETWEEN ?1 AND ?2");
  index->Bind(1, first);
  index->Bind(2, last);
  index->Run();
  auto frontier = connection.Prepare("UPDATE search_index_frontier SET next_seq = ?1");
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
