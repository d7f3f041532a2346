// One thread of confide_load (see shard.h).

#include "shard.h"

#include <algorithm>
#include <string>

#include "clock.h"
#include "fatal.h"

namespace confide::load {
namespace {

// Set-up fails when no handshake completes for this long.
constexpr double kStallMs = 30000;
// How late after window end + drain time the drain may still end.
constexpr double kLateDrainMs = 20000;

}  // namespace

Shard::Shard(const Plan& plan, const std::vector<Endpoint>& endpoints, std::uint32_t shard,
             std::uint32_t shards, std::uint32_t handshakes_at_once)
    : handshakes_at_once_(std::max<std::uint32_t>(1, handshakes_at_once)),
      context_(plan, endpoints, std::random_device()() ^ (std::uint64_t{shard} << 32)) {
  for (auto k = shard; k < plan.clients.size(); k += shards) {
    clients_.push_back(std::make_unique<GatewaySocket>(context_, k));
  }
  for (auto l = shard; l < plan.lanes.size(); l += shards) {
    lanes_.push_back(
        std::make_unique<HttpLane>(context_, l, static_cast<std::uint32_t>(lanes_.size())));
  }
}

Shard::~Shard() {
  if (thread_.joinable()) thread_.join();
}

void Shard::Start() {
  thread_ = std::thread([this] { Run(); });
}

void Shard::Go(const Timing& timing) {
  timing_ = timing;
  go_.store(true, std::memory_order_release);
  context_.loop.Wake();
}

void Shard::CollectSends(SendResult& out) const {
  for (const auto& lane : lanes_) out.sent[lane->lane()] = lane->sent();
  out.sent_in_window += context_.sent_in_window;
  out.failures.insert(out.failures.end(), context_.failures.begin(), context_.failures.end());
  out.rest_latency.Merge(context_.rest_latency);
}

void Shard::Finish(const SendResult* sends, const FailedSends* failed,
                   const std::vector<std::uint64_t>* expected_in_room) {
  sends_ = sends;
  failed_ = failed;
  expected_ = expected_in_room;
  finish_.store(true, std::memory_order_release);
  context_.loop.Wake();
}

void Shard::Run() {
  SetUp();
  ready_.store(true, std::memory_order_release);
  while (!go_.load(std::memory_order_acquire)) context_.loop.Wait(ThreadContext::kNever);
  Send();
  sending_done_.store(true, std::memory_order_release);
  while (!finish_.load(std::memory_order_acquire)) context_.loop.Wait(ThreadContext::kNever);
  Drain();
  reported_.store(true, std::memory_order_release);
}

void Shard::SetUp() {
  const double start = NowMs();
  context_.last_progress_ms = start;
  for (auto& lane : lanes_) lane->Connect();
  std::size_t next = 0;
  while (context_.clients_ready < clients_.size() || context_.lanes_connecting > 0) {
    while (next < clients_.size() && context_.handshakes < handshakes_at_once_) {
      clients_[next++]->Start();
    }
    const double stalled = context_.last_progress_ms + kStallMs;
    context_.loop.Wait(stalled);
    if (NowMs() >= stalled) {
      Fatal("set-up stalled: no client joined for 30 s (" + std::to_string(context_.clients_ready) +
            " of " + std::to_string(clients_.size()) + " joined on this thread, " +
            std::to_string(context_.lanes_connecting) + " lanes still connecting)");
    }
  }
  connect_ms_ = NowMs() - start;
}

void Shard::Send() {
  context_.window_start = timing_.window_start;
  context_.window_end = timing_.window_end;
  context_.started = true;
  for (auto& lane : lanes_) lane->Start(timing_.begin);
  // A request still unanswered when the drain time is over fails: the run ends all the same.
  const double give_up = timing_.window_end + timing_.drain_ms;
  auto& timers = context_.timers;
  while (context_.lanes_running > 0) {
    const double now = NowMs();
    if (now >= give_up) {
      for (auto& lane : lanes_) lane->Abandon();
      break;
    }
    while (!timers.empty() && timers.top().first <= now) {
      const auto local = timers.top().second;
      timers.pop();
      lanes_[local]->Continue(now);
    }
    if (context_.lanes_running == 0) break;
    context_.loop.Wait(timers.empty() ? give_up : std::min(timers.top().first, give_up));
  }
}

void Shard::Drain() {
  context_.expected_in_room = expected_;
  std::uint32_t short_of_messages = 0;
  for (auto& client : clients_) {
    const bool incomplete = !client->Complete();
    client->set_counted_short(incomplete);
    if (incomplete) ++short_of_messages;
  }
  context_.clients_short = short_of_messages;
  // As fanout.mjs: the drain time counts from now; but the run must end within 30 s of
  // window end + drain time (the main thread's bound), whatever the lanes took to stop.
  const double until =
      std::min(NowMs() + timing_.drain_ms, timing_.window_end + timing_.drain_ms + kLateDrainMs);
  while (context_.clients_short > 0 && NowMs() < until) context_.loop.Wait(until);
  context_.finishing = true;

  DeliveryResult& r = result_;
  for (const auto& client : clients_) {
    const Recipient& recipient = client->recipient();
    r.lost += recipient.Lost(sends_->sent, *failed_);
    r.duplicates += recipient.duplicates();
    r.out_of_order += recipient.out_of_order();
    r.order_hashes.emplace_back(recipient.room(), recipient.order_hash());
  }
  std::sort(r.order_hashes.begin(), r.order_hashes.end());
  r.order_hashes.erase(std::unique(r.order_hashes.begin(), r.order_hashes.end()),
                       r.order_hashes.end());
  r.latency = context_.latency;
  r.latency_other_node = context_.latency_other_node;
  r.delivered_in_window = context_.delivered_in_window;
  r.closed = context_.unexpected_closes;
}

}  // namespace confide::load
