#pragma once

// What every connection of one server shares: its options, routes, CORS rules, metrics and
// whether it is shutting down. Owned by the Server, which outlives its connections.
// Thread-safety: immutable after construction except `stopping` and the metrics, which are
// atomic; read from every I/O thread.

#include <atomic>
#include <memory>

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
        metrics(registry, router) {}

  const ServerOptions options;
  const std::shared_ptr<const Router> router;
  const CorsPolicy cors;
  RequestMetrics metrics;
  // Set by StopAccepting: answers then carry "Connection: close".
  std::atomic<bool> stopping{false};
};

}  // namespace confide::http
