#pragma once

// When the writer keeps a batch's transaction open a little longer, for jobs about to arrive.
//
// Every commit costs the same whatever it holds: an fsync, and the pages that every job
// touches (the end of the messages table and of the outbox, the search index's new segment,
// the sequences) written once. When jobs come faster than one per window, waiting up to the
// window before COMMIT lets the next ones share it. When they do not, waiting only delays:
// a lone client that waits for each answer before its next request never sends during the
// window, and a quiet server has nothing to wait for. So the writer waits only while waiting
// has paid: it starts when a batch finds several jobs queued (they are arriving together),
// keeps on while each wait brings at least one more job, and stops at the first wait that
// brings none, or when the writer has been idle longer than a window.
//
// Thread-safety: none; the writer thread's own.

#include <chrono>
#include <cstddef>
#include <optional>

namespace confide::store::sqlite {

class CommitWindow {
 public:
  using Clock = std::chrono::steady_clock;

  // A window of zero never waits.
  explicit CommitWindow(std::chrono::microseconds window) : window_(window) {}

  // `taken` jobs were taken from the queue at `now`: until when to wait for more before
  // committing them, or nullopt to commit at once.
  std::optional<Clock::time_point> WaitUntil(std::size_t taken, Clock::time_point now);
  // The wait ended having brought `more` jobs.
  void Waited(std::size_t more);
  // A commit ended at `now`.
  void Committed(Clock::time_point now) { last_commit_ = now; }

 private:
  const std::chrono::microseconds window_;
  bool waiting_pays_ = false;
  std::optional<Clock::time_point> last_commit_;
};

}  // namespace confide::store::sqlite
