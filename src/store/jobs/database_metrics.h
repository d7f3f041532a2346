#pragma once

// The store's Prometheus series: jobs by kind and result, jobs refused by a full queue,
// group-commit batch sizes, commit latency, and the number of queued writes. Without a registry
// every update is a no-op. Thread-safety: every method may be called from any thread.

#include <cstddef>
#include <functional>

#include "core/metrics.h"

namespace confide::store {

enum class JobKind { kRead, kWrite };

class DatabaseMetrics {
 public:
  explicit DatabaseMetrics(core::Metrics* metrics);

  void CountJob(JobKind kind, bool ok);
  // A client's job refused because its queue was full (never run, not in CountJob).
  void CountRefused(JobKind kind);
  // One group commit: how many jobs shared it and how long COMMIT (the fsync) took.
  void ObserveCommit(std::size_t batch_size, double seconds);
  // Reports `read()` as the number of queued writes at each scrape.
  void WatchQueuedWrites(std::function<double()> read);

 private:
  core::Metrics* metrics_;
  core::Counter* read_ok_ = nullptr;
  core::Counter* read_error_ = nullptr;
  core::Counter* write_ok_ = nullptr;
  core::Counter* write_error_ = nullptr;
  core::Counter* read_refused_ = nullptr;
  core::Counter* write_refused_ = nullptr;
  core::Histogram* batch_size_ = nullptr;
  core::Histogram* commit_seconds_ = nullptr;
};

}  // namespace confide::store
