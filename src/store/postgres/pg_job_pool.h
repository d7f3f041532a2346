#pragma once

// Threads that run database jobs on PostgreSQL, each on a session of its own, taking jobs from
// one queue. Every job is one transaction: a write job commits, and its completion runs, only
// after COMMIT returned (durable with synchronous_commit on); a read job reads one snapshot
// (REPEATABLE READ, READ ONLY).
//
// A job is run again, up to `max_attempts` in all, when PostgreSQL rolled its transaction back
// because of another one (serialization failure, deadlock: PgError::retryable) or when the
// session was lost before COMMIT was sent; the session is then reopened (Reset) first. A
// session lost while COMMIT was on its way leaves the outcome unknown: that job is not run
// again (it might be stored twice) but completed with an Unavailable error saying so. Every
// job's completion runs exactly once.
// Thread-safety: Submit and Stop may be called from any thread but a completion's (Stop
// would wait for itself).

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/jobs/database_metrics.h"
#include "store/jobs/job_queue.h"
#include "store/postgres/pg_connection.h"
#include "store/transaction.h"

namespace confide::store::postgres {

// Makes the Transaction a job is given, on the session that runs it.
using TransactionMaker =
    std::function<std::unique_ptr<Transaction>(PgConnection& connection, bool read_only)>;

struct PgJobPoolOptions {
  JobKind kind = JobKind::kWrite;
  std::size_t max_queued = 4096;  // clients' jobs that may wait (JobOrigin)
  int max_attempts = 5;
  // The pause before attempt n + 1 is about first_backoff * 2^(n-1), with jitter.
  std::chrono::milliseconds first_backoff{5};
};

class PgJobPool {
 public:
  struct Job {
    // A write job returns false to have its changes rolled back (its own error is then in
    // whatever it captured); a read job's result is ignored.
    std::function<bool(Transaction&)> work;
    std::function<void(Status)> done;
  };

  // Starts one thread per session.
  PgJobPool(std::vector<std::unique_ptr<PgConnection>> sessions, TransactionMaker make,
            PgJobPoolOptions options, DatabaseMetrics& metrics);
  ~PgJobPool();

  PgJobPool(const PgJobPool&) = delete;
  PgJobPool& operator=(const PgJobPool&) = delete;

  // Queues a job; after Stop, or when a client's job finds the queue full, completes it at
  // once with an Unavailable error (on the calling thread).
  void Submit(Job job, JobOrigin origin);

  // Runs the queued jobs, then ends the threads and closes the sessions. Idempotent.
  void Stop();

  // How many jobs wait, read by a gauge that may outlive the pool (it reads 0 then).
  std::function<double()> QueuedGauge() const;

 private:
  void Run(PgConnection& session);
  // Runs the job until it succeeds, fails for good, or runs out of attempts.
  Status RunWithRetries(PgConnection& session, Job& job);
  // One attempt: one transaction. Sets `commit_sent` once COMMIT is on its way.
  Status Attempt(PgConnection& session, Job& job, bool& commit_sent);
  void Pause(int attempt) const;

  std::vector<std::unique_ptr<PgConnection>> sessions_;
  TransactionMaker make_;
  PgJobPoolOptions options_;
  DatabaseMetrics& metrics_;
  std::shared_ptr<JobQueue<Job>> queue_;
  std::once_flag stopped_;
  std::vector<std::thread> threads_;
};

}  // namespace confide::store::postgres
