// MessageStore on every backend: round trips, windows, the messages numbered after a seq, the
// last visible message and the unread counts, with the blocked-sender filters.

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "store/message_store.h"
#include "unit/store/store_suite.h"

namespace confide::store {
namespace {

using domain::MessageType;

std::vector<std::string> Ids(const std::vector<domain::Message>& messages) {
  std::vector<std::string> out;
  for (const auto& m : messages) out.push_back(m.id);
  return out;
}

class MessageListingTest : public StoreSuite {
 protected:
  // conv_1 holds msg_01..msg_10, sent alternately by usr_1 (odd) and usr_2 (even); conv_2
  // holds msg_x1 and msg_x2, interleaved in time with them.
  void SetUp() override {
    StoreSuite::SetUp();
    if (HasFatalFailure()) return;
    AddConversation("conv_1", {"usr_1", "usr_2", "usr_3"});
    AddConversation("conv_2", {"usr_1"});
    for (int i = 1; i <= 10; ++i) {
      const std::string id = i < 10 ? "msg_0" + std::to_string(i) : "msg_10";
      tx().messages().Insert(MakeMessage(id, "conv_1", i % 2 ? "usr_1" : "usr_2", "m", i));
      if (i == 3) tx().messages().Insert(MakeMessage("msg_x1", "conv_2", "usr_1", "x", i));
      if (i == 6) tx().messages().Insert(MakeMessage("msg_x2", "conv_2", "usr_1", "x", i));
    }
  }

  std::vector<std::string> List(const std::string& viewer, MessageWindow window) {
    return Ids(tx().messages().List("conv_1", viewer, window));
  }
  void Block(const std::string& blocker, const std::string& blocked) {
    tx().blocks().Insert({.blocker_id = blocker, .blocked_id = blocked, .created_at = 1});
  }
  void Delete(const std::string& id) {
    auto m = *tx().messages().Find(id);
    m.is_deleted = true;
    m.deleted_at = 100;
    tx().messages().Update(m);
  }
};

INSTANTIATE_TEST_SUITE_P(, MessageListingTest, ::testing::ValuesIn(kBackends), BackendName);

TEST_P(MessageListingTest, MessageRoundTripsEveryField) {
  domain::Message m = MakeMessage("msg_file", "conv_2", "usr_1", "see attached", 42);
  m.type = MessageType::kFile;
  m.reply_to_id = "msg_x1";
  m.attachment_url = "https://files.example.com/a.pdf";
  m.attachment_name = "a.pdf";
  m.attachment_size = 1234;
  tx().messages().Insert(m);

  const auto found = tx().messages().Find("msg_file");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->conversation_id, "conv_2");
  EXPECT_EQ(found->sender_id, "usr_1");
  EXPECT_EQ(found->content, "see attached");
  EXPECT_EQ(found->type, MessageType::kFile);
  EXPECT_EQ(found->created_at, 42);
  EXPECT_FALSE(found->is_edited);
  EXPECT_FALSE(found->edited_at);
  EXPECT_FALSE(found->is_deleted);
  EXPECT_EQ(found->reply_to_id, "msg_x1");
  EXPECT_EQ(found->attachment_url, "https://files.example.com/a.pdf");
  EXPECT_EQ(found->attachment_name, "a.pdf");
  EXPECT_EQ(found->attachment_size, 1234);
  EXPECT_FALSE(tx().messages().Find("msg_404"));
}

TEST_P(MessageListingTest, NumberedAfterReadsMessagesByTheirSeqWithoutBlockedSenders) {
  AddConversation("conv_3", {"usr_1", "usr_2", "usr_3"});
  const std::vector<std::pair<std::string, std::string>> sent = {
      {"msg_a", "usr_1"}, {"msg_b", "usr_2"}, {"msg_c", "usr_1"}, {"msg_d", "usr_2"}};
  for (std::size_t i = 0; i < sent.size(); ++i) {
    auto m = MakeMessage(sent[i].first, "conv_3", sent[i].second, "m", 100 + i);
    m.seq = tx().log().NextSeq("conv_3");
    tx().messages().Insert(m);
  }
  auto other = MakeMessage("msg_z", "conv_2", "usr_1", "z", 200);
  other.seq = 3;
  tx().messages().Insert(other);

  const auto all = tx().messages().NumberedAfter("conv_3", "usr_3", 0, 10);
  EXPECT_EQ(Ids(all), (std::vector<std::string>{"msg_a", "msg_b", "msg_c", "msg_d"}));
  EXPECT_EQ(all.at(2).seq, 3);
  EXPECT_EQ(Ids(tx().messages().NumberedAfter("conv_3", "usr_3", 1, 2)),
            (std::vector<std::string>{"msg_b", "msg_c"}));
  EXPECT_TRUE(tx().messages().NumberedAfter("conv_3", "usr_3", 4, 10).empty());
  EXPECT_TRUE(tx().messages().NumberedAfter("conv_3", "usr_3", 0, 0).empty());
  Block("usr_3", "usr_2");
  EXPECT_EQ(Ids(tx().messages().NumberedAfter("conv_3", "usr_3", 0, 10)),
            (std::vector<std::string>{"msg_a", "msg_c"}));
  EXPECT_EQ(Ids(tx().messages().NumberedAfter("conv_3", "usr_1", 2, 10)),
            (std::vector<std::string>{"msg_c", "msg_d"}));
}

TEST_P(MessageListingTest, UpdateWritesTheMutableColumns) {
  auto m = *tx().messages().Find("msg_01");
  m.content = "edited";
  m.is_edited = true;
  m.edited_at = 50;
  m.is_deleted = true;
  m.deleted_at = 60;
  m.attachment_url = "u";
  m.attachment_name = "n";
  m.attachment_size = 7;
  m.sender_id = "usr_9";  // not a column UpdateMessage writes
  tx().messages().Update(m);

  const auto found = tx().messages().Find("msg_01");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->content, "edited");
  EXPECT_TRUE(found->is_edited);
  EXPECT_EQ(found->edited_at, 50);
  EXPECT_TRUE(found->is_deleted);
  EXPECT_EQ(found->deleted_at, 60);
  EXPECT_EQ(found->attachment_url, "u");
  EXPECT_EQ(found->attachment_name, "n");
  EXPECT_EQ(found->attachment_size, 7);
  EXPECT_EQ(found->sender_id, "usr_1");
}

