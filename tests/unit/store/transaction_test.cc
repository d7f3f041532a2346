// The store interfaces' contracts (store/*_store.h, conversation_log.h) on every backend:
// round trips, orderings, upserts, the read-only transaction.

#include "store/transaction.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "unit/store/store_suite.h"

namespace confide::store {
namespace {

using domain::ConversationType;
using domain::ParticipantRole;

class TransactionTest : public StoreSuite {};

INSTANTIATE_TEST_SUITE_P(, TransactionTest, ::testing::ValuesIn(kBackends), BackendName);

// ---- Users ----

TEST_P(TransactionTest, UserRoundTripsEveryField) {
  domain::User user = MakeUser("usr_1", 100);
  user.avatar_url = "https://example.com/a.png";
  user.role = "therapist";
  user.deleted_at = 300;
  tx().users().Upsert(user);

  const auto found = tx().users().Find("usr_1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "usr_1");
  EXPECT_EQ(found->first_name, "First usr_1");
  EXPECT_EQ(found->last_name, "Last usr_1");
  EXPECT_EQ(found->avatar_url, "https://example.com/a.png");
  EXPECT_EQ(found->role, "therapist");
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(found->updated_at, 100);
  EXPECT_EQ(found->deleted_at, 300);
  EXPECT_FALSE(tx().users().Find("usr_404"));
}

TEST_P(TransactionTest, UpsertUpdatesButKeepsCreatedAt) {
  tx().users().Upsert(MakeUser("usr_1", 100));
  domain::User changed = MakeUser("usr_1", 500);
  changed.first_name = "Ada";
  tx().users().Upsert(changed);

  const auto found = tx().users().Find("usr_1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first_name, "Ada");
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(found->updated_at, 500);
  EXPECT_FALSE(found->avatar_url);
}

TEST_P(TransactionTest, FindUsersReturnsTheExistingOnes) {
  tx().users().Upsert(MakeUser("usr_1"));
  tx().users().Upsert(MakeUser("usr_2"));
  domain::User deleted = MakeUser("usr_3");
  deleted.deleted_at = 9;
  tx().users().Upsert(deleted);
  tx().users().Upsert(MakeUser("usr_\"quoted\""));

  const std::vector<std::string> ids = {"usr_3", "usr_404", "usr_1", "usr_\"quoted\""};
  auto users = tx().users().FindMany(ids);
  std::vector<std::string> found;
  for (const auto& u : users) found.push_back(u.id);
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"usr_\"quoted\"", "usr_1", "usr_3"}));
  EXPECT_TRUE(tx().users().FindMany({}).empty());
}

TEST_P(TransactionTest, WebhookDeliveriesAreRecordedOnce) {
  EXPECT_TRUE(tx().users().RecordDelivery("dlv_1", 10));
  EXPECT_FALSE(tx().users().RecordDelivery("dlv_1", 20)) << "a replay";
  EXPECT_TRUE(tx().users().RecordDelivery("dlv_2", 30));
  tx().users().PruneDeliveries(30);  // forgets dlv_1 (10), keeps dlv_2 (30)
  EXPECT_TRUE(tx().users().RecordDelivery("dlv_1", 40));
  EXPECT_FALSE(tx().users().RecordDelivery("dlv_2", 40));
}

// ---- Conversations ----

TEST_P(TransactionTest, ConversationRoundTrips) {
  domain::Conversation c = MakeConversation("conv_1", ConversationType::kTherapy, 10);
  c.title = std::nullopt;
  c.last_message_at = 20;
  c.is_active = false;
  c.message_count = 3;
  tx().conversations().Insert(c);

  const auto found = tx().conversations().Find("conv_1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->type, ConversationType::kTherapy);
  EXPECT_FALSE(found->title);
  EXPECT_EQ(found->created_by, "usr_1");
  EXPECT_EQ(found->created_at, 10);
  EXPECT_EQ(found->last_message_at, 20);
  EXPECT_FALSE(found->is_active);
  EXPECT_EQ(found->message_count, 3);
  EXPECT_FALSE(tx().conversations().Find("conv_404"));
}

TEST_P(TransactionTest, RecordMessageNumbersTheMessageAndMovesTheConversationForward) {
  tx().conversations().Insert(MakeConversation("conv_1", ConversationType::kGroup, 10));
  const auto first = tx().conversations().RecordMessage("conv_1", 50);
  EXPECT_EQ(first.seq, 1);
  EXPECT_EQ(first.at, 50);
  EXPECT_EQ(tx().log().NextSeq("conv_1"), 2) << "one counter for messages and other changes";
  const auto second = tx().conversations().RecordMessage("conv_1", 60);
  EXPECT_EQ(second.seq, 3);
  EXPECT_EQ(second.at, 60);
  const auto late = tx().conversations().RecordMessage("conv_1", 55);
  EXPECT_EQ(late.seq, 4);
  EXPECT_EQ(late.at, 60) << "not before the message numbered before it";

  const auto found = tx().conversations().Find("conv_1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->last_message_at, 60);
  EXPECT_EQ(found->updated_at, 60);
  EXPECT_EQ(found->message_count, 3);
  EXPECT_EQ(tx().log().LastSeq("conv_1"), 4);
  EXPECT_THROW(tx().conversations().RecordMessage("conv_404", 1), std::logic_error);
}

TEST_P(TransactionTest, FindsTheDirectConversationInEitherOrder) {
  AddConversation("conv_group", {"usr_1", "usr_2"}, ConversationType::kGroup);
  AddConversation("conv_direct", {"usr_1", "usr_2"}, ConversationType::kDirect);
  AddConversation("conv_other", {"usr_1", "usr_3"}, ConversationType::kDirect);

  EXPECT_EQ(tx().conversations().FindDirect("usr_1", "usr_2"), "conv_direct");
  EXPECT_EQ(tx().conversations().FindDirect("usr_2", "usr_1"), "conv_direct");
  EXPECT_EQ(tx().conversations().FindDirect("usr_3", "usr_1"), "conv_other");
  EXPECT_FALSE(tx().conversations().FindDirect("usr_2", "usr_3"));
}

TEST_P(TransactionTest, DirectConversationIsFoundAfterTheParticipantsLeft) {
  AddConversation("conv_direct", {"usr_1", "usr_2"}, ConversationType::kDirect);
  tx().conversations().DeactivateParticipations("usr_1", 5);
  EXPECT_EQ(tx().conversations().FindDirect("usr_2", "usr_1"), "conv_direct");
}

TEST_P(TransactionTest, ListsOwnActiveConversationsByRecentActivity) {
  AddConversation("conv_a", {"usr_1"}, ConversationType::kGroup, 10);
  AddConversation("conv_b", {"usr_1"}, ConversationType::kGroup, 20);
  AddConversation("conv_c", {"usr_1"}, ConversationType::kGroup, 30);
  AddConversation("conv_d", {"usr_1"}, ConversationType::kGroup, 30);  // ties break by id
  AddConversation("conv_left", {"usr_1"}, ConversationType::kGroup, 99);
  AddConversation("conv_foreign", {"usr_2"}, ConversationType::kGroup, 99);
  auto left = *tx().conversations().FindParticipant("conv_left", "usr_1");
  left.is_active = false;
  tx().conversations().UpdateParticipant(left);
  tx().conversations().RecordMessage("conv_a", 40);  // the oldest becomes the most recent

  auto ids = [](const std::vector<domain::Conversation>& list) {
    std::vector<std::string> out;
    for (const auto& c : list) out.push_back(c.id);
    return out;
  };
  EXPECT_EQ(ids(tx().conversations().ListOf("usr_1", 0, 10)),
            (std::vector<std::string>{"conv_a", "conv_d", "conv_c", "conv_b"}));
  EXPECT_EQ(ids(tx().conversations().ListOf("usr_1", 1, 2)),
            (std::vector<std::string>{"conv_d", "conv_c"}));
  EXPECT_TRUE(tx().conversations().ListOf("usr_1", 0, 0).empty());
  EXPECT_TRUE(tx().conversations().ListOf("usr_404", 0, 10).empty());
}

TEST_P(TransactionTest, ActiveIdsLeaveOutLeftParticipations) {
  AddConversation("conv_1", {"usr_1", "usr_2"});
  AddConversation("conv_2", {"usr_1", "usr_3"});
  AddConversation("conv_3", {"usr_2"});
  auto left = *tx().conversations().FindParticipant("conv_2", "usr_1");
  left.is_active = false;
  tx().conversations().UpdateParticipant(left);

  EXPECT_EQ(tx().conversations().ActiveIdsOf("usr_1"), std::vector<std::string>{"conv_1"});
  auto ids = tx().conversations().ActiveIdsOf("usr_2");
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"conv_1", "conv_3"}));
  EXPECT_EQ(tx().conversations().FindParticipation("conv_2", "usr_3", Members::kRead)->members,
            std::vector<std::string>{"usr_3"})
      << "a former participant is not a member";
  auto members = tx().conversations().FindParticipation("conv_1", "usr_1", Members::kRead)->members;
  std::sort(members.begin(), members.end());
  EXPECT_EQ(members, (std::vector<std::string>{"usr_1", "usr_2"}));
  EXPECT_TRUE(
      tx().conversations().FindParticipation("conv_1", "usr_1", Members::kSkip)->members.empty())
      << "read only when asked for";
}

