#pragma once

// What JetStream answered for each event of one batch published asynchronously. cnats
// reports each answer on its own delivery thread while the worker thread is still
// publishing or waiting; Finish then tells how many events from the front of the batch the
// stream holds and why the first of the others is not held.
// Thread-safety: Start and Finish on the sink's worker thread; Acknowledge, Fail and
// HasFailure from any thread.

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "events/outbox_event.h"

namespace confide::events {

class NatsBatchAcks {
 public:
  struct Summary {
    std::size_t stored_prefix = 0;       // events from the front that the stream acknowledged
    bool stored_beyond_prefix = false;   // a later event was acknowledged all the same
    std::optional<std::string> failure;  // what the server said of the first one not stored
  };

  // Begins tallying `batch` (ascending seq); every event is pending.
  void Start(std::span<const OutboxEvent> batch);
  // The stream holds the event `seq` (stored now, or a duplicate of one it held).
  void Acknowledge(std::int64_t seq);
  // The stream refused the event `seq`, for `reason`.
  void Fail(std::int64_t seq, std::string reason);
  // True once any event of the batch was refused.
  bool HasFailure() const;
  // Ends the batch: answers arriving later are ignored.
  Summary Finish();

 private:
  enum class State : std::uint8_t { kPending, kStored, kFailed };

  // The index of `seq` in the batch, if the batch holds it; needs mutex_.
  std::optional<std::size_t> IndexOf(std::int64_t seq) const;

  mutable std::mutex mutex_;
  std::vector<std::int64_t> seqs_;
  std::vector<State> states_;
  std::vector<std::string> reasons_;
  bool failed_ = false;
};

}  // namespace confide::events
