#pragma once

// Delivers the outbox to one sink, on a thread of its own, at least once and in seq order:
// reads the events after the sink's position, hands them to the sink in batches, and moves
// the stored position (outbox_positions) past what the sink took. A sink that fails is tried
// again after an exponential back-off with jitter, from where it stopped, while the other
// sinks' workers go on; the API never waits for any of them.
//
// While events flow, the position is stored at most once per `save_every`, the sink made
// durable first (Sink::Sync); once the worker has caught up, at once. A process that dies in
// between delivers again, from the stored position, what it had delivered since (or starts
// after what the sink holds).
//
// Thread-safety: Start, Wake, Stop and the accessors may be called from any thread.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/metrics.h"
#include "events/sink.h"
#include "store/database.h"

namespace confide::events {

struct SinkWorkerOptions {
  int batch_size = 256;                           // events per Deliver, at most
  std::chrono::milliseconds idle_poll{500};       // how often an idle worker looks anyway
  std::chrono::milliseconds backoff_min{200};     // first wait after a failure
  std::chrono::milliseconds backoff_max{30'000};  // longest wait between attempts
  std::chrono::milliseconds save_every{1'000};    // stores of the position while events flow
};

class SinkWorker {
 public:
  // `name` identifies the sink's position in the database. `metrics` may be null. `lease`,
  // when given, is the relay's lease generation (Relay): the worker delivers only while it is
  // not 0, and reads its stored position again whenever it changes.
  SinkWorker(std::string name, std::unique_ptr<Sink> sink, store::Database& db,
             const core::Clock& clock, SinkWorkerOptions options, core::Metrics* metrics,
             const std::atomic<std::uint64_t>* lease = nullptr);
  ~SinkWorker();

  SinkWorker(const SinkWorker&) = delete;
  SinkWorker& operator=(const SinkWorker&) = delete;

  void Start();
  // New events were committed: look now rather than at the next poll.
  void Wake();
  // Ends the delivery in progress (the sink is cancelled), saves the position and joins the
  // thread. Idempotent; must come before the database stops.
  void Stop();

  const std::string& name() const { return name_; }
  std::string_view kind() const { return sink_->kind(); }
  // The seq of the last event delivered (0 before the first).
  std::int64_t position() const { return position_.load(); }
  // The seq of the last event delivered, made durable by the sink and stored in the database
  // (0 before the first): what retention may delete up to.
  std::int64_t stored_position() const { return stored_position_.load(); }
  // The newest seq of the outbox the worker has seen.
  std::int64_t head() const { return head_.load(); }
  std::uint64_t delivered() const { return delivered_count_.load(); }
  std::uint64_t errors() const { return error_count_.load(); }

 private:
  void Run();
  // The position to start from: the stored one, or past it when the sink already holds more.
  bool Resync();
  void Fail(const Status& status);
  // Waits `d` or until woken or stopped; false once stopping.
  bool Pause(std::chrono::milliseconds d, bool wakeable);
  // Makes the sink durable and stores the position, if it moved since it was last stored.
  Status SavePosition();
  // SavePosition, `now` or once `save_every` has passed since the last store. A failure is
  // counted (Fail); false then, and the caller backs off and reads its position again.
  bool StorePosition(bool now);

  const std::string name_;
  std::unique_ptr<Sink> sink_;
  store::Database& db_;
  const core::Clock& clock_;
  const SinkWorkerOptions options_;
  const std::atomic<std::uint64_t>* lease_;

  std::atomic<std::int64_t> position_{0};
  std::atomic<std::int64_t> stored_position_{0};
  std::atomic<std::int64_t> head_{0};
  std::atomic<std::uint64_t> delivered_count_{0};
  std::atomic<std::uint64_t> error_count_{0};
  core::Counter* delivered_metric_ = nullptr;
  core::Counter* error_metric_ = nullptr;

  std::int64_t saved_position_ = -1;                               // worker thread only
  std::optional<std::chrono::steady_clock::time_point> saved_at_;  // none before the first
  std::chrono::milliseconds backoff_{0};
  std::uint64_t failures_in_a_row_ = 0;

  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;
  bool stopping_ = false;
  std::once_flag stopped_;
  std::thread thread_;
};

}  // namespace confide::events