// ---- Participants ----

TEST_P(TransactionTest, FindsAParticipationWithItsConversationInOneRead) {
  AddConversation("conv_1", {"usr_1", "usr_2"}, ConversationType::kGroup, 5);
  tx().conversations().RecordMessage("conv_1", 40);
  auto left = *tx().conversations().FindParticipant("conv_1", "usr_2");
  left.is_active = false;
  left.left_at = 41;
  tx().conversations().UpdateParticipant(left);

  const auto found = tx().conversations().FindParticipation("conv_1", "usr_1", Members::kSkip);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->participant.user_id, "usr_1");
  EXPECT_EQ(found->participant.conversation_id, "conv_1");
  EXPECT_TRUE(found->participant.is_active);
  EXPECT_EQ(found->conversation.id, "conv_1");
  EXPECT_EQ(found->conversation.type, ConversationType::kGroup);
  EXPECT_EQ(found->conversation.created_at, 5);
  EXPECT_EQ(found->conversation.last_message_at, 40);
  EXPECT_EQ(found->conversation.message_count, 1);
  EXPECT_TRUE(found->conversation.is_active);

  const auto former = tx().conversations().FindParticipation("conv_1", "usr_2", Members::kRead);
  ASSERT_TRUE(former);
  EXPECT_FALSE(former->participant.is_active);
  EXPECT_EQ(former->participant.left_at, 41);
  EXPECT_EQ(former->members, std::vector<std::string>{"usr_1"}) << "the active members only";
  EXPECT_FALSE(tx().conversations().FindParticipation("conv_1", "usr_3", Members::kRead));
  EXPECT_FALSE(tx().conversations().FindParticipation("conv_404", "usr_1", Members::kSkip));
}

