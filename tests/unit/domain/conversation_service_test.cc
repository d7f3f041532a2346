#include "domain/conversation_service.h"

#include <gtest/gtest.h>

#include "support/service_fixture.h"

namespace confide::domain {
namespace {

using store::Transaction;

class ConversationServiceTest : public testing::ServiceFixture {
 protected:
  Result<Change<CreatedConversation>> Create(const Principal& who, CreateConversationInput in) {
    return Write<Change<CreatedConversation>>(
        [&](Transaction& tx) { return service_.conversations.Create(tx, who, in); });
  }
  Result<ConversationView> Get(const Principal& who, const std::string& id) {
    return Read<ConversationView>(
        [&](Transaction& tx) { return service_.conversations.Get(tx, who, id); });
  }
  Result<Change<std::monostate>> Remove(const Principal& who, const std::string& conv,
                                        const std::string& user) {
    return Write<Change<std::monostate>>([&](Transaction& tx) {
      return service_.conversations.RemoveParticipant(tx, who, conv, user);
    });
  }
  const ParticipantView* Find(const ConversationView& v, const std::string& user) {
    for (const auto& p : v.participants) {
      if (p.participant.user_id == user) return &p;
    }
    return nullptr;
  }

  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
};

TEST_P(ConversationServiceTest, CreatorIsAdminOthersMembersAndOneOtherMeansDirect) {
  auto made = Create(alice_, {.participant_ids = {"bob", "alice", "bob"}});
  ASSERT_TRUE(made.ok()) << made.error().message();
  const auto& view = made->value.view;
  EXPECT_TRUE(made->value.created);
  EXPECT_EQ(view.conversation.type, ConversationType::kDirect);
  ASSERT_EQ(view.participants.size(), 2u);
  EXPECT_EQ(Find(view, "alice")->participant.role, ParticipantRole::kAdmin);
  EXPECT_EQ(Find(view, "bob")->participant.role, ParticipantRole::kMember);
  EXPECT_EQ(Find(view, "bob")->user.first_name, "First bob");
  EXPECT_EQ(view.conversation.id.rfind("conv_", 0), 0u);
  ASSERT_EQ(made->events.size(), 1u);
  EXPECT_EQ(std::get<ConversationCreated>(made->events[0]).created_by, "alice");
}

TEST_P(ConversationServiceTest, SecondDirectForThePairReturnsTheFirstWithoutEvent) {
  auto first = Create(alice_, {.participant_ids = {"bob"}});
  auto again = Create(bob_, {.participant_ids = {"alice"}, .type = ConversationType::kDirect});
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_FALSE(again->value.created);
  EXPECT_EQ(again->value.view.conversation.id, first->value.view.conversation.id);
  EXPECT_TRUE(again->events.empty());
}

TEST_P(ConversationServiceTest, TwoOrMoreOthersDefaultToGroupAndDirectIsRefused) {
  auto group = Create(alice_, {.participant_ids = {"bob", "carol"}, .title = "Circle"});
  ASSERT_TRUE(group.ok());
  EXPECT_EQ(group->value.view.conversation.type, ConversationType::kGroup);
  EXPECT_EQ(group->value.view.conversation.title, "Circle");
  auto direct =
      Create(alice_, {.participant_ids = {"bob", "carol"}, .type = ConversationType::kDirect});
  ASSERT_FALSE(direct.ok());
  EXPECT_EQ(direct.error().code(), ErrorCode::kBadRequest);
}

TEST_P(ConversationServiceTest, UnknownParticipantsAreNamedAndNothingIsCreated) {
  auto made = Create(alice_, {.participant_ids = {"bob", "ghost", "phantom"}});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().message(), "Unknown users in participantIds: ghost, phantom");
  auto list = Read<std::vector<ConversationView>>([&](Transaction& tx) {
    return service_.conversations.List(tx, alice_, {1, 20});
  });
  EXPECT_TRUE(list->empty());
}

TEST_P(ConversationServiceTest, ManyUnknownParticipantsAreNamedAFewAtATime) {
  std::vector<std::string> ids = {"bob"};
  for (int i = 0; i < 200; ++i) ids.push_back("ghost_" + std::to_string(i));
  for (int i = 0; i < 200; ++i) ids.push_back("ghost_" + std::to_string(i));  // repeated
  auto made = Create(alice_, {.participant_ids = ids});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().message(),
            "Unknown users in participantIds: ghost_0, ghost_1, ghost_2, ghost_3, ghost_4 and "
            "195 more");
}

TEST_P(ConversationServiceTest, RepeatedParticipantsCountOnce) {
  auto made = Create(alice_, {.participant_ids = {"bob", "carol", "bob", "alice", "carol"}});
  ASSERT_TRUE(made.ok());
  EXPECT_EQ(made->value.view.participants.size(), 3u);
  const auto id = made->value.view.conversation.id;
  auto added = Write<Change<ConversationView>>([&](Transaction& tx) {
    return service_.conversations.AddParticipants(tx, alice_, {id, {"bob", "bob", "carol"}});
  });
  ASSERT_TRUE(added.ok());
  EXPECT_TRUE(added->events.empty()) << "everyone named was in already";
}

