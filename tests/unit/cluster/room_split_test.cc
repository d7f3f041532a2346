#include "cluster/room_split.h"

#include <gtest/gtest.h>

// A change's deliveries, split by the room whose sockets they reach: every room gets its
// share, and a socket that several rooms of one send reach gets it from one of them only.
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

TEST(RoomSplit, EachRoomOfASendGetsItsPartAndWhoGetsItElsewhereIsLeftOut) {
  const auto shares = SplitByRoom({NewMessage()});
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_EQ(shares[0].room, "conversation:c1");

  const Delivery& room = ShareOf(shares, "conversation:c1").deliveries.at(0);
  EXPECT_EQ(room.parts,
            (std::vector<Part>{{{"conversation:c1"}, "new_message", "{\"id\":\"m1\"}"}}));
  // What decides who gets it and in which order travels with every share.
  EXPECT_EQ(room.audience, Delivery::Audience::kNotBlocking);
  EXPECT_EQ(room.user_id, "alice");
  EXPECT_EQ(room.seq, 3);
  EXPECT_EQ(room.conversation_id, "c1");

  // A user's sockets in the conversation's room got new_message: no activity for them. The
  // other users' rooms hold none of theirs.
  for (const char* user : {"user:alice", "user:bob"}) {
    const auto& share = ShareOf(shares, user);
    ASSERT_EQ(share.deliveries.size(), 1u);
    EXPECT_EQ(share.deliveries[0].parts,
              (std::vector<Part>{{{"conversation:c1"}, "", ""},
                                 {{user}, "conversation_activity", "{\"seq\":3}"}}));
    EXPECT_EQ(share.deliveries[0].seq, 3);
  }
}

TEST(RoomSplit, ARoomTwoPartsNameIsLeftOutOfTheLaterOne) {
  Delivery added;
  added.parts = {{{"conversation:c1", "user:bob"}, "participant_added", "{}"}};
  const auto shares = SplitByRoom({added});
  ASSERT_EQ(shares.size(), 2u);
  EXPECT_EQ(ShareOf(shares, "conversation:c1").deliveries.at(0).parts,
            (std::vector<Part>{{{"conversation:c1"}, "participant_added", "{}"}}));
  EXPECT_EQ(ShareOf(shares, "user:bob").deliveries.at(0).parts,
            (std::vector<Part>{{{"conversation:c1"}, "", ""},
                               {{"user:bob"}, "participant_added", "{}"}}));
}

TEST(RoomSplit, BlocksLeavesAndDisconnectionsGoToTheRoomTheyChange) {
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
  gone.parts = {{{"user:carol"}, "auth_error", "{}"}};
  const auto shares = SplitByRoom({block, leave, gone});
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_EQ(ShareOf(shares, "user:alice").deliveries, std::vector<Delivery>{block});
  EXPECT_EQ(ShareOf(shares, "user:bob").deliveries, std::vector<Delivery>{leave});
  EXPECT_EQ(ShareOf(shares, "user:carol").deliveries, std::vector<Delivery>{gone});
}

TEST(RoomSplit, AChangeKeepsItsOrderInEachRoom) {
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
  const auto shares = SplitByRoom({removed, leave});
  const auto& bob = ShareOf(shares, "user:bob").deliveries;
  ASSERT_EQ(bob.size(), 2u);
  EXPECT_EQ(bob[0].action, Delivery::Action::kSend);
  EXPECT_EQ(bob[1], leave);
}

}  // namespace
}  // namespace confide::cluster
