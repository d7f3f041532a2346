#include "store/postgres/pg_statement_cache.h"

namespace confide::store::postgres {

PgStatementCache::Entry& PgStatementCache::For(std::string_view sql) {
  auto it = entries_.find(sql);
  if (it == entries_.end()) {
    Entry entry{"confide_" + std::to_string(next_id_++), false};
    it = entries_.emplace(std::string(sql), std::move(entry)).first;
  }
  return it->second;
}

}  // namespace confide::store::postgres
