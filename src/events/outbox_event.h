#pragma once

// One event of the outbox as the sinks deliver it: its position in the stream and the JSON
// object every sink writes, built once when the event is read from the outbox.
//
//   {"id":"evt_…","seq":42,"type":"message.sent","occurredAt":"2026-…Z","data":{…}}
//
// docs/events.md documents the types and their data.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/model.h"
#include "store/transaction.h"

namespace confide::events {

struct OutboxEvent {
  std::int64_t seq = 0;  // global, in commit order, never reused
  std::string id;        // unique: "evt_…"; the NATS message id, the webhook's dedup key
  std::string type;      // "message.sent", "conversation.created", …
  std::optional<std::string> conversation_id;  // the conversation it concerns, if any
  domain::EpochMillis occurred_at = 0;
  std::string json;  // the whole event, compact JSON on one line, no trailing newline
};

// The event as the sinks deliver it, its JSON built from the outbox's record.
OutboxEvent FromRecord(store::OutboxRecord record);

}  // namespace confide::events
