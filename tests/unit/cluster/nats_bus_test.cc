#include "cluster/nats_bus.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <thread>

#include "support/loopback_port.h"
#include "support/nats_server.h"

// The bus between nodes, on a real nats-server: a node hears the deliveries of the rooms it
// has sockets in, and only those; never its own; and lets a room go a while after its last
// socket left.
namespace confide::cluster {
namespace {

using namespace std::chrono_literals;
using realtime::Delivery;
using realtime::DeliveryBus;

// What a bus received, for a test to wait on.
class Received {
 public:
  void Add(const std::string& room, std::vector<Delivery> change) {
    std::lock_guard lock(mu_);
    rooms_.push_back(room);
    changes_.push_back(std::move(change));
    cv_.notify_all();
  }
  bool WaitFor(std::size_t count, std::chrono::milliseconds within = 5s) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, within, [&] { return changes_.size() >= count; });
  }
  std::vector<std::vector<Delivery>> changes() {
    std::lock_guard lock(mu_);
    return changes_;
  }
  std::vector<std::string> rooms() {
    std::lock_guard lock(mu_);
    return rooms_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> rooms_;
  std::vector<std::vector<Delivery>> changes_;
};

// Counts the messages of every node on the server: a plain connection listening to all.
class Tap {
 public:
  explicit Tap(const std::string& url) {
    if (natsConnection_ConnectTo(&connection_, url.c_str()) == NATS_OK) {
      natsConnection_Subscribe(&subscription_, connection_, "confide.node.>", OnMessage, this);
      natsConnection_Subscribe(&rooms_, connection_, "confide.room.>", OnMessage, this);
      natsConnection_Flush(connection_);
    }
  }
  ~Tap() {
    natsSubscription_Destroy(subscription_);
    natsSubscription_Destroy(rooms_);
    natsConnection_Destroy(connection_);
  }
  // The messages seen once `expected` have come (or 5 s passed) and a moment more, so that
  // one too many is counted as well: the tap's callbacks run on its own thread, after the
  // buses may already have theirs.
  int CountWhenSettled(int expected) const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (count_ < expected && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return count_;
  }

 private:
  static void OnMessage(natsConnection*, natsSubscription*, natsMsg* message, void* closure) {
    ++static_cast<Tap*>(closure)->count_;
    natsMsg_Destroy(message);
  }
  natsConnection* connection_ = nullptr;
  natsSubscription* subscription_ = nullptr;
  natsSubscription* rooms_ = nullptr;
  std::atomic<int> count_{0};
};

class NatsBusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::NatsServer::Available()) GTEST_SKIP() << "nats-server is not installed";
    ASSERT_TRUE(server_.Start());
  }

  std::unique_ptr<NatsBus> Bus(const std::string& node, Received& received,
                               std::chrono::milliseconds linger = 10s) {
    auto bus =
        NatsBus::Connect({.urls = server_.url(), .node_id = node, .node = node, .linger = linger});
    EXPECT_TRUE(bus.ok());
    if (!bus.ok()) return nullptr;
    (*bus)->OnReceive([&received](const std::string& room, std::vector<Delivery> change) {
      received.Add(room, std::move(change));
    });
    return std::move(*bus);
  }

  // Until the bus's thread took the interest and the server has the subscription.
  static void Settle() { std::this_thread::sleep_for(300ms); }

  testing::NatsServer server_;
};

// A send to a conversation's room and to two users' rooms that does not claim to name every
// member: it is split by room.
Delivery NewMessage() {
  Delivery send;
  send.parts = {{{"conversation:c1"}, "new_message", "{\"id\":\"m1\"}"},
                {{"user:alice", "user:bob"}, "conversation_activity", "{}"}};
  send.conversation_id = "c1";
  send.seq = 1;
  return send;
}

// The same, naming every member (as a message does): it goes whole.
Delivery Message() {
  Delivery send = NewMessage();
  send.names_every_member = true;
  return send;
}

// As presence would say: b holds bob, no one else holds any of them.
DeliveryBus::Holders BobOnB(const std::vector<std::string>& users) {
  DeliveryBus::Holders holders;
  for (std::size_t i = 0; i < users.size(); ++i) {
    if (users[i] == "bob") holders.push_back({"b", {i}});
  }
  return holders;
}

