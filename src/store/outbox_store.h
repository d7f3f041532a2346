#pragma once

// The outbox: the domain events for the platform's other services (docs/events.md), written
// in the transaction of their change, and the sinks' positions in it. One implementation per
// backend beside it (sqlite/sqlite_outbox_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

using domain::EpochMillis;

// One event of the outbox: `data` is the JSON object of its payload.
struct OutboxRecord {
  std::int64_t seq = 0;  // assigned by Append; never reused
  std::string id;
  std::string type;
  std::optional<std::string> conversation_id;
  EpochMillis occurred_at = 0;
  std::string data;
};

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Appends an event; it commits, or not, with the rest of the transaction. Its seq, the
  // position the relay delivers it at, is the commit order: SQLite (one writer) numbers it
  // here; a backend with several writers numbers it in Settle, once every transaction that
  // could come before it has ended (Database::OutboxNeedsSettling).
  virtual void Append(const OutboxRecord& event) = 0;
  // Numbers up to `limit` of the appended events that no running transaction can precede,
  // in commit order, after the highest seq given so far; returns how many. Only the holder of
  // the LeaseKind::kOutboxRelay lease calls it. A no-op (0) where Append numbers.
  virtual std::int64_t Settle(int limit) = 0;
  // Up to `limit` numbered events with seq > after_seq, ascending.
  virtual std::vector<OutboxRecord> After(std::int64_t after_seq, int limit) = 0;
  // The seq of the newest event the outbox holds (0 when it holds none).
  virtual std::int64_t LastSeq() = 0;
  // A sink's stored position: the seq of the last event it delivered.
  virtual std::optional<std::int64_t> SinkPosition(const std::string& sink) = 0;
  virtual void SaveSinkPosition(const std::string& sink, std::int64_t seq, EpochMillis at) = 0;
  // Deletes events with seq <= up_to_seq that occurred before `before`; returns how many.
  virtual std::int64_t Prune(std::int64_t up_to_seq, EpochMillis before) = 0;
};

}  // namespace confide::store
