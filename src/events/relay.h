#pragma once

// The outbox's reading side: one SinkWorker per configured sink, and the retention of the
// outbox — events that every sink has delivered are deleted once older than the retention
// age (never one a sink still needs). Only the holder of the database's outbox-relay lease
// delivers and prunes (Database::TryLease: on PostgreSQL one process of a cluster at a time;
// a process that loses it stops, and one that takes it over resumes from the stored
// positions); where the outbox numbers events when they settle (PostgreSQL's several
// writers), the holder settles them, after every commit and every 200 ms, before its workers
// read.
// Thread-safety: Start, Wake and Stop may be called from any thread; Wake is cheap (the
// change listener calls it after every commit).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/metrics.h"
#include "events/sink_worker.h"
#include "store/database.h"

namespace confide::events {

struct RetentionOptions {
  std::chrono::milliseconds age{std::chrono::hours(24 * 7)};    // delivered events kept this long
  std::chrono::milliseconds interval{std::chrono::minutes(1)};  // between prunes
  int chunk = 5'000;  // events deleted per write job, so the writer is never held long
};

class Relay {
 public:
  Relay(store::Database& db, const core::Clock& clock, RetentionOptions retention,
        core::Metrics* metrics);
  ~Relay();

  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Before Start.
  void AddSink(std::string name, std::unique_ptr<Sink> sink, SinkWorkerOptions options);

  void Start();
  void Wake();
  // Stops every worker (each saves its position), then the pruning. Idempotent; must come
  // before the database stops.
  void Stop();

  const std::vector<std::unique_ptr<SinkWorker>>& workers() const { return workers_; }
  // True while this process holds the relay's lease.
  bool leased() const { return lease_generation_.load() != 0; }

  // Deletes delivered events older than the retention age, in chunks; returns how many.
  std::int64_t PruneOnce();

 private:
  void RunPruning();
  // Takes and keeps the lease, and settles the outbox while it holds it.
  void RunCoordinator();
  // Numbers every settled event; true if there were any.
  bool SettleAll();

  store::Database& db_;
  const core::Clock& clock_;
  const RetentionOptions retention_;
  core::Metrics* metrics_;
  core::Counter* pruned_metric_ = nullptr;
  std::vector<std::unique_ptr<SinkWorker>> workers_;

  // 0 while the lease is not held; a new number each time it is taken, so that a worker
  // knows to read its stored position again (another process may have delivered meanwhile).
  std::atomic<std::uint64_t> lease_generation_{0};
  std::unique_ptr<store::Lease> lease_;  // the coordinator's thread only

  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;       // guarded by mu_
  bool settle_wanted_ = false;  // guarded by mu_
  std::once_flag stopped_;
  std::thread pruning_;
  std::thread coordinator_;
};

}  // namespace confide::events
