#include "core/deadline_queue.h"

#include <mutex>
#include <utility>
#include <vector>

namespace confide::core {

struct DeadlineQueue::State : std::enable_shared_from_this<DeadlineQueue::State> {
  std::mutex mu;
  Deadline::Entries entries;
  boost::asio::steady_timer* timer = nullptr;                // null once the io_context shuts down
  Clock::time_point waiting_for = Clock::time_point::max();  // the timer's expiry, if waiting

  // With `mu` held: the timer waits for `when` (its earlier wait, if any, ends aborted).
  void WaitFor(Clock::time_point when);
  void OnTimer(boost::system::error_code ec);
};

boost::asio::execution_context::id DeadlineQueue::id;

DeadlineQueue::DeadlineQueue(boost::asio::io_context& io)
    : boost::asio::execution_context::service(io),
      state_(std::make_shared<State>()),
      timer_(std::make_unique<boost::asio::steady_timer>(io)) {
  state_->timer = timer_.get();
}

DeadlineQueue::~DeadlineQueue() { shutdown(); }

DeadlineQueue& DeadlineQueue::Of(boost::asio::io_context& io) {
  return boost::asio::use_service<DeadlineQueue>(io);
}

std::size_t DeadlineQueue::size() const {
  std::lock_guard lock(state_->mu);
  return state_->entries.size();
}

void DeadlineQueue::shutdown() {
  std::lock_guard lock(state_->mu);
  state_->timer = nullptr;
  for (auto& [when, deadline] : state_->entries) deadline->armed_ = false;
  state_->entries.clear();
}

void DeadlineQueue::State::WaitFor(Clock::time_point when) {
  waiting_for = when;
  timer->expires_at(when);
  timer->async_wait(
      [self = shared_from_this()](boost::system::error_code ec) { self->OnTimer(ec); });
}

// Takes every deadline passed, waits for the next, then fires them, outside the lock: a fire
// may arm again.
void DeadlineQueue::State::OnTimer(boost::system::error_code ec) {
  if (ec) return;  // aborted: a wait for an earlier deadline replaced it, or the end
  std::vector<std::pair<std::weak_ptr<void>, Deadline::Fire>> due;
  {
    std::lock_guard lock(mu);
    if (timer == nullptr) return;
    waiting_for = Clock::time_point::max();
    const auto now = Clock::now();
    while (!entries.empty() && entries.begin()->first <= now) {
      Deadline* deadline = entries.begin()->second;
      deadline->armed_ = false;
      due.emplace_back(deadline->target_, deadline->fire_);
      entries.erase(entries.begin());
    }
    if (!entries.empty()) WaitFor(entries.begin()->first);
  }
  for (auto& [weak, fire] : due) {
    if (auto target = weak.lock()) fire(target);
  }
}

void Deadline::Arm(DeadlineQueue& queue, Clock::duration after, std::weak_ptr<void> target,
                   Fire fire) {
  Cancel();
  queue_ = queue.state_;
  std::lock_guard lock(queue_->mu);
  target_ = std::move(target);
  fire_ = fire;
  if (queue_->timer == nullptr) return;  // the io_context is gone: it would never fire
  const auto when = Clock::now() + after;
  entry_ = queue_->entries.emplace(when, this);
  armed_ = true;
  if (when < queue_->waiting_for) queue_->WaitFor(when);
}

void Deadline::Cancel() {
  if (queue_ == nullptr) return;
  std::lock_guard lock(queue_->mu);
  if (!armed_) return;
  queue_->entries.erase(entry_);
  armed_ = false;
}

bool Deadline::armed() const {
  if (queue_ == nullptr) return false;
  std::lock_guard lock(queue_->mu);
  return armed_;
}

}  // namespace confide::core
