#pragma once

// How an Engine.IO server behaves: its path, heartbeat, limits and transports. The defaults
// are the reference server's (engine.io 6), so the official client needs no options.

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace confide::engineio {

struct ServerOptions {
  std::string path = "/socket.io/";
  // Every session id this server issues begins with it; a request for a session id that does
  // not is for another server's session, and is answered as for an unknown one (the client
  // then handshakes again). In a cluster: the node's name and a dot.
  std::string sid_prefix;
  std::chrono::milliseconds ping_interval{25000};
  std::chrono::milliseconds ping_timeout{20000};
  // A probe WebSocket that does not complete the upgrade in this time is closed.
  std::chrono::milliseconds upgrade_timeout{10000};
  // A session closed while no poll is pending keeps its last packets this long for the
  // next poll, then goes.
  std::chrono::milliseconds close_drain{30000};
  // Advertised to clients; larger polling bodies get 413, larger WebSocket messages close
  // the connection with 1009.
  std::size_t max_payload = 1'000'000;
  // Bytes a session may have queued and unsent (on either transport) before it is closed as
  // a slow consumer.
  std::size_t max_queued_bytes = 8 << 20;
  // Sessions open at once, in total and from one client address; a handshake beyond either
  // is refused (403, code 4). The reference server has no such limits.
  std::size_t max_sessions = 50'000;
  std::size_t max_sessions_per_address = 256;
  // What a session keeps of its handshake request for the protocol above (see Handshake):
  // these headers and query parameters, and nothing else.
  std::vector<std::string> kept_headers;
  std::vector<std::string> kept_query;
  bool allow_polling = true;
  bool allow_websocket = true;
};

}  // namespace confide::engineio
