#pragma once

// The outbox's record of a domain event: its type name and its payload, as docs/events.md
// documents them. The spec's three events (ConversationCreatedEvent, MessageSentEvent,
// MessageReadEvent) keep exactly the spec's fields; the others are confide's.
// Thread-safety: pure functions, callable from any thread.

#include <optional>
#include <string>

#include "domain/events.h"

namespace confide::events {

struct Payload {
  std::string type;  // "message.sent", …
  std::optional<std::string> conversation_id;
  domain::EpochMillis occurred_at = 0;
  std::string data;  // a JSON object, compact
};

// The payload of `event`, or nothing for events that stay inside confide (community and
// post records, which the platform's services themselves keep in sync).
std::optional<Payload> PayloadOf(const domain::DomainEvent& event);

}  // namespace confide::events