TEST_P(TransactionTest, ParticipantRoundTripsAndUpdates) {
  tx().conversations().Insert(MakeConversation("conv_1"));
  domain::Participant p = MakeParticipant("conv_1", "usr_1", 7);
  p.role = ParticipantRole::kAdmin;
  tx().conversations().InsertParticipant(p);

  auto found = tx().conversations().FindParticipant("conv_1", "usr_1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, p.id);
  EXPECT_EQ(found->role, ParticipantRole::kAdmin);
  EXPECT_EQ(found->joined_at, 7);
  EXPECT_TRUE(found->is_active);
  EXPECT_FALSE(found->left_at);
  EXPECT_FALSE(found->last_read_message_id);

  found->role = ParticipantRole::kMember;
  found->is_active = false;
  found->left_at = 9;
  found->last_read_message_id = "msg_5";
  found->joined_at = 1000;  // not a column UpdateParticipant writes
  tx().conversations().UpdateParticipant(*found);

  const auto updated = tx().conversations().FindParticipant("conv_1", "usr_1");
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->role, ParticipantRole::kMember);
  EXPECT_FALSE(updated->is_active);
  EXPECT_EQ(updated->left_at, 9);
  EXPECT_EQ(updated->last_read_message_id, "msg_5");
  EXPECT_EQ(updated->joined_at, 7);
  EXPECT_FALSE(tx().conversations().FindParticipant("conv_1", "usr_2"));
}

