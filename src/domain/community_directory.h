#pragma once

// Communities and posts as the platform's other services keep them in sync (internal API,
// administrators only): who is a member of which community, and which community each post
// belongs to. The real-time gateway asks it whether a user may join a community's or a
// post's room.
// Thread-safety: stateless between calls; each call runs on the store thread of its job.

#include <string>
#include <variant>
#include <vector>

#include "core/result.h"
#include "domain/events.h"
#include "domain/inputs.h"
#include "domain/principal.h"
#include "domain/room_event.h"
#include "domain/service_context.h"
#include "store/transaction.h"

namespace confide::domain {

// What an idempotent upsert left in place, and whether it created it.
template <class T>
struct Upserted {
  T record;
  bool created = false;
};

class CommunityDirectory {
 public:
  explicit CommunityDirectory(ServiceContext& context) : ctx_(context) {}

  // Makes an existing user a member; a member already stays as they joined. 400 for a bad id,
  // 404 for an unknown (or deleted) user.
  Result<Change<Upserted<CommunityMember>>> AddMember(store::Transaction& tx,
                                                      const std::string& community_id,
                                                      const std::string& user_id) const;
  // 404 if the user is not a member.
  Result<Change<std::monostate>> RemoveMember(store::Transaction& tx,
                                              const std::string& community_id,
                                              const std::string& user_id) const;
  // A page of the community's members, ordered by user id (empty for an unknown community).
  Result<std::vector<CommunityMember>> ListMembers(store::Transaction& tx,
                                                   const std::string& community_id,
                                                   const PageRequest& page) const;
  // Records the post in the community, or moves it there; 400 for a bad id.
  Result<Change<Upserted<Post>>> UpsertPost(store::Transaction& tx, const std::string& post_id,
                                            const std::string& community_id) const;
  // 404 for an unknown post.
  Result<Change<std::monostate>> RemovePost(store::Transaction& tx,
                                            const std::string& post_id) const;

  // join_community: ok for a member, 400 for a bad id, 403 otherwise; a community nobody
  // belongs to is no different from one the user does not belong to. By id: a socket keeps
  // only its user's id once it is authenticated.
  Status CanJoinCommunity(store::Transaction& tx, const std::string& user_id,
                          const std::string& community_id) const;
  // join_post: 400 for a bad id, 404 for an unknown post, 403 unless the user is a member
  // of its community.
  Status CanJoinPost(store::Transaction& tx, const std::string& user_id,
                     const std::string& post_id) const;

  // An event for a room, before it is published: 400 for a bad id or event name (1-64
  // characters of A-Z a-z 0-9 _ : . -, not one of Socket.IO's reserved names), 404 for a post
  // that does not exist. Any community id that is a valid id is a room.
  Status CheckRoomEvent(store::Transaction& tx, const RoomEvent& event) const;

 private:
  ServiceContext& ctx_;
};

}  // namespace confide::domain
