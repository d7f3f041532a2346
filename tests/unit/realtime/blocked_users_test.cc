#include "realtime/blocked_users.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace confide::realtime {
namespace {

TEST(BlockedUsersTest, EmptyContainsNobody) {
  BlockedUsers blocked;
  EXPECT_FALSE(blocked.contains("alice"));
  EXPECT_FALSE(blocked.contains(""));
  EXPECT_EQ(blocked.size(), 0u);
}

TEST(BlockedUsersTest, ReadListIsKeptOnceInAnyOrder) {
  BlockedUsers blocked({"carol", "alice", "bob", "alice"});
  EXPECT_EQ(blocked.size(), 3u);
  EXPECT_TRUE(blocked.contains("alice"));
  EXPECT_TRUE(blocked.contains("bob"));
  EXPECT_TRUE(blocked.contains("carol"));
  EXPECT_FALSE(blocked.contains("dave"));
  EXPECT_FALSE(blocked.contains("ali"));
  EXPECT_FALSE(blocked.contains("alicea"));
}

TEST(BlockedUsersTest, InsertAndEraseKeepEveryOtherId) {
  BlockedUsers blocked;
  for (const char* id : {"m", "c", "x", "a", "q", "c"}) blocked.insert(id);
  EXPECT_EQ(blocked.size(), 5u);
  for (const char* id : {"a", "c", "m", "q", "x"}) EXPECT_TRUE(blocked.contains(id)) << id;

  blocked.erase("m");
  blocked.erase("nobody");
  EXPECT_EQ(blocked.size(), 4u);
  EXPECT_FALSE(blocked.contains("m"));
  for (const char* id : {"a", "c", "q", "x"}) EXPECT_TRUE(blocked.contains(id)) << id;

  blocked.erase("a");
  blocked.erase("x");
  blocked.erase("x");
  EXPECT_EQ(blocked.size(), 2u);
  EXPECT_TRUE(blocked.contains("c"));
  EXPECT_TRUE(blocked.contains("q"));
  EXPECT_FALSE(blocked.contains("a"));
  EXPECT_FALSE(blocked.contains("x"));
}

TEST(BlockedUsersTest, ManyIdsAreFoundAfterManyChanges) {
  std::vector<std::string> ids;
  for (int i = 0; i < 1000; i += 2) ids.push_back("user_" + std::to_string(i));
  BlockedUsers blocked(ids);
  for (int i = 1; i < 1000; i += 2) blocked.insert("user_" + std::to_string(i));
  for (int i = 0; i < 1000; i += 3) blocked.erase("user_" + std::to_string(i));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(blocked.contains("user_" + std::to_string(i)), i % 3 != 0) << i;
  }
}

}  // namespace
}  // namespace confide::realtime
