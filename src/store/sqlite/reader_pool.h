#pragma once

// The read side of a database: a few threads, each with its own read-only connection,
// taking jobs from one queue. Each job runs in its own deferred transaction, so it reads one
// consistent snapshot and holds it (and so holds back WAL checkpoints) only while it runs.
// Thread-safety: Submit and Stop may be called from any thread but a completion's (Stop
// would wait for itself).

#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/jobs/database_metrics.h"
#include "store/jobs/job_queue.h"
#include "store/sqlite/connection.h"
#include "store/transaction.h"

namespace confide::store::sqlite {

class ReaderPool {
 public:
  struct Job {
    std::function<void(Transaction&)> work;
    std::function<void(Status)> done;
  };

  // Starts one thread per connection (each opened by OpenReader). At most `max_queued`
  // clients' jobs may wait (JobOrigin).
  ReaderPool(std::vector<std::unique_ptr<Connection>> connections, std::size_t max_queued,
             DatabaseMetrics& metrics);
  ~ReaderPool();

  ReaderPool(const ReaderPool&) = delete;
  ReaderPool& operator=(const ReaderPool&) = delete;

  // Queues a job; after Stop, or when a client's job finds the queue full, completes it at
  // once with an Unavailable error (on the calling thread).
  void Submit(Job job, JobOrigin origin);

  // Runs the queued jobs, then ends the threads and closes the connections. Idempotent.
  void Stop();

 private:
  void Run(Connection& connection);
  Status RunInTransaction(Connection& connection, Job& job);

  std::vector<std::unique_ptr<Connection>> connections_;
  DatabaseMetrics& metrics_;
  JobQueue<Job> queue_;
  std::once_flag stopped_;
  std::vector<std::thread> threads_;
};

}  // namespace confide::store::sqlite
