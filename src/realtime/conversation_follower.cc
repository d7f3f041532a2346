#include "realtime/conversation_follower.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "core/thread_name.h"
#include "realtime/deliver.h"
#include "realtime/delivery_plan.h"

namespace confide::realtime {
namespace {

// How often the thread looks for gaps that waited long enough.
constexpr std::chrono::milliseconds kTick{25};
// Changes waiting for one missing: beyond this many the gap is filled at once.
constexpr std::size_t kMaxPending = 1'024;
// Entries read back per query, and queries per fill (the next read goes on from there).
constexpr int kPage = 500;
constexpr int kMaxPages = 20;

}  // namespace

ConversationFollower::ConversationFollower(socketio::Namespace& nsp, store::Database& db,
                                           domain::ConversationService& conversations,
                                           FollowerOptions options)
    : nsp_(nsp), db_(db), conversations_(conversations), options_(options), thread_([this] {
        Run();
      }) {}

ConversationFollower::~ConversationFollower() { Stop(); }

void ConversationFollower::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ConversationFollower::Follow(const std::string& conversation_id, bool present) {
  std::lock_guard lock(mu_);
  if (present) {
    followed_.try_emplace(conversation_id);
    return;
  }
  const auto it = followed_.find(conversation_id);
  if (it == followed_.end()) return;
  // What waited still reaches the sockets of other rooms (the users' own), in order.
  for (auto& [seq, change] : it->second.pending) Apply(std::move(change));
  waiting_.erase(conversation_id);
  followed_.erase(it);
}

void ConversationFollower::Known(const std::string& conversation_id, std::int64_t seq) {
  std::lock_guard lock(mu_);
  const auto it = followed_.find(conversation_id);
  if (it == followed_.end() || it->second.last >= 0) return;
  it->second.last = seq;
  Drain(conversation_id, it->second);
}

void ConversationFollower::Offer(std::vector<Delivery> change) {
  if (change.empty()) return;
  std::unique_lock lock(mu_);
  const auto it = followed_.find(change.front().conversation_id);
  if (it == followed_.end()) {
    lock.unlock();
    Apply(std::move(change));
    return;
  }
  Advance(it->first, it->second, std::move(change));
}

void ConversationFollower::CatchUp() {
  {
    std::lock_guard lock(mu_);
    catch_up_ = true;
  }
  wake_.notify_all();
}

std::uint64_t ConversationFollower::replayed() const {
  std::lock_guard lock(mu_);
  return replayed_;
}

void ConversationFollower::Advance(const std::string& conversation_id, State& state,
                                   std::vector<Delivery> change) {
  const std::int64_t seq = change.front().seq;
  if (state.last >= 0 && seq <= state.last) return;  // applied already
  if (state.last >= 0 && seq == state.last + 1) {
    Apply(std::move(change));
    state.last = seq;
    Drain(conversation_id, state);
    return;
  }
  if (state.pending.empty()) {
    state.waiting_since = Clock::now();
    waiting_.insert(conversation_id);
  }
  state.pending.emplace(seq, std::move(change));
  if (state.pending.size() > kMaxPending) {
    state.waiting_since = Clock::time_point{};
    wake_.notify_all();
  }
}

void ConversationFollower::Drain(const std::string& conversation_id, State& state) {
  bool advanced = false;
  while (!state.pending.empty()) {
    const auto next = state.pending.begin();
    if (next->first > state.last + 1) break;
    if (next->first == state.last + 1) {
      Apply(std::move(next->second));
      state.last = next->first;
      advanced = true;
    }
    state.pending.erase(next);
  }
  // The wait for the next missing change starts now.
  if (advanced && !state.pending.empty()) state.waiting_since = Clock::now();
  if (state.pending.empty()) waiting_.erase(conversation_id);
}

void ConversationFollower::Apply(std::vector<Delivery> change) {
  for (auto& delivery : change) Deliver(nsp_, std::move(delivery));
}

void ConversationFollower::Run() {
  core::NameThisThread("follower");
  auto next_poll = Clock::now() + options_.poll;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    wake_.wait_for(lock, kTick, [this] { return stopping_ || catch_up_; });
    if (stopping_) break;
    const auto now = Clock::now();
    std::vector<Fill> fills;
    const std::vector<std::string> waiting(waiting_.begin(), waiting_.end());
    for (const auto& id : waiting) {
      State& state = followed_.at(id);
      if (state.pending.empty() || now - state.waiting_since < options_.patience) continue;
      if (state.last < 0) {
        // No socket said how far it knew: the first change that came starts the count.
        state.last = state.pending.begin()->first - 1;
        Drain(id, state);
        continue;
      }
      fills.push_back({id, state.last, state.pending.begin()->first - 1});
    }
    const bool catch_up = std::exchange(catch_up_, false);
    const bool poll = catch_up || now >= next_poll;
    lock.unlock();
    if (poll) {
      next_poll = now + options_.poll;
      for (auto& fill : Poll(catch_up)) fills.push_back(std::move(fill));
    }
    for (const auto& fill : fills) Replay(fill);
    lock.lock();
  }
}

