// Every statement SqliteTransaction runs is served by an index: EXPLAIN QUERY PLAN on a
// populated database shows no scan of a base table and no sort except the two allowed
// below. The statements come from TransactionStatements(), and a second test checks that
// this list is exactly what the transaction prepares, so a new query cannot escape the check.

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <variant>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/transaction_sql.h"
#include "unit/store/store_fixture.h"

namespace confide::store::sqlite {
namespace {

using domain::ConversationType;

// Fails the current test unless the plan line `line` of statement `name` uses an index.
void ExpectIndexed(std::string_view name, const std::string& line) {
  SCOPED_TRACE(std::string(name) + ": " + line);
  // Virtual tables (the FTS index, json_each over the caller's id list) are fine; any other
  // SCAN reads a whole table or a whole index, even "USING INDEX".
  if (line.starts_with("SCAN ")) {
    EXPECT_TRUE(line.find(" VIRTUAL TABLE") != std::string::npos || line == "SCAN CONSTANT ROW");
  }
  EXPECT_EQ(line.find("AUTOMATIC"), std::string::npos);  // an index built per query
  if (line.find("TEMP B-TREE") != std::string::npos) {
    // Three sorts are inherent and bounded by the caller's own data: the conversation list
    // sorts the caller's conversations by activity, and a search across all of them that
    // reads the caller's own messages (1-2 characters, or an indexed search whose first
    // matches were elsewhere) merges their matching messages by seq. Each reads only the
    // caller's rows through indexes first.
    EXPECT_TRUE(name == "ListConversationsOf" || name == "SearchShort" || name == "SearchByViewer");
  }
}

class QueryPlanTest : public StoreTest {
 protected:
  // The data set TransactionStatements() describes: users usr_1..usr_60; conversations
  // conv_1..conv_40 (conv_1 DIRECT between usr_1 and usr_2, the others with three
  // participants); messages msg_1..msg_3000, msg_1..msg_75 sent by usr_1 in conv_1; every
  // third message has a "+1" reaction by its sender and a receipt by the next user; every
  // odd user blocks the next one; communities cmty_1..cmty_10, usr_n a member of
  // cmty_((n-1)%10+1) and post_n (n <= 100) in it; 200 outbox events, of which the sink
  // "jsonl" has delivered 100; every tenth message replies to the one before it; each
  // message numbered in its conversation, with a message_updated entry in its log.
  void SetUp() override {
    connection_->Execute("BEGIN");
    for (int u = 1; u <= 60; ++u) tx_.users().Upsert(MakeUser(User(u)));
    for (int c = 1; c <= 40; ++c) {
      const auto type = c == 1 ? ConversationType::kDirect : ConversationType::kGroup;
      AddConversation(Conv(c), {User(c), User(c % 60 + 1)}, type, c);
      if (c != 1)
        tx_.conversations().InsertParticipant(MakeParticipant(Conv(c), User((c + 20) % 60 + 1)));
    }
    for (int m = 1; m <= 3000; ++m) {
      const int c = m <= 75 ? 1 : m % 40 + 1;
      auto message = MakeMessage("msg_" + std::to_string(m), Conv(c), User(c),
                                 "hello there, message number " + std::to_string(m), m);
      if (m % 10 == 0) message.reply_to_id = "msg_" + std::to_string(m - 1);
      message.seq = tx_.log().NextSeq(Conv(c));
      tx_.messages().Insert(message);
      tx_.log().Append({.conversation_id = Conv(c),
                        .seq = message.seq,
                        .type = "message_updated",
                        .message_id = message.id,
                        .actor_id = User(c),
                        .occurred_at = m,
                        .payload = "{}"});
      if (m % 3 == 0) {
        tx_.reactions().Insert({.id = "rct_" + std::to_string(m),
                                .message_id = "msg_" + std::to_string(m),
                                .user_id = User(c),
                                .emoji = "+1"});
        tx_.receipts().Insert({.id = "rcp_" + std::to_string(m),
                               .message_id = "msg_" + std::to_string(m),
                               .user_id = User(c % 60 + 1),
                               .read_at = m});
      }
    }
    for (int u = 1; u <= 60; u += 2) {
      tx_.blocks().Insert({.blocker_id = User(u), .blocked_id = User(u + 1), .created_at = u});
    }
    for (int n = 1; n <= 100; ++n) {
      const std::string community = "cmty_" + std::to_string((n - 1) % 10 + 1);
      if (n <= 60) {
        tx_.communities().UpsertMember(
            {.community_id = community, .user_id = User(n), .joined_at = n});
      }
      tx_.communities().UpsertPost(
          {.id = "post_" + std::to_string(n), .community_id = community, .created_at = n});
    }
    for (int e = 1; e <= 200; ++e) {
      tx_.outbox().Append({.id = "evt_" + std::to_string(e),
                           .type = "message.sent",
                           .conversation_id = Conv(e % 40 + 1),
                           .occurred_at = e,
                           .data = "{}"});
    }
    tx_.outbox().SaveSinkPosition("jsonl", 100, 1);
    IndexNewMessages(*connection_);  // as the writer does before it commits
    connection_->Execute("COMMIT");
  }

