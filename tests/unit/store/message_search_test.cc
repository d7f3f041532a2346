// MessageStore::Search on every backend: a case-insensitive substring match through the
// trigram index (3 or more characters) or the viewer's own conversations (1-2 characters, or
// when the index's matches do not settle the page), newest first, only where the viewer may
// look. And on SQLite, what a search costs.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <vector>

#include "store/message_store.h"
#include "store/sqlite/search_index.h"
#include "unit/store/store_fixture.h"
#include "unit/store/store_suite.h"

namespace confide::store {
namespace {

using Ids = std::vector<std::string>;

class MessageSearchTest : public StoreSuite {
 protected:
  // usr_1 takes part in conv_a and conv_b; conv_c is usr_2's and usr_3's only.
  void SetUp() override {
    StoreSuite::SetUp();
    if (HasFatalFailure()) return;
    AddConversation("conv_a", {"usr_1", "usr_2"});
    AddConversation("conv_b", {"usr_1", "usr_3"});
    AddConversation("conv_c", {"usr_2", "usr_3"});
    Add("msg_1", "conv_a", "usr_2", "I'm feeling better today");
    Add("msg_2", "conv_b", "usr_3", "Feelings are valid");
    Add("msg_3", "conv_c", "usr_2", "feeling private");
    Add("msg_4", "conv_a", "usr_1", "He said \"okay\" twice");
    Add("msg_5", "conv_b", "usr_1", "ok");
    Add("msg_6", "conv_a", "usr_2", "Café au lait");
  }

  void Add(const std::string& id, const std::string& conversation, const std::string& sender,
           const std::string& content) {
    tx().messages().Insert(MakeMessage(id, conversation, sender, content, ++clock_));
  }

  std::vector<std::string> Search(const std::string& query,
                                  const std::optional<std::string>& conversation = std::nullopt,
                                  int offset = 0, int limit = 20,
                                  const std::string& viewer = "usr_1") {
    std::vector<std::string> ids;
    for (const auto& m : tx().messages().Search(viewer, query, conversation, offset, limit)) {
      ids.push_back(m.id);
    }
    return ids;
  }

