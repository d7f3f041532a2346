#include "store/postgres/pg_job_pool.h"

#include <spdlog/spdlog.h>

#include <exception>
#include <random>
#include <stdexcept>

#include "core/completion_batch.h"
#include "core/logging.h"
#include "core/thread_name.h"
#include "store/jobs/job_completion.h"

namespace confide::store::postgres {
namespace {

// The Error for what a job threw that is not PostgreSQL's.
Error FromOther(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return Error::Internal("a database job threw").WithDetail(e.what());
  } catch (...) {
    return Error::Internal("a database job threw a non-standard exception");
  }
}

// What a job gets whose session was lost while its COMMIT was on its way.
Error CommitOutcomeUnknown(const PgError& e) {
  return Error::Unavailable(
             "the database connection was lost while committing; the change may or may not "
             "have been stored")
      .WithDetail(e.what());
}

// Ends whatever transaction the session is in. A session that cannot is lost; the next
// attempt resets it.
void RollBackQuietly(PgConnection& session) {
  session.Discard();
  try {
    if (session.ok() && session.transaction_status() != PQTRANS_IDLE) session.Exec("ROLLBACK");
  } catch (const PgError&) {
    // Lost: ok() is false now, and the next attempt (or job) opens a new session.
  }
}

}  // namespace

PgJobPool::PgJobPool(std::vector<std::unique_ptr<PgConnection>> sessions, TransactionMaker make,
                     PgJobPoolOptions options, DatabaseMetrics& metrics)
    : sessions_(std::move(sessions)),
      make_(std::move(make)),
      options_(options),
      metrics_(metrics),
      queue_(std::make_shared<LaneQueue<Job>>(sessions_.size(), options.max_queued)) {
  threads_.reserve(sessions_.size());
  for (std::size_t i = 0; i < sessions_.size(); ++i) {
    threads_.emplace_back([this, i] { Run(i); });
  }
}

PgJobPool::~PgJobPool() { Stop(); }

void PgJobPool::Submit(Job job, JobOrigin origin, std::string_view lane) {
  // Reads are never batched: a lane would only keep a read from an idle session.
  if (options_.kind == JobKind::kRead) lane = {};
  CompleteRefused(queue_->Push(job, lane, origin == JobOrigin::kClient), job, options_.kind,
                  metrics_);
}

std::function<double()> PgJobPool::QueuedGauge() const {
  std::weak_ptr<LaneQueue<Job>> queue = queue_;
  return [queue] {
    const auto q = queue.lock();
    return q ? static_cast<double>(q->size()) : 0.0;
  };
}

void PgJobPool::Stop() {
  std::call_once(stopped_, [this] {
    queue_->Close();
    for (auto& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
    sessions_.clear();
  });
}

void PgJobPool::Run(std::size_t index) {
  core::NameThisThread((options_.kind == JobKind::kWrite ? "pg-writer-" : "pg-reader-") +
                       std::to_string(index));
  PgConnection& session = *sessions_[index];
  std::vector<Job> jobs;
  jobs.reserve(kMaxBatch);
  for (;;) {
    const auto popped = queue_->Pop(index, kMaxBatch, jobs);
    if (popped == LaneQueue<Job>::Popped::kClosed) return;
    {
      // The completions of the jobs popped together, as one batch.
      core::CompletionBatch batch;
      if (jobs.size() == 1) {
        RunAlone(session, jobs.front());
      } else {
        RunBatch(session, jobs);
      }
    }
    jobs.clear();
  }
}

void PgJobPool::RunAlone(PgConnection& session, Job& job) {
  Status status = RunWithRetries(session, job);
  metrics_.CountJob(options_.kind, status.ok());
  Complete(job.done, std::move(status));
}

namespace {

// Thrown within a batch when a job that wrote declined or threw: its changes cannot be undone
// alone, so the batch is rolled back and its jobs run one by one.
struct UndoTheBatch {};

}  // namespace

void PgJobPool::RunBatch(PgConnection& session, std::vector<Job>& jobs) {
  std::vector<Status> statuses(jobs.size());
  bool commit_sent = false;
  try {
    if (!session.ok()) session.Reset();
    session.Defer("BEGIN");
    const auto transaction = make_(session, /*read_only=*/false);
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      statuses[i] = RunInBatch(session, *transaction, jobs[i]);
    }
    commit_sent = true;
    const auto committing = std::chrono::steady_clock::now();
    session.ExecPrepared("COMMIT");
    metrics_.ObserveCommit(
        jobs.size(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - committing).count());
  } catch (const UndoTheBatch&) {
    return RunEachAlone(session, jobs);
  } catch (const PgError& e) {
    if (commit_sent && e.connection_lost()) {
      for (auto& status : statuses) status = CommitOutcomeUnknown(e);
    } else {
      // Nothing of the batch is stored: each job runs again on its own, where a statement's
      // failure is its job's alone and what may be retried is.
      spdlog::info(R"("msg":"database batch run again job by job","jobs":{},"sqlstate":{})",
                   jobs.size(), core::JsonQuote(e.sqlstate()));
      return RunEachAlone(session, jobs);
    }
  } catch (...) {
    // Not a job's own failure (RunInBatch keeps those): each runs alone, which reports it.
    return RunEachAlone(session, jobs);
  }
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    metrics_.CountJob(options_.kind, statuses[i].ok());
    Complete(jobs[i].done, std::move(statuses[i]));
  }
}

