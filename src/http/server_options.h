#pragma once

// How an http::Server listens and what it tolerates; filled from core::Config by the wiring.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "http/trusted_proxies.h"

namespace confide::http {

struct ServerOptions {
  std::string host = "0.0.0.0";
  std::uint16_t port = 5000;  // 0: pick a free port
  int io_threads = 0;         // 0: core::UsableCpus(), the CPUs the process may run on
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 * 1024;
  std::vector<std::string> cors_origins;  // empty: no CORS; "*": any origin
  bool log_requests = true;
  // How long a kept-alive connection may wait for its next request.
  std::chrono::milliseconds idle_timeout{60'000};
  // How long a request's line and headers may take: from the first byte on a kept-alive
  // connection, from the accept for a connection's first request (then at most idle_timeout).
  std::chrono::milliseconds header_timeout{10'000};
  std::size_t max_connections = 0;              // 0: no cap
  std::size_t max_connections_per_address = 0;  // 0: no cap
  // Proxies whose X-Forwarded-For names the client (Exchange::RemoteAddress).
  TrustedProxies trusted_proxies;
};

}  // namespace confide::http
