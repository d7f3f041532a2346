#pragma once

// What an Engine.IO server counts, for /admin/websocket/stats and /metrics.
// Thread-safety: every member is atomic; updated from every I/O thread, read from any.

#include <atomic>
#include <cstdint>
#include <string>

namespace confide::engineio {

struct ServerStats {
  std::atomic<std::int64_t> polling_sessions{0};    // open, on long-polling
  std::atomic<std::int64_t> websocket_sessions{0};  // open, on WebSocket
  std::atomic<std::uint64_t> handshakes{0};
  std::atomic<std::uint64_t> upgrades{0};
  std::atomic<std::uint64_t> heartbeat_timeouts{0};
  std::atomic<std::uint64_t> slow_consumers{0};
  std::atomic<std::uint64_t> messages_in{0};
  std::atomic<std::uint64_t> messages_out{0};
};

// Where sessions live: a session tells it when it is over.
// Thread-safety: Remove is called on the session's own thread.
class SessionRegistry {
 public:
  virtual ~SessionRegistry() = default;
  virtual void Remove(const std::string& id) = 0;
  virtual ServerStats& stats() = 0;
};

}  // namespace confide::engineio