TEST_P(TransactionTest, ListsParticipantsInJoiningOrder) {
  tx().conversations().Insert(MakeConversation("conv_1"));
  tx().conversations().InsertParticipant(MakeParticipant("conv_1", "usr_c", 3));
  tx().conversations().InsertParticipant(MakeParticipant("conv_1", "usr_a", 1));
  tx().conversations().InsertParticipant(MakeParticipant("conv_1", "usr_b", 2));
  tx().conversations().InsertParticipant(MakeParticipant("conv_2", "usr_x", 0));

  std::vector<std::string> users;
  for (const auto& p : tx().conversations().ListParticipants("conv_1")) users.push_back(p.user_id);
  EXPECT_EQ(users, (std::vector<std::string>{"usr_a", "usr_b", "usr_c"}));
}

TEST_P(TransactionTest, DeactivatesEveryParticipationOfAUser) {
  AddConversation("conv_1", {"usr_1", "usr_2"});
  AddConversation("conv_2", {"usr_1"});
  tx().conversations().DeactivateParticipations("usr_1", 77);

  for (const char* conversation : {"conv_1", "conv_2"}) {
    const auto p = tx().conversations().FindParticipant(conversation, "usr_1");
    ASSERT_TRUE(p);
    EXPECT_FALSE(p->is_active);
    EXPECT_EQ(p->left_at, 77);
  }
  EXPECT_TRUE(tx().conversations().FindParticipant("conv_1", "usr_2")->is_active);
  EXPECT_TRUE(tx().conversations().ListOf("usr_1", 0, 10).empty());
}

// ---- Reactions ----

TEST_P(TransactionTest, ReactionsRoundTripInCreationOrder) {
  tx().reactions().Insert(
      {.id = "rct_b", .message_id = "msg_1", .user_id = "usr_1", .emoji = "👍", .created_at = 5});
  tx().reactions().Insert(
      {.id = "rct_a", .message_id = "msg_2", .user_id = "usr_2", .emoji = "🎉", .created_at = 5});
  tx().reactions().Insert(
      {.id = "rct_c", .message_id = "msg_1", .user_id = "usr_2", .emoji = "👍", .created_at = 1});
  tx().reactions().Insert(
      {.id = "rct_x", .message_id = "msg_3", .user_id = "usr_2", .emoji = "👍", .created_at = 0});

  const std::vector<std::string> ids = {"msg_1", "msg_2"};
  std::vector<std::string> found;
  for (const auto& r : tx().reactions().For(ids)) found.push_back(r.id);
  EXPECT_EQ(found, (std::vector<std::string>{"rct_c", "rct_a", "rct_b"}));

  const auto one = tx().reactions().Find("msg_1", "usr_1", "👍");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->id, "rct_b");
  EXPECT_EQ(one->emoji, "👍");
  EXPECT_EQ(one->created_at, 5);
  EXPECT_FALSE(tx().reactions().Find("msg_1", "usr_1", "🎉"));

  tx().reactions().Delete("rct_b");
  EXPECT_FALSE(tx().reactions().Find("msg_1", "usr_1", "👍"));
  EXPECT_TRUE(tx().reactions().For({}).empty());
}

TEST_P(TransactionTest, TheSameReactionAgainChangesNothing) {
  EXPECT_TRUE(tx().reactions().Insert(
      {.id = "rct_1", .message_id = "msg_1", .user_id = "usr_1", .emoji = "👍"}));
  EXPECT_FALSE(tx().reactions().Insert(
      {.id = "rct_2", .message_id = "msg_1", .user_id = "usr_1", .emoji = "👍"}));
  const auto reactions = tx().reactions().For(std::vector<std::string>{"msg_1"});
  ASSERT_EQ(reactions.size(), 1u);
  EXPECT_EQ(reactions[0].id, "rct_1");
}

TEST_P(TransactionTest, TheSameReceiptBlockOrParticipationAgainChangesNothing) {
  EXPECT_TRUE(tx().receipts().Insert(
      {.id = "rcp_1", .message_id = "msg_1", .user_id = "usr_2", .read_at = 1}));
  EXPECT_FALSE(tx().receipts().Insert(
      {.id = "rcp_2", .message_id = "msg_1", .user_id = "usr_2", .read_at = 2}));
  EXPECT_EQ(tx().receipts().Find("msg_1", "usr_2")->id, "rcp_1");
  EXPECT_TRUE(tx().blocks().Insert({.blocker_id = "usr_7", .blocked_id = "usr_8"}));
  EXPECT_FALSE(tx().blocks().Insert({.blocker_id = "usr_7", .blocked_id = "usr_8", .reason = "x"}));
  EXPECT_FALSE(tx().blocks().Find("usr_7", "usr_8")->reason);
  AddConversation("conv_1", {"usr_1", "usr_2"});
  auto again = MakeParticipant("conv_1", "usr_1");
  again.id = "part_again";
  EXPECT_FALSE(tx().conversations().InsertParticipant(again));
  EXPECT_EQ(tx().conversations().ListParticipants("conv_1").size(), 2u);
}

