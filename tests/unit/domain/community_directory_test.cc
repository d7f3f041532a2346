#include "domain/community_directory.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/service_fixture.h"

namespace confide::domain {
namespace {

using store::Transaction;

class CommunityDirectoryTest : public testing::ServiceFixture {
 protected:
  Result<Change<Upserted<CommunityMember>>> Add(const std::string& community,
                                                const std::string& user) {
    return Write<Change<Upserted<CommunityMember>>>(
        [&](Transaction& tx) { return service_.communities.AddMember(tx, community, user); });
  }
  Result<Change<std::monostate>> Remove(const std::string& community, const std::string& user) {
    return Write<Change<std::monostate>>(
        [&](Transaction& tx) { return service_.communities.RemoveMember(tx, community, user); });
  }
  Result<Change<Upserted<Post>>> Upsert(const std::string& post, const std::string& community) {
    return Write<Change<Upserted<Post>>>(
        [&](Transaction& tx) { return service_.communities.UpsertPost(tx, post, community); });
  }
  Result<Change<std::monostate>> RemovePost(const std::string& post) {
    return Write<Change<std::monostate>>(
        [&](Transaction& tx) { return service_.communities.RemovePost(tx, post); });
  }
  Result<std::vector<CommunityMember>> List(const std::string& community, PageRequest page) {
    return Read<std::vector<CommunityMember>>(
        [&](Transaction& tx) { return service_.communities.ListMembers(tx, community, page); });
  }
  // A Status-returning check, run in a read job.
  Status Check(std::function<Status(Transaction&)> check) {
    auto result = Read<std::monostate>([&](Transaction& tx) -> Result<std::monostate> {
      CONFIDE_RETURN_IF_ERROR(check(tx));
      return std::monostate{};
    });
    if (!result.ok()) return result.error();
    return Status::Ok();
  }
  Status JoinCommunity(const Principal& who, const std::string& community) {
    return Check([&](Transaction& tx) {
      return service_.communities.CanJoinCommunity(tx, who.id(), community);
    });
  }
  Status JoinPost(const Principal& who, const std::string& post) {
    return Check(
        [&](Transaction& tx) { return service_.communities.CanJoinPost(tx, who.id(), post); });
  }
  Status CheckEvent(RoomEvent::Kind kind, const std::string& id, const std::string& event) {
    return Check([&](Transaction& tx) {
      return service_.communities.CheckRoomEvent(
          tx, {.kind = kind, .id = id, .event = event, .data_json = "null"});
    });
  }

  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
};

TEST_P(CommunityDirectoryTest, AddingAMemberIsIdempotentAndKeepsTheJoinTime) {
  auto first = Add("cmty_1", "alice");
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_TRUE(first->value.created);
  EXPECT_EQ(first->value.record.community_id, "cmty_1");
  EXPECT_EQ(first->value.record.user_id, "alice");
  EXPECT_EQ(first->value.record.joined_at, clock_.NowMillis());
  ASSERT_EQ(first->events.size(), 1u);
  const auto* added = std::get_if<CommunityMemberAdded>(&first->events[0]);
  ASSERT_NE(added, nullptr);
  EXPECT_EQ(added->member.user_id, "alice");

  const auto joined_at = clock_.NowMillis();
  clock_.Advance(1000);
  auto again = Add("cmty_1", "alice");
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->value.created);
  EXPECT_EQ(again->value.record.joined_at, joined_at);
  EXPECT_TRUE(again->events.empty()) << "a repeat changes nothing";
}

TEST_P(CommunityDirectoryTest, AddingRefusesUnknownUsersAndBadIdsAndWritesNothing) {
  EXPECT_EQ(Add("cmty_1", "ghost").error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(Write<Change<User>>([&](Transaction& tx) {
                return service_.users.Delete(tx, "carol");
              }).ok());
  EXPECT_EQ(Add("cmty_1", "carol").error().code(), ErrorCode::kNotFound) << "a deleted user";

  auto bad = Add("", std::string(256, 'x'));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(bad.error().messages(), (std::vector<std::string>{"communityId must be a valid id",
                                                              "userId must be a valid id"}));
  EXPECT_EQ(Add("cmty 1", "alice").error().code(), ErrorCode::kBadRequest) << "no spaces";
  EXPECT_TRUE(List("cmty_1", {1, 20})->empty());
}

TEST_P(CommunityDirectoryTest, RemovingAMember) {
  EXPECT_EQ(Remove("cmty_1", "alice").error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(Add("cmty_1", "alice").ok());
  ASSERT_TRUE(Add("cmty_2", "alice").ok());
  auto removed = Remove("cmty_1", "alice");
  ASSERT_TRUE(removed.ok());
  ASSERT_EQ(removed->events.size(), 1u);
  const auto* event = std::get_if<CommunityMemberRemoved>(&removed->events[0]);
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->community_id, "cmty_1");
  EXPECT_EQ(event->user_id, "alice");
  EXPECT_EQ(Remove("cmty_1", "alice").error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(JoinCommunity(alice_, "cmty_1").error().code(), ErrorCode::kForbidden);
  EXPECT_TRUE(JoinCommunity(alice_, "cmty_2").ok()) << "other memberships stay";
}

TEST_P(CommunityDirectoryTest, ListsMembersByUserIdInPages) {
  for (const char* user : {"carol", "alice", "bob"}) ASSERT_TRUE(Add("cmty_1", user).ok());
  ASSERT_TRUE(Add("cmty_2", "alice").ok());
  auto ids = [](const std::vector<CommunityMember>& members) {
    std::vector<std::string> out;
    for (const auto& m : members) out.push_back(m.user_id);
    return out;
  };
  EXPECT_EQ(ids(*List("cmty_1", {1, 20})), (std::vector<std::string>{"alice", "bob", "carol"}));
  EXPECT_EQ(ids(*List("cmty_1", {2, 2})), (std::vector<std::string>{"carol"}));
  EXPECT_TRUE(List("cmty_404", {1, 20})->empty());
  EXPECT_EQ(List("cmty_1", {0, 20}).error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(List("cmty_1", {1, 101}).error().code(), ErrorCode::kBadRequest);
}

TEST_P(CommunityDirectoryTest, PostsAreCreatedMovedAndRemoved) {
  auto created = Upsert("post_1", "cmty_1");
  ASSERT_TRUE(created.ok()) << created.error().message();
  EXPECT_TRUE(created->value.created);
  EXPECT_EQ(created->value.record.id, "post_1");
  EXPECT_EQ(created->value.record.community_id, "cmty_1");
  const auto created_at = clock_.NowMillis();
  EXPECT_EQ(created->value.record.created_at, created_at);
  ASSERT_EQ(created->events.size(), 1u);
  EXPECT_FALSE(std::get<PostUpserted>(created->events[0]).previous_community_id);

  clock_.Advance(1000);
  auto same = Upsert("post_1", "cmty_1");
  ASSERT_TRUE(same.ok());
  EXPECT_FALSE(same->value.created);
  EXPECT_TRUE(same->events.empty());

  auto moved = Upsert("post_1", "cmty_2");
  ASSERT_TRUE(moved.ok());
  EXPECT_FALSE(moved->value.created);
  EXPECT_EQ(moved->value.record.community_id, "cmty_2");
  EXPECT_EQ(moved->value.record.created_at, created_at);
  ASSERT_EQ(moved->events.size(), 1u);
  EXPECT_EQ(std::get<PostUpserted>(moved->events[0]).previous_community_id, "cmty_1");

  EXPECT_EQ(Upsert("post_2", "").error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(RemovePost("post_404").error().code(), ErrorCode::kNotFound);
  auto removed = RemovePost("post_1");
  ASSERT_TRUE(removed.ok());
  ASSERT_EQ(removed->events.size(), 1u);
  EXPECT_EQ(std::get<PostRemoved>(removed->events[0]).community_id, "cmty_2");
  EXPECT_EQ(RemovePost("post_1").error().code(), ErrorCode::kNotFound);
}

TEST_P(CommunityDirectoryTest, OnlyMembersJoinACommunity) {
  ASSERT_TRUE(Add("cmty_1", "alice").ok());
  EXPECT_TRUE(JoinCommunity(alice_, "cmty_1").ok());
  const auto refused = JoinCommunity(bob_, "cmty_1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kForbidden);
  EXPECT_EQ(refused.error().message(), "You are not a member of this community");
  EXPECT_EQ(JoinCommunity(alice_, "cmty_404").error().code(), ErrorCode::kForbidden)
      << "a community nobody belongs to is refused the same way";
  EXPECT_EQ(JoinCommunity(alice_, "").error().code(), ErrorCode::kBadRequest);
}

TEST_P(CommunityDirectoryTest, OnlyMembersOfItsCommunityJoinAPost) {
  ASSERT_TRUE(Add("cmty_1", "alice").ok());
  ASSERT_TRUE(Add("cmty_2", "bob").ok());
  ASSERT_TRUE(Upsert("post_1", "cmty_1").ok());
  EXPECT_TRUE(JoinPost(alice_, "post_1").ok());
  EXPECT_EQ(JoinPost(bob_, "post_1").error().code(), ErrorCode::kForbidden);
  const auto unknown = JoinPost(alice_, "post_404");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().message(), "Post not found");
  EXPECT_EQ(JoinPost(alice_, std::string(256, 'p')).error().code(), ErrorCode::kBadRequest);

  ASSERT_TRUE(Upsert("post_1", "cmty_2").ok());  // moved
  EXPECT_EQ(JoinPost(alice_, "post_1").error().code(), ErrorCode::kForbidden);
  EXPECT_TRUE(JoinPost(bob_, "post_1").ok());
}

TEST_P(CommunityDirectoryTest, RoomEventsNeedAGoodNameAndAnExistingPost) {
  using Kind = RoomEvent::Kind;
  ASSERT_TRUE(Upsert("post_1", "cmty_1").ok());
  EXPECT_TRUE(CheckEvent(Kind::kPost, "post_1", "new_comment").ok());
  EXPECT_TRUE(CheckEvent(Kind::kCommunity, "cmty_1", "a:b.c-d_9").ok());
  EXPECT_TRUE(CheckEvent(Kind::kCommunity, "cmty_nobody", "new_post").ok())
      << "any valid community id names a room";
  EXPECT_TRUE(CheckEvent(Kind::kCommunity, "cmty_1", std::string(64, 'e')).ok());

  const std::vector<std::string> bad_names = {"", "new comment", "émoji", "a/b",
                                              std::string(65, 'e')};
  for (const auto& bad : bad_names) {
    const auto status = CheckEvent(Kind::kCommunity, "cmty_1", bad);
    ASSERT_FALSE(status.ok()) << bad;
    EXPECT_EQ(status.error().code(), ErrorCode::kBadRequest) << bad;
  }
  for (const char* reserved : {"connect", "connect_error", "disconnect", "disconnecting",
                               "newListener", "removeListener"}) {
    const auto status = CheckEvent(Kind::kPost, "post_1", reserved);
    ASSERT_FALSE(status.ok()) << reserved;
    EXPECT_EQ(status.error().message(), "event must not be a name Socket.IO reserves");
  }
  EXPECT_EQ(CheckEvent(Kind::kPost, "post_404", "new_comment").error().code(),
            ErrorCode::kNotFound);
  const auto both = CheckEvent(Kind::kPost, "", "");
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().messages().size(), 2u) << "every problem at once";
}

CONFIDE_SERVICE_TEST_SUITE(CommunityDirectoryTest);

}  // namespace
}  // namespace confide::domain
