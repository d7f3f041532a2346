#pragma once

// A queue of database jobs between the threads that submit them and the store threads that
// run them. It holds at most `max_queued` bounded jobs: one pushed when that many wait is
// refused (the caller answers "try again later"), while an unbounded push (the server's own
// work) is always queued. Closing it refuses new jobs, while the jobs already queued are
// still handed out, so that stopping drains the queue.
// Thread-safety: every method may be called from any thread.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <limits>
#include <mutex>
#include <utility>
#include <vector>

namespace confide::store {

enum class PushOutcome { kQueued, kFull, kClosed };

template <class Job>
class JobQueue {
 public:
  explicit JobQueue(std::size_t max_queued = std::numeric_limits<std::size_t>::max())
      : max_queued_(std::max<std::size_t>(max_queued, 1)) {}

  // Queues `job` (moving from it) and returns kQueued, or leaves it untouched and returns
  // kClosed if the queue is closed, or kFull if `bounded` and max_queued jobs wait already, so
  // that the caller can still complete it.
  PushOutcome Push(Job& job, bool bounded = true) {
    {
      std::lock_guard lock(mu_);
      if (closed_) return PushOutcome::kClosed;
      if (bounded && jobs_.size() >= max_queued_) return PushOutcome::kFull;
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
    return PushOutcome::kQueued;
  }

  // Waits for jobs, then moves up to `max` of them, oldest first, to the end of `out`.
  // Returns false, moving nothing, once the queue is closed and empty.
  bool PopUpTo(std::size_t max, std::vector<Job>& out) {
    std::unique_lock lock(mu_);
    ready_.wait(lock, [this] { return closed_ || !jobs_.empty(); });
    if (jobs_.empty()) return false;
    const std::size_t n = std::min(max, jobs_.size());
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(std::move(jobs_.front()));
      jobs_.pop_front();
    }
    return true;
  }

  // Moves up to `max` of the jobs waiting now, oldest first, to the end of `out`, without
  // waiting; how many.
  std::size_t TakeUpTo(std::size_t max, std::vector<Job>& out) {
    std::lock_guard lock(mu_);
    const std::size_t n = std::min(max, jobs_.size());
    for (std::size_t i = 0; i < n; ++i) {
      out.push_back(std::move(jobs_.front()));
      jobs_.pop_front();
    }
    return n;
  }

  // Sleeps until `deadline`, or until the queue is closed. Jobs pushed meanwhile do not wake
  // the sleeper: they wait for it to take them.
  void SleepUntil(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mu_);
    closing_.wait_until(lock, deadline, [this] { return closed_; });
  }

  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    ready_.notify_all();
    closing_.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return jobs_.size();
  }

  std::size_t max_queued() const { return max_queued_; }

 private:
  const std::size_t max_queued_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::condition_variable closing_;
  std::deque<Job> jobs_;  // guarded by mu_
  bool closed_ = false;   // guarded by mu_
};

}  // namespace confide::store
