#pragma once

// Time as milliseconds since the Unix epoch, read through an injectable Clock so that
// token expiry, heartbeats and typing expiry are tested without sleeping.
// Thread-safety: SystemClock is safe from any thread; ManualClock is safe from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>

namespace confide::core {

using EpochMillis = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual EpochMillis NowMillis() const = 0;
};

class SystemClock final : public Clock {
 public:
  EpochMillis NowMillis() const override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
};

// A clock that moves only when told to; for tests.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(EpochMillis start) : now_(start) {}
  EpochMillis NowMillis() const override { return now_.load(); }
  void Set(EpochMillis t) { now_.store(t); }
  void Advance(EpochMillis by) { now_.fetch_add(by); }

 private:
  std::atomic<EpochMillis> now_;
};

}  // namespace confide::core
