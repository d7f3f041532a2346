#pragma once

// The community events of the spec's gateway: join_community {communityId} and join_post
// {postId}, allowed by the community memberships and post records the platform's other
// services keep (see the internal API); the socket joins the room and gets community_joined
// {communityId} or post_joined {postId}. Events published into those rooms by the internal
// API then reach it.
// Thread-safety: every method runs on the socket's thread.

#include "realtime/gateway_context.h"
#include "socketio/event.h"

namespace confide::realtime {

class CommunityRooms {
 public:
  explicit CommunityRooms(GatewayContext& context) : ctx_(context) {}

  void JoinCommunity(socketio::Socket& socket, socketio::Event& event);
  void JoinPost(socketio::Socket& socket, socketio::Event& event);

 private:
  GatewayContext& ctx_;
};

}  // namespace confide::realtime
