#include "store/sqlite/sqlite_outbox_store.h"

#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {

void SqliteOutboxStore::Append(const OutboxRecord& event) {
  RequireWritable("OutboxStore::Append");
  auto s = connection_.Prepare(sql::kAppendEvent);
  s->Bind(1, event.id);
  s->Bind(2, event.type);
  s->Bind(3, event.conversation_id);
  s->Bind(4, event.occurred_at);
  s->Bind(5, event.data);
  s->Run();
}

// One writer: the rowid Append gave is the commit order already.
std::int64_t SqliteOutboxStore::Settle(int) { return 0; }

std::vector<OutboxRecord> SqliteOutboxStore::After(std::int64_t after_seq, int limit) {
  auto s = connection_.Prepare(sql::kEventsAfter);
  s->Bind(1, after_seq);
  s->Bind(2, limit);
  return AllRows(s, [](const Statement& row) {
    return OutboxRecord{.seq = row.Int(0),
                        .id = row.Text(1),
                        .type = row.Text(2),
                        .conversation_id = row.OptionalText(3),
                        .occurred_at = row.Int(4),
                        .data = row.Text(5)};
  });
}

std::int64_t SqliteOutboxStore::LastSeq() {
  auto s = connection_.Prepare(sql::kLastEventSeq);
  // MAX over no rows is one NULL row.
  return FirstRow(s, [](const Statement& row) { return row.OptionalInt(0); })
      .value_or(std::nullopt)
      .value_or(0);
}

std::optional<std::int64_t> SqliteOutboxStore::SinkPosition(const std::string& sink) {
  auto s = connection_.Prepare(sql::kSinkPosition);
  s->Bind(1, sink);
  return FirstRow(s, [](const Statement& row) { return row.Int(0); });
}

void SqliteOutboxStore::SaveSinkPosition(const std::string& sink, std::int64_t seq,
                                         EpochMillis at) {
  RequireWritable("OutboxStore::SaveSinkPosition");
  auto s = connection_.Prepare(sql::kSaveSinkPosition);
  s->Bind(1, sink);
  s->Bind(2, seq);
  s->Bind(3, at);
  s->Run();
}

std::int64_t SqliteOutboxStore::Prune(std::int64_t up_to_seq, EpochMillis before) {
  RequireWritable("OutboxStore::Prune");
  auto s = connection_.Prepare(sql::kPruneEvents);
  s->Bind(1, up_to_seq);
  s->Bind(2, before);
  s->Run();
  return connection_.Changes();
}

}  // namespace confide::store::sqlite
