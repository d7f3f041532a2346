#include "core/rate_limiter.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace confide::core {
namespace {

// How often a shard looks for buckets to forget, at most.
constexpr EpochMillis kSweepEveryMs = 5'000;

}  // namespace

Error TooManyRequests(std::string_view what, EpochMillis wait_ms) {
  const EpochMillis seconds = std::max<EpochMillis>((wait_ms + 999) / 1000, 1);
  return Error(ErrorCode::kTooManyRequests, fmt::format("Too many {}: try again in {} second{}",
                                                        what, seconds, seconds == 1 ? "" : "s"))
      .WithRetryAfter(wait_ms);
}

RateLimiter::RateLimiter(Rate rate, const Clock& clock, Counter* refused, std::size_t max_keys)
    : rate_(rate),
      clock_(clock),
      refused_(refused),
      max_per_shard_(std::max<std::size_t>(max_keys / kShards, 1)) {}

RateLimiter::Shard& RateLimiter::ShardOf(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % kShards];
}

EpochMillis RateLimiter::Take(std::string_view key) {
  if (rate_.unlimited()) return 0;
  const EpochMillis now = clock_.NowMillis();
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mu);
  if (now - shard.swept_at >= kSweepEveryMs) Sweep(shard, now);
  std::string owned(key);
  auto it = shard.buckets.find(owned);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= max_per_shard_) Sweep(shard, now);
    it = shard.buckets.emplace(std::move(owned), TokenBucket(rate_, now)).first;
  }
  const EpochMillis wait = it->second.Take(rate_, now);
  if (wait > 0 && refused_ != nullptr) refused_->Add();
  return wait;
}

void RateLimiter::Sweep(Shard& shard, EpochMillis now) const {
  shard.swept_at = now;
  std::erase_if(shard.buckets, [&](const auto& entry) { return entry.second.IsFull(rate_, now); });
  if (shard.buckets.size() < max_per_shard_) return;
  const auto idlest = std::min_element(
      shard.buckets.begin(), shard.buckets.end(),
      [](const auto& a, const auto& b) { return a.second.updated() < b.second.updated(); });
  shard.buckets.erase(idlest);
}

std::size_t RateLimiter::size() const {
  std::size_t total = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard.mu);
    total += shard.buckets.size();
  }
  return total;
}

}  // namespace confide::core
