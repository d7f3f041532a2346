#pragma once

// The queue of several store threads (PostgreSQL's writers), where some jobs belong to a lane
// (a conversation). A job in a lane always goes to the same thread, the lane's hash modulo
// the number of threads, behind the jobs queued in that lane before it: one thread runs a
// lane's jobs in the order they came, and may commit several of them together without ever
// taking a row lock that another thread's batch holds. A job in no lane goes to whichever
// thread asks first. A thread alternates between its own lanes' jobs and the others, so
// neither waits behind a busy stream of the other.
//
// Like JobQueue: at most `max_queued` bounded jobs wait (in all; a bounded push beyond is
// refused), an unbounded push (the server's own work) is always queued, and closing refuses
// new jobs while the queued ones are still handed out.
// Thread-safety: every method may be called from any thread; Pop(thread) from that thread.

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

#include "store/jobs/job_queue.h"

namespace confide::store {

template <class Job>
class LaneQueue {
 public:
  // What Pop handed out.
  enum class Popped {
    kLane,    // one or more jobs of the thread's lanes, oldest first
    kAlone,   // one job of no lane
    kClosed,  // nothing: the queue is closed and the thread's jobs are all handed out
  };

  LaneQueue(std::size_t threads, std::size_t max_queued = std::numeric_limits<std::size_t>::max())
      : max_queued_(std::max<std::size_t>(max_queued, 1)),
        threads_(std::max<std::size_t>(threads, 1)) {}

  // Which thread runs the jobs of `lane`.
  std::size_t ThreadOf(std::string_view lane) const {
    return std::hash<std::string_view>{}(lane) % threads_.size();
  }

  // Queues `job` (moving from it) in `lane`, or in no lane if `lane` is empty. As
  // JobQueue::Push otherwise.
  PushOutcome Push(Job& job, std::string_view lane, bool bounded = true) {
    std::lock_guard lock(mu_);
    if (closed_) return PushOutcome::kClosed;
    if (bounded && size_ >= max_queued_) return PushOutcome::kFull;
    ++size_;
    if (!lane.empty()) {
      Thread& thread = threads_[ThreadOf(lane)];
      thread.lanes.push_back(std::move(job));
      thread.ready.notify_one();
      return PushOutcome::kQueued;
    }
    alone_.push_back(std::move(job));
    // Wakes one idle thread, and marks it so that the next push wakes another.
    for (Thread& thread : threads_) {
      if (thread.idle) {
        thread.idle = false;
        thread.ready.notify_one();
        break;
      }
    }
    return PushOutcome::kQueued;
  }

  // Waits for work for thread `index`, then moves to the end of `out` either up to `max` jobs
  // of its lanes or one job of none, and says which.
  Popped Pop(std::size_t index, std::size_t max, std::vector<Job>& out) {
    std::unique_lock lock(mu_);
    Thread& thread = threads_[index];
    for (;;) {
      const bool alone_first = thread.lanes_last;
      if (alone_first && !alone_.empty()) return TakeAlone(thread, out);
      if (!thread.lanes.empty()) {
        const std::size_t n = std::min(std::max<std::size_t>(max, 1), thread.lanes.size());
        for (std::size_t i = 0; i < n; ++i) {
          out.push_back(std::move(thread.lanes.front()));
          thread.lanes.pop_front();
        }
        size_ -= n;
        thread.lanes_last = true;
        return Popped::kLane;
      }
      if (!alone_.empty()) return TakeAlone(thread, out);
      if (closed_) return Popped::kClosed;
      thread.idle = true;
      thread.ready.wait(lock);
      thread.idle = false;
    }
  }

  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (Thread& thread : threads_) thread.ready.notify_all();
  }

  std::size_t size() const {
    std::lock_guard lock(mu_);
    return size_;
  }

 private:
  struct Thread {
    std::condition_variable ready;
    std::deque<Job> lanes;    // guarded by mu_
    bool idle = false;        // waiting in Pop; guarded by mu_
    bool lanes_last = false;  // its last Pop handed out lane jobs; guarded by mu_
  };

  Popped TakeAlone(Thread& thread, std::vector<Job>& out) {
    out.push_back(std::move(alone_.front()));
    alone_.pop_front();
    --size_;
    thread.lanes_last = false;
    return Popped::kAlone;
  }

  const std::size_t max_queued_;
  mutable std::mutex mu_;
  std::vector<Thread> threads_;
  std::deque<Job> alone_;  // guarded by mu_
  std::size_t size_ = 0;   // every queued job; guarded by mu_
  bool closed_ = false;    // guarded by mu_
};

}  // namespace confide::store
