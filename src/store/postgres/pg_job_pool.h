#pragma once

// Threads that run database jobs on PostgreSQL, each on a session of its own, taking jobs from
// one LaneQueue. A job in no lane is one transaction: a write job commits, and its completion
// runs, only after COMMIT returned (durable with synchronous_commit on); a read job reads one
// snapshot (REPEATABLE READ, READ ONLY). The jobs of a lane (a conversation's writes) go to
// one thread, which runs those it finds queued together, up to kMaxBatch, in one transaction,
// and completes them all once that transaction's COMMIT returned. A job of a batch that
// declines or throws before it wrote anything (PgConnection::writes) leaves the others be. One
// that does so after writing, or a statement that PostgreSQL fails (a constraint, a deadlock,
// a lost session), has the batch rolled back, and each of its jobs runs again alone, as below.
// No savepoints: in PostgreSQL each costs a subtransaction, and declining after a write is
// rare (a send is refused before it writes).
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
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/jobs/database_metrics.h"
#include "store/jobs/lane_queue.h"
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

  // The most jobs of a lane committed together: enough to spread a commit over many sends,
  // few enough that a batch undone and run again job by job costs little.
  static constexpr std::size_t kMaxBatch = 32;

  // Starts one thread per session.
  PgJobPool(std::vector<std::unique_ptr<PgConnection>> sessions, TransactionMaker make,
            PgJobPoolOptions options, DatabaseMetrics& metrics);
  ~PgJobPool();

  PgJobPool(const PgJobPool&) = delete;
  PgJobPool& operator=(const PgJobPool&) = delete;

  // Queues a job, in `lane` unless it is empty (LaneQueue); after Stop, or when a client's job
  // finds the queue full, completes it at once with an Unavailable error (on the calling
  // thread).
  void Submit(Job job, JobOrigin origin, std::string_view lane = {});

  // Runs the queued jobs, then ends the threads and closes the sessions. Idempotent.
  void Stop();

  // How many jobs wait, read by a gauge that may outlive the pool (it reads 0 then).
  std::function<double()> QueuedGauge() const;

 private:
  void Run(std::size_t index);
  // Runs a job alone, then counts and completes it.
  void RunAlone(PgConnection& session, Job& job);
  // Runs jobs of a lane in one transaction, then counts and completes them; or, when
  // PostgreSQL failed the transaction, each alone.
  void RunBatch(PgConnection& session, std::vector<Job>& jobs);
  // Rolls back the batch's transaction, then runs each of its jobs alone.
  void RunEachAlone(PgConnection& session, std::vector<Job>& jobs);
  // One job of a batch: its own status. A PgError is thrown on, and so is a job that declined
  // or threw after it wrote (UndoTheBatch).
  Status RunInBatch(PgConnection& session, Transaction& transaction, Job& job);
  // Runs the job until it succeeds, fails for good, or runs out of attempts.
  Status RunWithRetries(PgConnection& session, Job& job);
  // One attempt: one transaction. Sets `commit_sent` once COMMIT is on its way.
  Status Attempt(PgConnection& session, Job& job, bool& commit_sent);
  void Pause(int attempt) const;

  std::vector<std::unique_ptr<PgConnection>> sessions_;
  TransactionMaker make_;
  PgJobPoolOptions options_;
  DatabaseMetrics& metrics_;
  std::shared_ptr<LaneQueue<Job>> queue_;
  std::once_flag stopped_;
  std::vector<std::thread> threads_;
};

}  // namespace confide::store::postgres