std::vector<ConversationFollower::Fill> ConversationFollower::Poll(bool catch_up) {
  std::vector<std::string> ids;
  {
    std::lock_guard lock(mu_);
    for (const auto& [id, state] : followed_) {
      if (state.last >= 0) ids.push_back(id);
    }
  }
  if (ids.empty()) return {};
  auto seqs = store::ReadAndWait<std::vector<std::pair<std::string, std::int64_t>>>(
      db_,
      [&ids](store::Transaction& tx) -> Result<std::vector<std::pair<std::string, std::int64_t>>> {
        return tx.log().LastSeqs(ids);
      });
  if (!seqs.ok()) {
    spdlog::warn(R"("msg":"cluster: cannot read the followed conversations","error":"{}")",
                 seqs.error().message());
    return {};
  }
  std::vector<Fill> fills;
  std::lock_guard lock(mu_);
  for (const auto& [id, newest] : *seqs) {
    const auto it = followed_.find(id);
    if (it == followed_.end() || it->second.last < 0) continue;
    State& state = it->second;
    const std::int64_t before = state.behind;
    state.behind = newest > state.last ? newest : 0;
    if (catch_up && newest > state.last) {
      fills.push_back({id, state.last, newest});
    } else if (before > state.last) {
      // Still short of what the previous read saw: that change is not coming.
      fills.push_back({id, state.last, before});
    }
  }
  return fills;
}

void ConversationFollower::Replay(const Fill& fill) {
  std::int64_t after = fill.after;
  for (int page = 0; page < kMaxPages && after < fill.through; ++page) {
    const int limit = static_cast<int>(std::min<std::int64_t>(fill.through - after, kPage));
    auto read = store::ReadAndWait<domain::ConversationLogPage>(
        db_, [&](store::Transaction& tx) -> Result<domain::ConversationLogPage> {
          return conversations_.Replay(tx, fill.conversation_id, after, limit);
        });
    if (!read.ok()) {
      spdlog::warn(R"("msg":"cluster: cannot read a conversation's log","conversation":"{}",)"
                   R"("error":"{}")",
                   fill.conversation_id, read.error().message());
      return;
    }
    std::lock_guard lock(mu_);
    const auto it = followed_.find(fill.conversation_id);
    if (it == followed_.end()) return;
    State& state = it->second;
    bool past = false;  // the log holds a change after `through`
    for (const auto& entry : read->events) {
      auto plan = PlanReplayed(entry);
      const std::int64_t seq = plan.front().seq;
      if (seq > fill.through) {
        past = true;
        break;
      }
      after = seq;
      if (seq <= state.last) continue;
      Apply(std::move(plan));
      state.last = seq;
      ++replayed_;
    }
    if (past || !read->has_more || static_cast<int>(read->events.size()) < limit) {
      // Read through: every change up to `through` was committed (its successor was), so
      // a number the log does not hold has nothing to deliver.
      state.last = std::max(state.last, fill.through);
      Drain(fill.conversation_id, state);
      return;
    }
    Drain(fill.conversation_id, state);
  }
}

}  // namespace confide::realtime
