#pragma once

// A token bucket: an action may be repeated `burst` times at once, then `per_second` times a
// second on average. The caller gives the time (a Clock's NowMillis), so that tests move it
// without sleeping.
// Thread-safety: none; a bucket has one owner (a socket on its thread, or a RateLimiter's
// shard under its lock).

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace confide::core {

// How often an action may be repeated. A rate of 0 per second is no limit at all.
struct Rate {
  double per_second = 0;
  double burst = 0;

  bool unlimited() const { return per_second <= 0; }
  // "10,30" (per second, burst), "0" for no limit: how the options write it.
  std::string ToString() const;
};

// "PER_SECOND,BURST" with PER_SECOND > 0 and BURST >= 1, or "0" (no limit). Fractions are
// allowed ("0.5,5": one every two seconds, five at once).
std::optional<Rate> ParseRate(std::string_view text);

class TokenBucket {
 public:
  // A full bucket: `rate.burst` actions may happen at once from `now`.
  TokenBucket(const Rate& rate, EpochMillis now) : tokens_(rate.burst), updated_(now) {}
  // A bucket last used at the epoch: full at its first Take, whatever the rate.
  TokenBucket() : tokens_(0), updated_(0) {}

  // Takes a token and returns 0 if there is one by `now`; otherwise takes nothing and returns
  // how many milliseconds (at least 1) until there is one.
  EpochMillis Take(const Rate& rate, EpochMillis now);

  // True when the bucket has refilled to its burst by `now`: it is then no different from a
  // new one and may be forgotten.
  bool IsFull(const Rate& rate, EpochMillis now) const;

  EpochMillis updated() const { return updated_; }

 private:
  double TokensAt(const Rate& rate, EpochMillis now) const;

  double tokens_;
  EpochMillis updated_;
};

}  // namespace confide::core
