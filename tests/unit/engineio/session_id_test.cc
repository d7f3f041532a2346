#include "engineio/session_id.h"

#include <gtest/gtest.h>

#include <set>

// Session ids: the server's prefix, randomness, the owning shard; anything else is unknown.
namespace confide::engineio {
namespace {

TEST(SessionId, BeginsWithThePrefixAndNamesItsShard) {
  const std::string sid = NewSessionId("n1.", 3);
  EXPECT_TRUE(sid.starts_with("n1."));
  EXPECT_EQ(sid.size(), 3u + 20u + 1u);
  EXPECT_EQ(ShardOfSessionId(sid, "n1.", 4), 3u);
  EXPECT_EQ(ShardOfSessionId(NewSessionId("", 12), "", 16), 12u);
}

TEST(SessionId, IsRandom) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(NewSessionId("n1.", 0));
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(SessionId, AnotherPrefixIsAnotherServersSession) {
  const std::string sid = NewSessionId("n1.", 0);
  EXPECT_EQ(ShardOfSessionId(sid, "n2.", 4), std::nullopt);
  EXPECT_EQ(ShardOfSessionId(sid, "n11.", 4), std::nullopt);
  EXPECT_EQ(ShardOfSessionId(sid.substr(3), "n1.", 4), std::nullopt);
  // Without a prefix of its own, a server does not take a prefixed id for one of its own.
  EXPECT_EQ(ShardOfSessionId("n1." + std::string(20, 'a') + "0", "", 4), std::nullopt);
}

TEST(SessionId, RefusesIdsItCouldNotHaveIssued) {
  const std::string random(20, 'a');
  EXPECT_EQ(ShardOfSessionId("n1." + random + "1", "n1.", 2), 1u);
  EXPECT_EQ(ShardOfSessionId("n1." + random + "2", "n1.", 2), std::nullopt);  // no such shard
  EXPECT_EQ(ShardOfSessionId("n1." + random, "n1.", 2), std::nullopt);        // no shard
  EXPECT_EQ(ShardOfSessionId("n1." + random + "x", "n1.", 2), std::nullopt);
  EXPECT_EQ(ShardOfSessionId("n1." + random + "00001", "n1.", 2), std::nullopt);  // too long
  EXPECT_EQ(ShardOfSessionId("n1.short1", "n1.", 2), std::nullopt);
  EXPECT_EQ(ShardOfSessionId("", "n1.", 2), std::nullopt);
}

}  // namespace
}  // namespace confide::engineio
