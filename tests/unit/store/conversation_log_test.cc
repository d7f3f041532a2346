// ConversationLog on every backend: sequence numbers taken per conversation, the log read
// back after a position, the message_updated entries of given messages, and payloads
// rewritten.

#include "store/conversation_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "unit/store/store_suite.h"

namespace confide::store {
namespace {

class ConversationLogStoreTest : public StoreSuite {
 protected:
  void Log(const std::string& conversation, const std::string& type, const std::string& actor,
           std::optional<std::string> message_id = std::nullopt) {
    const std::int64_t seq = tx().log().NextSeq(conversation);
    tx().log().Append({.conversation_id = conversation,
                       .seq = seq,
                       .type = type,
                       .message_id = std::move(message_id),
                       .actor_id = actor,
                       .occurred_at = seq * 10,
                       .payload = "{\"seq\":" + std::to_string(seq) + "}"});
  }

  std::vector<std::int64_t> Seqs(const std::vector<ConversationLogRecord>& records) {
    std::vector<std::int64_t> seqs;
    for (const auto& r : records) seqs.push_back(r.seq);
    return seqs;
  }
};

INSTANTIATE_TEST_SUITE_P(, ConversationLogStoreTest, ::testing::ValuesIn(kBackends), BackendName);

TEST_P(ConversationLogStoreTest, NumbersEachConversationFromOne) {
  AddConversation("conv_1", {"usr_1"});
  AddConversation("conv_2", {"usr_1"});
  EXPECT_EQ(tx().log().LastSeq("conv_1"), 0);
  EXPECT_EQ(tx().log().NextSeq("conv_1"), 1);
  EXPECT_EQ(tx().log().NextSeq("conv_1"), 2);
  EXPECT_EQ(tx().log().NextSeq("conv_2"), 1);
  EXPECT_EQ(tx().log().LastSeq("conv_1"), 2);
  EXPECT_EQ(tx().log().LastSeq("conv_2"), 1);
  EXPECT_EQ(tx().log().LastSeq("conv_404"), 0);
}

TEST_P(ConversationLogStoreTest, ReadsTheNewestNumbersOfManyConversationsAtOnce) {
  AddConversation("conv_1", {"usr_1"});
  AddConversation("conv_2", {"usr_1"});
  tx().log().NextSeq("conv_1");
  tx().log().NextSeq("conv_1");
  const std::vector<std::string> ids{"conv_1", "conv_2", "conv_404"};
  auto seqs = tx().log().LastSeqs(ids);
  std::sort(seqs.begin(), seqs.end());
  // A conversation that does not exist is left out.
  EXPECT_EQ(seqs,
            (std::vector<std::pair<std::string, std::int64_t>>{{"conv_1", 2}, {"conv_2", 0}}));
  EXPECT_TRUE(tx().log().LastSeqs({}).empty());
}

TEST_P(ConversationLogStoreTest, NextSeqOfAMissingConversationThrows) {
  EXPECT_THROW(tx().log().NextSeq("conv_404"), std::logic_error);
}

TEST_P(ConversationLogStoreTest, RecordsRoundTripInSeqOrder) {
  AddConversation("conv_1", {"usr_1", "usr_2"});
  Log("conv_1", "message_reaction", "usr_1", "msg_1");
  Log("conv_1", "message_read", "usr_2");

  const auto records = tx().log().After("conv_1", 0, 10);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].conversation_id, "conv_1");
  EXPECT_EQ(records[0].seq, 1);
  EXPECT_EQ(records[0].type, "message_reaction");
  EXPECT_EQ(records[0].message_id, "msg_1");
  EXPECT_EQ(records[0].actor_id, "usr_1");
  EXPECT_EQ(records[0].occurred_at, 10);
  EXPECT_EQ(records[0].payload, "{\"seq\":1}");
  EXPECT_FALSE(records[1].message_id);
  EXPECT_EQ(Seqs(tx().log().After("conv_1", 1, 10)), std::vector<std::int64_t>{2});
  EXPECT_EQ(Seqs(tx().log().After("conv_1", 0, 1)), std::vector<std::int64_t>{1});
  EXPECT_TRUE(tx().log().After("conv_1", 2, 10).empty());
}

TEST_P(ConversationLogStoreTest, FindsAndRewritesTheEntriesOfMessages) {
  AddConversation("conv_1", {"usr_1"});
  Log("conv_1", "message_read", "usr_1", "msg_1");
  Log("conv_1", "message_updated", "usr_1", "msg_1");
  Log("conv_1", "message_reaction", "usr_1", "msg_1");
  Log("conv_1", "message_updated", "usr_1", "msg_2");
  Log("conv_1", "message_updated", "usr_1", "msg_3");
  Log("conv_1", "message_updated", "usr_1", "msg_1");

  const std::vector<std::string> ids = {"msg_1", "msg_2"};
  auto seqs = Seqs(tx().log().MessageEntries(ids));
  std::sort(seqs.begin(), seqs.end());
  EXPECT_EQ(seqs, (std::vector<std::int64_t>{2, 4, 6}));
  EXPECT_TRUE(tx().log().MessageEntries({}).empty());

  tx().log().ReplacePayload("conv_1", 2, "{\"deleted\":true}");
  EXPECT_EQ(tx().log().After("conv_1", 1, 1).at(0).payload, "{\"deleted\":true}");
  EXPECT_EQ(tx().log().After("conv_1", 0, 1).at(0).payload, "{\"seq\":1}");
}

}  // namespace
}  // namespace confide::store