void PgJobPool::RunEachAlone(PgConnection& session, std::vector<Job>& jobs) {
  RollBackQuietly(session);
  for (auto& job : jobs) RunAlone(session, job);
}

Status PgJobPool::RunInBatch(PgConnection& session, Transaction& transaction, Job& job) {
  const std::uint64_t writes_before = session.writes();
  Status status;
  bool keep = false;
  try {
    keep = job.work(transaction);
  } catch (const PgError&) {
    throw;
  } catch (...) {
    status = FromOther(std::current_exception());
  }
  if (!keep && session.writes() != writes_before) throw UndoTheBatch{};
  return status;
}

Status PgJobPool::RunWithRetries(PgConnection& session, Job& job) {
  for (int attempt = 1;; ++attempt) {
    bool commit_sent = false;
    try {
      if (!session.ok()) session.Reset();
      return Attempt(session, job, commit_sent);
    } catch (const PgError& e) {
      // A read is complete once its work ran: how its snapshot ends changes nothing.
      if (commit_sent && options_.kind == JobKind::kRead) return Status::Ok();
      if (commit_sent && e.connection_lost()) {
        return CommitOutcomeUnknown(e);
      }
      RollBackQuietly(session);
      if ((e.retryable() || e.connection_lost()) && attempt < options_.max_attempts) {
        spdlog::info(R"("msg":"database job retried","attempt":{},"sqlstate":{},"lost":{})",
                     attempt, core::JsonQuote(e.sqlstate()), e.connection_lost());
        Pause(attempt);
        continue;
      }
      return ToError(e);
    } catch (...) {
      RollBackQuietly(session);
      return FromOther(std::current_exception());
    }
  }
}

Status PgJobPool::Attempt(PgConnection& session, Job& job, bool& commit_sent) {
  const bool read_only = options_.kind == JobKind::kRead;
  // BEGIN goes with the job's first statement, and the writes whose results the job does
  // not read go with the next statement or with COMMIT (PgConnection::Defer).
  session.Defer(read_only ? "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY" : "BEGIN");
  const auto transaction = make_(session, read_only);
  const bool keep = job.work(*transaction);
  if (!keep && !read_only) {
    RollBackQuietly(session);
    return Status::Ok();
  }
  commit_sent = true;
  const auto committing = std::chrono::steady_clock::now();
  session.ExecPrepared("COMMIT");
  if (!read_only) {
    metrics_.ObserveCommit(
        1, std::chrono::duration<double>(std::chrono::steady_clock::now() - committing).count());
  }
  return Status::Ok();
}

void PgJobPool::Pause(int attempt) const {
  thread_local std::minstd_rand random{std::random_device{}()};
  const auto base = options_.first_backoff * (1 << std::min(attempt - 1, 10));
  std::uniform_int_distribution<long> jitter(0, base.count());
  std::this_thread::sleep_for(base + std::chrono::milliseconds(jitter(random)));
}

}  // namespace confide::store::postgres
