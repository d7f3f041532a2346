#include "events/outbox_recorder.h"

#include "events/event_payload.h"

namespace confide::events {

void OutboxRecorder::Record(store::Transaction& tx, const domain::DomainEvent& event) {
  auto payload = PayloadOf(event);
  if (!payload) return;
  tx.outbox().Append({.id = ids_.Next("evt_"),
                      .type = std::move(payload->type),
                      .conversation_id = std::move(payload->conversation_id),
                      .occurred_at = payload->occurred_at,
                      .data = std::move(payload->data)});
}

}  // namespace confide::events
