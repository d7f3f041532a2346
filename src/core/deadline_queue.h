#pragma once

// Many deadlines on one io_context for the price of one timer. A connection needs a few
// deadlines for its whole life (the next heartbeat, its token's expiry); an asio timer each
// costs some 120 bytes, and another ~140 for each wait in progress. Here a deadline armed is
// one node of an ordered map (~64 bytes), and a single steady_timer per io_context waits for
// the earliest of them.
//
// A Deadline is armed with a target held weakly and a plain function: when the time comes, the
// function runs on the io_context's thread with the target, if the target still lives. Arming
// again replaces the deadline; cancelling or destroying a Deadline removes it at once, so
// nothing piles up however often a deadline moves.
//
// Thread-safety: Arm and Cancel may be called from any thread, and a Deadline may be destroyed
// on any thread (not while another thread arms or cancels that same Deadline). A Deadline may
// outlive its io_context: it then never fires.

#include <boost/asio/execution_context.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <map>
#include <memory>

namespace confide::core {

class Deadline;

class DeadlineQueue : public boost::asio::execution_context::service {
 public:
  using Clock = std::chrono::steady_clock;
  static boost::asio::execution_context::id id;

  explicit DeadlineQueue(boost::asio::io_context& io);
  ~DeadlineQueue() override;

  // The queue of `io`: one per io_context, made on first use.
  static DeadlineQueue& Of(boost::asio::io_context& io);

  // Deadlines armed and not yet passed.
  std::size_t size() const;

 private:
  friend class Deadline;
  struct State;

  void shutdown() override;

  std::shared_ptr<State> state_;
  std::unique_ptr<boost::asio::steady_timer> timer_;
};

class Deadline {
 public:
  using Clock = DeadlineQueue::Clock;
  using Fire = void (*)(const std::shared_ptr<void>& target);

  Deadline() = default;
  ~Deadline() { Cancel(); }
  Deadline(const Deadline&) = delete;
  Deadline& operator=(const Deadline&) = delete;

  // From now on, `fire(target)` runs on `queue`'s thread once `after` has passed, unless the
  // deadline is armed again or cancelled first. `fire` must not throw.
  void Arm(DeadlineQueue& queue, Clock::duration after, std::weak_ptr<void> target, Fire fire);
  void Cancel();
  // Armed, and neither passed nor cancelled.
  bool armed() const;

 private:
  friend class DeadlineQueue;
  using Entries = std::multimap<Clock::time_point, Deadline*>;

  // The queue's state, from the first Arm on; the fields below are its mutex's.
  std::shared_ptr<DeadlineQueue::State> queue_;
  Entries::iterator entry_;
  std::weak_ptr<void> target_;
  Fire fire_ = nullptr;
  bool armed_ = false;
};

}  // namespace confide::core
