#include "events/sink_worker.h"

#include <spdlog/spdlog.h>

#include <random>

#include "core/logging.h"
#include "core/thread_name.h"

namespace confide::events {
namespace {

using store::ReadAndWait;
using store::WriteAndWait;

struct Batch {
  std::vector<OutboxEvent> events;
  std::int64_t head = 0;
};

// Up to `limit` events after `after`, with the newest seq of the outbox.
Result<Batch> ReadBatch(store::Database& db, std::int64_t after, int limit) {
  return ReadAndWait<Batch>(db, [after, limit](store::Transaction& tx) -> Result<Batch> {
    Batch batch;
    auto records = tx.outbox().After(after, limit);
    batch.events.reserve(records.size());
    for (auto& r : records) batch.events.push_back(FromRecord(std::move(r)));
    batch.head = tx.outbox().LastSeq();
    return batch;
  });
}

// A wait between `d / 2` and `d`, so that workers failing together do not retry together.
std::chrono::milliseconds Jittered(std::chrono::milliseconds d) {
  thread_local std::minstd_rand random{std::random_device{}()};
  const auto half = std::max<std::int64_t>(1, d.count() / 2);
  return std::chrono::milliseconds(half + static_cast<std::int64_t>(random() % half));
}

}  // namespace

SinkWorker::SinkWorker(std::string name, std::unique_ptr<Sink> sink, store::Database& db,
                       const core::Clock& clock, SinkWorkerOptions options, core::Metrics* metrics,
                       const std::atomic<std::uint64_t>* lease)
    : name_(std::move(name)),
      sink_(std::move(sink)),
      db_(db),
      clock_(clock),
      options_(options),
      lease_(lease) {
  if (metrics != nullptr) {
    const core::Labels labels{{"sink", name_}};
    delivered_metric_ = &metrics->GetCounter("confide_events_delivered_total",
                                             "Events delivered to the sink", labels);
    error_metric_ = &metrics->GetCounter("confide_events_errors_total",
                                         "Failed deliveries to the sink (each retried)", labels);
    metrics->AddGauge(
        "confide_events_lag", "Events committed but not yet delivered to the sink",
        [this] { return static_cast<double>(std::max<std::int64_t>(0, head() - position())); },
        labels);
    metrics->AddGauge(
        "confide_events_position", "Seq of the last event delivered to the sink",
        [this] { return static_cast<double>(position()); }, labels);
  }
}

SinkWorker::~SinkWorker() { Stop(); }

void SinkWorker::Start() {
  thread_ = std::thread([this] { Run(); });
}

void SinkWorker::Wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_one();
}

void SinkWorker::Stop() {
  std::call_once(stopped_, [this] {
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
    }
    cv_.notify_one();
    sink_->Cancel();
    if (thread_.joinable()) thread_.join();
  });
}

bool SinkWorker::Pause(std::chrono::milliseconds d, bool wakeable) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, d, [&] { return stopping_ || (wakeable && woken_); });
  if (wakeable) woken_ = false;
  return !stopping_;
}

void SinkWorker::Fail(const Status& status) {
  error_count_.fetch_add(1);
  if (error_metric_ != nullptr) error_metric_->Add();
  ++failures_in_a_row_;
  backoff_ =
      backoff_.count() == 0 ? options_.backoff_min : std::min(backoff_ * 2, options_.backoff_max);
  // The first failure and then one in ten, so that a sink down for hours does not flood the
  // log; the position and the count of errors are in /metrics all along.
  if (failures_in_a_row_ == 1 || failures_in_a_row_ % 10 == 0) {
    spdlog::warn(R"("msg":"event sink failed","sink":{},"position":{},"failures":{},"error":{},)"
                 R"("detail":{})",
                 core::JsonQuote(name_), position(), failures_in_a_row_,
                 core::JsonQuote(status.ok() ? "" : status.error().message()),
                 core::JsonQuote(status.ok() ? "" : status.error().detail()));
  }
}