TEST_F(NatsBusTest, ANodeHearsTheRoomsItHasSocketsInOnly) {
  Received on_a, on_b;
  auto a = Bus("a", on_a);
  auto b = Bus("b", on_b);
  ASSERT_TRUE(a && b);
  b->Interest("conversation:c1", true);
  Settle();
  EXPECT_EQ(b->subscriptions(), 1u);

  a->Publish({{NewMessage()}});
  ASSERT_TRUE(on_b.WaitFor(1));
  std::this_thread::sleep_for(200ms);
  const auto changes = on_b.changes();
  ASSERT_EQ(changes.size(), 1u);  // not the users' rooms: b has none of their sockets
  EXPECT_EQ(on_b.rooms(), std::vector<std::string>{"conversation:c1"});
  ASSERT_EQ(changes[0].size(), 1u);
  EXPECT_EQ(changes[0][0].parts,
            (std::vector<Delivery::Part>{{{"conversation:c1"}, "new_message", "{\"id\":\"m1\"}"}}));
  EXPECT_EQ(changes[0][0].seq, 1);
}

TEST_F(NatsBusTest, AUsersShareGoesToTheNodesHoldingThemInOneMessageEach) {
  Received on_a, on_b, on_c;
  auto a = Bus("a", on_a);
  auto b = Bus("b", on_b);
  auto c = Bus("c", on_c);
  ASSERT_TRUE(a && b && c);
  a->LocateUsers(BobOnB);
  b->Interest("user:bob", true);
  Settle();
  EXPECT_EQ(b->subscriptions(), 0u);  // a user's room needs none

  a->Publish({{NewMessage()}});
  ASSERT_TRUE(on_b.WaitFor(1));
  std::this_thread::sleep_for(200ms);
  EXPECT_EQ(on_b.rooms(), std::vector<std::string>{""});
  const auto changes = on_b.changes();
  ASSERT_EQ(changes.size(), 1u);
  ASSERT_EQ(changes[0].size(), 1u);
  EXPECT_EQ(changes[0][0].parts,
            (std::vector<Delivery::Part>{{{"conversation:c1"}, "", ""},
                                         {{"user:bob"}, "conversation_activity", "{}"}}));
  EXPECT_FALSE(on_c.WaitFor(1, 100ms));
}

// Only members' sockets are in a conversation's room, and a message names every member: it
// goes, once and whole, to the nodes holding them, and not to the room's subscribers.
TEST_F(NatsBusTest, AMessageGoesWholeToTheNodesHoldingItsMembersOnly) {
  Received on_a, on_b, on_c;
  auto a = Bus("a", on_a);
  auto b = Bus("b", on_b);
  auto c = Bus("c", on_c);
  ASSERT_TRUE(a && b && c);
  a->LocateUsers(BobOnB);
  b->Interest("conversation:c1", true);
  c->Interest("conversation:c1", true);
  Settle();

  a->Publish({{Message()}});
  ASSERT_TRUE(on_b.WaitFor(1));
  std::this_thread::sleep_for(200ms);
  // For the conversation's room: b orders it with the conversation's other changes.
  EXPECT_EQ(on_b.rooms(), std::vector<std::string>{"conversation:c1"});
  const auto changes = on_b.changes();
  ASSERT_EQ(changes.size(), 1u);
  ASSERT_EQ(changes[0].size(), 1u);
  EXPECT_EQ(changes[0][0].parts, NewMessage().parts);
  EXPECT_EQ(changes[0][0].seq, 1);
  EXPECT_FALSE(on_c.WaitFor(1, 100ms));

  // A node holding none of them gets nothing, however many rooms it follows.
  a->LocateUsers([](const std::vector<std::string>&) { return DeliveryBus::Holders{}; });
  a->Publish({{Message()}});
  EXPECT_FALSE(on_b.WaitFor(2, 300ms));
  EXPECT_FALSE(on_c.WaitFor(1, 100ms));
}

