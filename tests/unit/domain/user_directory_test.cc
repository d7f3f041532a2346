#include "domain/user_directory.h"

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "support/service_fixture.h"

namespace confide::domain {
namespace {

using store::Transaction;

constexpr EpochMillis kWindow = 600'000;

class UserDirectoryTest : public testing::ServiceFixture {
 protected:
  std::string Conversation(const Principal& who, std::vector<std::string> others,
                           ConversationType type = ConversationType::kGroup) {
    return Write<Change<CreatedConversation>>([&](Transaction& tx) {
             return service_.conversations.Create(tx, who,
                                                  {.participant_ids = others, .type = type});
           })
        ->value.view.conversation.id;
  }
  Result<Change<User>> Delete(const std::string& id) {
    return Write<Change<User>>([&](Transaction& tx) { return service_.users.Delete(tx, id); });
  }
  Result<Change<IdentityOutcome>> Apply(const IdentityEvent& event) {
    return Write<Change<IdentityOutcome>>(
        [&](Transaction& tx) { return service_.users.ApplyIdentityEvent(tx, event, kWindow); });
  }
  User Get(const std::string& id) {
    return *Read<User>([&](Transaction& tx) { return service_.users.Get(tx, id); });
  }
  std::vector<Participant> Participants(const std::string& conversation_id) {
    return *Read<std::vector<Participant>>(
        [&](Transaction& tx) -> Result<std::vector<Participant>> {
          return tx.conversations().ListParticipants(conversation_id);
        });
  }
  static IdentityEvent Upsert(std::string delivery, std::string id, std::string first_name,
                              std::optional<EpochMillis> at = std::nullopt) {
    return {.delivery_id = std::move(delivery),
            .occurred_at = at,
            .upsert = UserUpsert{.id = std::move(id), .first_name = std::move(first_name)}};
  }

  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
};

TEST_P(UserDirectoryTest, DeletionEndsEachParticipationAsARemovalThenSaysTheUserIsGone) {
  const auto direct = Conversation(alice_, {"bob"}, ConversationType::kDirect);
  const auto group = Conversation(alice_, {"bob", "carol"});  // alice is its only ADMIN
  Conversation(bob_, {"carol"});                              // not alice's
  clock_.Advance(1000);
  auto deleted = Delete("alice");
  ASSERT_TRUE(deleted.ok()) << deleted.error().message();
  EXPECT_EQ(deleted->value.deleted_at, clock_.NowMillis());

  std::vector<std::string> removed_from;
  for (const auto& event : deleted->events) {
    if (const auto* removed = std::get_if<ParticipantRemoved>(&event)) {
      EXPECT_EQ(removed->user_id, "alice");
      EXPECT_EQ(removed->removed_by, "alice");
      EXPECT_EQ(removed->at, clock_.NowMillis());
      removed_from.push_back(removed->conversation_id);
    }
  }
  std::sort(removed_from.begin(), removed_from.end());
  std::vector<std::string> expected{direct, group};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(removed_from, expected);
  ASSERT_FALSE(deleted->events.empty());
  const auto* gone = std::get_if<UserDeleted>(&deleted->events.back());
  ASSERT_NE(gone, nullptr) << "UserDeleted comes last";
  EXPECT_EQ(gone->user_id, "alice");
  EXPECT_EQ(deleted->events.size(), 3u);

  // The group keeps an ADMIN: the longest-standing member.
  int admins = 0;
  for (const auto& p : Participants(group)) {
    if (p.user_id == "alice") {
      EXPECT_FALSE(p.is_active);
    }
    if (p.is_active && p.role == ParticipantRole::kAdmin) ++admins;
  }
  EXPECT_EQ(admins, 1);

  EXPECT_EQ(Delete("alice").error().code(), ErrorCode::kNotFound) << "already deleted";
  EXPECT_EQ(Delete("nobody").error().code(), ErrorCode::kNotFound);
}

TEST_P(UserDirectoryTest, AProvidersDeliveryIsAppliedOnceWithinTheWindow) {
  auto first = Apply(Upsert("msg_1", "dora", "Dora"));
  ASSERT_TRUE(first.ok()) << first.error().message();
  EXPECT_EQ(first->value, IdentityOutcome::kApplied);
  EXPECT_EQ(Get("dora").first_name, "Dora");

  // The same delivery again (a replay), even with other contents, changes nothing.
  auto again = Apply(Upsert("msg_1", "dora", "Mallory"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->value, IdentityOutcome::kRepeated);
  EXPECT_EQ(Get("dora").first_name, "Dora");

  // Another delivery is applied; after the window, a delivery id is forgotten.
  EXPECT_EQ(Apply(Upsert("msg_2", "dora", "Dorothy"))->value, IdentityOutcome::kApplied);
  EXPECT_EQ(Get("dora").first_name, "Dorothy");
  clock_.Advance(kWindow + 1);
  EXPECT_EQ(Apply(Upsert("msg_1", "dora", "Dora"))->value, IdentityOutcome::kApplied);
}

TEST_P(UserDirectoryTest, ARefusedDeliveryIsNotRememberedSoItsRetryIsAppliedOnceFixed) {
  auto bad = Apply(Upsert("msg_bad", "bad id with spaces", "X"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kBadRequest);
  EXPECT_EQ(Apply(Upsert("msg_bad", "erin", "Erin"))->value, IdentityOutcome::kApplied);
}

TEST_P(UserDirectoryTest, ALateUpsertCannotBringADeletedUserBack) {
  Conversation(alice_, {"bob"});
  const EpochMillis before_deletion = clock_.NowMillis();
  clock_.Advance(1000);
  auto deleted = Apply({.delivery_id = "msg_del", .deleted_id = "bob"});
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(deleted->value, IdentityOutcome::kApplied);
  EXPECT_FALSE(deleted->events.empty()) << "the deletion's events reach the gateway and outbox";
  const EpochMillis deleted_at = *Get("bob").deleted_at;

  // A retried user.updated from before the deletion, or one that does not say when it was
  // made, is stale.
  EXPECT_EQ(Apply(Upsert("msg_old", "bob", "Robert", before_deletion))->value,
            IdentityOutcome::kStale);
  EXPECT_EQ(Apply(Upsert("msg_undated", "bob", "Robert"))->value, IdentityOutcome::kStale);
  EXPECT_TRUE(Get("bob").deleted_at.has_value());
  EXPECT_EQ(Get("bob").first_name, "First bob");

  // One made after the deletion is applied.
  EXPECT_EQ(Apply(Upsert("msg_new", "bob", "Robert", deleted_at + 1))->value,
            IdentityOutcome::kApplied);
  EXPECT_FALSE(Get("bob").deleted_at.has_value());

  // Deleting an unknown user is nothing to do.
  EXPECT_EQ(Apply({.delivery_id = "msg_del2", .deleted_id = "nobody"})->value,
            IdentityOutcome::kIgnored);
  EXPECT_EQ(Apply({.delivery_id = "msg_other"})->value, IdentityOutcome::kIgnored);
}

CONFIDE_SERVICE_TEST_SUITE(UserDirectoryTest);

}  // namespace
}  // namespace confide::domain
