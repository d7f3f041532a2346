#pragma once

// How many connections `confide serve` may hold at once: every connection holds a file
// descriptor, and the process needs some for itself — the database (its file, -wal and -shm
// for the writer and each reader), the event sinks, the listener, the I/O threads' event
// queues, JWKS and webhook fetches, files the admin routes open. Running out of descriptors
// would refuse the database as readily as a client, so connections stop short of the
// open-file limit by a fixed reserve.
//
// Thread-safety: pure functions, and RaiseOpenFileLimit is for start-up (main thread).

#include <cstddef>
#include <cstdint>

namespace confide::cli {

// Descriptors kept for everything but connections.
inline constexpr std::size_t kReservedDescriptors = 256;

// Raises the soft limit on open files to the hard limit (logging it), and returns the soft
// limit in effect afterwards (0 when it cannot be read; SIZE_MAX when unlimited).
std::size_t RaiseOpenFileLimit();

// The cap on connections for `configured` (0: none asked for) under `open_file_limit`:
// the limit less kReservedDescriptors (half the limit when it is too small for the reserve),
// and never more than that whatever was configured. No open-file limit known: `configured`.
std::size_t ConnectionBudget(std::size_t configured, std::size_t open_file_limit);

}  // namespace confide::cli
