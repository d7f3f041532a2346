#include "store/sqlite/group_commit_writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <exception>

#include "core/logging.h"
#include "core/thread_name.h"
#include "store/jobs/job_completion.h"
#include "store/sqlite/job_outcome.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/sqlite_transaction.h"

namespace confide::store::sqlite {
namespace {

// WAL policy. SQLite's automatic checkpoint would run inside COMMIT, delaying the batch's
// acknowledgements; this writer checkpoints after its completions instead. A PASSIVE
// checkpoint never waits for readers, but while readers keep using old snapshots it cannot
// let the WAL start over, so past kRestartFrames the writer waits (up to the busy timeout)
// for the readers' current jobs to end and restarts the WAL. Readers hold a snapshot only
// for one job, so that wait is short.
constexpr int kCheckpointFrames = 1000;  // about 4 MiB of 4 KiB pages
constexpr int kRestartFrames = 16000;    // about 64 MiB: journal_size_limit

}  // namespace

GroupCommitWriter::GroupCommitWriter(std::unique_ptr<Connection> connection, int max_batch,
                                     std::size_t max_queued, DatabaseMetrics& metrics,
                                     std::chrono::microseconds commit_window)
    : connection_(std::move(connection)),
      max_batch_(static_cast<std::size_t>(std::max(max_batch, 1))),
      metrics_(metrics),
      queue_(std::make_shared<JobQueue<Job>>(max_queued)),
      window_(commit_window) {
  sqlite3_wal_hook(connection_->handle(), &GroupCommitWriter::OnWalCommit, this);
  std::weak_ptr<JobQueue<Job>> queue = queue_;
  metrics_.WatchQueuedWrites([queue] {
    const auto q = queue.lock();
    return q ? static_cast<double>(q->size()) : 0.0;
  });
  thread_ = std::thread([this] { Run(); });
}

GroupCommitWriter::~GroupCommitWriter() { Stop(); }

void GroupCommitWriter::Submit(Job job, JobOrigin origin) {
  Enqueue(*queue_, job, origin, JobKind::kWrite, metrics_);
}

void GroupCommitWriter::Stop() {
  std::call_once(stopped_, [this] {
    queue_->Close();
    if (thread_.joinable()) thread_.join();
    connection_.reset();
  });
}

int GroupCommitWriter::OnWalCommit(void* self, sqlite3*, const char*, int frames) {
  static_cast<GroupCommitWriter*>(self)->wal_frames_ = frames;
  return SQLITE_OK;
}

void GroupCommitWriter::Run() {
  core::NameThisThread("sqlite-writer");
  std::vector<Job> batch;
  batch.reserve(max_batch_);
  while (queue_->PopUpTo(max_batch_, batch)) {
    RunBatch(batch);
    batch.clear();
    MaybeCheckpoint();
  }
}

void GroupCommitWriter::RunBatch(std::vector<Job>& batch) {
  std::vector<Status> statuses(batch.size());
  const Status batch_status = ExecuteBatch(batch, statuses);
  // Completions run only now, after COMMIT returned: an ok means the write is durable.
  for (std::size_t i = 0; i < batch.size(); ++i) {
    Status status = batch_status.ok() ? std::move(statuses[i]) : batch_status;
    metrics_.CountJob(JobKind::kWrite, status.ok());
    Complete(batch[i].done, std::move(status));
  }
}

Status GroupCommitWriter::ExecuteBatch(std::vector<Job>& batch, std::vector<Status>& statuses) {
  const auto taken_at = std::chrono::steady_clock::now();
  try {
    connection_->Run("BEGIN IMMEDIATE");
  } catch (...) {
    return ErrorFrom(std::current_exception());
  }
  try {
    Status failure;
    if (!RunJobs(batch, 0, statuses, failure)) return failure;
    // Jobs arriving within the window join this commit (they run after those taken before
    // them, in the order they came).
    if (const auto until = window_.WaitUntil(batch.size(), taken_at);
        until && batch.size() < max_batch_) {
      queue_->SleepUntil(*until);
      const std::size_t from = batch.size();
      const std::size_t more = queue_->TakeUpTo(max_batch_ - from, batch);
      window_.Waited(more);
      statuses.resize(batch.size());
      if (!RunJobs(batch, from, statuses, failure)) return failure;
    }
    // Outside every job's savepoint, so that the index's terms are written out once.
    IndexNewMessages(*connection_);
    const auto start = std::chrono::steady_clock::now();
    connection_->Run("COMMIT");
    const auto end = std::chrono::steady_clock::now();
    window_.Committed(end);
    metrics_.ObserveCommit(batch.size(), std::chrono::duration<double>(end - start).count());
    return Status::Ok();
  } catch (...) {
    RollbackQuietly();
    Error error = ErrorFrom(std::current_exception());
    return Error::Unavailable("the batch could not be committed: " + error.message())
        .WithDetail(error.detail());
  }
}

bool GroupCommitWriter::RunJobs(std::vector<Job>& batch, std::size_t from,
                                std::vector<Status>& statuses, Status& failure) {
  for (std::size_t i = from; i < batch.size(); ++i) {
    statuses[i] = RunInSavepoint(batch[i]);
    // Some failures (a full disk, an I/O error) make SQLite roll back the whole
    // transaction: the jobs before this one are lost too.
    if (!connection_->InTransaction()) {
      failure = Error::Unavailable("the batch's transaction was rolled back by the database")
                    .WithDetail(statuses[i].ok() ? std::string() : statuses[i].error().detail());
      return false;
    }
  }
  return true;
}

Status GroupCommitWriter::RunInSavepoint(Job& job) {
  connection_->Run("SAVEPOINT job");
  Status status;
  bool keep = false;
  try {
    SqliteTransaction transaction(*connection_, /*read_only=*/false);
    keep = job.work(transaction);
  } catch (...) {
    status = ErrorFrom(std::current_exception());
  }
  if (!connection_->InTransaction()) return status;
  if (!keep) connection_->Run("ROLLBACK TO job");
  connection_->Run("RELEASE job");
  return status;
}

void GroupCommitWriter::RollbackQuietly() {
  try {
    if (connection_->InTransaction()) connection_->Run("ROLLBACK");
  } catch (const std::exception& e) {
    spdlog::error(R"("msg":"rollback failed","error":{})", core::JsonQuote(e.what()));
  }
}

void GroupCommitWriter::MaybeCheckpoint() {
  if (wal_frames_ < kCheckpointFrames) return;
  const int mode =
      wal_frames_ >= kRestartFrames ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
  int log_frames = 0;
  int copied_frames = 0;
  const int rc =
      sqlite3_wal_checkpoint_v2(connection_->handle(), nullptr, mode, &log_frames, &copied_frames);
  if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
    spdlog::warn(R"("msg":"wal checkpoint failed","error":{})",
                 core::JsonQuote(sqlite3_errstr(rc)));
  }
  wal_frames_ = 0;  // measured again at the next commit
}

}  // namespace confide::store::sqlite
