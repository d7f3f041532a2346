#include "realtime/community_rooms.h"

#include <boost/json/serialize.hpp>

#include "realtime/event_reply.h"
#include "realtime/member.h"
#include "realtime/rooms.h"
#include "realtime/socket_jobs.h"

namespace confide::realtime {

void CommunityRooms::JoinCommunity(socketio::Socket& socket, socketio::Event& event) {
  auto community_id = IdField(event, "communityId");
  if (!community_id.ok()) return ReplyError(socket, event, community_id.error());
  auto& service = ctx_.service;
  auto submitted = ReadForEvent<std::monostate>(
      ctx_.db, ctx_.limits, socket,
      [&service, user_id = MemberOf(socket)->user_id,
       id = *community_id](store::Transaction& tx) -> Result<std::monostate> {
        CONFIDE_RETURN_IF_ERROR(service.communities.CanJoinCommunity(tx, user_id, id));
        return std::monostate{};
      },
      [event, id = *community_id](socketio::Socket& socket, Result<std::monostate> ok) {
        if (!ok.ok()) return ReplyError(socket, event, ok.error());
        socket.Join(CommunityRoom(id));
        socket.EmitJson("community_joined",
                        boost::json::serialize(boost::json::object{{"communityId", id}}));
        ReplyOk(socket, event, {{"communityId", id}});
      });
  if (!submitted.ok()) ReplyError(socket, event, submitted.error());
}

void CommunityRooms::JoinPost(socketio::Socket& socket, socketio::Event& event) {
  auto post_id = IdField(event, "postId");
  if (!post_id.ok()) return ReplyError(socket, event, post_id.error());
  auto& service = ctx_.service;
  auto submitted = ReadForEvent<std::monostate>(
      ctx_.db, ctx_.limits, socket,
      [&service, user_id = MemberOf(socket)->user_id,
       id = *post_id](store::Transaction& tx) -> Result<std::monostate> {
        CONFIDE_RETURN_IF_ERROR(service.communities.CanJoinPost(tx, user_id, id));
        return std::monostate{};
      },
      [event, id = *post_id](socketio::Socket& socket, Result<std::monostate> ok) {
        if (!ok.ok()) return ReplyError(socket, event, ok.error());
        socket.Join(PostRoom(id));
        socket.EmitJson("post_joined", boost::json::serialize(boost::json::object{{"postId", id}}));
        ReplyOk(socket, event, {{"postId", id}});
      });
  if (!submitted.ok()) ReplyError(socket, event, submitted.error());
}

}  // namespace confide::realtime
