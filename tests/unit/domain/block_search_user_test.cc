#include <gtest/gtest.h>

#include "domain/block_service.h"
#include "domain/search_service.h"
#include "domain/user_directory.h"
#include "support/service_fixture.h"

namespace confide::domain {
namespace {

using store::Transaction;

class BlockSearchUserTest : public testing::ServiceFixture {
 protected:
  Result<Change<std::monostate>> Block(const Principal& who, const std::string& user) {
    return Write<Change<std::monostate>>(
        [&](Transaction& tx) { return service_.blocks.Block(tx, who, {.user_id = user}); });
  }
  Result<std::vector<SearchHit>> Search(const Principal& who, const std::string& query) {
    return Read<std::vector<SearchHit>>(
        [&](Transaction& tx) { return service_.search.Search(tx, who, {.query = query}); });
  }
  std::string Conversation(const Principal& who, std::vector<std::string> others) {
    return Write<Change<CreatedConversation>>([&](Transaction& tx) {
             return service_.conversations.Create(tx, who, {.participant_ids = others});
           })
        ->value.view.conversation.id;
  }
  void Send(const Principal& who, const std::string& conv, const std::string& content) {
    clock_.Advance(10);
    ASSERT_TRUE(Write<Change<MessageView>>([&](Transaction& tx) {
                  return service_.messages.Send(tx, who,
                                                {.conversation_id = conv, .content = content});
                }).ok());
  }

  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
};

TEST_P(BlockSearchUserTest, BlockingRules) {
  EXPECT_EQ(Block(alice_, "alice").error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(Block(alice_, "ghost").error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(Block(alice_, "bob").ok());
  EXPECT_EQ(Block(alice_, "bob").error().code(), ErrorCode::kBadRequest);
  auto unblock = [&](const std::string& user) {
    return Write<Change<std::monostate>>(
        [&](Transaction& tx) { return service_.blocks.Unblock(tx, alice_, user); });
  };
  EXPECT_EQ(unblock("carol").error().code(), ErrorCode::kNotFound);
  auto list = Read<std::vector<BlockView>>(
      [&](Transaction& tx) { return service_.blocks.List(tx, alice_); });
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].user.id, "bob");
  EXPECT_TRUE(unblock("bob").ok());
  EXPECT_TRUE(Read<std::vector<BlockView>>([&](Transaction& tx) {
                return service_.blocks.List(tx, alice_);
              })->empty());
}

TEST_P(BlockSearchUserTest, SearchFindsSubstringsCaseInsensitivelyInOwnConversationsOnly) {
  const auto ours = Conversation(alice_, {"bob"});
  const auto theirs = Conversation(bob_, {"carol"});
  Send(bob_, ours, "I'm feeling much better");
  Send(alice_, ours, "Glad to hear it");
  Send(carol_, theirs, "feeling anxious");
  auto hits = Search(alice_, "FEEL");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].message.content, "I'm feeling much better");
  EXPECT_EQ((*hits)[0].conversation.id, ours);
  EXPECT_EQ((*hits)[0].sender.id, "bob");
  EXPECT_EQ(Search(alice_, "ad")->size(), 1u) << "short queries work too";
  EXPECT_EQ(Search(alice_, "  ").error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(Search(bob_, "feeling")->size(), 2u);
  ASSERT_TRUE(Block(alice_, "bob").ok());
  EXPECT_TRUE(Search(alice_, "feeling")->empty()) << "a blocked sender's messages are hidden";
}

TEST_P(BlockSearchUserTest, SearchPagesGoNoDeeperThanTheFirstThousandResults) {
  Conversation(alice_, {"bob"});
  auto page = [&](int number, int limit) {
    return Read<std::vector<SearchHit>>([&](Transaction& tx) {
      return service_.search.Search(tx, alice_, {.query = "hello", .page = {number, limit}});
    });
  };
  EXPECT_TRUE(page(10, 100).ok());
  EXPECT_TRUE(page(50, 20).ok());
  const auto deep = page(11, 100);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(deep.error().messages(),
            std::vector<std::string>{"page * limit must not be greater than 1000 for search"});
  EXPECT_FALSE(page(1'000'000, 1).ok());
}

TEST_P(BlockSearchUserTest, AuthenticationProvisionsAndUpdatesFromClaims) {
  IdentityClaims claims{
      .subject = "user_new", .first_name = "Nia", .last_name = "Obi", .role = "therapist"};
  auto try_read = Read<std::optional<Principal>>(
      [&](Transaction& tx) { return service_.users.TryAuthenticate(tx, claims); });
  ASSERT_TRUE(try_read.ok());
  EXPECT_FALSE(try_read->has_value()) << "an unknown user needs a write to be provisioned";
  auto made =
      Write<Principal>([&](Transaction& tx) { return service_.users.Authenticate(tx, claims); });
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(made->user.role, "therapist");
  EXPECT_EQ(made->user.first_name, "Nia");
  auto known = Read<std::optional<Principal>>(
      [&](Transaction& tx) { return service_.users.TryAuthenticate(tx, claims); });
  ASSERT_TRUE(known->has_value());
  claims.last_name = "Obi-Okafor";
  EXPECT_FALSE(Read<std::optional<Principal>>([&](Transaction& tx) {
                 return service_.users.TryAuthenticate(tx, claims);
               })->has_value())
      << "a new profile value needs a write";

  ASSERT_TRUE(Write<Change<User>>([&](Transaction& tx) {
                return service_.users.Delete(tx, "user_new");
              }).ok());
  auto deleted =
      Write<Principal>([&](Transaction& tx) { return service_.users.Authenticate(tx, claims); });
  EXPECT_EQ(deleted.error().code(), ErrorCode::kUnauthorized) << "deleted users stay out";
}

TEST_P(BlockSearchUserTest, NamesFromClaimsAreCleanedBeforeTheyAreStored) {
  const std::string dirty = std::string("Mal\u202Elory\0\nX", 13) + std::string(400, 'y');
  IdentityClaims claims{.subject = "user_dirty", .first_name = dirty, .last_name = "Ok\u2066"};
  auto made =
      Write<Principal>([&](Transaction& tx) { return service_.users.Authenticate(tx, claims); });
  ASSERT_TRUE(made.ok());
  const std::string expected = "MalloryX" + std::string(92, 'y');  // 100 characters
  EXPECT_EQ(made->user.first_name, expected);
  EXPECT_EQ(made->user.last_name, "Ok");
  auto stored = Read<User>([&](Transaction& tx) { return service_.users.Get(tx, "user_dirty"); });
  EXPECT_EQ(stored->first_name, expected);
  // The same token again finds nothing new to store: a read serves it.
  auto again = Read<std::optional<Principal>>(
      [&](Transaction& tx) { return service_.users.TryAuthenticate(tx, claims); });
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->has_value()) << "a cleaned name equal to the stored one needs no write";
}

TEST_P(BlockSearchUserTest, WithoutProvisioningUnknownUsersAreRefused) {
  ServiceContext context{clock_, ids_, {}};
  UserDirectory strict(context, false);
  auto refused = Write<Principal>(
      [&](Transaction& tx) { return strict.Authenticate(tx, {.subject = "stranger"}); });
  EXPECT_EQ(refused.error().code(), ErrorCode::kUnauthorized);
}

CONFIDE_SERVICE_TEST_SUITE(BlockSearchUserTest);

}  // namespace
}  // namespace confide::domain
