#pragma once

// What every connection of one server shares: its options, routes, CORS rules, connection
// limits, metrics and whether it is shutting down. Owned by the Server, which outlives its
// connections (the limits are shared with the slots, which may outlive it).
// Thread-safety: immutable after construction except `stopping` and the metrics, which are
// atomic, and the limits, which lock; read from every I/O thread.

#include <atomic>
#include <memory>

#include "http/connection_limits.h"
#include "http/cors_policy.h"
#include "http/request_metrics.h"
#include "http/router.h"
#include "http/server_options.h"

namespace confide::http {

struct ServerContext {
  ServerContext(ServerOptions opts, std::shared_ptr<const Router> routes, core::Metrics& registry)
      : options(std::move(opts)),
        router(std::move(routes)),
        cors(options.cors_origins),
        limits(ConnectionLimits::Create({.max_total = options.max_connections,
                                         .max_per_address = options.max_connections_per_address})),
        metrics(registry, router) {}

  const ServerOptions options;
  const std::shared_ptr<const Router> router;
  const CorsPolicy cors;
  const std::shared_ptr<ConnectionLimits> limits;
  RequestMetrics metrics;
  // Set by StopAccepting: answers then carry "Connection: close".
  std::atomic<bool> stopping{false};
};

}  // namespace confide::http
