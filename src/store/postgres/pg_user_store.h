#pragma once

// store::UserStore on PostgreSQL: users, their last_seen_at and the webhook deliveries. Its
// statements are in pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/postgres/pg_store_base.h"
#include "store/user_store.h"

namespace confide::store::postgres {

class PgUserStore final : public UserStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

  std::optional<domain::User> Find(const std::string& id) override;
  std::vector<domain::User> FindMany(std::span<const std::string> ids) override;
  void Upsert(const domain::User& user) override;
  void RecordLastSeen(const std::string& user_id, EpochMillis at) override;
  bool RecordDelivery(const std::string& delivery_id, EpochMillis at) override;
  void PruneDeliveries(EpochMillis before) override;
};

}  // namespace confide::store::postgres
