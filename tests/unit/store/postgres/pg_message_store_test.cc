// PgMessageStore's search statements are planned for each call's own parameters: their best
// plan depends on the query text and the budget, so the store has the transaction force custom
// plans (plan_cache_mode) rather than let PostgreSQL settle on a generic plan after five
// executions, as it does for the other statements. The setting ends with the transaction.

#include "store/postgres/pg_message_store.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "pg_scratch_database.h"
#include "pg_test_fixture.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_statements.h"
#include "store/postgres/pg_transaction.h"
#include "unit/store/store_entities.h"

namespace confide::store::postgres {
namespace {

struct PlanCounts {
  std::int64_t generic = 0;
  std::int64_t custom = 0;
};

class PgMessageStoreTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    database_.emplace();
    session_ = database_->Connect();
    ASSERT_TRUE(PgMigrate(*session_).ok());
    session_->Exec("BEGIN");
    PgTransaction tx(*session_, /*read_only=*/false);
    AddConversation(tx, "conv_a", {"usr_1", "usr_2"});
    for (int i = 0; i < 20; ++i) {
      tx.messages().Insert(MakeMessage("msg_" + std::to_string(i), "conv_a", "usr_2",
                                       "hello number" + std::to_string(i), i));
    }
    session_->Exec("COMMIT");
  }

  // How often this session planned `sql`, by kind (pg_prepared_statements).
  PlanCounts PlansOf(std::string_view sql) {
    const PgResult result = session_->ExecPrepared(
        "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1",
        PgParams().Add(sql));
    if (result.rows() == 0) return {};
    return {.generic = result.Int(0, 0), .custom = result.Int(0, 1)};
  }

  std::optional<PgScratchDatabase> database_;
  std::unique_ptr<PgConnection> session_;
};

TEST_F(PgMessageStoreTest, SearchesArePlannedForTheirOwnParameters) {
  constexpr int kSearches = 10;  // PostgreSQL considers a generic plan after 5
  session_->Exec("BEGIN");
  PgTransaction tx(*session_, /*read_only=*/true);
  for (int i = 0; i < kSearches; ++i) {
    const std::string number = std::to_string(10 + i % 10);  // each matches one message
    // A long query of one word, which the candidates settle, and a short one, which goes to
    // the viewer's conversations.
    EXPECT_EQ(tx.messages().Search("usr_1", "number" + number, std::nullopt, 0, 5).size(), 1u);
    EXPECT_EQ(tx.messages().Search("usr_1", number, std::nullopt, 0, 5).size(), 1u);
    tx.users().Find("usr_" + number);
  }
  for (const std::string_view sql :
       {sql::kSearchScope, sql::kSearchCandidates, sql::kSearchByViewer}) {
    const PlanCounts plans = PlansOf(sql);
    EXPECT_EQ(plans.generic, 0) << sql;
    EXPECT_EQ(plans.custom, kSearches) << sql;
  }
  session_->Exec("COMMIT");
  EXPECT_EQ(session_->Exec("SHOW plan_cache_mode").Text(0, 0), "auto")
      << "the setting ended with the search's transaction";

  // Without it, PostgreSQL settles on a generic plan for a lookup by key once it has planned
  // it five times, which is what the store's other statements want.
  PgTransaction later(*session_, /*read_only=*/true);
  for (int i = 0; i < kSearches; ++i) later.users().Find("usr_" + std::to_string(i));
  EXPECT_GT(PlansOf(sql::kFindUser).generic, 0);
}

// pg_trgm indexes words apart, so for a query of several words it would offer every message
// holding them anywhere: such a query goes to the viewer's conversations, and still finds
// what it should.
TEST_F(PgMessageStoreTest, AQueryOfSeveralWordsGoesToTheViewersConversations) {
  session_->Exec("BEGIN");
  PgTransaction tx(*session_, /*read_only=*/true);
  const auto found = tx.messages().Search("usr_1", "hello number1", std::nullopt, 0, 5);
  ASSERT_EQ(found.size(), 5u);
  EXPECT_EQ(found.front().id, "msg_19");
  EXPECT_EQ(tx.messages().Search("usr_1", "o, n", std::nullopt, 0, 5).size(), 0u);
  EXPECT_EQ(PlansOf(sql::kSearchCandidates).custom, 0);
  EXPECT_EQ(PlansOf(sql::kSearchByViewer).custom, 2);
  // One word goes to the candidates.
  EXPECT_EQ(tx.messages().Search("usr_1", "number19", std::nullopt, 0, 5).size(), 1u);
  EXPECT_EQ(PlansOf(sql::kSearchCandidates).custom, 1);
  session_->Exec("COMMIT");
}

}  // namespace
}  // namespace confide::store::postgres
