#include "store/sqlite/reader_pool.h"

#include <spdlog/spdlog.h>

#include <exception>

#include "core/logging.h"
#include "core/thread_name.h"
#include "store/jobs/job_completion.h"
#include "store/sqlite/job_outcome.h"
#include "store/sqlite/sqlite_transaction.h"

namespace confide::store::sqlite {

ReaderPool::ReaderPool(std::vector<std::unique_ptr<Connection>> connections, std::size_t max_queued,
                       DatabaseMetrics& metrics)
    : connections_(std::move(connections)), metrics_(metrics), queue_(max_queued) {
  threads_.reserve(connections_.size());
  for (auto& connection : connections_) {
    threads_.emplace_back([this, c = connection.get()] { Run(*c); });
  }
}

ReaderPool::~ReaderPool() { Stop(); }

void ReaderPool::Submit(Job job, JobOrigin origin) {
  Enqueue(queue_, job, origin, JobKind::kRead, metrics_);
}

void ReaderPool::Stop() {
  std::call_once(stopped_, [this] {
    queue_.Close();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    connections_.clear();
  });
}

void ReaderPool::Run(Connection& connection) {
  core::NameThisThread("sqlite-reader");
  std::vector<Job> jobs;
  while (queue_.PopUpTo(1, jobs)) {
    Status status = RunInTransaction(connection, jobs.front());
    metrics_.CountJob(JobKind::kRead, status.ok());
    Complete(jobs.front().done, std::move(status));
    jobs.clear();
  }
}

Status ReaderPool::RunInTransaction(Connection& connection, Job& job) {
  try {
    connection.Run("BEGIN");
  } catch (...) {
    return ErrorFrom(std::current_exception());
  }
  Status status;
  try {
    SqliteTransaction transaction(connection, /*read_only=*/true);
    job.work(transaction);
  } catch (...) {
    status = ErrorFrom(std::current_exception());
  }
  // Ending the transaction releases the snapshot. Nothing was written, so a failure here
  // does not change what the job read: it is logged, and the job keeps its status.
  try {
    if (connection.InTransaction()) connection.Run("COMMIT");
  } catch (...) {
    const Error error = ErrorFrom(std::current_exception());
    spdlog::warn(R"("msg":"a read transaction did not end cleanly","error":{},"detail":{})",
                 core::JsonQuote(error.message()), core::JsonQuote(error.detail()));
    try {
      if (connection.InTransaction()) connection.Run("ROLLBACK");
    } catch (...) {
      // The connection is unusable either way; the next BEGIN will report it.
    }
  }
  return status;
}

}  // namespace confide::store::sqlite
