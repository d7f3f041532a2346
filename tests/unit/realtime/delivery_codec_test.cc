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

// The layout, as the header gives it: a format byte, the count of deliveries (4 bytes), then
// the first delivery's action, audience and ephemeral flag (a byte each) and its seq (8).
constexpr std::size_t kAction = 5, kAudience = 6, kEphemeral = 7, kSeq = 8;

std::string With(std::string bytes, std::size_t at, char byte) {
  bytes[at] = byte;
  return bytes;
}

TEST(DeliveryCodec, RefusesWhatIsNotAChangeWhole) {
  const std::string good = EncodeDeliveries(Sample());
  ASSERT_TRUE(DecodeDeliveries(good));
  // Every change cut short.
  for (std::size_t size = 0; size < good.size(); ++size) {
    EXPECT_FALSE(DecodeDeliveries(good.substr(0, size))) << "the first " << size << " bytes";
  }
  for (const std::string& bad : {
           std::string("{}"),
           std::string("not a change"),
           good + '\0',                                    // bytes left over
           With(good, 0, 2),                               // another format
           With(good, kAction, 9),                         // no such action
           With(good, kAudience, 3),                       // no such audience
           With(good, kEphemeral, 2),                      // neither yes nor no
           With(good, kSeq + 7, static_cast<char>(0x80)),  // a negative seq
           // 2^32 - 1 deliveries: refused before anything is made for them
           good.substr(0, 1) + std::string(4, static_cast<char>(0xff)) + good.substr(5),
       }) {
    EXPECT_FALSE(DecodeDeliveries(bad));
  }
  EXPECT_TRUE(DecodeDeliveries(With(good, kAction, 4)));  // the last action is one
}

}  // namespace
}  // namespace confide::realtime