TEST_P(MessageListingTest, FindMessagesReturnsTheExistingOnes) {
  const std::vector<std::string> ids = {"msg_03", "msg_404", "msg_x1"};
  auto found = Ids(tx().messages().FindMany(ids));
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"msg_03", "msg_x1"}));
  EXPECT_TRUE(tx().messages().FindMany({}).empty());
}

TEST_P(MessageListingTest, NewestWindowIsReturnedOldestFirst) {
  EXPECT_EQ(List("usr_3", {.limit = 3}), (std::vector<std::string>{"msg_08", "msg_09", "msg_10"}));
  EXPECT_EQ(List("usr_3", {.offset = 2, .limit = 3}),
            (std::vector<std::string>{"msg_06", "msg_07", "msg_08"}));
  EXPECT_EQ(List("usr_3", {.offset = 8, .limit = 5}),
            (std::vector<std::string>{"msg_01", "msg_02"}));
  EXPECT_EQ(List("usr_3", {.limit = 50}).size(), 10u);
  EXPECT_TRUE(List("usr_3", {.limit = 0}).empty());
}

TEST_P(MessageListingTest, BeforeCursorGivesTheNewestOlderMessages) {
  EXPECT_EQ(List("usr_3", {.limit = 3, .before = "msg_05"}),
            (std::vector<std::string>{"msg_02", "msg_03", "msg_04"}));
  EXPECT_EQ(List("usr_3", {.limit = 3, .before = "msg_02"}), (std::vector<std::string>{"msg_01"}));
  EXPECT_TRUE(List("usr_3", {.limit = 3, .before = "msg_01"}).empty());
}

TEST_P(MessageListingTest, AfterCursorGivesTheOldestNewerMessages) {
  EXPECT_EQ(List("usr_3", {.limit = 3, .after = "msg_05"}),
            (std::vector<std::string>{"msg_06", "msg_07", "msg_08"}));
  EXPECT_EQ(List("usr_3", {.limit = 3, .after = "msg_09"}), (std::vector<std::string>{"msg_10"}));
  EXPECT_TRUE(List("usr_3", {.limit = 3, .after = "msg_10"}).empty());
}