TEST_P(TransactionTest, AReusedIdIsAConstraintError) {
  tx().reactions().Insert({.id = "rct_1", .message_id = "msg_1", .user_id = "usr_1", .emoji = "👍"});
  try {
    tx().reactions().Insert(
        {.id = "rct_1", .message_id = "msg_2", .user_id = "usr_2", .emoji = "❤️"});
    FAIL() << "expected a constraint error";
  } catch (...) {
    EXPECT_EQ(backend().ErrorOf(std::current_exception()).code(), ErrorCode::kConflict);
  }
}

// ---- Read receipts ----

TEST_P(TransactionTest, ReceiptsRoundTripInReadingOrder) {
  tx().receipts().Insert({.id = "rcp_2", .message_id = "msg_1", .user_id = "usr_2", .read_at = 20});
  tx().receipts().Insert({.id = "rcp_1", .message_id = "msg_2", .user_id = "usr_2", .read_at = 10});
  tx().receipts().Insert({.id = "rcp_3", .message_id = "msg_9", .user_id = "usr_2", .read_at = 1});

  const std::vector<std::string> ids = {"msg_1", "msg_2", "msg_404"};
  std::vector<std::string> found;
  for (const auto& r : tx().receipts().For(ids)) found.push_back(r.id);
  EXPECT_EQ(found, (std::vector<std::string>{"rcp_1", "rcp_2"}));

  const auto one = tx().receipts().Find("msg_1", "usr_2");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->id, "rcp_2");
  EXPECT_EQ(one->read_at, 20);
  EXPECT_FALSE(tx().receipts().Find("msg_1", "usr_1"));
}

// ---- Blocks ----

TEST_P(TransactionTest, BlocksRoundTrip) {
  tx().blocks().Insert(
      {.blocker_id = "usr_1", .blocked_id = "usr_3", .reason = "spam", .created_at = 20});
  tx().blocks().Insert({.blocker_id = "usr_1", .blocked_id = "usr_2", .created_at = 10});
  tx().blocks().Insert({.blocker_id = "usr_2", .blocked_id = "usr_1", .created_at = 5});

  const auto block = tx().blocks().Find("usr_1", "usr_3");
  ASSERT_TRUE(block);
  EXPECT_EQ(block->reason, "spam");
  EXPECT_EQ(block->created_at, 20);
  EXPECT_FALSE(tx().blocks().Find("usr_3", "usr_1"));

  std::vector<std::string> blocked;
  for (const auto& b : tx().blocks().By("usr_1")) blocked.push_back(b.blocked_id);
  EXPECT_EQ(blocked, (std::vector<std::string>{"usr_2", "usr_3"}));

  EXPECT_EQ(tx().blocks().BlockersOf("usr_1"), std::vector<std::string>{"usr_2"});
  EXPECT_EQ(tx().blocks().BlockersOf("usr_3"), std::vector<std::string>{"usr_1"});

  tx().blocks().Delete("usr_1", "usr_3");
  EXPECT_FALSE(tx().blocks().Find("usr_1", "usr_3"));
  EXPECT_TRUE(tx().blocks().Find("usr_2", "usr_1"));
  EXPECT_TRUE(tx().blocks().BlockersOf("usr_3").empty());
}

TEST_P(TransactionTest, LastSeenIsKeptApartFromTheProfile) {
  tx().users().Upsert(MakeUser("usr_1", 100));
  EXPECT_FALSE(tx().users().Find("usr_1")->last_seen_at);
  tx().users().RecordLastSeen("usr_1", 1234);
  EXPECT_EQ(tx().users().Find("usr_1")->last_seen_at, 1234);
  tx().users().Upsert(MakeUser("usr_1", 500));
  EXPECT_EQ(tx().users().Find("usr_1")->last_seen_at, 1234) << "an upsert leaves it alone";
  tx().users().RecordLastSeen("usr_404", 1);  // an unknown user: nothing to record
  EXPECT_FALSE(tx().users().Find("usr_404"));
}

