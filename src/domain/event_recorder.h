#pragma once

// Where the service layer records the events of a change inside the change's own
// transaction (the outbox: events/outbox_recorder.h). Every service raises its events
// through ServiceContext::Raise, so no change can commit without its events, and no event
// is recorded for a change that rolls back.
// Thread-safety: Record is called on the store's writer thread, within a write job.

#include "domain/events.h"
#include "store/transaction.h"

namespace confide::domain {

class EventRecorder {
 public:
  virtual ~EventRecorder() = default;
  virtual void Record(store::Transaction& tx, const DomainEvent& event) = 0;
};

}  // namespace confide::domain
