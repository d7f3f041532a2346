#pragma once

// How a store tells a job's caller what became of it: a completion that throws is the
// caller's bug and is logged, never allowed to kill a store thread; a client's job that finds
// its queue full, or any job after the database stopped, is completed at once with an
// Unavailable error. Shared by every backend.
// Thread-safety: free functions; Enqueue as the queue's Push.

#include <functional>

#include "core/result.h"
#include "store/database.h"
#include "store/jobs/database_metrics.h"
#include "store/jobs/job_queue.h"

namespace confide::store {

// What a client's job gets when its queue is full: Unavailable, retry after a second.
Error QueueFull(const char* queue);

// Calls `done(status)`, logging and swallowing anything it throws.
void Complete(const std::function<void(Status)>& done, Status status);

// Completes `job` (a struct with a `done` completion) at once when its push was refused: the
// queue was full (a client's job: QueueFull) or closed (the database stopped), counting
// either; does nothing when it was queued.
template <class Job>
void CompleteRefused(PushOutcome outcome, Job& job, JobKind kind, DatabaseMetrics& metrics) {
  switch (outcome) {
    case PushOutcome::kQueued:
      return;
    case PushOutcome::kFull:
      metrics.CountRefused(kind);
      return Complete(job.done, QueueFull(kind == JobKind::kRead ? "read" : "write"));
    case PushOutcome::kClosed:
      metrics.CountJob(kind, false);
      return Complete(job.done, Error::Unavailable("the database is stopped"));
  }
}

// Queues `job`, or completes it at once when its queue refuses it (CompleteRefused).
template <class Job>
void Enqueue(JobQueue<Job>& queue, Job& job, JobOrigin origin, JobKind kind,
             DatabaseMetrics& metrics) {
  CompleteRefused(queue.Push(job, origin == JobOrigin::kClient), job, kind, metrics);
}

}  // namespace confide::store
