#pragma once

// The one writer of a database. Its thread takes every queued write job (up to max_batch)
// at once and runs them in one transaction, each in a savepoint of its own, then commits
// once: many requests share one fsync. While jobs keep arriving faster than one per commit
// window, it holds the transaction open up to that window for the next ones, which share the
// commit too (commit_window.h). A job that returns false or throws is rolled back
// alone; a failed COMMIT fails the whole batch. Just before COMMIT it indexes the batch's new
// messages for search (search_index.h), so the index commits with them. Completions run after
// the commit is durable.
// It also keeps the WAL from growing without bound (see MaybeCheckpoint).
// Thread-safety: Submit and Stop may be called from any thread but a completion's (Stop
// would wait for itself).

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/jobs/database_metrics.h"
#include "store/jobs/job_queue.h"
#include "store/sqlite/commit_window.h"
#include "store/sqlite/connection.h"
#include "store/transaction.h"

namespace confide::store::sqlite {

class GroupCommitWriter {
 public:
  struct Job {
    std::function<bool(Transaction&)> work;
    std::function<void(Status)> done;
  };

  // Starts the writer thread on `connection` (opened by OpenWriter). At most `max_queued`
  // clients' jobs may wait (JobOrigin). `commit_window`: how long a batch may wait for more
  // jobs before its COMMIT, while waiting pays (0: never).
  GroupCommitWriter(std::unique_ptr<Connection> connection, int max_batch, std::size_t max_queued,
                    DatabaseMetrics& metrics,
                    std::chrono::microseconds commit_window = std::chrono::microseconds(0));
  ~GroupCommitWriter();

  GroupCommitWriter(const GroupCommitWriter&) = delete;
  GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

  // Queues a job; after Stop, or when a client's job finds the queue full, completes it at
  // once with an Unavailable error (on the calling thread).
  void Submit(Job job, JobOrigin origin);

  // Runs the queued jobs, then ends the thread and closes the connection. Idempotent.
  void Stop();

 private:
  void Run();
  void RunBatch(std::vector<Job>& batch);
  // Runs the batch's transaction; `statuses` receives each job's own outcome. Returns an
  // error if the transaction as a whole failed, so that no job of it is durable.
  Status ExecuteBatch(std::vector<Job>& batch, std::vector<Status>& statuses);
  // Runs batch[from...] in their savepoints; false once SQLite rolled the whole transaction
  // back, with that error in `failure`.
  bool RunJobs(std::vector<Job>& batch, std::size_t from, std::vector<Status>& statuses,
               Status& failure);
  Status RunInSavepoint(Job& job);
  void RollbackQuietly();
  void MaybeCheckpoint();

  static int OnWalCommit(void* self, sqlite3* db, const char* name, int frames);

  std::unique_ptr<Connection> connection_;
  const std::size_t max_batch_;
  DatabaseMetrics& metrics_;
  // Shared with the queued-writes gauge, which may outlive the writer.
  std::shared_ptr<JobQueue<Job>> queue_;
  int wal_frames_ = 0;   // pages in the WAL after the last commit; writer thread only
  CommitWindow window_;  // writer thread only
  std::once_flag stopped_;
  std::thread thread_;
};

}  // namespace confide::store::sqlite
