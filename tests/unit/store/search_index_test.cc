// The SQLite search index is brought up to the messages once per commit (search_index.h):
// messages written since are not in it, keep whatever edits or deletions they get meanwhile
// out of it, and go in as they are when the commit ends. FTS5's integrity check compares the
// index with the messages (through the messages_searchable view) after every step.

#include "store/sqlite/search_index.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"
#include "support/temp_dir.h"
#include "unit/store/store_fixture.h"

namespace confide::store::sqlite {
namespace {

using Ids = std::vector<std::string>;

class SearchIndexTest : public StoreTest {
 protected:
  void SetUp() override { AddConversation("conv_a", {"usr_1", "usr_2"}); }

  domain::Message Add(const std::string& id, const std::string& content) {
    auto message = MakeMessage(id, "conv_a", "usr_2", content, ++clock_);
    tx_.messages().Insert(message);
    return *tx_.messages().Find(id);
  }

  Ids Search(const std::string& query) {
    Ids ids;
    for (const auto& m : tx_.messages().Search("usr_1", query, std::nullopt, 0, 20)) {
      ids.push_back(m.id);
    }
    return ids;
  }

  // Whether the index holds exactly what messages_searchable shows: FTS5 raises an error
  // otherwise.
  void ExpectIndexAgrees() {
    EXPECT_NO_THROW(
        connection_->Execute("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')"));
  }

  std::int64_t Frontier() {
    auto frontier = connection_->Prepare("SELECT next_seq FROM search_index_frontier");
    EXPECT_TRUE(frontier->Step());
    return frontier->Int(0);
  }

  EpochMillis clock_ = 0;
};

TEST_F(SearchIndexTest, NewMessagesAreFoundOnceIndexed) {
  Add("msg_1", "feeling better today");
  Add("msg_2", "feeling tired");
  EXPECT_EQ(Search("tired"), Ids{});
  IndexNewMessages(*connection_);
  EXPECT_EQ(Search("feeling"), (Ids{"msg_2", "msg_1"}));
  EXPECT_EQ(Search("tired"), Ids{"msg_2"});
  ExpectIndexAgrees();
  IndexNewMessages(*connection_);  // nothing new: nothing indexed twice
  EXPECT_EQ(Search("feeling"), (Ids{"msg_2", "msg_1"}));
  ExpectIndexAgrees();
  Add("msg_3", "feeling fine");
  IndexNewMessages(*connection_);
  EXPECT_EQ(Search("feeling"), (Ids{"msg_3", "msg_2", "msg_1"}));
  ExpectIndexAgrees();
}

TEST_F(SearchIndexTest, AMessageEditedBeforeItIsIndexedIsIndexedAsEdited) {
  auto message = Add("msg_1", "first draft");
  message.content = "final words";
  message.is_edited = true;
  tx_.messages().Update(message);  // the edit trigger leaves the unindexed message alone
  IndexNewMessages(*connection_);
  EXPECT_EQ(Search("final"), Ids{"msg_1"});
  EXPECT_EQ(Search("draft"), Ids{});
  ExpectIndexAgrees();
}

TEST_F(SearchIndexTest, AMessageDeletedBeforeItIsIndexedIsNeverFound) {
  auto message = Add("msg_1", "something private");
  message.is_deleted = true;
  tx_.messages().Update(message);
  IndexNewMessages(*connection_);
  EXPECT_EQ(Search("private"), Ids{});
  ExpectIndexAgrees();
}

TEST_F(SearchIndexTest, EditsAndDeletionsOfIndexedMessagesChangeTheIndexAtOnce) {
  auto edited = Add("msg_1", "first draft");
  auto deleted = Add("msg_2", "something private");
  IndexNewMessages(*connection_);
  edited.content = "final words";
  tx_.messages().Update(edited);
  deleted.is_deleted = true;
  tx_.messages().Update(deleted);
  EXPECT_EQ(Search("final"), Ids{"msg_1"});
  EXPECT_EQ(Search("draft"), Ids{});
  EXPECT_EQ(Search("private"), Ids{});
  ExpectIndexAgrees();
}

TEST_F(SearchIndexTest, TheFrontierMovesPastTheLastIndexedMessage) {
  const auto before = Frontier();
  Add("msg_1", "one");
  Add("msg_2", "two");
  EXPECT_EQ(Frontier(), before);
  IndexNewMessages(*connection_);
  auto last = connection_->Prepare("SELECT max(seq) FROM messages");
  ASSERT_TRUE(last->Step());
  EXPECT_EQ(last->Int(0), before + 1);
  EXPECT_EQ(Frontier(), before + 2);
}

// The statements the writer runs per batch never scan the messages: the one scan allowed is
// of the frontier's single row, and the new messages are read by their rowids.
TEST_F(SearchIndexTest, ReadsOnlyTheNewMessagesByTheirRowids) {
  const auto plan_of = [&](const std::string& sql) {
    std::vector<std::string> lines;
    auto plan = connection_->Prepare("EXPLAIN QUERY PLAN " + sql);
    while (plan->Step()) lines.push_back(plan->Text(3));
    return lines;
  };
  for (const std::string sql :
       {kSearchIndexBoundsSql, kSearchIndexInsertSql, kSearchIndexFrontierSql}) {
    for (const auto& line : plan_of(sql)) {
      if (!line.starts_with("SCAN")) continue;
      EXPECT_TRUE(line == "SCAN search_index_frontier" || line == "SCAN CONSTANT ROW")
          << sql << ": " << line;
    }
  }
  const auto insert = plan_of(kSearchIndexInsertSql);
  ASSERT_FALSE(insert.empty());
  EXPECT_NE(insert.back().find("SEARCH messages USING INTEGER PRIMARY KEY"), std::string::npos)
      << insert.back();
}

// A database filled by another tool (a bulk import, the search benchmark's seeding) is
// indexed when it opens.
TEST(SearchIndexCatchUp, IndexesWhatWasWrittenWithoutTheWriter) {
  confide::testing::TempDir dir;
  const std::string path = dir.File("confide.db");
  ASSERT_TRUE(Migrate(path).ok());
  {
    Connection tool(path, OpenMode::kReadWriteCreate);
    tool.Execute(
        "INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,"
        " conversation_seq) VALUES ('msg_1', 'conv_1', 'usr_1', 'imported words', 'TEXT', 1, 1)");
  }
  Connection connection(path, OpenMode::kReadWriteCreate);
  const auto found = [&] {
    auto match = connection.Prepare(
        "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH '\"imported\"'");
    EXPECT_TRUE(match->Step());
    return match->Int(0);
  };
  EXPECT_EQ(found(), 0);
  CatchUpSearchIndex(connection);
  EXPECT_EQ(found(), 1);
  EXPECT_FALSE(connection.InTransaction());
  EXPECT_NO_THROW(
      connection.Execute("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')"));
}

}  // namespace
}  // namespace confide::store::sqlite
