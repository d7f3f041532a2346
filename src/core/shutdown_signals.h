#pragma once

// SIGINT and SIGTERM taken synchronously by the main thread: blocked before any thread
// starts (every thread inherits the mask, so no other thread is interrupted by them), then
// waited for.
// Thread-safety: for the main thread, at start-up and at the end.

#include <signal.h>

namespace confide::core {

class ShutdownSignals {
 public:
  // Blocks SIGINT and SIGTERM in the calling thread and in every thread it starts after.
  ShutdownSignals();
  // Waits for one of them and returns its number.
  int Wait() const;

 private:
  sigset_t set_;
};

}  // namespace confide::core