  EpochMillis clock_ = 0;
};

INSTANTIATE_TEST_SUITE_P(, MessageSearchTest, ::testing::ValuesIn(kBackends), BackendName);

TEST_P(MessageSearchTest, MatchesSubstringsWhateverTheCase) {
  EXPECT_EQ(Search("FEEL"), (Ids{"msg_2", "msg_1"}));
  EXPECT_EQ(Search("eelin"), (Ids{"msg_2", "msg_1"}));
  EXPECT_EQ(Search("better today"), (Ids{"msg_1"}));
  EXPECT_EQ(Search("CAFÉ"), (Ids{"msg_6"}));  // the trigram tokenizer folds Unicode case
  EXPECT_TRUE(Search("feline").empty());
}

TEST_P(MessageSearchTest, ShortQueriesMatchToo) {
  EXPECT_EQ(Search("OK"), (Ids{"msg_5", "msg_4"}));
  EXPECT_EQ(Search("y"), (Ids{"msg_4", "msg_1"}));
  EXPECT_EQ(Search("é"), (Ids{"msg_6"}));
  EXPECT_TRUE(Search("zz").empty());
  // SQLite compares short queries with lower(), which folds ASCII letters only; PostgreSQL's
  // ILIKE folds all of Unicode, as the trigram index does for longer ones (pg_statements.h).
  EXPECT_EQ(Search("É"), on_postgres() ? Ids{"msg_6"} : Ids{});
}

TEST_P(MessageSearchTest, QuotesAndOperatorsAreLiteral) {
  EXPECT_EQ(Search("\"okay\""), (Ids{"msg_4"}));
  EXPECT_EQ(Search("\"ok"), (Ids{"msg_4"}));
  EXPECT_EQ(Search("\""), (Ids{"msg_4"}));
  EXPECT_TRUE(Search("feel OR ok").empty());
  EXPECT_TRUE(Search("feel*").empty());
  EXPECT_TRUE(Search("NEAR(a b)").empty());
  EXPECT_TRUE(Search("").empty());
}

TEST_P(MessageSearchTest, NeverSearchesOtherPeoplesConversations) {
  EXPECT_EQ(Search("private"), Ids{});
  EXPECT_EQ(Search("private", std::nullopt, 0, 20, "usr_3"), (Ids{"msg_3"}));
  EXPECT_EQ(Search("private", std::string("conv_c")), Ids{});
  EXPECT_EQ(Search("pr", std::string("conv_c")), Ids{});
}

TEST_P(MessageSearchTest, LeftConversationsAreNotSearched) {
  auto p = *tx().conversations().FindParticipant("conv_b", "usr_1");
  p.is_active = false;
  tx().conversations().UpdateParticipant(p);
  EXPECT_EQ(Search("feel"), (Ids{"msg_1"}));
  EXPECT_EQ(Search("ok"), (Ids{"msg_4"}));
}

TEST_P(MessageSearchTest, FiltersByConversation) {
  EXPECT_EQ(Search("feel", std::string("conv_b")), (Ids{"msg_2"}));
  EXPECT_EQ(Search("ok", std::string("conv_a")), (Ids{"msg_4"}));
  EXPECT_EQ(Search("feel", std::string("conv_404")), Ids{});
}

TEST_P(MessageSearchTest, LeavesOutDeletedMessages) {
  auto m = *tx().messages().Find("msg_1");
  m.is_deleted = true;
  m.deleted_at = 100;
  tx().messages().Update(m);
  EXPECT_EQ(Search("feel"), (Ids{"msg_2"}));
  EXPECT_EQ(Search("y"), (Ids{"msg_4"}));
}

TEST_P(MessageSearchTest, EditedContentIsWhatMatches) {
  auto m = *tx().messages().Find("msg_2");
  m.content = "All good now";
  m.is_edited = true;
  tx().messages().Update(m);
  EXPECT_EQ(Search("feel"), (Ids{"msg_1"}));
  EXPECT_EQ(Search("GOOD"), (Ids{"msg_2"}));
}

TEST_P(MessageSearchTest, LeavesOutBlockedSenders) {
  tx().blocks().Insert({.blocker_id = "usr_1", .blocked_id = "usr_3", .created_at = 1});
  EXPECT_EQ(Search("feel"), (Ids{"msg_1"}));
  EXPECT_EQ(Search("li"), (Ids{"msg_1"}));
}

TEST_P(MessageSearchTest, PagesNewestFirst) {
  for (int i = 0; i < 5; ++i) Add("msg_p" + std::to_string(i), "conv_a", "usr_2", "page me");
  EXPECT_EQ(Search("page", std::nullopt, 0, 2), (Ids{"msg_p4", "msg_p3"}));
  EXPECT_EQ(Search("page", std::nullopt, 2, 2), (Ids{"msg_p2", "msg_p1"}));
  EXPECT_EQ(Search("pa", std::nullopt, 4, 2), (Ids{"msg_p0"}));
  EXPECT_EQ(Search("page", std::string("conv_a"), 1, 1), (Ids{"msg_p3"}));
  EXPECT_TRUE(Search("page", std::nullopt, 0, 0).empty());
}

// Many newer matches in conversations usr_1 cannot see: the index's first matches do not
// settle the page, and the viewer's own messages are searched instead, with the same results.
TEST_P(MessageSearchTest, ManyMatchesElsewhereChangeNothing) {
  backend().InOneTransaction([&] {
    for (int i = 0; i < 600; ++i) {
      Add("msg_x" + std::to_string(i), "conv_c", "usr_2",
          "feeling it elsewhere " + std::to_string(i));
    }
  });
  EXPECT_EQ(Search("FEEL"), (Ids{"msg_2", "msg_1"}));
  EXPECT_EQ(Search("feel", std::string("conv_b")), (Ids{"msg_2"}));
  EXPECT_EQ(Search("feel", std::nullopt, 1, 1), (Ids{"msg_1"}));
  EXPECT_EQ(Search("CAFÉ"), (Ids{"msg_6"}));
  EXPECT_EQ(Search("elsewhere 59", std::nullopt, 0, 20, "usr_2").size(), 11u);
  auto m = *tx().messages().Find("msg_1");
  m.is_deleted = true;
  tx().messages().Update(m);
  EXPECT_EQ(Search("feel"), (Ids{"msg_2"}));
  tx().blocks().Insert({.blocker_id = "usr_1", .blocked_id = "usr_3", .created_at = 1});
  EXPECT_EQ(Search("feel"), Ids{});
}

// SQLite's virtual machine steps while `run` runs on the fixture's connection: a measure of
// the work a statement does that no timing noise affects.
template <class Run>
std::uint64_t WorkOf(sqlite::Connection& connection, Run run) {
  std::uint64_t steps = 0;
  sqlite3_progress_handler(
      connection.handle(), 100,
      [](void* count) {
        ++*static_cast<std::uint64_t*>(count);
        return 0;
      },
      &steps);
  run();
  sqlite3_progress_handler(connection.handle(), 0, nullptr, nullptr);
  return steps;
}

// SQLite only: the work is counted in its virtual machine's steps. usr_1 takes part in
// conv_a; usr_9 in nothing.
class SqliteSearchCostTest : public sqlite::StoreTest {
 protected:
  void SetUp() override {
    AddConversation("conv_a", {"usr_1", "usr_2"});
    Add("msg_1", "conv_a", "usr_2", "I'm feeling better today");
    Add("msg_2", "conv_a", "usr_1", "ok");
    sqlite::IndexNewMessages(*connection_);
  }

