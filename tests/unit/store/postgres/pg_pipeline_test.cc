#include "store/postgres/pg_pipeline.h"

#include <gtest/gtest.h>

#include "pg_test_fixture.h"
#include "store/postgres/pg_error.h"

namespace confide::store::postgres {
namespace {

constexpr const char* kInsert = "INSERT INTO pipeline_rows (id, body) VALUES ($1, $2)";
constexpr const char* kCount = "SELECT count(*) FROM pipeline_rows";

class PgPipelineTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    connection_ = Connect();
    connection_->Exec(
        "DROP TABLE IF EXISTS pipeline_rows;"
        "CREATE TABLE pipeline_rows (id bigint PRIMARY KEY, body text NOT NULL)");
  }

  std::int64_t Count() { return connection_->ExecPrepared(kCount).Int(0, 0); }

  std::unique_ptr<PgConnection> connection_;
};

TEST_F(PgPipelineTest, RunsATransactionInOneRoundTrip) {
  PgPipeline pipeline(*connection_);
  pipeline.Add(kInsert, PgParams().Add(1).Add("first"));
  pipeline.Add(kInsert, PgParams().Add(2).Add("second"));
  pipeline.Add("SELECT body FROM pipeline_rows ORDER BY id");
  const std::vector<PgResult> results = pipeline.RunInTransaction();
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].AffectedRows(), 1);
  EXPECT_EQ(results[1].AffectedRows(), 1);
  ASSERT_EQ(results[2].rows(), 2);
  EXPECT_EQ(results[2].Text(1, 0), "second");
  EXPECT_EQ(pipeline.size(), 0u);
  EXPECT_EQ(connection_->transaction_status(), PQTRANS_IDLE);
  // Committed: another session sees the rows.
  auto other = Connect();
  EXPECT_EQ(other->Exec(kCount).Int(0, 0), 2);
  // Statements new to the session were prepared within the pipeline, each once.
  EXPECT_TRUE(connection_->statements().For(kInsert).prepared);
}

TEST_F(PgPipelineTest, ReturnsResultsInOrderWithAnExplicitBeginAndCommit) {
  PgPipeline pipeline(*connection_);
  pipeline.Add("BEGIN").Add(kInsert, PgParams().Add(7).Add("x")).Add(kCount).Add("COMMIT");
  const std::vector<PgResult> results = pipeline.Run();
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[1].AffectedRows(), 1);
  EXPECT_EQ(results[2].Int(0, 0), 1);
  EXPECT_EQ(Count(), 1);
}

TEST_F(PgPipelineTest, AFailedStatementRollsTheWholeTransactionBack) {
  PgPipeline pipeline(*connection_);
  pipeline.Add(kInsert, PgParams().Add(1).Add("kept?"));
  pipeline.Add(kInsert, PgParams().Add(1).Add("duplicate"));
  pipeline.Add(kInsert, PgParams().Add(2).Add("skipped"));
  try {
    pipeline.RunInTransaction();
    FAIL() << "a duplicate key was inserted";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_FALSE(e.connection_lost());
    const Error error = ToError(e);
    EXPECT_EQ(error.code(), ErrorCode::kConflict);
    EXPECT_NE(error.detail().find("23505"), std::string::npos) << error.detail();
    EXPECT_EQ(error.message().find("pipeline_rows"), std::string::npos);
    // The server's DETAIL, which quotes the key, is not kept.
    EXPECT_EQ(error.detail().find("Key (id)"), std::string::npos) << error.detail();
  }
  EXPECT_TRUE(connection_->ok());
  EXPECT_EQ(connection_->transaction_status(), PQTRANS_IDLE);
  EXPECT_EQ(Count(), 0);
  // The connection goes on.
  pipeline.Add(kInsert, PgParams().Add(3).Add("after"));
  pipeline.RunInTransaction();
  EXPECT_EQ(Count(), 1);
}

