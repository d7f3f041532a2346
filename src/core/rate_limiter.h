#pragma once

// Token buckets by key (a user's id), for limits that hold across all of a user's connections
// on this node. State is kept only for keys that acted recently: a bucket that has refilled is
// no different from a new one, so each shard forgets its full buckets when it sweeps (every
// few seconds), and never holds more than its share of `max_keys` (past it, the bucket idle
// the longest goes first).
// Thread-safety: any thread. Keys are spread over shards, each behind its own mutex, held only
// for one bucket's arithmetic: callers contend only when their keys share a shard.

#include <array>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/clock.h"
#include "core/metrics.h"
#include "core/result.h"
#include "core/token_bucket.h"

namespace confide::core {

// 429 for `what` that came too often ("messages", "events"), saying when to try again, which
// it also carries as its retry-after time.
Error TooManyRequests(std::string_view what, EpochMillis wait_ms);

class RateLimiter {
 public:
  // `refused`, if given, counts the takes refused.
  RateLimiter(Rate rate, const Clock& clock, Counter* refused = nullptr,
              std::size_t max_keys = std::size_t{1} << 20);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Takes a token from `key`'s bucket and returns 0, or takes nothing and returns the
  // milliseconds until `key` may act again.
  EpochMillis Take(std::string_view key);

  const Rate& rate() const { return rate_; }
  // Buckets held, across shards (for tests and metrics).
  std::size_t size() const;

 private:
  static constexpr std::size_t kShards = 64;

  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<std::string, TokenBucket> buckets;  // guarded by mu
    EpochMillis swept_at = 0;                              // guarded by mu
  };

  Shard& ShardOf(std::string_view key);
  // Forgets the shard's full buckets, and past its capacity the one idle the longest.
  void Sweep(Shard& shard, EpochMillis now) const;

  const Rate rate_;
  const Clock& clock_;
  Counter* const refused_;
  const std::size_t max_per_shard_;
  std::array<Shard, kShards> shards_;
};

}  // namespace confide::core
