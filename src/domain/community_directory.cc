#include "domain/community_directory.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "domain/validation.h"

namespace confide::domain {
namespace {

constexpr std::size_t kMaxEventNameLength = 64;

// Names Socket.IO itself uses on a socket; a client could not tell them from the library's.
// The same list as socketio::IsReservedEventName, which the domain does not depend on.
constexpr std::array<std::string_view, 6> kReservedEventNames = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};

bool IsEventNameCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == ':' || c == '.' || c == '-';
}

void CheckEventName(Problems& problems, std::string_view name) {
  if (name.empty() || name.size() > kMaxEventNameLength ||
      !std::all_of(name.begin(), name.end(), IsEventNameCharacter)) {
    problems.push_back("event must be 1 to 64 characters of letters, digits, _ : . or -");
  } else if (std::find(kReservedEventNames.begin(), kReservedEventNames.end(), name) !=
             kReservedEventNames.end()) {
    problems.push_back("event must not be a name Socket.IO reserves");
  }
}

Status CheckIds(std::string_view community_field, std::string_view community_id,
                std::string_view other_field, std::string_view other_id) {
  Problems problems;
  CheckId(problems, community_field, community_id);
  CheckId(problems, other_field, other_id);
  return ToStatus(std::move(problems));
}

Status CheckOneId(std::string_view field, std::string_view id) {
  Problems problems;
  CheckId(problems, field, id);
  return ToStatus(std::move(problems));
}

Status NotAMember() { return Error::Forbidden("You are not a member of this community"); }

}  // namespace

Result<Change<Upserted<CommunityMember>>> CommunityDirectory::AddMember(
    store::Transaction& tx, const std::string& community_id, const std::string& user_id) const {
  CONFIDE_RETURN_IF_ERROR(CheckIds("communityId", community_id, "userId", user_id));
  auto user = tx.users().Find(user_id);
  if (!user || user->deleted_at) return Error::NotFound("User not found");
  Change<Upserted<CommunityMember>> change;
  if (auto current = tx.communities().FindMember(community_id, user_id)) {
    change.value = {std::move(*current), false};
    return change;
  }
  CommunityMember member{.community_id = community_id, .user_id = user_id, .joined_at = ctx_.Now()};
  tx.communities().UpsertMember(member);
  change.value = {member, true};
  ctx_.Raise(tx, change, CommunityMemberAdded{std::move(member)});
  return change;
}

Result<Change<std::monostate>> CommunityDirectory::RemoveMember(store::Transaction& tx,
                                                                const std::string& community_id,
                                                                const std::string& user_id) const {
  if (!tx.communities().FindMember(community_id, user_id)) {
    return Error::NotFound("User is not a member of this community");
  }
  tx.communities().DeleteMember(community_id, user_id);
  Change<std::monostate> change;
  ctx_.Raise(tx, change, CommunityMemberRemoved{community_id, user_id, ctx_.Now()});
  return change;
}

Result<std::vector<CommunityMember>> CommunityDirectory::ListMembers(
    store::Transaction& tx, const std::string& community_id, const PageRequest& page) const {
  CONFIDE_RETURN_IF_ERROR(CheckPage(page));
  return tx.communities().ListMembers(community_id, (page.page - 1) * page.limit, page.limit);
}

Result<Change<Upserted<Post>>> CommunityDirectory::UpsertPost(
    store::Transaction& tx, const std::string& post_id, const std::string& community_id) const {
  CONFIDE_RETURN_IF_ERROR(CheckIds("communityId", community_id, "postId", post_id));
  auto current = tx.communities().FindPost(post_id);
  Change<Upserted<Post>> change;
  if (current && current->community_id == community_id) {
    change.value = {std::move(*current), false};
    return change;
  }
  PostUpserted event;
  if (current) event.previous_community_id = current->community_id;
  Post post = current.value_or(Post{.id = post_id, .created_at = ctx_.Now()});
  post.community_id = community_id;
  tx.communities().UpsertPost(post);
  change.value = {post, !current.has_value()};
  event.post = std::move(post);
  ctx_.Raise(tx, change, std::move(event));
  return change;
}

Result<Change<std::monostate>> CommunityDirectory::RemovePost(store::Transaction& tx,
                                                              const std::string& post_id) const {
  auto post = tx.communities().FindPost(post_id);
  if (!post) return Error::NotFound("Post not found");
  tx.communities().DeletePost(post_id);
  Change<std::monostate> change;
  ctx_.Raise(tx, change, PostRemoved{post_id, std::move(post->community_id), ctx_.Now()});
  return change;
}

Status CommunityDirectory::CanJoinCommunity(store::Transaction& tx, const std::string& user_id,
                                            const std::string& community_id) const {
  CONFIDE_RETURN_IF_ERROR(CheckOneId("communityId", community_id));
  if (!tx.communities().FindMember(community_id, user_id)) return NotAMember();
  return Status::Ok();
}

Status CommunityDirectory::CanJoinPost(store::Transaction& tx, const std::string& user_id,
                                       const std::string& post_id) const {
  CONFIDE_RETURN_IF_ERROR(CheckOneId("postId", post_id));
  auto post = tx.communities().FindPost(post_id);
  if (!post) return Error::NotFound("Post not found");
  if (!tx.communities().FindMember(post->community_id, user_id)) return NotAMember();
  return Status::Ok();
}

Status CommunityDirectory::CheckRoomEvent(store::Transaction& tx, const RoomEvent& event) const {
  const bool to_post = event.kind == RoomEvent::Kind::kPost;
  Problems problems;
  CheckId(problems, to_post ? "postId" : "communityId", event.id);
  CheckEventName(problems, event.event);
  CONFIDE_RETURN_IF_ERROR(ToStatus(std::move(problems)));
  if (to_post && !tx.communities().FindPost(event.id)) return Error::NotFound("Post not found");
  return Status::Ok();
}

}  // namespace confide::domain
