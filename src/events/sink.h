#pragma once

// A destination of the event stream (a JSON-lines file, a webhook, a NATS JetStream stream).
// Each configured sink has its own worker thread (sink_worker.h), which reads the outbox
// from the sink's position, hands batches to Deliver in stream order, and keeps the
// position of what was delivered. A sink only moves bytes: retries, back-off and positions
// are the worker's.
// Thread-safety: Deliver and LastDelivered are called from the sink's worker thread only;
// Cancel from any thread.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "events/outbox_event.h"

namespace confide::events {

struct Delivery {
  std::size_t delivered = 0;     // events of the batch, from its front, now held downstream
  Status status = Status::Ok();  // why the others were not (ok when all were)
};

class Sink {
 public:
  virtual ~Sink() = default;

  // "jsonl", "webhook" or "nats".
  virtual std::string_view kind() const = 0;

  // Delivers `batch` (non-empty, ascending seq), connecting first if need be. Blocks until
  // done or failed; a failure leaves the sink able to try again.
  virtual Delivery Deliver(std::span<const OutboxEvent> batch) = 0;

  // The seq of the newest event the destination is known to hold, when it can tell (the
  // last line of the file; the last message of the stream): a worker whose stored position
  // is older, because the process died between delivering and saving, starts after it.
  virtual Result<std::optional<std::int64_t>> LastDelivered() {
    return std::optional<std::int64_t>();
  }

  // Makes what Deliver took durable, for a sink whose Deliver does not (a file): the worker
  // calls it before it stores the position.
  virtual Status Sync() { return Status::Ok(); }

  // Makes a Deliver in progress return soon with an error, and later ones fail at once.
  virtual void Cancel() {}
};

}  // namespace confide::events