// ---- Communities and posts ----

TEST_P(TransactionTest, CommunityMembersRoundTripAndKeepTheirJoinTime) {
  tx().communities().UpsertMember({.community_id = "cmty_1", .user_id = "usr_2", .joined_at = 10});
  tx().communities().UpsertMember({.community_id = "cmty_1", .user_id = "usr_1", .joined_at = 20});
  tx().communities().UpsertMember({.community_id = "cmty_2", .user_id = "usr_1", .joined_at = 30});
  tx().communities().UpsertMember({.community_id = "cmty_1", .user_id = "usr_2", .joined_at = 99});

  const auto member = tx().communities().FindMember("cmty_1", "usr_2");
  ASSERT_TRUE(member);
  EXPECT_EQ(member->community_id, "cmty_1");
  EXPECT_EQ(member->user_id, "usr_2");
  EXPECT_EQ(member->joined_at, 10) << "a repeated upsert keeps the first join time";
  EXPECT_FALSE(tx().communities().FindMember("cmty_2", "usr_2"));

  std::vector<std::string> users;
  for (const auto& m : tx().communities().ListMembers("cmty_1", 0, 10)) users.push_back(m.user_id);
  EXPECT_EQ(users, (std::vector<std::string>{"usr_1", "usr_2"}));
  ASSERT_EQ(tx().communities().ListMembers("cmty_1", 1, 10).size(), 1u);
  EXPECT_EQ(tx().communities().ListMembers("cmty_1", 1, 10)[0].user_id, "usr_2");
  EXPECT_TRUE(tx().communities().ListMembers("cmty_1", 0, 0).empty());
  EXPECT_TRUE(tx().communities().ListMembers("cmty_404", 0, 10).empty());

  tx().communities().DeleteMember("cmty_1", "usr_2");
  EXPECT_FALSE(tx().communities().FindMember("cmty_1", "usr_2"));
  EXPECT_TRUE(tx().communities().FindMember("cmty_1", "usr_1"));
}

TEST_P(TransactionTest, PostsMoveBetweenCommunitiesAndKeepTheirCreationTime) {
  tx().communities().UpsertPost({.id = "post_1", .community_id = "cmty_1", .created_at = 10});
  tx().communities().UpsertPost({.id = "post_1", .community_id = "cmty_2", .created_at = 50});

  const auto post = tx().communities().FindPost("post_1");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->id, "post_1");
  EXPECT_EQ(post->community_id, "cmty_2");
  EXPECT_EQ(post->created_at, 10);
  EXPECT_FALSE(tx().communities().FindPost("post_404"));

  tx().communities().DeletePost("post_1");
  EXPECT_FALSE(tx().communities().FindPost("post_1"));
}

// ---- Presence ----

TEST_P(TransactionTest, ContactsAreTheOtherActiveParticipantsOnceEach) {
  AddConversation("conv_1", {"usr_1", "usr_2"}, ConversationType::kDirect);
  AddConversation("conv_2", {"usr_1", "usr_2", "usr_3", "usr_4"});
  AddConversation("conv_3", {"usr_5", "usr_6"});  // not usr_1's
  AddConversation("conv_4", {"usr_1", "usr_7"});
  AddConversation("conv_5", {"usr_8", "usr_1"});
  // usr_4 left conv_2; usr_1 left conv_4; conv_5 is no longer active.
  auto left = MakeParticipant("conv_2", "usr_4");
  left.is_active = false;
  left.left_at = 5;
  tx().conversations().UpdateParticipant(left);
  auto gone = MakeParticipant("conv_4", "usr_1");
  gone.is_active = false;
  gone.left_at = 5;
  tx().conversations().UpdateParticipant(gone);
  backend().Execute("UPDATE conversations SET is_active = false WHERE id = 'conv_5'");

  EXPECT_EQ(tx().conversations().ContactsOf("usr_1"), (std::vector<std::string>{"usr_2", "usr_3"}));
  EXPECT_EQ(tx().conversations().ContactsOf("usr_2"), (std::vector<std::string>{"usr_1", "usr_3"}));
  EXPECT_EQ(tx().conversations().ContactsOf("usr_4"), std::vector<std::string>{})
      << "left: shares nothing";
  EXPECT_EQ(tx().conversations().ContactsOf("usr_7"), std::vector<std::string>{});
  EXPECT_EQ(tx().conversations().ContactsOf("usr_404"), std::vector<std::string>{});
}

