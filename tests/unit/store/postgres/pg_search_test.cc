// The search statements' semantics on a real server: a case-insensitive substring (all of
// Unicode, the database being C.UTF-8) among the messages of the conversations the viewer
// actively takes part in, or of one of them; deleted messages and senders the viewer blocked
// left out; newest first; '%', '_' and '\' in a query match only themselves. Both paths of
// a search (kSearchCandidates for 3 or more characters, kSearchByViewer for any query) find
// the same messages.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "pg_scratch_database.h"
#include "pg_test_fixture.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_statements.h"

namespace confide::store::postgres {
namespace {

using Ids = std::vector<std::string>;

// The characters of UTF-8 text: the bytes that do not continue a character.
std::size_t CodePoints(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

class PgSearchTest : public PgTest {
 protected:
  // The viewer usr_v takes part in conv_a (with usr_a and usr_x, whom usr_v blocked) and
  // conv_b; has left conv_left; is not in conv_other. Messages are numbered in the order
  // they were sent.
  static void SetUpTestSuite() {
    if (!testing::PostgresEnvironment::Started()) return;
    database_ = new PgScratchDatabase;
    auto connection = database_->Connect();
    ASSERT_TRUE(PgMigrate(*connection).ok());
    connection->Exec(R"sql(
      INSERT INTO participants (id, conversation_id, user_id, role, joined_at, is_active) VALUES
        ('p1', 'conv_a', 'usr_v', 'MEMBER', 1, true), ('p2', 'conv_a', 'usr_a', 'MEMBER', 1, true),
        ('p3', 'conv_a', 'usr_x', 'MEMBER', 1, true), ('p4', 'conv_b', 'usr_v', 'MEMBER', 1, true),
        ('p5', 'conv_left', 'usr_v', 'MEMBER', 1, false),
        ('p6', 'conv_other', 'usr_a', 'MEMBER', 1, true);
      INSERT INTO blocks (blocker_id, blocked_id, created_at) VALUES ('usr_v', 'usr_x', 1);
      INSERT INTO messages (id, conversation_id, sender_id, content, message_type, created_at,
                            is_deleted)
      SELECT 'msg_' || n, conversation_id, sender_id, content, 'TEXT', n, deleted
      FROM (VALUES
        (1, 'conv_a', 'usr_a', 'Äpfel und Birnen', false),
        (2, 'conv_a', 'usr_a', 'ÜBER alles', false),
        (3, 'conv_a', 'usr_a', 'Дом у реки', false),
        (4, 'conv_a', 'usr_a', 'party 🎉 time', false),
        (5, 'conv_a', 'usr_a', 'We are 100% sure', false),
        (6, 'conv_a', 'usr_a', 'a snake_case name', false),
        (7, 'conv_a', 'usr_a', 'a back\slash', false),
        (8, 'conv_a', 'usr_a', 'hello from a', false),
        (9, 'conv_a', 'usr_x', 'hello from someone blocked', false),
        (10, 'conv_a', 'usr_a', 'hello, deleted', true),
        (11, 'conv_other', 'usr_a', 'hello elsewhere', false),
        (12, 'conv_left', 'usr_a', 'hello after leaving', false),
        (13, 'conv_b', 'usr_v', 'Hello from the viewer', false),
        (14, 'conv_a', 'usr_a', 'percent: 100 sure, snakecase', false)
      ) AS t(n, conversation_id, sender_id, content, deleted)
      ORDER BY n;
    )sql");
  }
  static void TearDownTestSuite() {
    delete database_;
    database_ = nullptr;
  }
  void SetUp() override {
    PgTest::SetUp();
    connection_ = database_->Connect();
  }

  // kSearchByViewer (or its InConversation form): the ids of the page.
  Ids ByViewer(const std::string& query, std::optional<std::string> conversation = std::nullopt,
               int offset = 0, int limit = 50) {
    PgParams params;
    params.Add("usr_v").Add(query).Add(offset).Add(limit);
    if (conversation) params.Add(*conversation);
    const auto result = connection_->ExecPrepared(
        conversation ? sql::kSearchByViewerInConversation : sql::kSearchByViewer, params);
    Ids ids;
    for (int row = 0; row < result.rows(); ++row) ids.push_back(result.Text(row, 0));
    return ids;
  }

  // kSearchCandidates (or its InConversation form): the ids the viewer may see.
  Ids Candidates(const std::string& query, std::optional<std::string> conversation = std::nullopt) {
    PgParams params;
    params.Add("usr_v").Add(query).Add(1000).Add(1001);
    if (conversation) params.Add(*conversation);
    const auto result = connection_->ExecPrepared(
        conversation ? sql::kSearchCandidatesInConversation : sql::kSearchCandidates, params);
    Ids ids;
    for (int row = 0; row < result.rows(); ++row) {
      if (result.Bool(row, 1)) ids.push_back(result.Text(row, 0));
    }
    return ids;
  }

  // The messages a search for `query` finds; both paths agree for 3 or more characters.
  Ids Search(const std::string& query, std::optional<std::string> conversation = std::nullopt) {
    Ids ids = ByViewer(query, conversation);
    if (CodePoints(query) >= 3) {
      EXPECT_EQ(Candidates(query, conversation), ids) << query;
    }
    return ids;
  }

  static PgScratchDatabase* database_;
  std::unique_ptr<PgConnection> connection_;
};

PgScratchDatabase* PgSearchTest::database_ = nullptr;

TEST_F(PgSearchTest, FindsSubstringsNewestFirst) {
  EXPECT_EQ(Search("hello"), (Ids{"msg_13", "msg_8"}));
  EXPECT_EQ(Search("irne"), (Ids{"msg_1"}));
  EXPECT_EQ(Search("rom"), (Ids{"msg_13", "msg_8"}));
  EXPECT_EQ(Search("nothing like it"), Ids{});
}

TEST_F(PgSearchTest, IgnoresCaseThroughoutUnicode) {
  EXPECT_EQ(Search("äPFEL"), (Ids{"msg_1"}));
  EXPECT_EQ(Search("über"), (Ids{"msg_2"}));
  EXPECT_EQ(Search("дом"), (Ids{"msg_3"}));
  EXPECT_EQ(Search("ДОМ У"), (Ids{"msg_3"}));
  EXPECT_EQ(Search("HELLO FROM"), (Ids{"msg_13", "msg_8"}));
  // Short queries too, which no trigram serves.
  EXPECT_EQ(Search("ä"), (Ids{"msg_1"}));
  EXPECT_EQ(Search("Дo"), Ids{});  // a Latin o: no match
  EXPECT_EQ(Search("дО"), (Ids{"msg_3"}));
}

TEST_F(PgSearchTest, FindsEmoji) {
  EXPECT_EQ(Search("🎉"), (Ids{"msg_4"}));
  EXPECT_EQ(Search("party 🎉"), (Ids{"msg_4"}));
  EXPECT_EQ(Search("🎉 TIME"), (Ids{"msg_4"}));
}

TEST_F(PgSearchTest, LeavesOutDeletedBlockedAndOtherConversations) {
  const Ids found = Search("hello");
  for (const auto* id : {"msg_9", "msg_10", "msg_11", "msg_12"}) {
    EXPECT_EQ(std::count(found.begin(), found.end(), id), 0) << id;
  }
  EXPECT_EQ(Search("deleted"), Ids{});
  EXPECT_EQ(Search("blocked"), Ids{});
  EXPECT_EQ(Search("elsewhere"), Ids{});
  EXPECT_EQ(Search("leaving"), Ids{});
}

TEST_F(PgSearchTest, WildcardsAndBackslashesMatchOnlyThemselves) {
  EXPECT_EQ(Search("%"), (Ids{"msg_5"}));
  EXPECT_EQ(Search("0% s"), (Ids{"msg_5"}));
  EXPECT_EQ(Search("_"), (Ids{"msg_6"}));
  EXPECT_EQ(Search("e_c"), (Ids{"msg_6"}));
  EXPECT_EQ(Search("\\"), (Ids{"msg_7"}));
  EXPECT_EQ(Search("k\\s"), (Ids{"msg_7"}));
  EXPECT_EQ(Search("%%"), Ids{});
}

TEST_F(PgSearchTest, NarrowsToOneConversation) {
  EXPECT_EQ(Search("hello", "conv_a"), (Ids{"msg_8"}));
  EXPECT_EQ(Search("hello", "conv_b"), (Ids{"msg_13"}));
  EXPECT_EQ(Search("hello", "conv_other"), Ids{});
  EXPECT_EQ(Search("hello", "conv_left"), Ids{});
}

TEST_F(PgSearchTest, PagesWithOffsetAndLimit) {
  EXPECT_EQ(ByViewer("e", std::nullopt, 0, 2), (Ids{"msg_14", "msg_13"}));
  EXPECT_EQ(ByViewer("e", std::nullopt, 2, 2), (Ids{"msg_8", "msg_6"}));
  EXPECT_EQ(ByViewer("e", "conv_a", 1, 1), (Ids{"msg_8"}));
}

// kSearchCandidates with a budget and a row limit: rows of (id, visible, place among the
// matches).
struct Candidate {
  std::string id;
  bool visible;
  std::int64_t place;
  bool operator==(const Candidate&) const = default;
};

std::ostream& operator<<(std::ostream& out, const Candidate& c) {
  return out << "{" << c.id << ", " << c.visible << ", " << c.place << "}";
}

TEST_F(PgSearchTest, CandidatesAreTheVisibleMatchesWithinTheBudgetAndTheBudgetsLast) {
  const auto candidates = [&](std::int64_t budget, std::int64_t rows) {
    const auto result = connection_->ExecPrepared(
        sql::kSearchCandidates, PgParams().Add("usr_v").Add("hello").Add(budget).Add(rows));
    std::vector<Candidate> found;
    for (int row = 0; row < result.rows(); ++row) {
      found.push_back({result.Text(row, 0), result.Bool(row, 1), result.Int(row, 2)});
    }
    return found;
  };
  // The matches, newest first: msg_13 (visible), msg_12 (a conversation left), msg_11 (not
  // the viewer's), msg_9 (a blocked sender), msg_8 (visible); msg_10 is deleted.
  EXPECT_EQ(candidates(100, 100),
            (std::vector<Candidate>{{"msg_13", true, 1}, {"msg_8", true, 5}}));
  // The budget's last match comes back even when the viewer may not see it: the budget was
  // spent.
  EXPECT_EQ(candidates(3, 100),
            (std::vector<Candidate>{{"msg_13", true, 1}, {"msg_11", false, 3}}));
  EXPECT_EQ(candidates(5, 100),
            (std::vector<Candidate>{{"msg_13", true, 1}, {"msg_8", true, 5}}));
  // No more rows than asked for.
  EXPECT_EQ(candidates(100, 1), (std::vector<Candidate>{{"msg_13", true, 1}}));
}

TEST_F(PgSearchTest, TheScopeCountsTheViewersConversations) {
  connection_->Exec("BEGIN");
  connection_->Exec(
      "INSERT INTO conversations (id, type, created_by, created_at, updated_at, activity_at,"
      " message_count) VALUES ('conv_a', 'GROUP', 'usr_a', 1, 1, 1, 10),"
      " ('conv_b', 'GROUP', 'usr_v', 1, 1, 1, 1), ('conv_left', 'GROUP', 'usr_v', 1, 1, 1, 5)");
  EXPECT_EQ(connection_->ExecPrepared(sql::kSearchScope, PgParams().Add("usr_v")).Int(0, 0), 11);
  EXPECT_EQ(
      connection_
          ->ExecPrepared(sql::kSearchScopeInConversation, PgParams().Add("usr_v").Add("conv_b"))
          .Int(0, 0),
      1);
  connection_->Exec("ROLLBACK");
}

}  // namespace
}  // namespace confide::store::postgres
