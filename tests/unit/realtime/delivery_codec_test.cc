#include "realtime/delivery_codec.h"

#include <gtest/gtest.h>

// Deliveries survive the trip to another node unchanged, and nothing else is taken for them.
namespace confide::realtime {
namespace {

std::vector<Delivery> Sample() {
  Delivery send;
  send.parts = {{{"conversation:c1"}, "new_message", R"({"id":"m1","content":"a \"quote\" é"})"},
                {{"user:alice", "user:bob"}, "conversation_activity", R"({"seq":7})"}};
  send.audience = Delivery::Audience::kNotBlocking;
  send.user_id = "alice";
  send.conversation_id = "c1";
  send.seq = 7;
  Delivery leave;
  leave.action = Delivery::Action::kLeave;
  leave.room = "user:bob";
  leave.left_room = "conversation:c1";
  Delivery block;
  block.action = Delivery::Action::kBlock;
  block.user_id = "alice";
  block.blocked_id = "bob";
  Delivery typing;
  typing.parts = {{{"conversation:c1"}, "typing_indicator", "{}"}};
  typing.audience = Delivery::Audience::kOthersNotBlocking;
  typing.user_id = "bob";
  typing.ephemeral = true;
  Delivery gone;
  gone.action = Delivery::Action::kDisconnect;
  gone.parts = {{{"user:bob"}, "auth_error", R"({"code":"USER_DELETED"})"}};
  Delivery unblock = block;
  unblock.action = Delivery::Action::kUnblock;
  return {send, leave, block, unblock, typing, gone};
}

TEST(DeliveryCodec, EveryKindOfDeliveryComesBackAsItWent) {
  const auto change = Sample();
  const auto decoded = DecodeDeliveries(EncodeDeliveries(change));
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, change);
  EXPECT_EQ(DecodeDeliveries(EncodeDeliveries({})), std::vector<Delivery>{});
}

TEST(DeliveryCodec, RefusesWhatIsNotAChangeWhole) {
  const std::string good = EncodeDeliveries(Sample());
  for (const std::string& bad : {
           std::string(""),
           std::string("{}"),
           std::string("[1]"),
           std::string("not json"),
           good.substr(0, good.size() - 1),
           std::string(R"([{"action":"explode","parts":[],"audience":"all","userId":"",)"
                       R"("blockedId":"","room":"","leftRoom":"","conversationId":"","seq":0}])"),
           std::string(R"([{"action":"send","parts":[],"audience":"all","userId":"",)"
                       R"("blockedId":"","room":"","leftRoom":"","conversationId":"","seq":-1}])"),
           std::string(R"([{"action":"send","parts":[{"rooms":[1],"event":"e","payload":"{}"}],)"
                       R"("audience":"all","userId":"","blockedId":"","room":"","leftRoom":"",)"
                       R"("conversationId":"","seq":0}])"),
           std::string(R"([{"action":"send","parts":[],"audience":"all","seq":0}])"),
       }) {
    EXPECT_FALSE(DecodeDeliveries(bad)) << bad;
  }
}

}  // namespace
}  // namespace confide::realtime
