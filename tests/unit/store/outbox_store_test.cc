// OutboxStore on every backend: events appended, numbered in commit order once settled
// (SQLite numbers them as it appends), read back after a position; the sinks' positions;
// pruning.

#include "store/outbox_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "unit/store/store_suite.h"

namespace confide::store {
namespace {

class OutboxStoreTest : public StoreSuite {
 protected:
  void Append(const std::string& id, EpochMillis at) {
    tx().outbox().Append({.id = id,
                          .type = "message.sent",
                          .conversation_id = "conv_1",
                          .occurred_at = at,
                          .data = "{\"id\":\"" + id + "\"}"});
  }
  // Commits what was appended and numbers it; returns the newest seq.
  std::int64_t CommitAndSettle() {
    backend().Commit();
    tx().outbox().Settle(1000);
    return tx().outbox().LastSeq();
  }

  std::vector<std::string> IdsAfter(std::int64_t seq, int limit = 100) {
    std::vector<std::string> ids;
    for (const auto& e : tx().outbox().After(seq, limit)) ids.push_back(e.id);
    return ids;
  }
};

INSTANTIATE_TEST_SUITE_P(, OutboxStoreTest, ::testing::ValuesIn(kBackends), BackendName);

TEST_P(OutboxStoreTest, EventsAreNumberedInCommitOrderAndReadBackAfterAPosition) {
  EXPECT_EQ(tx().outbox().LastSeq(), 0);
  Append("evt_1", 10);
  const auto first = CommitAndSettle();
  Append("evt_2", 20);
  tx().outbox().Append({.id = "evt_3", .type = "user.updated", .occurred_at = 30, .data = "{}"});
  const auto last = CommitAndSettle();
  EXPECT_EQ(first, 1);
  EXPECT_EQ(last, 3) << "numbered without gaps";
  EXPECT_EQ(tx().outbox().Settle(1000), 0) << "each event once";

  const auto events = tx().outbox().After(0, 10);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].seq, first);
  EXPECT_EQ(events[0].id, "evt_1");
  EXPECT_EQ(events[0].type, "message.sent");
  EXPECT_EQ(events[0].conversation_id, "conv_1");
  EXPECT_EQ(events[0].occurred_at, 10);
  EXPECT_EQ(events[0].data, "{\"id\":\"evt_1\"}");
  EXPECT_FALSE(events[2].conversation_id);
  EXPECT_EQ(IdsAfter(first), (std::vector<std::string>{"evt_2", "evt_3"}));
  EXPECT_EQ(IdsAfter(0, 2), (std::vector<std::string>{"evt_1", "evt_2"}));
  EXPECT_TRUE(IdsAfter(events[2].seq).empty());
}

TEST_P(OutboxStoreTest, AnEventIsNotReadBeforeItsTransactionCommits) {
  Append("evt_1", 10);
  tx().outbox().Settle(1000);
  if (on_postgres()) {
    EXPECT_TRUE(IdsAfter(0).empty()) << "its own transaction is still open: not settled";
  }
  CommitAndSettle();
  EXPECT_EQ(IdsAfter(0), (std::vector<std::string>{"evt_1"}));
}

TEST_P(OutboxStoreTest, ANumberIsNeverGivenTwiceEvenAfterPruningEverything) {
  Append("evt_1", 10);
  const auto first = CommitAndSettle();
  tx().outbox().SaveSinkPosition("jsonl", first, 20);
  EXPECT_EQ(tx().outbox().Prune(first, 1'000), 1);
  EXPECT_TRUE(IdsAfter(0).empty()) << "the outbox is empty";
  Append("evt_2", 30);
  const auto second = CommitAndSettle();
  EXPECT_GT(second, first);
  EXPECT_EQ(IdsAfter(first), (std::vector<std::string>{"evt_2"}))
      << "a sink at the old position still gets the new event";
}

TEST_P(OutboxStoreTest, SinkPositionsAreSavedAndMoved) {
  EXPECT_FALSE(tx().outbox().SinkPosition("jsonl"));
  tx().outbox().SaveSinkPosition("jsonl", 5, 1);
  tx().outbox().SaveSinkPosition("webhook", 2, 1);
  tx().outbox().SaveSinkPosition("jsonl", 9, 2);
  EXPECT_EQ(tx().outbox().SinkPosition("jsonl"), 9);
  EXPECT_EQ(tx().outbox().SinkPosition("webhook"), 2);
}

TEST_P(OutboxStoreTest, PruneDeletesDeliveredOldEventsOnly) {
  Append("evt_1", 10);
  const auto first = CommitAndSettle();
  Append("evt_2", 20);
  const auto second = CommitAndSettle();
  Append("evt_3", 5);
  CommitAndSettle();
  // Up to evt_2, before 15: evt_1 only (evt_3 is old but not delivered).
  EXPECT_EQ(tx().outbox().Prune(second, 15), 1);
  EXPECT_EQ(IdsAfter(0), (std::vector<std::string>{"evt_2", "evt_3"}));
  EXPECT_EQ(tx().outbox().Prune(first, 100), 0);
  EXPECT_GT(tx().outbox().LastSeq(), second);
}

}  // namespace
}  // namespace confide::store
