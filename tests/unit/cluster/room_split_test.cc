#include "cluster/room_split.h"

#include <gtest/gtest.h>

// A change's deliveries, split by where their sockets are: every room but a user's gets its
// share, every node the part for the users it holds, and a socket that several rooms of one
// send reach gets it from one of them only.
namespace confide::cluster {
namespace {

using realtime::Delivery;
using Part = Delivery::Part;

Delivery NewMessage() {
  Delivery send;
  send.parts = {{{"conversation:c1"}, "new_message", "{\"id\":\"m1\"}"},
                {{"user:alice", "user:bob"}, "conversation_activity", "{\"seq\":3}"}};
  send.audience = Delivery::Audience::kNotBlocking;
  send.user_id = "alice";
  send.conversation_id = "c1";
  send.seq = 3;
  return send;
}

const RoomShare& ShareOf(const std::vector<RoomShare>& shares, const std::string& room) {
  for (const auto& share : shares) {
    if (share.room == room) return share;
  }
  throw std::runtime_error("no share for " + room);
}

bool Anyone(std::string_view) { return true; }

TEST(RoomSplit, EachRoomOfASendGetsItsPartAndWhoGetsItElsewhereIsLeftOut) {
  const auto shares = SplitByRoom({NewMessage()});
  ASSERT_EQ(shares.size(), 1u);  // the users' rooms go by node
  EXPECT_EQ(shares[0].room, "conversation:c1");

  const Delivery& room = ShareOf(shares, "conversation:c1").deliveries.at(0);
  EXPECT_EQ(room.parts,
            (std::vector<Part>{{{"conversation:c1"}, "new_message", "{\"id\":\"m1\"}"}}));
  // What decides who gets it and in which order travels with every share.
  EXPECT_EQ(room.audience, Delivery::Audience::kNotBlocking);
  EXPECT_EQ(room.user_id, "alice");
  EXPECT_EQ(room.seq, 3);
  EXPECT_EQ(room.conversation_id, "c1");
}

TEST(RoomSplit, ANodeGetsTheSendForTheUsersItHoldsOnly) {
  EXPECT_EQ(UsersReached({NewMessage()}), (std::vector<std::string>{"alice", "bob"}));
  // A user's sockets in the conversation's room got new_message from its share: no activity
  // for them.
  const auto both = UsersShare({NewMessage()}, Anyone);
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(
      both[0].parts,
      (std::vector<Part>{{{"conversation:c1"}, "", ""},
                         {{"user:alice", "user:bob"}, "conversation_activity", "{\"seq\":3}"}}));
  EXPECT_EQ(both[0].seq, 3);
  EXPECT_EQ(both[0].audience, Delivery::Audience::kNotBlocking);
  EXPECT_EQ(both[0].user_id, "alice");

  const auto bob = UsersShare({NewMessage()}, [](std::string_view user) { return user == "bob"; });
  ASSERT_EQ(bob.size(), 1u);
  EXPECT_EQ(bob[0].parts,
            (std::vector<Part>{{{"conversation:c1"}, "", ""},
                               {{"user:bob"}, "conversation_activity", "{\"seq\":3}"}}));
  EXPECT_TRUE(UsersShare({NewMessage()}, [](std::string_view) { return false; }).empty());
}

TEST(RoomSplit, ARoomTwoPartsNameIsLeftOutOfTheLaterOne) {
  Delivery added;
  added.parts = {{{"conversation:c1", "user:bob"}, "participant_added", "{}"}};
  const auto shares = SplitByRoom({added});
  ASSERT_EQ(shares.size(), 1u);
  EXPECT_EQ(ShareOf(shares, "conversation:c1").deliveries.at(0).parts,
            (std::vector<Part>{{{"conversation:c1"}, "participant_added", "{}"}}));
  EXPECT_EQ(UsersShare({added}, Anyone).at(0).parts,
            (std::vector<Part>{{{"conversation:c1"}, "", ""},
                               {{"user:bob"}, "participant_added", "{}"}}));
}

TEST(RoomSplit, AUsersRoomBeforeAnotherRoomKeepsItsEventAndTheRoomItsOwn) {
  // Bob's sockets get the first part's event, even those in the conversation's room; the
  // room's share leaves his sockets out.
  Delivery notice;
  notice.parts = {{{"user:bob"}, "removed", "{\"a\":1}"},
                  {{"conversation:c1", "user:carol"}, "participant_removed", "{\"b\":2}"}};
  EXPECT_EQ(SplitByRoom({notice}).at(0).deliveries.at(0).parts,
            (std::vector<Part>{{{"user:bob"}, "", ""},
                               {{"conversation:c1"}, "participant_removed", "{\"b\":2}"}}));
  EXPECT_EQ(UsersShare({notice}, Anyone).at(0).parts,
            (std::vector<Part>{{{"user:bob"}, "removed", "{\"a\":1}"},
                               {{"conversation:c1"}, "", ""},
                               {{"user:carol"}, "participant_removed", "{\"b\":2}"}}));
  // A room after the last held user's is of no use to the node.
  EXPECT_EQ(UsersShare({notice}, [](std::string_view user) { return user == "bob"; }).at(0).parts,
            (std::vector<Part>{{{"user:bob"}, "removed", "{\"a\":1}"}}));
}

TEST(RoomSplit, BlocksLeavesAndDisconnectionsGoToTheUsersTheyChange) {
  Delivery block;
  block.action = Delivery::Action::kBlock;
  block.user_id = "alice";
  block.blocked_id = "bob";
  Delivery leave;
  leave.action = Delivery::Action::kLeave;
  leave.room = "user:bob";
  leave.left_room = "conversation:c1";
  Delivery gone;
  gone.action = Delivery::Action::kDisconnect;
  gone.parts = {{{"user:carol", "user:dave"}, "auth_error", "{}"}};
  const std::vector<Delivery> change{block, leave, gone};
  EXPECT_TRUE(SplitByRoom(change).empty());
  EXPECT_EQ(UsersReached(change), (std::vector<std::string>{"alice", "bob", "carol", "dave"}));
  EXPECT_EQ(UsersShare(change, Anyone), change);
  EXPECT_EQ(UsersShare(change, [](std::string_view user) { return user == "alice"; }),
            std::vector<Delivery>{block});
  EXPECT_EQ(UsersShare(change, [](std::string_view user) { return user == "bob"; }),
            std::vector<Delivery>{leave});
  Delivery carol = gone;
  carol.parts = {{{"user:carol"}, "auth_error", "{}"}};
  EXPECT_EQ(UsersShare(change, [](std::string_view user) { return user == "carol"; }),
            std::vector<Delivery>{carol});
}

TEST(RoomSplit, OnlyAChangeNamingEveryMemberGoesWhole) {
  Delivery message = NewMessage();
  message.names_every_member = true;
  EXPECT_TRUE(GoesWhole({message}));
  // Another change of the conversation reaches sockets of its room it does not name.
  EXPECT_FALSE(GoesWhole({NewMessage()}));
  EXPECT_FALSE(GoesWhole({message, NewMessage()}));
  Delivery leave;
  leave.action = Delivery::Action::kLeave;
  leave.room = "user:bob";
  leave.left_room = "conversation:c1";
  EXPECT_FALSE(GoesWhole({message, leave}));
  EXPECT_FALSE(GoesWhole({}));
}

TEST(RoomSplit, AChangeKeepsItsOrderForEachNode) {
  Delivery removed;
  removed.parts = {{{"conversation:c1", "user:bob"}, "participant_removed", "{}"}};
  removed.seq = 4;
  removed.conversation_id = "c1";
  Delivery leave;
  leave.action = Delivery::Action::kLeave;
  leave.room = "user:bob";
  leave.left_room = "conversation:c1";
  leave.seq = 4;
  leave.conversation_id = "c1";
  const auto bob = UsersShare({removed, leave}, Anyone);
  ASSERT_EQ(bob.size(), 2u);
  EXPECT_EQ(bob[0].action, Delivery::Action::kSend);
  EXPECT_EQ(bob[1], leave);
}

}  // namespace
}  // namespace confide::cluster
