#pragma once

// store::ReactionStore on PostgreSQL: reactions to messages. Its statements are in
// pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/postgres/pg_store_base.h"
#include "store/reaction_store.h"

namespace confide::store::postgres {

class PgReactionStore final : public ReactionStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

  std::vector<domain::Reaction> For(std::span<const std::string> message_ids) override;
  std::optional<domain::Reaction> Find(const std::string& message_id, const std::string& user_id,
                                       const std::string& emoji) override;
  bool Insert(const domain::Reaction& r) override;
  void Delete(const std::string& reaction_id) override;
};

}  // namespace confide::store::postgres
