#pragma once

// store::OutboxStore on SQLite: The outbox and the sinks' positions (one writer: seq is the commit
// order). Its statements are in transaction_sql.h. Thread-safety: used only by the store thread
// that owns the connection, for one job.

#include "store/outbox_store.h"
#include "store/sqlite/sqlite_store_base.h"

namespace confide::store::sqlite {

class SqliteOutboxStore final : public OutboxStore, private SqliteStoreBase {
 public:
  using SqliteStoreBase::SqliteStoreBase;

  void Append(const OutboxRecord& event) override;
  std::int64_t Settle(int limit) override;
  std::vector<OutboxRecord> After(std::int64_t after_seq, int limit) override;
  std::int64_t LastSeq() override;
  std::optional<std::int64_t> SinkPosition(const std::string& sink) override;
  void SaveSinkPosition(const std::string& sink, std::int64_t seq, EpochMillis at) override;
  std::int64_t Prune(std::int64_t up_to_seq, EpochMillis before) override;
};

}  // namespace confide::store::sqlite
