#include <gtest/gtest.h>

#include "domain/reaction_service.h"
#include "domain/receipt_service.h"
#include "support/service_fixture.h"

namespace confide::domain {
namespace {

using store::Transaction;

class ReceiptAndReactionTest : public testing::ServiceFixture {
 protected:
  ReceiptAndReactionTest() {
    group_ =
        Write<Change<CreatedConversation>>([&](Transaction& tx) {
          return service_.conversations.Create(tx, alice_, {.participant_ids = {"bob", "carol"}});
        })->value.view.conversation.id;
  }
  std::string Send(const Principal& who, const std::string& content) {
    clock_.Advance(10);
    return Write<Change<MessageView>>([&](Transaction& tx) {
             return service_.messages.Send(tx, who,
                                           {.conversation_id = group_, .content = content});
           })
        ->value.message.id;
  }
  Result<Change<ReadState>> MarkRead(const Principal& who, const std::string& id) {
    return Write<Change<ReadState>>(
        [&](Transaction& tx) { return service_.receipts.MarkRead(tx, who, id); });
  }
  std::int64_t Unread(const Principal& who) {
    return Read<ConversationView>(
               [&](Transaction& tx) { return service_.conversations.Get(tx, who, group_); })
        ->unread_count;
  }

  Principal alice_ = MakeUser("alice");
  Principal bob_ = MakeUser("bob");
  Principal carol_ = MakeUser("carol");
  std::string group_;
};

TEST_P(ReceiptAndReactionTest, ReadingStoresOneReceiptAndMovesThePosition) {
  const auto m1 = Send(alice_, "one");
  const auto m2 = Send(carol_, "two");
  const auto m3 = Send(alice_, "three");
  EXPECT_EQ(Unread(bob_), 3);
  auto read = MarkRead(bob_, m2);
  ASSERT_TRUE(read.ok());
  ASSERT_EQ(read->events.size(), 1u);
  const auto& event = std::get<MessageRead>(read->events[0]);
  EXPECT_EQ(event.messages_since_last_read, 2) << "m1 and m2 were unread up to m2";
  EXPECT_EQ(read->value.unread_count, 1);
  EXPECT_EQ(Unread(bob_), 1);
  EXPECT_TRUE(MarkRead(bob_, m2)->events.empty()) << "idempotent";
  EXPECT_TRUE(MarkRead(bob_, m1)->events.size() == 1u) << "an older message gets its receipt";
  EXPECT_EQ(Unread(bob_), 1) << "but the position does not move back";
  auto messages = Read<std::vector<MessageView>>([&](Transaction& tx) {
    return service_.messages.List(tx, alice_, {.conversation_id = group_});
  });
  ASSERT_EQ((*messages)[1].read_receipts.size(), 1u);
  EXPECT_EQ((*messages)[1].read_receipts[0].user.id, "bob");
  EXPECT_TRUE(MarkRead(alice_, m3)->events.empty()) << "own messages need no receipt";
}

TEST_P(ReceiptAndReactionTest, MarkingTheConversationReadClearsUnread) {
  Send(alice_, "one");
  Send(carol_, "two");
  auto read = Write<Change<ReadState>>(
      [&](Transaction& tx) { return service_.receipts.MarkConversationRead(tx, bob_, group_); });
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->value.unread_count, 0);
  EXPECT_EQ(Unread(bob_), 0);
}

TEST_P(ReceiptAndReactionTest, SendingMarksEverythingBeforeAsRead) {
  Send(alice_, "one");
  Send(bob_, "answer");
  EXPECT_EQ(Unread(bob_), 0);
  EXPECT_EQ(Unread(alice_), 1);
}

TEST_P(ReceiptAndReactionTest, ReactionsAreOnePerUserAndEmoji) {
  const auto m = Send(alice_, "good news");
  auto add = [&](const Principal& who, const std::string& emoji) {
    return Write<Change<ReactionView>>(
        [&](Transaction& tx) { return service_.reactions.Add(tx, who, m, emoji); });
  };
  auto first = add(bob_, "\xf0\x9f\x91\x8d");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->events.size(), 1u);
  auto again = add(bob_, "\xf0\x9f\x91\x8d");
  EXPECT_EQ(again->value.reaction.id, first->value.reaction.id);
  EXPECT_TRUE(again->events.empty());
  EXPECT_TRUE(add(bob_, "\xe2\x9d\xa4\xef\xb8\x8f").ok());
  EXPECT_FALSE(add(bob_, "").ok());
  EXPECT_FALSE(add(bob_, "two words").ok());
  auto remove = [&](const Principal& who, const std::string& emoji) {
    return Write<Change<std::monostate>>(
        [&](Transaction& tx) { return service_.reactions.Remove(tx, who, m, emoji); });
  };
  EXPECT_EQ(remove(carol_, "\xf0\x9f\x91\x8d").error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(remove(bob_, "\xf0\x9f\x91\x8d").ok());
  EXPECT_EQ(remove(bob_, "\xf0\x9f\x91\x8d").error().code(), ErrorCode::kNotFound);
}

CONFIDE_SERVICE_TEST_SUITE(ReceiptAndReactionTest);

}  // namespace
}  // namespace confide::domain
