#include "store/postgres/pg_community_store.h"

#include <algorithm>

#include "store/postgres/pg_row_codec.h"
#include "store/postgres/pg_row_reading.h"
#include "store/postgres/pg_statements.h"

namespace confide::store::postgres {

std::optional<domain::CommunityMember> PgCommunityStore::FindMember(const std::string& community_id,
                                                                    const std::string& user_id) {
  return FirstRow(
      session_.ExecPrepared(sql::kFindCommunityMember, PgParams().Add(community_id).Add(user_id)),
      CommunityMemberFrom);
}

void PgCommunityStore::UpsertMember(const domain::CommunityMember& m) {
  RequireWritable("CommunityStore::UpsertMember");
  session_.Defer(sql::kUpsertCommunityMember, CommunityMemberParams(m));
}

void PgCommunityStore::DeleteMember(const std::string& community_id, const std::string& user_id) {
  RequireWritable("CommunityStore::DeleteMember");
  session_.Defer(sql::kDeleteCommunityMember, PgParams().Add(community_id).Add(user_id));
}

std::vector<domain::CommunityMember> PgCommunityStore::ListMembers(const std::string& community_id,
                                                                   int offset, int limit) {
  if (limit <= 0) return {};
  const PgParams params = PgParams().Add(community_id).Add(std::max(offset, 0)).Add(limit);
  return AllRows(session_.ExecPrepared(sql::kListCommunityMembers, params), CommunityMemberFrom);
}

std::optional<domain::Post> PgCommunityStore::FindPost(const std::string& post_id) {
  return FirstRow(session_.ExecPrepared(sql::kFindPost, PgParams().Add(post_id)), PostFrom);
}

void PgCommunityStore::UpsertPost(const domain::Post& p) {
  RequireWritable("CommunityStore::UpsertPost");
  session_.Defer(sql::kUpsertPost, PostParams(p));
}

void PgCommunityStore::DeletePost(const std::string& post_id) {
  RequireWritable("CommunityStore::DeletePost");
  session_.Defer(sql::kDeletePost, PgParams().Add(post_id));
}

}  // namespace confide::store::postgres
