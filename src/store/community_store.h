#pragma once

// Communities' members and posts, as the platform keeps them in sync (the internal API).
// One implementation per backend beside it (sqlite/sqlite_community_store.h, …).
// Thread-safety: an instance belongs to the transaction of one job, on its store thread.

#include <optional>
#include <string>
#include <vector>

#include "domain/model.h"

namespace confide::store {

class CommunityStore {
 public:
  virtual ~CommunityStore() = default;

  // The membership, if `user_id` is a member of `community_id`.
  virtual std::optional<domain::CommunityMember> FindMember(const std::string& community_id,
                                                            const std::string& user_id) = 0;
  // Adds the membership; one that exists keeps its joined_at.
  virtual void UpsertMember(const domain::CommunityMember& m) = 0;
  virtual void DeleteMember(const std::string& community_id, const std::string& user_id) = 0;
  // A community's members, ordered by user id.
  virtual std::vector<domain::CommunityMember> ListMembers(const std::string& community_id,
                                                           int offset, int limit) = 0;
  virtual std::optional<domain::Post> FindPost(const std::string& post_id) = 0;
  // Adds the post or moves it to `p.community_id`; one that exists keeps its created_at.
  virtual void UpsertPost(const domain::Post& p) = 0;
  virtual void DeletePost(const std::string& post_id) = 0;
};

}  // namespace confide::store
