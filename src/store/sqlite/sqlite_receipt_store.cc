#include "store/sqlite/sqlite_receipt_store.h"

#include <algorithm>
#include <tuple>

#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {

std::vector<domain::ReadReceipt> SqliteReceiptStore::For(std::span<const std::string> message_ids) {
  if (message_ids.empty()) return {};
  auto s = connection_.Prepare(sql::kReceiptsFor);
  s->Bind(1, JsonArray(message_ids));
  auto receipts = AllRows(s, ReceiptFrom);
  std::sort(receipts.begin(), receipts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.read_at, a.id) < std::tie(b.read_at, b.id);
  });
  return receipts;
}

std::optional<domain::ReadReceipt> SqliteReceiptStore::Find(const std::string& message_id,
                                                            const std::string& user_id) {
  auto s = connection_.Prepare(sql::kFindReceipt);
  s->Bind(1, message_id);
  s->Bind(2, user_id);
  return FirstRow(s, ReceiptFrom);
}

bool SqliteReceiptStore::Insert(const domain::ReadReceipt& r) {
  RequireWritable("ReceiptStore::Insert");
  auto s = connection_.Prepare(sql::kInsertReceipt);
  BindReceipt(*s, r);
  s->Run();
  return connection_.Changes() == 1;
}

}  // namespace confide::store::sqlite
