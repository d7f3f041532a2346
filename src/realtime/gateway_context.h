#pragma once

// What the gateway's parts share: the namespace, the database and the service layer, the
// authenticator, the clock, the options, who is online, the limits on sockets' events and the
// way to their sockets (ChangeFanout).
// Thread-safety: the references are to objects that are themselves thread-safe (or
// immutable) and outlive the gateway.

#include "api/authenticator.h"
#include "core/clock.h"
#include "domain/messaging_service.h"
#include "realtime/change_fanout.h"
#include "realtime/cluster_presence.h"
#include "realtime/event_limits.h"
#include "realtime/gateway_options.h"
#include "realtime/presence.h"
#include "socketio/namespace.h"
#include "store/database.h"

namespace confide::realtime {

struct GatewayContext {
  socketio::Namespace& nsp;
  store::Database& db;
  domain::MessagingService& service;
  const api::Authenticator& authenticator;
  const core::Clock& clock;
  GatewayOptions options;
  Presence presence;
  EventLimits limits;
  ChangeFanout fanout;
  // In a cluster: presence across the nodes (set by the gateway once made); null on one node.
  ClusterPresence* cluster_presence = nullptr;
};

}  // namespace confide::realtime