Status SinkWorker::SavePosition() {
  const std::int64_t seq = position_.load();
  if (seq == saved_position_) return Status::Ok();
  if (auto synced = sink_->Sync(); !synced.ok()) {
    // What the sink took since the last store may not have lasted: deliver it again, after
    // what the sink reports it holds (Resync).
    position_.store(std::max<std::int64_t>(0, saved_position_));
    return synced;
  }
  auto saved = WriteAndWait<bool>(db_, [this, seq](store::Transaction& tx) -> Result<bool> {
    tx.outbox().SaveSinkPosition(name_, seq, clock_.NowMillis());
    return true;
  });
  if (!saved.ok()) return saved.error();
  saved_position_ = seq;
  saved_at_ = std::chrono::steady_clock::now();
  stored_position_.store(seq);
  return Status::Ok();
}

bool SinkWorker::StorePosition(bool now) {
  if (!now && saved_at_ && std::chrono::steady_clock::now() - *saved_at_ < options_.save_every) {
    return true;
  }
  if (auto saved = SavePosition(); !saved.ok()) {
    Fail(saved);
    return false;
  }
  return true;
}

bool SinkWorker::Resync() {
  auto stored = ReadAndWait<std::optional<std::int64_t>>(
      db_, [this](store::Transaction& tx) -> Result<std::optional<std::int64_t>> {
        return tx.outbox().SinkPosition(name_);
      });
  if (!stored.ok()) {
    Fail(stored.error());
    return false;
  }
  auto held = sink_->LastDelivered();
  if (!held.ok()) {
    Fail(held.error());
    return false;
  }
  const std::int64_t from_db = stored->value_or(0);
  saved_position_ = stored->has_value() ? from_db : -1;
  stored_position_.store(from_db);
  position_.store(std::max({position_.load(), from_db, held->value_or(0)}));
  return true;
}

void SinkWorker::Run() {
  core::NameThisThread("sink-" + name_);
  bool synced = false;
  std::uint64_t synced_under = 0;  // the lease generation the position was read under
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
    }
    const std::uint64_t generation = lease_ != nullptr ? lease_->load() : 1;
    if (generation == 0) {  // another process delivers
      if (!Pause(options_.idle_poll, true)) break;
      continue;
    }
    if (generation != synced_under) synced = false;
    if (!synced) {
      synced = Resync();
      synced_under = generation;
      if (!synced) {
        if (!Pause(Jittered(backoff_), false)) break;
        continue;
      }
    }
    auto batch = ReadBatch(db_, position_.load(), options_.batch_size);
    if (!batch.ok()) {
      Fail(batch.error());
      if (!Pause(Jittered(backoff_), false)) break;
      continue;
    }
    head_.store(std::max(head_.load(), batch->head));
    if (batch->events.empty()) {
      // Caught up: the position is stored now rather than when it would be due.
      if (!StorePosition(true)) {
        synced = false;
        if (!Pause(Jittered(backoff_), false)) break;
        continue;
      }
      if (!Pause(options_.idle_poll, true)) break;
      continue;
    }
    const auto delivery = sink_->Deliver(batch->events);
    const auto n = std::min(delivery.delivered, batch->events.size());
    if (n > 0) {
      position_.store(batch->events[n - 1].seq);
      delivered_count_.fetch_add(n);
      if (delivered_metric_ != nullptr) delivered_metric_->Add(n);
      if (!StorePosition(false)) {
        synced = false;  // what the sink holds durably may be behind what it took
        if (!Pause(Jittered(backoff_), false)) break;
        continue;
      }
    }
    if (!delivery.status.ok() || n < batch->events.size()) {
      Fail(delivery.status.ok() ? Status(Error::Internal("the sink took part of a batch"))
                                : delivery.status);
      // What the sink holds now may be ahead of what it reported: ask it again.
      synced = false;
      if (!Pause(Jittered(backoff_), false)) break;
      continue;
    }
    if (failures_in_a_row_ > 0) {
      spdlog::info(R"("msg":"event sink recovered","sink":{},"position":{})",
                   core::JsonQuote(name_), position());
    }
    failures_in_a_row_ = 0;
    backoff_ = std::chrono::milliseconds(0);
    if (batch->events.size() < static_cast<std::size_t>(options_.batch_size)) {
      // The batch held everything there was when it was read: what commits later wakes the
      // worker (or the poll finds it), so it does not read again at once only to find nothing.
      // The poll also stores the position once it comes back empty.
      if (!Pause(options_.idle_poll, true)) break;
    }
  }
  // Unless another process delivers now: its position is newer than this one.
  if (lease_ == nullptr || lease_->load() != 0) (void)SavePosition();
}

}  // namespace confide::events
