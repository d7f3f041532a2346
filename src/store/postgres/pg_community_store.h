#pragma once

// store::CommunityStore on PostgreSQL: communities' members and posts. Its statements are in
// pg_statements.h.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include "store/community_store.h"
#include "store/postgres/pg_store_base.h"

namespace confide::store::postgres {

class PgCommunityStore final : public CommunityStore, private PgStoreBase {
 public:
  using PgStoreBase::PgStoreBase;

  std::optional<domain::CommunityMember> FindMember(const std::string& community_id,
                                                    const std::string& user_id) override;
  void UpsertMember(const domain::CommunityMember& m) override;
  void DeleteMember(const std::string& community_id, const std::string& user_id) override;
  std::vector<domain::CommunityMember> ListMembers(const std::string& community_id, int offset,
                                                   int limit) override;
  std::optional<domain::Post> FindPost(const std::string& post_id) override;
  void UpsertPost(const domain::Post& p) override;
  void DeletePost(const std::string& post_id) override;
};

}  // namespace confide::store::postgres
