#pragma once

// The one clock of confide_load: CLOCK_MONOTONIC in milliseconds, as a double. It is the
// clock of Node.js's process.hrtime(), so that the times fanout.mjs writes (the plan's
// window, the `go` line) and the send times carried in message contents compare directly.

#include <time.h>

namespace confide::load {

inline double NowMs() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

}  // namespace confide::load
