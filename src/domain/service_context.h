#pragma once

// What every domain service shares: time, the id source, the configured limits and where
// events are recorded.

#include <cstddef>
#include <vector>

#include "core/clock.h"
#include "core/id_generator.h"
#include "domain/conversation_sequence.h"
#include "domain/event_recorder.h"
#include "domain/events.h"

namespace confide::domain {

struct ServiceLimits {
  std::size_t max_content_length = 10'000;  // code points of a message
  std::size_t max_title_length = 200;
  std::size_t max_participants = 1'000;  // in one conversation
  std::size_t max_search_length = 200;
  // How deep search pages go: page * limit at most this (the first 1,000 results).
  int max_search_results = 1'000;
};

struct ServiceContext {
  const core::Clock& clock;
  core::IdGenerator& ids;
  ServiceLimits limits;
  // Where events are recorded (the outbox, the conversation log); none: only reported.
  std::vector<EventRecorder*> recorders;

  EpochMillis Now() const { return clock.NowMillis(); }

  // Numbers `event` in its conversation (TakeSequence), records it in the transaction with
  // every recorder and reports it with the change.
  template <class T>
  void Raise(store::Transaction& tx, Change<T>& change, DomainEvent event) const {
    TakeSequence(tx, event);
    for (EventRecorder* recorder : recorders) recorder->Record(tx, event);
    change.events.push_back(std::move(event));
  }
};

}  // namespace confide::domain
