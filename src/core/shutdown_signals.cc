#include "core/shutdown_signals.h"

#include <pthread.h>

namespace confide::core {

ShutdownSignals::ShutdownSignals() {
  sigemptyset(&set_);
  sigaddset(&set_, SIGINT);
  sigaddset(&set_, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set_, nullptr);
}

int ShutdownSignals::Wait() const {
  int signal = 0;
  sigwait(&set_, &signal);
  return signal;
}

}  // namespace confide::core