  void Add(const std::string& id, const std::string& conversation, const std::string& sender,
           const std::string& content) {
    tx_.messages().Insert(MakeMessage(id, conversation, sender, content, ++clock_));
  }

  Ids Search(const std::string& query, const std::string& viewer) {
    Ids ids;
    for (const auto& m : tx_.messages().Search(viewer, query, std::nullopt, 0, 20)) {
      ids.push_back(m.id);
    }
    return ids;
  }

  EpochMillis clock_ = 0;
};

TEST_F(SqliteSearchCostTest, CostsInProportionToTheViewersOwnMessagesNotTheWholeIndex) {
  AddConversation("conv_d", {"usr_4", "usr_5"});
  const auto add_elsewhere = [&](int from, int to) {
    connection_->Execute("BEGIN");
    for (int i = from; i < to; ++i) {
      Add("msg_y" + std::to_string(i), "conv_d", "usr_4", "the common word " + std::to_string(i));
    }
    sqlite::IndexNewMessages(*connection_);  // as the writer does before it commits
    connection_->Execute("COMMIT");
  };
  const auto work = [&](const std::string& viewer) {
    return WorkOf(*connection_, [&] { Search("common", viewer); });
  };
  add_elsewhere(0, 1'000);
  const auto nobody_small = work("usr_9");  // takes part in nothing
  const auto few_small = work("usr_1");
  add_elsewhere(1'000, 10'000);  // ten times the matches, none of them theirs
  const auto nobody_large = work("usr_9");
  const auto few_large = work("usr_1");
  EXPECT_LT(nobody_large, nobody_small * 3 / 2) << nobody_small << " then " << nobody_large;
  EXPECT_LT(few_large, few_small * 3 / 2) << few_small << " then " << few_large;
  EXPECT_EQ(Search("common", "usr_9"), Ids{});
  EXPECT_EQ(Search("common word 9999", "usr_5"), Ids{"msg_y9999"});
}

}  // namespace
}  // namespace confide::store
