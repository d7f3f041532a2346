#pragma once

// store::OutboxStore on PostgreSQL: the event outbox and the sinks' positions. An event is
// appended without a seq and numbered by Settle once settled (kSettleEvents); After reads
// the numbered ones in seq order, which is the commit order. Its statements are in
// pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/outbox_store.h"
#include "store/postgres/pg_store_base.h"

namespace confide::store::postgres {

class PgOutboxStore final : public OutboxStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

  void Append(const OutboxRecord& event) override;
  std::int64_t Settle(int limit) override;
  std::vector<OutboxRecord> After(std::int64_t after_seq, int limit) override;
  std::int64_t LastSeq() override;
  std::optional<std::int64_t> SinkPosition(const std::string& sink) override;
  void SaveSinkPosition(const std::string& sink, std::int64_t seq, EpochMillis at) override;
  std::int64_t Prune(std::int64_t up_to_seq, EpochMillis before) override;
};

}  // namespace confide::store::postgres