TEST_F(PgPipelineTest, AStatementThatDoesNotCompileFailsThePipeline) {
  PgPipeline pipeline(*connection_);
  pipeline.Add(kInsert, PgParams().Add(1).Add("a"));
  pipeline.Add("SELECT no_such_column FROM pipeline_rows");
  try {
    pipeline.RunInTransaction();
    FAIL() << "a bad statement ran";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate(), "42703");
    EXPECT_EQ(ToError(e).code(), ErrorCode::kInternal);
  }
  EXPECT_FALSE(connection_->statements().For("SELECT no_such_column FROM pipeline_rows").prepared);
  EXPECT_EQ(Count(), 0);
}

TEST_F(PgPipelineTest, ASerializationFailureIsRetryable) {
  connection_->Exec("INSERT INTO pipeline_rows VALUES (1, 'original')");
  const std::string update = "UPDATE pipeline_rows SET body = $2 WHERE id = $1";
  // The first transaction reads, so its snapshot predates the other's update.
  connection_->Exec("BEGIN ISOLATION LEVEL SERIALIZABLE; SELECT body FROM pipeline_rows");
  auto other = Connect();
  PgPipeline(*other)
      .Add(update, PgParams().Add(1).Add("theirs"))
      .RunInTransaction("BEGIN ISOLATION LEVEL SERIALIZABLE");
  PgPipeline mine(*connection_);
  mine.Add(update, PgParams().Add(1).Add("mine")).Add("COMMIT");
  try {
    mine.Run();
    FAIL() << "a concurrent update went through";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate(), "40001");
    EXPECT_TRUE(e.retryable());
    EXPECT_TRUE(IsRetryable(e.sqlstate()));
    EXPECT_EQ(ToError(e).code(), ErrorCode::kUnavailable);
  }
  EXPECT_EQ(connection_->transaction_status(), PQTRANS_INERROR);
  connection_->Exec("ROLLBACK");
  EXPECT_EQ(connection_->Exec("SELECT body FROM pipeline_rows").Text(0, 0), "theirs");
}

TEST_F(PgPipelineTest, AKilledBackendIsALostConnectionThatResetBringsBack) {
  auto admin = Connect();
  admin->ExecPrepared("SELECT pg_terminate_backend($1::int, 5000)",
                      PgParams().Add(connection_->backend_pid()));
  PgPipeline pipeline(*connection_);
  pipeline.Add(kInsert, PgParams().Add(1).Add("lost"));
  try {
    pipeline.RunInTransaction();
    FAIL() << "the terminated session answered";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
    EXPECT_EQ(ToError(e).code(), ErrorCode::kUnavailable);
  }
  EXPECT_FALSE(connection_->ok());
  connection_->Reset();
  pipeline.Add(kInsert, PgParams().Add(1).Add("after reset"));
  pipeline.RunInTransaction();
  EXPECT_EQ(Count(), 1);
}

TEST_F(PgPipelineTest, AServerRestartIsALostConnectionThatResetBringsBack) {
  ASSERT_TRUE(server().Restart());
  PgPipeline pipeline(*connection_);
  pipeline.Add(kInsert, PgParams().Add(1).Add("lost"));
  try {
    pipeline.RunInTransaction();
    FAIL() << "the session outlived the server";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
  }
  connection_->Reset();
  pipeline.Add(kInsert, PgParams().Add(1).Add("after restart"));
  pipeline.RunInTransaction();
  EXPECT_EQ(Count(), 1);
}

TEST_F(PgPipelineTest, SendsALongPipelineWithoutBlocking) {
  // Enough statements and rows that neither side's socket buffer holds them all.
  PgPipeline pipeline(*connection_);
  const std::string body(2000, 'x');
  for (int i = 0; i < 2000; ++i) pipeline.Add(kInsert, PgParams().Add(i).Add(body));
  pipeline.Add("SELECT id, body FROM pipeline_rows");
  const std::vector<PgResult> results = pipeline.RunInTransaction();
  ASSERT_EQ(results.size(), 2001u);
  EXPECT_EQ(results.back().rows(), 2000);
}

}  // namespace
}  // namespace confide::store::postgres
