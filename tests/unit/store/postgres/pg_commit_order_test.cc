// The statements that must hold with many writers at once, on a real server: the
// conversation numbers (kNextConversationSeq) stay gap-free under concurrent transactions,
// rolled-back ones included, and the outbox numbers events in commit order (kSettleEvents),
// never one that a transaction still open could precede.

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "pg_scratch_database.h"
#include "pg_test_fixture.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_statements.h"

namespace confide::store::postgres {
namespace {

class PgCommitOrderTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    database_ = std::make_unique<PgScratchDatabase>();
    connection_ = database_->Connect();
    ASSERT_TRUE(PgMigrate(*connection_).ok());
  }

  std::unique_ptr<PgScratchDatabase> database_;
  std::unique_ptr<PgConnection> connection_;
};

// One change in a conversation: take its number and log it; every tenth rolls back.
void LogOneChange(PgConnection& connection, const std::string& conversation, int n) {
  connection.Exec("BEGIN");
  const auto seq =
      connection.ExecPrepared(sql::kNextConversationSeq, PgParams().Add(conversation)).Int(0, 0);
  connection.ExecPrepared(sql::kAppendConversationEvent, PgParams()
                                                             .Add(conversation)
                                                             .Add(seq)
                                                             .Add("message_read")
                                                             .Add(std::nullopt)
                                                             .Add("usr_1")
                                                             .Add(n)
                                                             .Add("{}"));
  connection.Exec(n % 10 == 0 ? "ROLLBACK" : "COMMIT");
}

TEST_F(PgCommitOrderTest, ConversationNumbersStayGapFreeUnderConcurrentWriters) {
  constexpr int kConversations = 4;
  constexpr int kThreads = 8;
  constexpr int kTransactions = 200;
  connection_->Exec(
      "INSERT INTO conversations (id, type, created_by, created_at, updated_at, activity_at)"
      " SELECT 'conv_' || c, 'GROUP', 'usr_1', 1, 1, 1 FROM generate_series(1, 4) c");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        auto connection = database_->Connect();
        for (int i = 0; i < kTransactions; ++i) {
          const auto conversation = "conv_" + std::to_string((t + i) % kConversations + 1);
          LogOneChange(*connection, conversation, i);
        }
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
        failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);
  // Each conversation's last_seq is its number of entries, and they are 1 ... last_seq.
  const auto rows = connection_->Exec(
      "SELECT c.id, c.last_seq, count(e.seq), coalesce(min(e.seq), 0), coalesce(max(e.seq), 0)"
      " FROM conversations c LEFT JOIN conversation_events e ON e.conversation_id = c.id"
      " GROUP BY c.id, c.last_seq ORDER BY c.id");
  ASSERT_EQ(rows.rows(), kConversations);
  std::int64_t total = 0;
  for (int row = 0; row < rows.rows(); ++row) {
    SCOPED_TRACE(rows.Text(row, 0));
    EXPECT_EQ(rows.Int(row, 1), rows.Int(row, 2));
    EXPECT_EQ(rows.Int(row, 3), rows.Int(row, 2) > 0 ? 1 : 0);
    EXPECT_EQ(rows.Int(row, 4), rows.Int(row, 2));
    total += rows.Int(row, 2);
  }
  // Every transaction but the rolled-back tenth committed its entry.
  EXPECT_EQ(total, kThreads * (kTransactions - kTransactions / 10));
}

// Settles what can be settled, then reads the ids of the numbered events after the last one
// it read, checking that the numbers go on without a gap.
class SettledEventsReader {
 public:
  explicit SettledEventsReader(PgConnection& connection) : connection_(connection) {}

  std::vector<std::string> ReadOn() {
    connection_.ExecPrepared(sql::kSettleEvents, PgParams().Add(1000));
    const auto result = connection_.ExecPrepared(sql::kEventsAfter, PgParams().Add(seq_).Add(100));
    std::vector<std::string> ids;
    for (int row = 0; row < result.rows(); ++row) {
      EXPECT_EQ(result.Int(row, 0), seq_ + 1) << "numbered without a gap";
      seq_ = result.Int(row, 0);
      ids.push_back(result.Text(row, 1));
    }
    return ids;
  }

 private:
  PgConnection& connection_;
  std::int64_t seq_ = 0;
};

PgParams EventParams(const std::string& id) {
  return PgParams().Add(id).Add("message.sent").Add("conv_1").Add(1).Add("{}");
}

TEST_F(PgCommitOrderTest, SettledEventsWaitForEveryEarlierTransaction) {
  auto early = database_->Connect();
  auto late = database_->Connect();
  SettledEventsReader reader(*connection_);

  // `early` takes its transaction id first but writes its event after `late` has committed
  // its own: a smaller xid with a larger seq.
  early->Exec("BEGIN");
  early->Exec("SELECT pg_current_xact_id()");
  late->Exec("BEGIN");
  late->ExecPrepared(sql::kAppendEvent, EventParams("evt_late"));
  late->Exec("COMMIT");
  early->ExecPrepared(sql::kAppendEvent, EventParams("evt_early"));

  // `late` committed, but `early`, still open, could yet append before it: nothing is
  // numbered, so nothing can be read past.
  EXPECT_TRUE(reader.ReadOn().empty());

  early->Exec("COMMIT");
  EXPECT_EQ(reader.ReadOn(), (std::vector<std::string>{"evt_early", "evt_late"}));
  EXPECT_TRUE(reader.ReadOn().empty());

  // A later event comes after the position.
  connection_->ExecPrepared(sql::kAppendEvent, EventParams("evt_next"));
  EXPECT_EQ(reader.ReadOn(), (std::vector<std::string>{"evt_next"}));
}

TEST_F(PgCommitOrderTest, ARolledBackTransactionHoldsNothingBack) {
  auto writer = database_->Connect();
  SettledEventsReader reader(*connection_);
  writer->Exec("BEGIN");
  writer->ExecPrepared(sql::kAppendEvent, EventParams("evt_gone"));
  connection_->ExecPrepared(sql::kAppendEvent, EventParams("evt_kept"));
  EXPECT_TRUE(reader.ReadOn().empty());
  writer->Exec("ROLLBACK");
  EXPECT_EQ(reader.ReadOn(), (std::vector<std::string>{"evt_kept"}));
}

}  // namespace
}  // namespace confide::store::postgres
