#pragma once

// The transactional outbox's writing side: each domain event that leaves confide becomes a
// row of the outbox in the transaction of its change (event_payload.h says which, and what
// they hold).
// Thread-safety: Record runs on the store's writer thread; the id source is thread-safe.

#include "core/id_generator.h"
#include "domain/event_recorder.h"

namespace confide::events {

class OutboxRecorder final : public domain::EventRecorder {
 public:
  explicit OutboxRecorder(core::IdGenerator& ids) : ids_(ids) {}

  void Record(store::Transaction& tx, const domain::DomainEvent& event) override;

 private:
  core::IdGenerator& ids_;
};

}  // namespace confide::events
