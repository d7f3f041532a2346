#include "events/relay.h"

#include <spdlog/spdlog.h>

#include <limits>

#include "core/logging.h"
#include "core/thread_name.h"

namespace confide::events {

Relay::Relay(store::Database& db, const core::Clock& clock, RetentionOptions retention,
             core::Metrics* metrics)
    : db_(db), clock_(clock), retention_(retention), metrics_(metrics) {
  if (metrics_ != nullptr) {
    pruned_metric_ = &metrics_->GetCounter("confide_events_pruned_total",
                                           "Delivered events deleted from the outbox");
  }
}

Relay::~Relay() { Stop(); }

void Relay::AddSink(std::string name, std::unique_ptr<Sink> sink, SinkWorkerOptions options) {
  workers_.push_back(std::make_unique<SinkWorker>(std::move(name), std::move(sink), db_, clock_,
                                                  options, metrics_, &lease_generation_));
}

void Relay::Start() {
  coordinator_ = std::thread([this] { RunCoordinator(); });
  for (auto& w : workers_) w->Start();
  pruning_ = std::thread([this] { RunPruning(); });
}

void Relay::Wake() {
  if (db_.OutboxNeedsSettling()) {
    {
      std::lock_guard lock(mu_);
      settle_wanted_ = true;
    }
    cv_.notify_all();
    return;  // the workers are woken once there is something new to read
  }
  for (auto& w : workers_) w->Wake();
}

void Relay::Stop() {
  std::call_once(stopped_, [this] {
    for (auto& w : workers_) w->Stop();
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (pruning_.joinable()) pruning_.join();
    if (coordinator_.joinable()) coordinator_.join();
    lease_.reset();
  });
}

void Relay::RunCoordinator() {
  core::NameThisThread("relay");
  using std::chrono::steady_clock;
  constexpr auto kLeaseCheck = std::chrono::seconds(1);
  constexpr auto kSettleEvery = std::chrono::milliseconds(200);
  std::uint64_t taken = 0;
  auto checked = steady_clock::now();
  // Trying for the lease opens a database session: once per kLeaseCheck, however often the
  // changes wake this thread.
  auto tried = steady_clock::now() - kLeaseCheck;
  std::unique_lock lock(mu_);
  while (!stopping_) {
    settle_wanted_ = false;
    lock.unlock();
    const auto now = steady_clock::now();
    if (lease_ && now - checked >= kLeaseCheck) {
      checked = now;
      if (!lease_->Held()) {
        lease_generation_.store(0);
        lease_.reset();
        spdlog::warn(R"("msg":"outbox relay lease lost: delivery stops here")");
      }
    }
    if (!lease_ && now - tried >= kLeaseCheck) {
      tried = now;
      if ((lease_ = db_.TryLease(store::LeaseKind::kOutboxRelay))) {
        checked = steady_clock::now();
        lease_generation_.store(++taken);
        spdlog::info(R"("msg":"outbox relay lease taken: this process delivers the events")");
        for (auto& w : workers_) w->Wake();
      }
    }
    const bool settling = lease_ && db_.OutboxNeedsSettling();
    if (settling && SettleAll()) {
      for (auto& w : workers_) w->Wake();
    }
    lock.lock();
    cv_.wait_for(lock, settling ? std::chrono::milliseconds(kSettleEvery) : kLeaseCheck,
                 [this] { return stopping_ || settle_wanted_; });
  }
}

bool Relay::SettleAll() {
  constexpr int kChunk = 1'000;
  bool any = false;
  while (true) {
    auto settled = store::WriteAndWait<std::int64_t>(
        db_,
        [](store::Transaction& tx) -> Result<std::int64_t> { return tx.outbox().Settle(kChunk); });
    if (!settled.ok()) {
      spdlog::warn(R"("msg":"cannot settle the outbox","error":{},"detail":{})",
                   core::JsonQuote(settled.error().message()),
                   core::JsonQuote(settled.error().detail()));
      return any;
    }
    any = any || *settled > 0;
    if (*settled < kChunk) return any;
  }
}

std::int64_t Relay::PruneOnce() {
  if (!leased()) return 0;  // the holder's positions are the ones that count
  // What every sink has delivered; with no sink configured, everything.
  std::int64_t up_to = std::numeric_limits<std::int64_t>::max();
  for (const auto& w : workers_) up_to = std::min(up_to, w->stored_position());
  const core::EpochMillis before = clock_.NowMillis() - retention_.age.count();
  const int chunk = retention_.chunk;
  std::int64_t total = 0;
  while (true) {
    auto pruned = store::WriteAndWait<std::int64_t>(
        db_, [up_to, before, chunk](store::Transaction& tx) -> Result<std::int64_t> {
          // The oldest events first, a chunk at a time.
          auto oldest = tx.outbox().After(0, 1);
          if (oldest.empty()) return std::int64_t{0};
          const std::int64_t limit = std::min(up_to, oldest.front().seq + chunk - 1);
          return tx.outbox().Prune(limit, before);
        });
    if (!pruned.ok()) {
      spdlog::warn(R"("msg":"cannot prune the outbox","error":{},"detail":{})",
                   core::JsonQuote(pruned.error().message()),
                   core::JsonQuote(pruned.error().detail()));
      break;
    }
    total += *pruned;
    if (*pruned < chunk) break;
    std::lock_guard lock(mu_);
    if (stopping_) break;
  }
  if (pruned_metric_ != nullptr && total > 0)
    pruned_metric_->Add(static_cast<std::uint64_t>(total));
  return total;
}

void Relay::RunPruning() {
  core::NameThisThread("relay-prune");
  std::unique_lock lock(mu_);
  while (!stopping_) {
    if (cv_.wait_for(lock, retention_.interval, [this] { return stopping_; })) break;
    lock.unlock();
    PruneOnce();
    lock.lock();
  }
}

}  // namespace confide::events
