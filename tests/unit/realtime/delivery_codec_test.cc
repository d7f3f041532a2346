#include "realtime/delivery_codec.h"

#include <gtest/gtest.h>

// Changes survive the trip to another node unchanged, and nothing else is taken for them.
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
  const auto decoded = DecodeChanges(EncodeChanges({change}));
  ASSERT_TRUE(decoded);
  ASSERT_EQ(decoded->size(), 1u);
  EXPECT_EQ(decoded->front(), change);
  EXPECT_EQ(DecodeChanges(EncodeChanges({{}})), std::vector<std::vector<Delivery>>{{}});
  EXPECT_EQ(DecodeChanges(EncodeChanges({})), std::vector<std::vector<Delivery>>{});
}

// A change is encoded once and goes into as many messages as need it, each with its own
// others, in the order added.
TEST(DeliveryCodec, AMessageCarriesItsChangesInOrder) {
  const auto all = Sample();
  const std::vector<Delivery> first(all.begin(), all.begin() + 2);
  const std::vector<Delivery> second(all.begin() + 2, all.end());
  const std::string encoded_first = EncodeChange(first);
  ChangesMessage one, other;
  one.Add(encoded_first);
  one.Add(EncodeChange(second));
  other.Add(encoded_first);
  EXPECT_FALSE(one.empty());
  const auto decoded = DecodeChanges(one.Take());
  EXPECT_TRUE(one.empty());
  ASSERT_TRUE(decoded);
  EXPECT_EQ(*decoded, (std::vector<std::vector<Delivery>>{first, second}));
  EXPECT_EQ(DecodeChanges(other.Take()), (std::vector<std::vector<Delivery>>{first}));
  // Taken, a message starts again empty.
  one.Add(EncodeChange(second));
  EXPECT_EQ(DecodeChanges(one.Take()), (std::vector<std::vector<Delivery>>{second}));
}

// The layout, as the header gives it: a format byte, the count of changes and of the first
// change's deliveries (4 bytes each), then the first delivery's action, audience and ephemeral
// flag (a byte each) and its seq (8).
constexpr std::size_t kDeliveries = 5, kAction = 9, kAudience = 10, kEphemeral = 11, kSeq = 12;

std::string With(std::string bytes, std::size_t at, char byte) {
  bytes[at] = byte;
  return bytes;
}

std::string WithMost(const std::string& bytes, std::size_t at) {
  return bytes.substr(0, at) + std::string(4, static_cast<char>(0xff)) + bytes.substr(at + 4);
}

TEST(DeliveryCodec, RefusesWhatIsNotAMessageWhole) {
  const std::string good = EncodeChanges({Sample(), Sample()});
  ASSERT_TRUE(DecodeChanges(good));
  // Every message cut short.
  for (std::size_t size = 0; size < good.size(); ++size) {
    EXPECT_FALSE(DecodeChanges(good.substr(0, size))) << "the first " << size << " bytes";
  }
  for (const std::string& bad : {
           std::string("{}"),
           std::string("not a change"),
           good + '\0',                                    // bytes left over
           With(good, 0, 1),                               // another format
           With(good, kAction, 9),                         // no such action
           With(good, kAudience, 3),                       // no such audience
           With(good, kEphemeral, 2),                      // neither yes nor no
           With(good, kSeq + 7, static_cast<char>(0x80)),  // a negative seq
           // 2^32 - 1 changes, or deliveries: refused before anything is made for them
           WithMost(good, 1),
           WithMost(good, kDeliveries),
       }) {
    EXPECT_FALSE(DecodeChanges(bad));
  }
  EXPECT_TRUE(DecodeChanges(With(good, kAction, 4)));  // the last action is one
}

}  // namespace
}  // namespace confide::realtime
