#include "realtime/presence.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

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

TEST(Presence, SaysWhichOtherNodeHoldsWhichUsers) {
  Presence presence;
  presence.Connected("alice");  // here: no other node needs her share
  presence.Apply(Full("n2", 1, {"bob", "carol"}), t0);
  presence.Apply(Full("n3", 1, {"carol"}), t0);
  auto holders = presence.HeldElsewhere({"alice", "bob", "carol", "dave"});
  std::sort(holders.begin(), holders.end());
  using Holders = std::vector<std::pair<std::string, std::vector<std::size_t>>>;
  EXPECT_EQ(holders, (Holders{{"n2", {1, 2}}, {"n3", {2}}}));
  // A node fallen silent holds no one any more.
  presence.Heard("n2", t0 + 5s);
  presence.Expire(t0 + 1s);
  EXPECT_EQ(presence.HeldElsewhere({"bob", "carol"}), (Holders{{"n2", {0, 1}}}));
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

// One node's bus: what it broadcasts reaches its peer's listeners, as NATS would carry it.
class LoopBus final : public DeliveryBus {
 public:
  void OnReceive(Receiver) override {}
  void OnResume(std::function<void()>) override {}
  void LocateUsers(UserLocator) override {}
  void Publish(const std::vector<std::vector<Delivery>>&) override {}
  void Interest(const std::string&, bool) override {}
  void OnBroadcast(const std::string& topic, Listener listener) override {
    std::lock_guard lock(mu_);
    listeners_[topic] = std::move(listener);
  }
  void Broadcast(const std::string& topic, const std::string& message) override {
    if (peer != nullptr) peer->Hear(topic, message);
  }
  void Hear(const std::string& topic, const std::string& message) {
    std::lock_guard lock(mu_);
    if (listeners_[topic]) listeners_[topic](message);
  }
  LoopBus* peer = nullptr;

 private:
  std::mutex mu_;
  std::map<std::string, Listener> listeners_;
};

TEST(ClusterPresence, ALongListGoesInPartsAndCountsOnceAllCame) {
  Presence here;
  for (int i = 0; i < 5; ++i) here.Connected("user" + std::to_string(i));
  // What another node hears: the first node's parts come to it through the loop.
  Presence there;
  LoopBus speaker_bus, listener_bus;
  speaker_bus.peer = &listener_bus;
  std::mutex mu;
  std::vector<std::pair<std::string, bool>> told;
  ClusterPresence listener(there, listener_bus, "n2/b", [&](const std::string& user, bool online) {
    std::lock_guard lock(mu);
    told.emplace_back(user, online);
  });
  ClusterPresence speaker(here, speaker_bus, "n1/a", nullptr,
                          {.heartbeat = std::chrono::hours(1), .part_size = 2});
  // The speaker's first heartbeat went out at once, in three parts.
  for (int i = 0; i < 100 && there.users_anywhere() < 5; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(there.users_anywhere(), 5u);
  std::lock_guard lock(mu);
  EXPECT_EQ(told.size(), 5u);
}

TEST(PresenceCodec, APartSaysWhichOfHowMany) {
  NodePresence part = Full("n1", 3, {"alice"});
  part.part = 1;
  part.parts = 3;
  const auto read = DecodePresence(EncodePresence(part));
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->part, 1);
  EXPECT_EQ(read->parts, 3);
  EXPECT_FALSE(DecodePresence(R"({"node":"n1","version":1,"full":true,"part":3,"parts":3})"));
}

}  // namespace
}  // namespace confide::realtime