  static std::string User(int n) { return "usr_" + std::to_string(n); }
  static std::string Conv(int n) { return "conv_" + std::to_string(n); }

  // The plan's lines ("SEARCH m USING INDEX ...") for `sample`.
  std::vector<std::string> Plan(const SampleStatement& sample) {
    Statement explain(connection_->handle(), "EXPLAIN QUERY PLAN " + std::string(sample.sql));
    for (std::size_t i = 0; i < sample.params.size(); ++i) {
      std::visit([&](const auto& v) { explain.Bind(static_cast<int>(i + 1), v); },
                 sample.params[i]);
    }
    std::vector<std::string> lines;
    while (explain.Step()) lines.push_back(explain.Text(3));
    return lines;
  }

  void ExpectIndexedPlans() {
    const auto samples = TransactionStatements();
    ASSERT_GT(samples.size(), 30u);
    for (const auto& sample : samples) {
      const auto plan = Plan(sample);
      // Every statement that reads a table has a plan to check (INSERTs and PRAGMAs do not).
      if (!sample.sql.starts_with("INSERT") && !sample.sql.starts_with("PRAGMA")) {
        EXPECT_FALSE(plan.empty()) << sample.name;
      }
      for (const auto& line : plan) ExpectIndexed(sample.name, line);
    }
  }
};

TEST_F(QueryPlanTest, EveryStatementIsServedByAnIndex) { ExpectIndexedPlans(); }

TEST(QueryPlanCheck, CatchesScansAndSorts) {
  EXPECT_NONFATAL_FAILURE(ExpectIndexed("FindUser", "SCAN messages"), "");
  EXPECT_NONFATAL_FAILURE(ExpectIndexed("FindUser", "SCAN m USING INDEX messages_by_conversation"),
                          "");
  EXPECT_NONFATAL_FAILURE(ExpectIndexed("FindUser", "USE TEMP B-TREE FOR ORDER BY"), "");
  EXPECT_NONFATAL_FAILURE(ExpectIndexed("FindUser", "SEARCH m USING AUTOMATIC COVERING INDEX"), "");
}

TEST_F(QueryPlanTest, PlansStayIndexedWithStatistics) {
  connection_->Execute("ANALYZE");
  ExpectIndexedPlans();
}

TEST_F(QueryPlanTest, SamplesDoRealWork) {
  // A plan is only telling for a query that finds something: every sample read does.
  for (const auto& sample : TransactionStatements()) {
    if (!sample.sql.starts_with("SELECT")) continue;
    Statement query(connection_->handle(), sample.sql);
    for (std::size_t i = 0; i < sample.params.size(); ++i) {
      std::visit([&](const auto& v) { query.Bind(static_cast<int>(i + 1), v); }, sample.params[i]);
    }
    EXPECT_TRUE(query.Step()) << sample.name;
  }
}

// Calls every Transaction method, through every statement variant.
void ExerciseEveryMethod(SqliteTransaction& tx) {
  const std::vector<std::string> ids = {"msg_1", "msg_2"};
  tx.SchemaVersion();
  tx.users().Find("usr_1");
  tx.users().FindMany(std::vector<std::string>{"usr_1"});
  tx.users().Upsert(MakeUser("usr_new"));
  tx.conversations().Find("conv_1");
  tx.conversations().FindDirect("usr_1", "usr_2");
  tx.conversations().Insert(MakeConversation("conv_new"));
  tx.conversations().RecordMessage("conv_new", 5);
  tx.conversations().ListOf("usr_1", 0, 10);
  tx.conversations().ListParticipants("conv_1");
  tx.conversations().FindParticipation("conv_1", "usr_1", Members::kRead);
  tx.conversations().FindParticipant("conv_1", "usr_1");
  tx.conversations().FindParticipation("conv_1", "usr_1", Members::kSkip);
  tx.conversations().InsertParticipant(MakeParticipant("conv_new", "usr_1"));
  tx.conversations().UpdateParticipant(MakeParticipant("conv_new", "usr_1"));
  tx.conversations().DeactivateParticipations("usr_new", 5);
  tx.messages().Find("msg_1");
  tx.messages().FindMany(ids);
  tx.messages().Insert(MakeMessage("msg_new", "conv_new", "usr_1"));
  tx.messages().Update(MakeMessage("msg_new", "conv_new", "usr_1", "edited"));
  tx.messages().List("conv_1", "usr_1", {});
  tx.messages().List("conv_1", "usr_1", {.before = "msg_9"});
  tx.messages().List("conv_1", "usr_1", {.after = "msg_1"});
  tx.messages().List("conv_1", "usr_1", {.before = "msg_9", .after = "msg_1"});
  tx.messages().NumberedAfter("conv_1", "usr_1", 10, 20);
  tx.messages().LastVisible("conv_1", "usr_1");
  tx.messages().CountFromOthers("conv_1", "usr_1", "msg_1", std::nullopt);
  // An indexed search settled by the index's first matches (five of usr_1's conv_40 are
  // among them), and two that are not (conv_1 holds only the oldest messages; 210 results
  // are more than the first matches hold), which read usr_1's own messages instead.
  tx.messages().Search("usr_1", "hello", std::nullopt, 0, 5);
  tx.messages().Search("usr_1", "hello", "conv_1", 0, 10);
  tx.messages().Search("usr_1", "hello", std::nullopt, 200, 10);
  tx.messages().Search("usr_1", "he", std::nullopt, 0, 10);
  tx.messages().Search("usr_1", "he", "conv_1", 0, 10);
  tx.reactions().For(ids);
  tx.reactions().Find("msg_1", "usr_1", "+1");
  tx.reactions().Insert({.id = "rct_new", .message_id = "msg_1", .user_id = "usr_1", .emoji = "x"});
  tx.reactions().Delete("rct_new");
  tx.receipts().For(ids);
  tx.receipts().Find("msg_1", "usr_1");
  tx.receipts().Insert({.id = "rcp_new", .message_id = "msg_1", .user_id = "usr_new"});
  tx.blocks().Find("usr_1", "usr_2");
  tx.blocks().By("usr_1");
  tx.blocks().BlockersOf("usr_2");
  tx.blocks().Insert({.blocker_id = "usr_new", .blocked_id = "usr_1"});
  tx.blocks().Delete("usr_new", "usr_1");
  tx.communities().FindMember("cmty_1", "usr_1");
  tx.communities().UpsertMember({.community_id = "cmty_1", .user_id = "usr_new", .joined_at = 1});
  tx.communities().DeleteMember("cmty_1", "usr_new");
  tx.communities().ListMembers("cmty_1", 0, 10);
  tx.communities().FindPost("post_1");
  tx.communities().UpsertPost({.id = "post_new", .community_id = "cmty_1", .created_at = 1});
  tx.communities().DeletePost("post_new");
  tx.conversations().ContactsOf("usr_1");
  tx.users().RecordLastSeen("usr_1", 1);
  tx.conversations().ActiveIdsOf("usr_1");
  tx.users().RecordDelivery("msg_2abc", 1);
  tx.users().PruneDeliveries(1);
  tx.log().NextSeq("conv_1");
  tx.log().LastSeq("conv_1");
  tx.log().Append({.conversation_id = "conv_1",
                   .seq = 1000,
                   .type = "message_read",
                   .message_id = "msg_1",
                   .actor_id = "usr_2",
                   .payload = "{}"});
  tx.log().After("conv_1", 10, 20);
  tx.log().MessageEntries(ids);
  tx.log().ReplacePayload("conv_1", 1, "{}");
  tx.messages().RepliesTo("msg_9");
  tx.outbox().Append({.id = "evt_new", .type = "message.sent", .occurred_at = 1, .data = "{}"});
  tx.outbox().After(0, 10);
  tx.outbox().LastSeq();
  tx.outbox().SinkPosition("jsonl");
  tx.outbox().SaveSinkPosition("jsonl", 1, 1);
  tx.outbox().Prune(1, 1);
}

TEST_F(QueryPlanTest, TheListIsExactlyWhatTheTransactionRuns) {
  // A connection with an empty statement cache: afterwards it holds what the methods used.
  Connection fresh(path_, OpenMode::kReadWriteCreate);
  SqliteTransaction tx(fresh, /*read_only=*/false);
  ExerciseEveryMethod(tx);

  std::set<std::string> used;
  for (const auto& sql : fresh.PreparedSql()) used.insert(sql);
  std::set<std::string> listed;
  for (const auto& sample : TransactionStatements()) listed.emplace(sample.sql);
  EXPECT_EQ(used, listed);
}

}  // namespace
}  // namespace confide::store::sqlite
