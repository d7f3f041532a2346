#pragma once

// store::ReactionStore on SQLite: Reactions. Its statements are in transaction_sql.h.
// Thread-safety: used only by the store thread that owns the connection, for one job.

#include "store/reaction_store.h"
#include "store/sqlite/sqlite_store_base.h"

namespace confide::store::sqlite {

class SqliteReactionStore final : public ReactionStore, private SqliteStoreBase {
 public:
  using SqliteStoreBase::SqliteStoreBase;

  std::vector<domain::Reaction> For(std::span<const std::string> message_ids) override;
  std::optional<domain::Reaction> Find(const std::string& message_id, const std::string& user_id,
                                       const std::string& emoji) override;
  bool Insert(const domain::Reaction& r) override;
  void Delete(const std::string& reaction_id) override;
};

}  // namespace confide::store::sqlite
