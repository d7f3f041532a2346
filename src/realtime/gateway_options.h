#pragma once

#include <chrono>
#include <string>

#include "core/metrics.h"
#include "core/rate_limiter.h"
#include "core/token_bucket.h"

namespace confide::realtime {

struct GatewayOptions {
  // A typing indicator nobody renews ends by itself after this long (the spec: 5 minutes).
  std::chrono::milliseconds typing_timeout{5 * 60 * 1000};
  // Client events one socket may send (a bucket of its own); unlimited by default.
  core::Rate socket_events{};
  // Client events all of a user's sockets on this node may send together (keyed by the
  // user's id); null: no limit. Must outlive the gateway.
  core::RateLimiter* user_events = nullptr;
  // Database jobs one socket's events may have in flight; more are refused.
  int max_socket_jobs = 8;
  // Count the events refused by the socket's own bucket and by its jobs in flight; null: not
  // counted. Must outlive the gateway.
  core::Counter* socket_events_refused = nullptr;
  core::Counter* socket_jobs_refused = nullptr;
  // A fault for the tests of a cluster (CONFIDE_FAULT_EXIT_BEFORE_PUBLISH=1): the process
  // exits at once when a conversation's change committed here is about to be published.
  bool exit_before_publish = false;
  // In a cluster: this process's name among the nodes (presence), unique per start.
  std::string node_id;
};

}  // namespace confide::realtime
