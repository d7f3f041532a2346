#pragma once

// Read receipts. One implementation per backend beside it (sqlite/sqlite_receipt_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

class ReceiptStore {
 public:
  virtual ~ReceiptStore() = default;

  // The receipts of `message_ids`, oldest first.
  virtual std::vector<domain::ReadReceipt> For(std::span<const std::string> message_ids) = 0;
  virtual std::optional<domain::ReadReceipt> Find(const std::string& message_id,
                                                  const std::string& user_id) = 0;
  // Stores the receipt unless the user has one for that message already (perhaps from a
  // transaction that committed meanwhile): then false, and nothing changes.
  virtual bool Insert(const domain::ReadReceipt& r) = 0;
};

}  // namespace confide::store