TEST_P(MessageListingTest, BothCursorsGiveTheMessagesBetween) {
  EXPECT_EQ(List("usr_3", {.limit = 10, .before = "msg_06", .after = "msg_02"}),
            (std::vector<std::string>{"msg_03", "msg_04", "msg_05"}));
  EXPECT_EQ(List("usr_3", {.limit = 2, .before = "msg_06", .after = "msg_02"}),
            (std::vector<std::string>{"msg_03", "msg_04"}));
}

TEST_P(MessageListingTest, CursorFromAnotherConversationYieldsNothing) {
  EXPECT_TRUE(List("usr_3", {.limit = 3, .before = "msg_x2"}).empty());
  EXPECT_TRUE(List("usr_3", {.limit = 3, .after = "msg_x1"}).empty());
  EXPECT_TRUE(List("usr_3", {.limit = 3, .after = "msg_404"}).empty());
}

TEST_P(MessageListingTest, WindowsLeaveOutBlockedSendersButKeepTombstones) {
  Block("usr_3", "usr_2");
  Delete("msg_09");
  EXPECT_EQ(List("usr_3", {.limit = 3}), (std::vector<std::string>{"msg_05", "msg_07", "msg_09"}));
  EXPECT_EQ(List("usr_3", {.limit = 2, .before = "msg_05"}),
            (std::vector<std::string>{"msg_01", "msg_03"}));
  EXPECT_EQ(List("usr_3", {.limit = 2, .after = "msg_05"}),
            (std::vector<std::string>{"msg_07", "msg_09"}));
  // A block by someone else changes nothing for this viewer.
  EXPECT_EQ(List("usr_1", {.limit = 3}), (std::vector<std::string>{"msg_08", "msg_09", "msg_10"}));
  EXPECT_TRUE(tx().messages().Find("msg_09")->is_deleted);
}

TEST_P(MessageListingTest, LastVisibleSkipsDeletedAndBlocked) {
  EXPECT_EQ(tx().messages().LastVisible("conv_1", "usr_3")->id, "msg_10");
  Delete("msg_10");
  EXPECT_EQ(tx().messages().LastVisible("conv_1", "usr_3")->id, "msg_09");
  Block("usr_3", "usr_1");
  EXPECT_EQ(tx().messages().LastVisible("conv_1", "usr_3")->id, "msg_08");
  EXPECT_EQ(tx().messages().LastVisible("conv_1", "usr_2")->id, "msg_09");
  EXPECT_FALSE(tx().messages().LastVisible("conv_404", "usr_3"));
}

TEST_P(MessageListingTest, CountsMessagesFromOthersInARange) {
  // usr_1 sent the odd ones, so from usr_1's view the others' are the even ones.
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_1", std::nullopt, std::nullopt), 5);
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_1", "msg_04", std::nullopt), 3);
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_1", "msg_04", "msg_08"), 2);
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_1", std::nullopt, "msg_04"), 2);
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_1", "msg_10", std::nullopt), 0);
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_3", "msg_05", "msg_07"), 2);
  EXPECT_EQ(tx().messages().CountFromOthers("conv_2", "usr_3", std::nullopt, std::nullopt), 2);
}

TEST_P(MessageListingTest, CountLeavesOutDeletedAndBlocked) {
  Delete("msg_02");
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_1", std::nullopt, std::nullopt), 4);
  Block("usr_3", "usr_2");
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_3", std::nullopt, std::nullopt), 5);
  EXPECT_EQ(tx().messages().CountFromOthers("conv_1", "usr_1", std::nullopt, std::nullopt), 4);
}

TEST_P(MessageListingTest, RepliesAreFoundByTheMessageTheyQuote) {
  for (const char* id : {"msg_r1", "msg_r2"}) {
    auto reply = MakeMessage(id, "conv_1", "usr_3", "re", 20);
    reply.reply_to_id = "msg_05";
    tx().messages().Insert(reply);
  }
  auto replies = tx().messages().RepliesTo("msg_05");
  std::sort(replies.begin(), replies.end());
  EXPECT_EQ(replies, (std::vector<std::string>{"msg_r1", "msg_r2"}));
  EXPECT_TRUE(tx().messages().RepliesTo("msg_06").empty());
}

}  // namespace
}  // namespace confide::store