TEST_P(ConversationServiceTest, MoreIdsThanAConversationHoldsAreRefusedUnread) {
  std::vector<std::string> ids(1001, "bob");
  ids.back() = "not a valid id";
  auto made = Create(alice_, {.participant_ids = ids});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().messages(),
            std::vector<std::string>{"participantIds must contain no more than 1000 elements"});
}

TEST_P(ConversationServiceTest, OnlySelfOrNobodyIsRefused) {
  EXPECT_FALSE(Create(alice_, {.participant_ids = {"alice"}}).ok());
  EXPECT_FALSE(Create(alice_, {.participant_ids = {}}).ok());
}

TEST_P(ConversationServiceTest, BlockEitherWayForbidsADirectConversation) {
  ASSERT_TRUE(Write<Change<std::monostate>>([&](Transaction& tx) {
                return service_.blocks.Block(tx, bob_, {.user_id = "alice"});
              }).ok());
  auto made = Create(alice_, {.participant_ids = {"bob"}});
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.error().code(), ErrorCode::kForbidden);
  EXPECT_TRUE(Create(alice_, {.participant_ids = {"bob", "carol"}}).ok()) << "groups stay possible";
}

TEST_P(ConversationServiceTest, NonParticipantsSeeNothing) {
  auto made = Create(alice_, {.participant_ids = {"bob"}});
  auto seen = Get(carol_, made->value.view.conversation.id);
  ASSERT_FALSE(seen.ok());
  EXPECT_EQ(seen.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Get(alice_, "conv_nope").error().code(), ErrorCode::kNotFound);
}

TEST_P(ConversationServiceTest, AdminsAddMembersAreRefusedAndDirectTakesNobody) {
  auto group = Create(alice_, {.participant_ids = {"bob"}, .type = ConversationType::kGroup});
  const auto id = group->value.view.conversation.id;
  auto by_member = Write<Change<ConversationView>>([&](Transaction& tx) {
    return service_.conversations.AddParticipants(tx, bob_, {id, {"carol"}});
  });
  EXPECT_EQ(by_member.error().code(), ErrorCode::kForbidden);
  auto by_admin = Write<Change<ConversationView>>([&](Transaction& tx) {
    return service_.conversations.AddParticipants(tx, alice_, {id, {"carol", "bob"}});
  });
  ASSERT_TRUE(by_admin.ok());
  EXPECT_EQ(by_admin->events.size(), 1u) << "bob was already in: only carol is added";
  EXPECT_TRUE(Get(carol_, id).ok());

  auto direct = Create(alice_, {.participant_ids = {"bob"}});
  auto into_direct = Write<Change<ConversationView>>([&](Transaction& tx) {
    return service_.conversations.AddParticipants(tx, alice_,
                                                  {direct->value.view.conversation.id, {"carol"}});
  });
  EXPECT_EQ(into_direct.error().code(), ErrorCode::kBadRequest);
}

TEST_P(ConversationServiceTest, LeavingAndRemovingFollowRoles) {
  auto group = Create(alice_, {.participant_ids = {"bob", "carol"}});
  const auto id = group->value.view.conversation.id;
  EXPECT_EQ(Remove(bob_, id, "carol").error().code(), ErrorCode::kForbidden);
  ASSERT_TRUE(Remove(alice_, id, "carol").ok());
  EXPECT_EQ(Get(carol_, id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(Remove(alice_, id, "carol").error().code(), ErrorCode::kNotFound);

  clock_.Advance(1000);
  ASSERT_TRUE(Remove(alice_, id, "alice").ok()) << "the last admin leaves";
  auto view = Get(bob_, id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(Find(*view, "bob")->participant.role, ParticipantRole::kAdmin)
      << "the longest-standing member takes over";
  EXPECT_FALSE(Find(*view, "alice")->participant.is_active);
}

TEST_P(ConversationServiceTest, ListIsOrderedByRecentActivity) {
  auto older = Create(alice_, {.participant_ids = {"bob"}});
  clock_.Advance(1000);
  auto newer = Create(alice_, {.participant_ids = {"carol"}});
  clock_.Advance(1000);
  ASSERT_TRUE(Write<Change<MessageView>>([&](Transaction& tx) {
                return service_.messages.Send(
                    tx, bob_,
                    {.conversation_id = older->value.view.conversation.id, .content = "hi"});
              }).ok());
  auto list = Read<std::vector<ConversationView>>([&](Transaction& tx) {
    return service_.conversations.List(tx, alice_, {1, 20});
  });
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].conversation.id, older->value.view.conversation.id);
  EXPECT_EQ((*list)[0].unread_count, 1);
  EXPECT_EQ((*list)[0].last_message->message.content, "hi");
  EXPECT_EQ((*list)[1].conversation.id, newer->value.view.conversation.id);
  auto bad_page = Read<std::vector<ConversationView>>([&](Transaction& tx) {
    return service_.conversations.List(tx, alice_, {1, 101});
  });
  EXPECT_EQ(bad_page.error().code(), ErrorCode::kBadRequest);
}

CONFIDE_SERVICE_TEST_SUITE(ConversationServiceTest);

}  // namespace
}  // namespace confide::domain
