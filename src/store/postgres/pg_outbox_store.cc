#include "store/postgres/pg_outbox_store.h"

#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"

namespace confide::store::postgres {

void PgOutboxStore::Append(const OutboxRecord& event) {
  RequireWritable("OutboxStore::Append");
  session_.Defer(sql::kAppendEvent, OutboxRecordParams(event));
}

std::int64_t PgOutboxStore::Settle(int limit) {
  RequireWritable("OutboxStore::Settle");
  if (limit <= 0) return 0;
  return session_.ExecPrepared(sql::kSettleEvents, PgParams().Add(limit)).rows();
}

std::vector<OutboxRecord> PgOutboxStore::After(std::int64_t after_seq, int limit) {
  if (limit <= 0) return {};
  return AllRows(session_.ExecPrepared(sql::kEventsAfter, PgParams().Add(after_seq).Add(limit)),
                 OutboxRecordFrom);
}

// max() over no rows is one NULL row.
std::int64_t PgOutboxStore::LastSeq() {
  return session_.ExecPrepared(sql::kLastEventSeq).OptionalInt(0, 0).value_or(0);
}

std::optional<std::int64_t> PgOutboxStore::SinkPosition(const std::string& sink) {
  return FirstRow(session_.ExecPrepared(sql::kSinkPosition, PgParams().Add(sink)), IntOf);
}

void PgOutboxStore::SaveSinkPosition(const std::string& sink, std::int64_t seq, EpochMillis at) {
  RequireWritable("OutboxStore::SaveSinkPosition");
  session_.Defer(sql::kSaveSinkPosition, PgParams().Add(sink).Add(seq).Add(at));
}

std::int64_t PgOutboxStore::Prune(std::int64_t up_to_seq, EpochMillis before) {
  RequireWritable("OutboxStore::Prune");
  return session_.ExecPrepared(sql::kPruneEvents, PgParams().Add(up_to_seq).Add(before))
      .AffectedRows();
}

}  // namespace confide::store::postgres
