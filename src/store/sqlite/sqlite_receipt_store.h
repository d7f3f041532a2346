#pragma once

// store::ReceiptStore on SQLite: Read receipts. Its statements are in transaction_sql.h.
// Thread-safety: used only by the store thread that owns the connection, for one job.

#include "store/receipt_store.h"
#include "store/sqlite/sqlite_store_base.h"

namespace confide::store::sqlite {

class SqliteReceiptStore final : public ReceiptStore, private SqliteStoreBase {
 public:
  using SqliteStoreBase::SqliteStoreBase;

  std::vector<domain::ReadReceipt> For(std::span<const std::string> message_ids) override;
  std::optional<domain::ReadReceipt> Find(const std::string& message_id,
                                          const std::string& user_id) override;
  bool Insert(const domain::ReadReceipt& r) override;
};

}  // namespace confide::store::sqlite
