#include "realtime/presence.h"

#include <gtest/gtest.h>

#include "realtime/cluster_presence.h"

// Who is online across a cluster: this node's sockets, and what the other nodes said of
// theirs, in the order they said it, until they fall silent.
namespace confide::realtime {
namespace {

using namespace std::chrono_literals;
using Changes = Presence::Changes;

const Presence::Clock::time_point t0{};

NodePresence Full(std::string node, std::uint64_t version, std::vector<std::string> online) {
  return {.node = std::move(node), .version = version, .full = true, .online = std::move(online)};
}

NodePresence Delta(std::string node, std::uint64_t version, std::vector<std::string> online,
                   std::vector<std::string> offline) {
  return {.node = std::move(node),
          .version = version,
          .online = std::move(online),
          .offline = std::move(offline)};
}

TEST(Presence, AUserIsOnlineWhileAnyNodeHoldsThem) {
  Presence presence;
  EXPECT_EQ(presence.Apply(Full("n2", 1, {"alice"}), t0), (Changes{{"alice", true}}));
  // Her first socket here is not her coming online: n2 holds her.
  const auto came = presence.Connected("alice");
  EXPECT_TRUE(came.here);
  EXPECT_FALSE(came.anywhere);
  EXPECT_EQ(presence.Apply(Delta("n2", 2, {}, {"alice"}), t0), Changes{});
  EXPECT_TRUE(presence.IsOnline("alice"));
  const auto went = presence.Disconnected("alice");
  EXPECT_TRUE(went.here);
  EXPECT_TRUE(went.anywhere);
  EXPECT_FALSE(presence.IsOnline("alice"));
  EXPECT_GT(went.version, came.version);
}

TEST(Presence, AnOlderMessageThanOneAppliedChangesNothing) {
  Presence presence;
  presence.Apply(Delta("n2", 5, {}, {}), t0);
  EXPECT_EQ(presence.Apply(Full("n2", 4, {"bob"}), t0), Changes{});
  EXPECT_FALSE(presence.IsOnline("bob"));
  // A full list replaces what the node held.
  presence.Apply(Full("n2", 6, {"bob", "carol"}), t0);
  EXPECT_EQ(presence.Apply(Full("n2", 7, {"carol"}), t0), (Changes{{"bob", false}}));
}

TEST(Presence, ASilentNodesUsersGoOfflineUnlessAnotherHoldsThem) {
  Presence presence;
  presence.Apply(Full("n2", 1, {"alice", "bob"}), t0);
  presence.Apply(Full("n3", 1, {"bob"}), t0 + 2s);
  EXPECT_EQ(presence.Expire(t0 + 1s), (Changes{{"alice", false}}));
  EXPECT_TRUE(presence.IsOnline("bob"));
  EXPECT_FALSE(presence.IsOnline("alice"));
  EXPECT_EQ(presence.AreOnline({"alice", "bob"}), (std::vector<bool>{false, true}));
}

TEST(PresenceCodec, AMessageReadsBackAsWritten) {
  const auto delta = Delta("n1/ab12", 42, {"alice"}, {"bob"});
  const auto read = DecodePresence(EncodePresence(delta));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->node, "n1/ab12");
  EXPECT_EQ(read->version, 42u);
  EXPECT_FALSE(read->full);
  EXPECT_EQ(read->online, std::vector<std::string>{"alice"});
  EXPECT_EQ(read->offline, std::vector<std::string>{"bob"});
  for (const char* bad :
       {"", "[]", R"({"node":"n1","version":1})", R"({"node":"n1","version":-1,"full":true})",
        R"({"node":"n1","version":1,"full":true,"online":[1]})"}) {
    EXPECT_FALSE(DecodePresence(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace confide::realtime