// ---- The transaction itself ----

// Every write method of every store, before it reaches the database; reads still work.
TEST_P(TransactionTest, ReadOnlyTransactionRefusesWrites) {
  const auto read_only_tx = backend().ReadOnly();
  Transaction& ro = *read_only_tx;
  EXPECT_THROW(ro.users().Upsert(MakeUser("usr_1")), std::logic_error);
  EXPECT_THROW(ro.users().RecordLastSeen("usr_1", 1), std::logic_error);
  EXPECT_THROW(ro.users().RecordDelivery("dlv_1", 1), std::logic_error);
  EXPECT_THROW(ro.users().PruneDeliveries(1), std::logic_error);
  EXPECT_THROW(ro.conversations().Insert(MakeConversation("conv_1")), std::logic_error);
  EXPECT_THROW(ro.conversations().RecordMessage("conv_1", 1), std::logic_error);
  EXPECT_THROW(ro.conversations().InsertParticipant(MakeParticipant("conv_1", "usr_1")),
               std::logic_error);
  EXPECT_THROW(ro.conversations().UpdateParticipant(MakeParticipant("conv_1", "usr_1")),
               std::logic_error);
  EXPECT_THROW(ro.conversations().DeactivateParticipations("usr_1", 1), std::logic_error);
  EXPECT_THROW(ro.messages().Insert(MakeMessage("msg_1", "conv_1", "usr_1")), std::logic_error);
  EXPECT_THROW(ro.messages().Update(MakeMessage("msg_1", "conv_1", "usr_1")), std::logic_error);
  EXPECT_THROW(ro.reactions().Insert({.id = "rct_1"}), std::logic_error);
  EXPECT_THROW(ro.reactions().Delete("rct_1"), std::logic_error);
  EXPECT_THROW(ro.receipts().Insert({.id = "rcp_1"}), std::logic_error);
  EXPECT_THROW(ro.blocks().Insert({.blocker_id = "usr_1", .blocked_id = "usr_2"}),
               std::logic_error);
  EXPECT_THROW(ro.blocks().Delete("usr_1", "usr_2"), std::logic_error);
  EXPECT_THROW(ro.communities().UpsertMember({.community_id = "c", .user_id = "usr_1"}),
               std::logic_error);
  EXPECT_THROW(ro.communities().DeleteMember("c", "usr_1"), std::logic_error);
  EXPECT_THROW(ro.communities().UpsertPost({.id = "p", .community_id = "c"}), std::logic_error);
  EXPECT_THROW(ro.communities().DeletePost("p"), std::logic_error);
  EXPECT_THROW(ro.outbox().Append({.id = "evt_1"}), std::logic_error);
  EXPECT_THROW(ro.outbox().SaveSinkPosition("jsonl", 1, 1), std::logic_error);
  EXPECT_THROW(ro.outbox().Prune(1, 1), std::logic_error);
  EXPECT_THROW(ro.log().NextSeq("conv_1"), std::logic_error);
  EXPECT_THROW(ro.log().Append({.conversation_id = "conv_1", .seq = 1}), std::logic_error);
  EXPECT_THROW(ro.log().ReplacePayload("conv_1", 1, "{}"), std::logic_error);
  EXPECT_FALSE(ro.users().Find("usr_1"));
}

TEST_P(TransactionTest, ReportsTheSchemaVersion) {
  EXPECT_EQ(tx().SchemaVersion(), backend().LatestSchemaVersion());
}

TEST_P(TransactionTest, PreparesEachStatementOnce) {
  const auto before = backend().PreparedStatements();
  for (int i = 0; i < 5; ++i) tx().users().Find("usr_" + std::to_string(i));
  tx().conversations().Find("conv_1");
  EXPECT_EQ(backend().PreparedStatements(), before + 2);
}

}  // namespace
}  // namespace confide::store
