#include "socketio/room_table.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "socketio/room_members.h"

namespace confide::socketio {
namespace {

// Distinct, aligned addresses to stand for sockets: the members are never dereferenced.
class FakeSockets {
 public:
  explicit FakeSockets(std::size_t n) : slots_(n) {}
  Socket* operator[](std::size_t i) { return reinterpret_cast<Socket*>(&slots_[i]); }

 private:
  std::vector<std::uint64_t> slots_;
};

// How many times iteration yields each socket.
std::map<Socket*, int> Visits(const RoomMembers& members) {
  std::map<Socket*, int> visits;
  for (Socket* socket : members) ++visits[socket];
  return visits;
}

// Checks that `members` holds exactly `expected`, each yielded once.
void ExpectHolds(const RoomMembers& members, const std::set<Socket*>& expected) {
  EXPECT_EQ(members.size(), expected.size());
  EXPECT_EQ(members.empty(), expected.empty());
  const auto visits = Visits(members);
  EXPECT_EQ(visits.size(), expected.size());
  for (const auto& [socket, count] : visits) {
    EXPECT_EQ(count, 1);
    EXPECT_TRUE(expected.contains(socket));
  }
  EXPECT_EQ(static_cast<std::size_t>(std::distance(members.begin(), members.end())),
            expected.size());
}

TEST(RoomMembersTest, StartsEmpty) {
  FakeSockets sockets(1);
  RoomMembers members;
  ExpectHolds(members, {});
  EXPECT_TRUE(members.begin() == members.end());
  EXPECT_FALSE(members.erase(sockets[0]));
  EXPECT_FALSE(members.erase(nullptr));
  ExpectHolds(members, {});
}

TEST(RoomMembersTest, HoldsOneSocket) {
  FakeSockets sockets(2);
  RoomMembers members;
  EXPECT_TRUE(members.insert(sockets[0]));
  EXPECT_FALSE(members.insert(sockets[0]));
  ExpectHolds(members, {sockets[0]});
  EXPECT_EQ(*members.begin(), sockets[0]);
  EXPECT_FALSE(members.erase(sockets[1]));
  EXPECT_FALSE(members.erase(nullptr));
  ExpectHolds(members, {sockets[0]});
  EXPECT_TRUE(members.erase(sockets[0]));
  EXPECT_FALSE(members.erase(sockets[0]));
  ExpectHolds(members, {});
}

TEST(RoomMembersTest, HoldsAFewAndRefusesDuplicates) {
  FakeSockets sockets(4);
  RoomMembers members;
  for (std::size_t i = 0; i < 3; ++i) EXPECT_TRUE(members.insert(sockets[i]));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_FALSE(members.insert(sockets[i]));
  ExpectHolds(members, {sockets[0], sockets[1], sockets[2]});
  EXPECT_FALSE(members.erase(sockets[3]));
  EXPECT_TRUE(members.erase(sockets[1]));
  EXPECT_FALSE(members.erase(sockets[1]));
  ExpectHolds(members, {sockets[0], sockets[2]});
  EXPECT_TRUE(members.erase(sockets[0]));
  ExpectHolds(members, {sockets[2]});
  EXPECT_TRUE(members.insert(sockets[3]));
  ExpectHolds(members, {sockets[2], sockets[3]});
}

// Up past the array into the set and back down to one word, checking every step, then up
// again: in insertion order and in reverse, and leaving in either order.
TEST(RoomMembersTest, CrossesTheArraysLimitBothWays) {
  constexpr std::size_t kCount = 3 * RoomMembers::kMaxFew;
  FakeSockets sockets(kCount);
  for (const bool leave_in_join_order : {true, false}) {
    SCOPED_TRACE(leave_in_join_order ? "leave in join order" : "leave in reverse");
    RoomMembers members;
    std::set<Socket*> expected;
    for (std::size_t i = 0; i < kCount; ++i) {
      EXPECT_TRUE(members.insert(sockets[i]));
      EXPECT_FALSE(members.insert(sockets[i]));
      EXPECT_FALSE(members.insert(sockets[0]));
      expected.insert(sockets[i]);
      ExpectHolds(members, expected);
    }
    for (std::size_t n = 0; n < kCount; ++n) {
      const std::size_t i = leave_in_join_order ? n : kCount - 1 - n;
      EXPECT_TRUE(members.erase(sockets[i]));
      EXPECT_FALSE(members.erase(sockets[i]));
      expected.erase(sockets[i]);
      ExpectHolds(members, expected);
      // Every socket still in the room is still found as one.
      for (Socket* socket : expected) EXPECT_FALSE(members.insert(socket));
    }
    for (std::size_t i = 0; i < kCount; ++i) EXPECT_TRUE(members.insert(sockets[i]));
    for (std::size_t i = 0; i < kCount; ++i) expected.insert(sockets[i]);
    ExpectHolds(members, expected);
  }
}

// Around the limits, joins and leaves alternate without losing or doubling a socket.
TEST(RoomMembersTest, AlternatesAtTheLimits) {
  constexpr std::size_t kCount = RoomMembers::kMaxFew + 2;
  FakeSockets sockets(kCount + 1);
  for (std::size_t base = 1; base <= kCount; ++base) {
    RoomMembers members;
    std::set<Socket*> expected;
    for (std::size_t i = 0; i < base; ++i) {
      members.insert(sockets[i]);
      expected.insert(sockets[i]);
    }
    for (int round = 0; round < 3; ++round) {
      EXPECT_TRUE(members.insert(sockets[kCount]));
      expected.insert(sockets[kCount]);
      ExpectHolds(members, expected);
      EXPECT_TRUE(members.erase(sockets[kCount]));
      expected.erase(sockets[kCount]);
      ExpectHolds(members, expected);
    }
  }
}

TEST(RoomMembersTest, MovesItsSockets) {
  FakeSockets sockets(RoomMembers::kMaxFew * 2);
  for (std::size_t n : {std::size_t{1}, std::size_t{3}, std::size_t{RoomMembers::kMaxFew * 2}}) {
    RoomMembers from;
    std::set<Socket*> expected;
    for (std::size_t i = 0; i < n; ++i) {
      from.insert(sockets[i]);
      expected.insert(sockets[i]);
    }
    RoomMembers to(std::move(from));
    ExpectHolds(to, expected);
    ExpectHolds(from, {});  // NOLINT(bugprone-use-after-move): a moved-from room is empty
    RoomMembers other;
    other.insert(sockets[0]);
    other = std::move(to);
    ExpectHolds(other, expected);
  }
}

// A community's room: joins and leaves stay O(1) each, in any order.
TEST(RoomMembersTest, HoldsAHugeRoom) {
  constexpr std::size_t kCount = 100'000;
  FakeSockets sockets(kCount);
  RoomMembers members;
  for (std::size_t i = 0; i < kCount; ++i) ASSERT_TRUE(members.insert(sockets[i]));
  EXPECT_EQ(members.size(), kCount);
  std::size_t visited = 0;
  for (Socket* socket : members) {
    ASSERT_NE(socket, nullptr);
    ++visited;
  }
  EXPECT_EQ(visited, kCount);
  // Every other socket leaves, then the rest, last first.
  for (std::size_t i = 0; i < kCount; i += 2) ASSERT_TRUE(members.erase(sockets[i]));
  EXPECT_EQ(members.size(), kCount / 2);
  for (std::size_t i = kCount - 1; i < kCount; i -= 2) ASSERT_TRUE(members.erase(sockets[i]));
  ExpectHolds(members, {});
}

TEST(RoomTableTest, AddsAndRemovesRooms) {
  FakeSockets sockets(3);
  RoomTable table;
  EXPECT_EQ(table.Find("user:a"), nullptr);
  EXPECT_FALSE(table.Remove("user:a", sockets[0]));

  EXPECT_TRUE(table.Add("user:a", sockets[0]));
  EXPECT_FALSE(table.Add("user:a", sockets[0]));  // again: still one socket
  ASSERT_NE(table.Find("user:a"), nullptr);
  ExpectHolds(*table.Find("user:a"), {sockets[0]});

  EXPECT_FALSE(table.Add("user:a", sockets[1]));
  EXPECT_TRUE(table.Add("conversation:with_a_name_longer_than_fifteen", sockets[1]));
  ExpectHolds(*table.Find("user:a"), {sockets[0], sockets[1]});
  ExpectHolds(*table.Find("conversation:with_a_name_longer_than_fifteen"), {sockets[1]});

  EXPECT_FALSE(table.Remove("user:a", sockets[2]));  // not in it
  EXPECT_FALSE(table.Remove("user:a", sockets[0]));
  ExpectHolds(*table.Find("user:a"), {sockets[1]});
  EXPECT_TRUE(table.Remove("user:a", sockets[1]));
  EXPECT_EQ(table.Find("user:a"), nullptr);
  EXPECT_FALSE(table.Remove("user:a", sockets[1]));

  EXPECT_TRUE(table.Remove("conversation:with_a_name_longer_than_fifteen", sockets[1]));
  EXPECT_EQ(table.Find("conversation:with_a_name_longer_than_fifteen"), nullptr);
  EXPECT_TRUE(table.Add("user:a", sockets[2]));  // the room begins again
}

// As the namespace does when sending may close sockets: collect the room's sockets, then let
// each leave; the room goes when the last does, whatever its size.
TEST(RoomTableTest, EveryoneLeavesAfterCollecting) {
  for (std::size_t count : {std::size_t{1}, std::size_t{2}, std::size_t{RoomMembers::kMaxFew},
                            std::size_t{RoomMembers::kMaxFew + 1}, std::size_t{1000}}) {
    SCOPED_TRACE(count);
    FakeSockets sockets(count);
    RoomTable table;
    for (std::size_t i = 0; i < count; ++i) EXPECT_EQ(table.Add("room", sockets[i]), i == 0);
    const RoomTable::Members* members = table.Find("room");
    ASSERT_NE(members, nullptr);
    const std::vector<Socket*> collected(members->begin(), members->end());
    ASSERT_EQ(collected.size(), count);
    for (std::size_t i = 0; i < count; ++i) {
      EXPECT_EQ(table.Remove("room", collected[i]), i + 1 == count);
    }
    EXPECT_EQ(table.Find("room"), nullptr);
  }
}

}  // namespace
}  // namespace confide::socketio