// The changes of one commit travel together: one message to each node or room, which hands
// them over in order.
TEST_F(NatsBusTest, ChangesPublishedTogetherComeInOneMessageInOrder) {
  Received on_a, on_b;
  auto a = Bus("a", on_a);
  auto b = Bus("b", on_b);
  ASSERT_TRUE(a && b);
  a->LocateUsers(BobOnB);
  b->Interest("conversation:c1", true);
  Settle();
  std::vector<std::vector<Delivery>> changes;
  for (std::int64_t seq = 1; seq <= 4; ++seq) {
    Delivery delivery = seq % 2 == 0 ? Message() : NewMessage();
    delivery.seq = seq;
    changes.push_back({delivery});
  }
  Tap tap(server_.url());
  a->Publish(changes);
  // Seqs 2 and 4 whole to b; 1 and 3 on the room's subject, and their users' shares to b.
  ASSERT_TRUE(on_b.WaitFor(6));
  std::this_thread::sleep_for(200ms);
  std::vector<std::int64_t> whole, room, users;
  const auto received = on_b.changes();
  ASSERT_EQ(received.size(), 6u);
  for (std::size_t i = 0; i < received.size(); ++i) {
    const auto& change = received[i];
    ASSERT_EQ(change.size(), 1u);
    if (on_b.rooms()[i].empty()) {
      users.push_back(change[0].seq);
    } else if (change[0].parts == NewMessage().parts) {
      whole.push_back(change[0].seq);
    } else {
      room.push_back(change[0].seq);
    }
  }
  EXPECT_EQ(whole, (std::vector<std::int64_t>{2, 4}));
  EXPECT_EQ(room, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(users, (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(tap.CountWhenSettled(3), 3);  // one per subject: the room's, b's users', b's whole changes
}

// A commit's changes together may outgrow what a server takes in one message (1 MiB by
// default): they go in as many messages as they need, in order.
TEST_F(NatsBusTest, ChangesTooManyForOneMessageGoInSeveralInOrder) {
  Received on_a, on_b;
  auto a = Bus("a", on_a);
  auto b = Bus("b", on_b);
  ASSERT_TRUE(a && b);
  a->LocateUsers(BobOnB);
  Settle();
  std::vector<std::vector<Delivery>> changes;
  for (std::int64_t seq = 1; seq <= 40; ++seq) {
    Delivery delivery = Message();
    delivery.parts[0].payload_json = "\"" + std::string(40'000, 'x') + "\"";
    delivery.seq = seq;
    changes.push_back({delivery});
  }
  Tap tap(server_.url());
  a->Publish(changes);
  ASSERT_TRUE(on_b.WaitFor(40));
  std::vector<std::int64_t> seqs;
  for (const auto& change : on_b.changes()) seqs.push_back(change.at(0).seq);
  std::vector<std::int64_t> expected(40);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(seqs, expected);
  EXPECT_EQ(tap.CountWhenSettled(2), 2);  // 1.6 MB: two messages of at most 1 MiB
}

TEST_F(NatsBusTest, ANodeDoesNotHearWhatItPublished) {
  Received on_a;
  auto a = Bus("a", on_a);
  ASSERT_TRUE(a);
  a->Interest("conversation:c1", true);
  Settle();
  a->Publish({{NewMessage()}});
  EXPECT_FALSE(on_a.WaitFor(1, 500ms));
}

TEST_F(NatsBusTest, ARoomIsFollowedAWhileAfterItsLastSocketLeft) {
  Received on_a, on_b;
  auto a = Bus("a", on_a);
  auto b = Bus("b", on_b, /*linger=*/1500ms);
  ASSERT_TRUE(a && b);
  b->Interest("conversation:c1", true);
  Settle();
  b->Interest("conversation:c1", false);
  Settle();
  EXPECT_EQ(b->subscriptions(), 1u);  // lingering
  a->Publish({{NewMessage()}});
  EXPECT_TRUE(on_b.WaitFor(1));

  // Back before the linger ran out: the same subscription goes on.
  b->Interest("conversation:c1", true);
  b->Interest("conversation:c1", false);
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (b->subscriptions() != 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  EXPECT_EQ(b->subscriptions(), 0u);
  a->Publish({{NewMessage()}});
  EXPECT_FALSE(on_b.WaitFor(2, 500ms));
}

TEST_F(NatsBusTest, AClosedBusCallsNoOne) {
  Received on_a, on_b;
  auto a = Bus("a", on_a);
  auto b = Bus("b", on_b);
  ASSERT_TRUE(a && b);
  b->Interest("conversation:c1", true);
  Settle();
  b->Close();
  a->Publish({{NewMessage()}});
  EXPECT_FALSE(on_b.WaitFor(1, 500ms));
}

TEST_F(NatsBusTest, ABusThatWasCutOffSaysSoWhenItIsBack) {
  Received on_a;
  auto a = Bus("a", on_a);
  ASSERT_TRUE(a);
  std::mutex mu;
  std::condition_variable cv;
  int resumed = 0;
  a->OnResume([&] {
    std::lock_guard lock(mu);
    ++resumed;
    cv.notify_all();
  });
  server_.Stop();
  ASSERT_TRUE(server_.Start());
  std::unique_lock lock(mu);
  EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return resumed == 1; }));
}

TEST(NatsBusSubjects, ARoomsSubjectNamesIt) {
  EXPECT_EQ(RoomOfSubject(RoomSubject("conversation:c1")), "conversation:c1");
  EXPECT_EQ(RoomOfSubject("confide.other.x"), std::nullopt);
}

TEST(NatsBusConnect, NoServerIsAnError) {
  auto bus = NatsBus::Connect(
      {.urls = "nats://127.0.0.1:" + std::to_string(testing::FreePort()), .node_id = "a"});
  ASSERT_FALSE(bus.ok());
  EXPECT_NE(bus.error().message().find("cannot connect to NATS"), std::string::npos);
}

}  // namespace
}  // namespace confide::cluster
