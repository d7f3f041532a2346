#pragma once

// The spec's real-time gateway, on the Socket.IO namespace "/messaging": lets sockets in
// (Admission), serves their events (ConversationRooms, CommunityRooms) through the same
// MessagingService as the REST routes, and sends every committed change to the rooms it
// concerns (ChangeFanout). Every event accepts an acknowledgement.
//
// Thread-safety: construct at start-up, before the Engine.IO server serves. Socket handlers
// run on the sockets' threads; Publish from any thread; the statistics from any thread.

#include <memory>
#include <vector>

#include "realtime/admission.h"
#include "realtime/change_fanout.h"
#include "realtime/cluster_presence.h"
#include "realtime/community_rooms.h"
#include "realtime/conversation_rooms.h"
#include "realtime/gateway_context.h"
#include "realtime/token_renewal.h"
#include "socketio/server.h"

namespace confide::realtime {

inline constexpr const char* kNamespace = "/messaging";

class Gateway {
 public:
  Gateway(socketio::Server& io, store::Database& db, domain::MessagingService& service,
          const api::Authenticator& authenticator, const core::Clock& clock, GatewayOptions options,
          DeliveryBus* bus = nullptr);
  Gateway(const Gateway&) = delete;
  Gateway& operator=(const Gateway&) = delete;

  // ServiceCalls' change listener: what a committed change raised.
  void Publish(const std::vector<domain::DomainEvent>& events) { context_.fanout.Publish(events); }
  // The internal API's events for community and post rooms.
  void Publish(const domain::RoomEvent& event) { context_.fanout.Publish(event); }

  // Stops what works on its own (in a cluster: filling what the bus lost, presence), before
  // the database stops.
  void Stop();
  std::size_t online_users() const { return context_.presence.online_users(); }
  // Across the cluster (on one node, the same as online_users).
  std::size_t users_anywhere() const { return context_.presence.users_anywhere(); }
  std::size_t rooms() const { return context_.nsp.room_count(); }

 private:
  void OnEvent(socketio::Socket& socket, socketio::Event& event);
  void OnDisconnect(socketio::Socket& socket);

  GatewayContext context_;
  TokenRenewal renewal_;
  Admission admission_;
  ConversationRooms conversations_;
  CommunityRooms communities_;
  std::unique_ptr<ClusterPresence> cluster_presence_;  // in a cluster
};

}  // namespace confide::realtime
