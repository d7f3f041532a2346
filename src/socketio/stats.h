#pragma once

// What the Socket.IO layer counts, one block per I/O thread (so that counting a delivery
// never contends across threads), summed when read.
// Thread-safety: each block is written by its own thread; any thread may read.

#include <atomic>
#include <cstdint>

namespace confide::socketio {

struct alignas(64) ShardStats {
  std::atomic<std::int64_t> sockets{0};       // connected namespace sockets
  std::atomic<std::uint64_t> events_in{0};    // events received from clients
  std::atomic<std::uint64_t> packets_out{0};  // packets delivered to sockets (one per recipient)
};

struct StatsTotals {
  std::int64_t sockets = 0;
  std::uint64_t events_in = 0;
  std::uint64_t packets_out = 0;
};

}  // namespace confide::socketio
