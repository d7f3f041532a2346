#pragma once

// Prefixed, time-ordered identifiers: "msg_" + a ULID (48-bit millisecond time, 80 random
// bits, Crockford base32, 26 characters). Ids made by one generator sort in creation order,
// also within one millisecond (the random part is incremented), so they serve as cursors.
// Thread-safety: Next() may be called from any thread.

#include <array>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>

#include "core/clock.h"

namespace confide::core {

class IdGenerator {
 public:
  explicit IdGenerator(const Clock& clock) : clock_(clock) {}

  std::string Next(std::string_view prefix);

  // The millisecond time encoded in an id made by Next, or -1 if `id` is not one.
  static EpochMillis TimeOf(std::string_view id);

 private:
  const Clock& clock_;
  std::mutex mu_;
  EpochMillis last_ms_ = -1;
  std::array<std::uint8_t, 10> last_random_{};
};

}  // namespace confide::core
