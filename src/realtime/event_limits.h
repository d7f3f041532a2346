#pragma once

// What a socket may ask of the gateway before it is told to slow down (RATE_LIMITED, with
// retryAfterMs when a wait will do): its client events, by a token bucket of its own and one
// of its user's that all the user's sockets on this node share (so that more sockets bring no
// more), and its database jobs in flight. Every event is counted, whatever it is; one refused
// is answered without being run.
// Thread-safety: on the socket's thread (the per-user buckets are themselves thread-safe).

#include <utility>

#include "core/clock.h"
#include "core/result.h"
#include "realtime/gateway_options.h"
#include "realtime/member.h"

namespace confide::realtime {

class EventLimits {
 public:
  EventLimits(GatewayOptions options, const core::Clock& clock)
      : options_(std::move(options)), clock_(clock) {}

  // Ok, taking a token from the socket's bucket and its user's; or RATE_LIMITED.
  Status AdmitEvent(Member& member) const;
  // Ok, or RATE_LIMITED when the socket's events have max_socket_jobs database jobs in flight.
  Status AdmitJob(const Member& member) const;

 private:
  const GatewayOptions options_;
  const core::Clock& clock_;
};

}  // namespace confide::realtime
