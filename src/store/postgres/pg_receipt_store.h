#pragma once

// store::ReceiptStore on PostgreSQL: read receipts. Its statements are in pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/postgres/pg_store_base.h"
#include "store/receipt_store.h"

namespace confide::store::postgres {

class PgReceiptStore final : public ReceiptStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

  std::vector<domain::ReadReceipt> For(std::span<const std::string> message_ids) override;
  std::optional<domain::ReadReceipt> Find(const std::string& message_id,
                                          const std::string& user_id) override;
  bool Insert(const domain::ReadReceipt& r) override;
};

}  // namespace confide::store::postgres
