#include "store/postgres/pg_receipt_store.h"

#include <algorithm>
#include <tuple>

#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"
#include "store/postgres/pg_text_array.h"

namespace confide::store::postgres {

std::vector<domain::ReadReceipt> PgReceiptStore::For(std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto receipts =
      AllRows(session_.ExecPrepared(sql::kReceiptsFor, PgParams().Add(PgTextArray(message_ids))),
              ReceiptFrom);
  // Sorted here: the rows come from a handful of receipts per message.
  std::sort(receipts.begin(), receipts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.read_at, a.id) < std::tie(b.read_at, b.id);
  });
  return receipts;
}

std::optional<domain::ReadReceipt> PgReceiptStore::Find(const std::string& message_id,
                                                        const std::string& user_id) {
  return FirstRow(session_.ExecPrepared(sql::kFindReceipt, PgParams().Add(message_id).Add(user_id)),
                  ReceiptFrom);
}

bool PgReceiptStore::Insert(const domain::ReadReceipt& r) {
  RequireWritable("ReceiptStore::Insert");
  return session_.ExecPrepared(sql::kInsertReceipt, ReceiptParams(r)).AffectedRows() == 1;
}

}  // namespace confide::store::postgres
