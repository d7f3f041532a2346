#pragma once

// A queue of database jobs between the threads that submit them and the store threads that
// run them. Closing it refuses new jobs, while the jobs already queued are still handed out,
// so that stopping drains the queue.
// Thread-safety: every method may be called from any thread.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

namespace confide::store::sqlite {

template <class Job>
class JobQueue {
 public:
  // Queues `job` (moving from it) and returns true, or leaves it untouched and returns false
  // if the queue is closed, so that the caller can still complete it.
  bool Push(Job& job) {
    {
      std::lock_guard lock(mu_);
      if (closed_) return false;
      jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
    return true;
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

  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    ready_.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return jobs_.size();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  bool closed_ = false;
};

}  // namespace confide::store::sqlite
