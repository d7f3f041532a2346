#include "realtime/change_fanout.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "core/completion_batch.h"

// In a cluster, the changes of one commit go to the other nodes together, once its
// completions are done; a change made outside such a batch goes at once.
namespace confide::realtime {
namespace {

class RecordingBus final : public DeliveryBus {
 public:
  void OnReceive(Receiver) override {}
  void OnResume(std::function<void()>) override {}
  void LocateUsers(UserLocator) override {}
  void Publish(const std::vector<std::vector<Delivery>>& changes) override {
    published.push_back(changes);
  }
  void Interest(const std::string&, bool) override {}
  void OnBroadcast(const std::string&, Listener) override {}
  void Broadcast(const std::string&, const std::string&) override {}

  std::vector<std::vector<std::vector<Delivery>>> published;
};

Delivery Typing(std::string user_id) {
  Delivery typing;
  typing.parts = {{{"conversation:c1"}, "typing_indicator", "{}"}};
  typing.user_id = std::move(user_id);
  typing.ephemeral = true;
  return typing;
}

TEST(ChangeFanout, TheChangesOfOneBatchArePublishedTogetherAtItsEnd) {
  boost::asio::io_context io;  // never run: what reaches this node's sockets waits there
  socketio::Namespace nsp("/", {&io});
  RecordingBus bus;
  ChangeFanout fanout(nsp, &bus);
  {
    core::CompletionBatch batch;
    fanout.Send({Typing("alice")});
    fanout.Send({Typing("bob")});
    EXPECT_TRUE(bus.published.empty());
  }
  ASSERT_EQ(bus.published.size(), 1u);
  EXPECT_EQ(bus.published[0],
            (std::vector<std::vector<Delivery>>{{Typing("alice")}, {Typing("bob")}}));

  fanout.Send({Typing("carol")});
  ASSERT_EQ(bus.published.size(), 2u);
  EXPECT_EQ(bus.published[1], (std::vector<std::vector<Delivery>>{{Typing("carol")}}));
}

}  // namespace
}  // namespace confide::realtime
