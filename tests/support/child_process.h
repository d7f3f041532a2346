#pragma once

// Waiting for the servers that tests run as child processes.
// Thread-safety: free functions.

#include <sys/types.h>

#include <chrono>

namespace confide::testing {

// Waits up to `limit` for the child `pid` to exit, and reaps it; true when it did (or is
// no child of ours any more).
bool Reap(pid_t pid, std::chrono::steady_clock::duration limit);

}  // namespace confide::testing
