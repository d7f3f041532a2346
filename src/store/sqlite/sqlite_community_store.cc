#include "store/sqlite/sqlite_community_store.h"

#include "store/sqlite/row_codec.h"
#include "store/sqlite/row_reading.h"
#include "store/sqlite/transaction_sql.h"

namespace confide::store::sqlite {

std::optional<domain::CommunityMember> SqliteCommunityStore::FindMember(
    const std::string& community_id, const std::string& user_id) {
  auto s = connection_.Prepare(sql::kFindCommunityMember);
  s->Bind(1, community_id);
  s->Bind(2, user_id);
  return FirstRow(s, CommunityMemberFrom);
}

void SqliteCommunityStore::UpsertMember(const domain::CommunityMember& m) {
  RequireWritable("CommunityStore::UpsertMember");
  auto s = connection_.Prepare(sql::kUpsertCommunityMember);
  BindCommunityMember(*s, m);
  s->Run();
}

void SqliteCommunityStore::DeleteMember(const std::string& community_id,
                                        const std::string& user_id) {
  RequireWritable("CommunityStore::DeleteMember");
  auto s = connection_.Prepare(sql::kDeleteCommunityMember);
  s->Bind(1, community_id);
  s->Bind(2, user_id);
  s->Run();
}

std::vector<domain::CommunityMember> SqliteCommunityStore::ListMembers(
    const std::string& community_id, int offset, int limit) {
  if (limit <= 0) return {};
  auto s = connection_.Prepare(sql::kListCommunityMembers);
  s->Bind(1, community_id);
  s->Bind(2, std::max(offset, 0));
  s->Bind(3, limit);
  return AllRows(s, CommunityMemberFrom);
}

std::optional<domain::Post> SqliteCommunityStore::FindPost(const std::string& post_id) {
  auto s = connection_.Prepare(sql::kFindPost);
  s->Bind(1, post_id);
  return FirstRow(s, PostFrom);
}

void SqliteCommunityStore::UpsertPost(const domain::Post& p) {
  RequireWritable("CommunityStore::UpsertPost");
  auto s = connection_.Prepare(sql::kUpsertPost);
  BindPost(*s, p);
  s->Run();
}

void SqliteCommunityStore::DeletePost(const std::string& post_id) {
  RequireWritable("CommunityStore::DeletePost");
  auto s = connection_.Prepare(sql::kDeletePost);
  s->Bind(1, post_id);
  s->Run();
}

}  // namespace confide::store::sqlite
