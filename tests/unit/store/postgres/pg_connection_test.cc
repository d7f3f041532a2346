#include "store/postgres/pg_connection.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <string>

#include "pg_test_fixture.h"
#include "store/postgres/pg_error.h"
#include "support/loopback_port.h"

namespace confide::store::postgres {
namespace {

using namespace std::chrono_literals;

using PgConnectionTest = PgTest;

// Ends `victim`'s session from another connection, as an administrator (or a crash) would,
// and waits until its backend has exited.
void TerminateBackend(PgConnection& victim) {
  auto admin = std::make_unique<PgConnection>(
      PgConnectionOptions{.uri = testing::PostgresEnvironment::server().uri()});
  const PgResult result = admin->ExecPrepared("SELECT pg_terminate_backend($1::int, 5000)",
                                              PgParams().Add(victim.backend_pid()));
  ASSERT_TRUE(result.Bool(0, 0));
}

TEST_F(PgConnectionTest, ConnectsAndQueries) {
  auto connection = Connect();
  EXPECT_TRUE(connection->ok());
  const PgResult result = connection->Exec("SELECT 1 + 1, 'two', true, NULL::text");
  ASSERT_EQ(result.rows(), 1);
  ASSERT_EQ(result.columns(), 4);
  EXPECT_EQ(result.Int(0, 0), 2);
  EXPECT_EQ(result.Text(0, 1), "two");
  EXPECT_TRUE(result.Bool(0, 2));
  EXPECT_TRUE(result.IsNull(0, 3));
  EXPECT_EQ(connection->transaction_status(), PQTRANS_IDLE);
  EXPECT_GT(connection->backend_pid(), 0);
}

TEST_F(PgConnectionTest, SetsEncodingNameAndTheSessionSettingsGiven) {
  PgConnectionOptions options = Options();
  options.settings = {{"idle_in_transaction_session_timeout", "60000"},
                      {"search_path", "\"$user\", public"}};
  auto connection = Connect(options);
  const PgResult result = connection->Exec(
      "SELECT current_setting('client_encoding'), current_setting('application_name'),"
      " current_setting('idle_in_transaction_session_timeout'), current_setting('search_path')");
  EXPECT_EQ(result.Text(0, 0), "UTF8");
  EXPECT_EQ(result.Text(0, 1), "confide");
  EXPECT_EQ(result.Text(0, 2), "1min");
  EXPECT_EQ(result.Text(0, 3), "\"$user\", public");
}

TEST_F(PgConnectionTest, AnApplicationNameInTheUriIsKept) {
  PgConnectionOptions options = Options();
  options.uri += "?application_name=confide-n1";
  auto connection = Connect(options);
  EXPECT_EQ(connection->Exec("SHOW application_name").Text(0, 0), "confide-n1");
}

TEST_F(PgConnectionTest, RefusesWhatIsNotAUri) {
  EXPECT_THROW(Connect(PgConnectionOptions{.uri = "host=127.0.0.1 password=x"}),
               std::invalid_argument);
}

TEST_F(PgConnectionTest, AServerThatCannotBeReachedIsUnavailableAndNoPasswordIsTold) {
  const int closed_port = testing::FreePort();
  PgConnectionOptions options;
  options.uri = "postgres://confide:s3cret@127.0.0.1:" + std::to_string(closed_port) + "/confide";
  try {
    Connect(options);
    FAIL() << "connected to a closed port";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connection_lost());
    const Error error = ToError(e);
    EXPECT_EQ(error.code(), ErrorCode::kUnavailable);
    EXPECT_EQ(std::string(e.what()).find("s3cret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("confide:***@"), std::string::npos) << e.what();
  }
}

TEST_F(PgConnectionTest, AUriLibpqCannotReadIsRefusedWithoutItsPassword) {
  try {
    Connect(PgConnectionOptions{.uri = "postgres://confide:se%zzcret@127.0.0.1/confide"});
    FAIL() << "a malformed URI was taken";
  } catch (const PgError& e) {
    EXPECT_EQ(std::string(e.what()).find("zzcret"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("percent"), std::string::npos) << e.what();
  }
}

TEST_F(PgConnectionTest, PreparesAStatementOncePerSession) {
  auto connection = Connect();
  const std::string sql = "SELECT $1::bigint * 2";
  for (std::int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(connection->ExecPrepared(sql, PgParams().Add(i)).Int(0, 0), i * 2);
  }
  EXPECT_EQ(connection->statements().size(), 1u);
  const PgResult prepared = connection->Exec("SELECT count(*) FROM pg_prepared_statements");
  EXPECT_EQ(prepared.Int(0, 0), 1);
}

TEST_F(PgConnectionTest, AStatementThatDoesNotCompileIsNotCachedAsPrepared) {
  auto connection = Connect();
  EXPECT_THROW(connection->ExecPrepared("SELEC 1"), PgError);
  EXPECT_TRUE(connection->ok());
  EXPECT_FALSE(connection->statements().For("SELEC 1").prepared);
  EXPECT_EQ(connection->Exec("SELECT 3").Int(0, 0), 3);
}

// What another session sees of `table`: its rows' count.
std::int64_t RowsSeenElsewhere(const std::string& table) {
  PgConnection other(PgConnectionOptions{.uri = testing::PostgresEnvironment::server().uri()});
  return other.Exec("SELECT count(*) FROM " + table).Int(0, 0);
}

TEST_F(PgConnectionTest, DeferredStatementsGoWithTheNextStatementInOrder) {
  auto connection = Connect();
  connection->Exec("CREATE TEMP TABLE deferred_order (n int)");
  connection->Defer("BEGIN");
  connection->Defer("INSERT INTO deferred_order VALUES ($1)", PgParams().Add(1));
  connection->Defer("INSERT INTO deferred_order VALUES ($1)", PgParams().Add(2));
  // Nothing has been sent: the session is not even in a transaction yet.
  EXPECT_EQ(connection->transaction_status(), PQTRANS_IDLE);
  const PgResult result =
      connection->ExecPrepared("SELECT string_agg(n::text, ',' ORDER BY n) FROM deferred_order");
  EXPECT_EQ(result.Text(0, 0), "1,2");
  EXPECT_EQ(connection->transaction_status(), PQTRANS_INTRANS);
  connection->Defer("INSERT INTO deferred_order VALUES ($1)", PgParams().Add(3));
  connection->ExecPrepared("COMMIT");
  EXPECT_EQ(connection->transaction_status(), PQTRANS_IDLE);
  EXPECT_EQ(connection->Exec("SELECT count(*) FROM deferred_order").Int(0, 0), 3);
}

TEST_F(PgConnectionTest, ADeferredFailureIsThrownByTheNextStatementWhichDoesNotRun) {
  auto connection = Connect();
  connection->Exec("DROP TABLE IF EXISTS deferred_failure");
  connection->Exec("CREATE TABLE deferred_failure (n int PRIMARY KEY)");
  connection->Defer("BEGIN");
  connection->Defer("INSERT INTO deferred_failure VALUES ($1)", PgParams().Add(1));
  connection->Defer("INSERT INTO deferred_failure VALUES ($1)", PgParams().Add(1));
  try {
    connection->ExecPrepared("COMMIT");
    ADD_FAILURE() << "the duplicate key was not reported";
  } catch (const PgError& e) {
    EXPECT_EQ(e.sqlstate(), "23505");
    EXPECT_FALSE(e.connection_lost());
  }
  // COMMIT was skipped: the transaction is failed, and rolling it back stores nothing.
  EXPECT_TRUE(connection->ok());
  EXPECT_EQ(connection->transaction_status(), PQTRANS_INERROR);
  connection->Exec("ROLLBACK");
  EXPECT_EQ(RowsSeenElsewhere("deferred_failure"), 0);
  connection->Exec("DROP TABLE deferred_failure");
}

TEST_F(PgConnectionTest, DiscardedStatementsAreNeverSentAndExecSendsDeferredOnesFirst) {
  auto connection = Connect();
  connection->Exec("DROP TABLE IF EXISTS deferred_discard");
  connection->Exec("CREATE TABLE deferred_discard (n int)");
  connection->Defer("INSERT INTO deferred_discard VALUES ($1)", PgParams().Add(1));
  connection->Discard();
  connection->Defer("INSERT INTO deferred_discard VALUES ($1)", PgParams().Add(2));
  // Exec (the simple protocol, which may carry several statements) sends them before it.
  EXPECT_EQ(connection->Exec("SELECT 1; SELECT sum(n) FROM deferred_discard").Int(0, 0), 2);
  EXPECT_EQ(RowsSeenElsewhere("deferred_discard"), 1);
  connection->Exec("DROP TABLE deferred_discard");
}

TEST_F(PgConnectionTest, TextRoundTripsAsUtf8) {
  auto connection = Connect();
  const std::string text = "Привет, мир! Ärger über 👋🏽 and 𝄞";
  const PgResult result = connection->ExecPrepared(
      "SELECT $1::text, length($1::text), octet_length($1::text), upper($1::text)",
      PgParams().Add(text));
  EXPECT_EQ(result.Text(0, 0), text);
  EXPECT_EQ(result.Int(0, 1), 32);  // code points, not bytes
  EXPECT_EQ(result.Int(0, 2), static_cast<std::int64_t>(text.size()));
  EXPECT_EQ(result.Text(0, 3), "ПРИВЕТ, МИР! ÄRGER ÜBER 👋🏽 AND 𝄞");
}

TEST_F(PgConnectionTest, NullsGoInAndComeOut) {
  auto connection = Connect();
  connection->Exec(
      "DROP TABLE IF EXISTS nullable_values;"
      "CREATE TABLE nullable_values (id bigint PRIMARY KEY, label text, amount bigint)");
  const std::string insert = "INSERT INTO nullable_values VALUES ($1, $2, $3)";
  connection->ExecPrepared(insert, PgParams().Add(1).Add(std::nullopt).Add(std::nullopt));
  connection->ExecPrepared(
      insert,
      PgParams().Add(2).Add(std::optional<std::string>("x")).Add(std::optional<std::int64_t>(5)));
  const PgResult rows = connection->Exec("SELECT label, amount FROM nullable_values ORDER BY id");
  ASSERT_EQ(rows.rows(), 2);
  EXPECT_EQ(rows.OptionalText(0, 0), std::nullopt);
  EXPECT_EQ(rows.OptionalInt(0, 1), std::nullopt);
  EXPECT_EQ(rows.OptionalText(1, 0), "x");
  EXPECT_EQ(rows.OptionalInt(1, 1), 5);
  EXPECT_THROW(rows.Int(0, 1), std::logic_error);
}

TEST_F(PgConnectionTest, ReportsRowsChanged) {
  auto connection = Connect();
  connection->Exec(
      "DROP TABLE IF EXISTS counted_rows; CREATE TABLE counted_rows (id bigint);"
      "INSERT INTO counted_rows SELECT generate_series(1, 5)");
  EXPECT_EQ(
      connection->ExecPrepared("DELETE FROM counted_rows WHERE id > $1::bigint", PgParams().Add(2))
          .AffectedRows(),
      3);
}

TEST_F(PgConnectionTest, CountsTheStatementsThatMayWriteOnceEach) {
  auto connection = Connect();
  connection->Exec("DROP TABLE IF EXISTS written_rows; CREATE TABLE written_rows (id bigint)");
  const auto start = connection->writes();
  connection->Exec("SELECT 1");
  connection->ExecPrepared("  select count(*) FROM written_rows");
  connection->ExecPrepared("SHOW synchronous_commit");
  EXPECT_EQ(connection->writes(), start) << "reads";
  connection->Defer("INSERT INTO written_rows VALUES (1)");
  EXPECT_EQ(connection->writes(), start + 1);
  connection->ExecPrepared("SELECT count(*) FROM written_rows");
  EXPECT_EQ(connection->writes(), start + 1) << "a deferred write is not counted again as it goes";
  connection->ExecPrepared("UPDATE written_rows SET id = 2");
  connection->Exec("DELETE FROM written_rows");
  EXPECT_EQ(connection->writes(), start + 3);
  connection->ExecPrepared("WITH gone AS (DELETE FROM written_rows RETURNING id) SELECT 1");
  EXPECT_EQ(connection->writes(), start + 4) << "what does not begin with SELECT may write";
}

TEST_F(PgConnectionTest, AReadAheadGoesWithTheNextRoundTripAndAnswersItsStatementOnce) {
  auto connection = Connect();
  connection->Exec("DROP TABLE IF EXISTS ahead_rows; CREATE TABLE ahead_rows (id bigint)");
  const std::string count = "SELECT count(*) FROM ahead_rows WHERE id > $1::bigint";
  connection->Defer("INSERT INTO ahead_rows VALUES (1), (2)");
  connection->ReadAhead(count, PgParams().Add(0));
  // One round trip: the insert, the read ahead (which sees it), then this statement.
  EXPECT_EQ(connection->ExecPrepared("SELECT pg_backend_pid()").Int(0, 0),
            connection->backend_pid());
  connection->ExecPrepared("SELECT 1");
  // Another session adds a row: the answer read ahead is the one from before.
  Connect()->Exec("INSERT INTO ahead_rows VALUES (3)");
  EXPECT_EQ(connection->ExecPrepared(count, PgParams().Add(0)).Int(0, 0), 2) << "read ahead";
  EXPECT_EQ(connection->ExecPrepared(count, PgParams().Add(0)).Int(0, 0), 3) << "used once";

  connection->ReadAhead(count, PgParams().Add(0));
  connection->ExecPrepared("SELECT 1");
  EXPECT_EQ(connection->ExecPrepared(count, PgParams().Add(1)).Int(0, 0), 2)
      << "other parameters: another read";
  connection->ReadAhead(count, PgParams().Add(0));
  connection->ExecPrepared("SELECT 1");
  Connect()->Exec("INSERT INTO ahead_rows VALUES (4)");
  connection->ReadAhead(count, PgParams().Add(0));
  EXPECT_EQ(connection->ExecPrepared(count, PgParams().Add(0)).Int(0, 0), 4)
      << "the same read asked for again replaces the older one";
  connection->Defer("INSERT INTO ahead_rows VALUES (5)");
  EXPECT_EQ(connection->ExecPrepared(count, PgParams().Add(0)).Int(0, 0), 5)
      << "a write of the session's own forgets what was read ahead";
  EXPECT_THROW(connection->ReadAhead("DELETE FROM ahead_rows", {}), std::logic_error);
}

TEST_F(PgConnectionTest, AKilledBackendIsALostConnectionThatResetBringsBack) {
  auto connection = Connect();
  EXPECT_EQ(connection->ExecPrepared("SELECT $1::int", PgParams().Add(1)).Int(0, 0), 1);
  const int old_pid = connection->backend_pid();
  TerminateBackend(*connection);
  try {
    connection->Exec("SELECT 1");
    FAIL() << "the terminated session answered";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
    EXPECT_EQ(ToError(e).code(), ErrorCode::kUnavailable);
  }
  EXPECT_FALSE(connection->ok());
  EXPECT_THROW(connection->Exec("SELECT 1"), PgError);
  connection->Reset();
  EXPECT_TRUE(connection->ok());
  EXPECT_NE(connection->backend_pid(), old_pid);
  // The new session prepares the statement again.
  EXPECT_EQ(connection->ExecPrepared("SELECT $1::int", PgParams().Add(2)).Int(0, 0), 2);
}

TEST_F(PgConnectionTest, AServerRestartIsALostConnectionThatResetBringsBack) {
  PgConnectionOptions options = Options();
  options.settings = {{"statement_timeout", "5s"}};
  auto connection = Connect(options);
  ASSERT_EQ(connection->Exec("SELECT 1").Int(0, 0), 1);
  ASSERT_TRUE(server().Restart());
  try {
    connection->Exec("SELECT 1");
    FAIL() << "the session outlived the server";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
    EXPECT_EQ(ToError(e).code(), ErrorCode::kUnavailable);
  }
  connection->Reset();
  EXPECT_EQ(connection->Exec("SELECT 2").Int(0, 0), 2);
  EXPECT_EQ(connection->Exec("SHOW statement_timeout").Text(0, 0), "5s");
}

TEST_F(PgConnectionTest, AStoppedServerIsUnavailableUntilItIsBack) {
  auto connection = Connect();
  server().Stop();
  EXPECT_THROW(connection->Exec("SELECT 1"), PgError);
  try {
    connection->Reset();
    FAIL() << "reconnected to a stopped server";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connection_lost());
  }
  ASSERT_TRUE(server().Start());
  connection->Reset();
  EXPECT_EQ(connection->Exec("SELECT 3").Int(0, 0), 3);
}

TEST_F(PgConnectionTest, ARoundTripThatTakesTooLongTimesOutAndResetRecovers) {
  PgConnectionOptions options = Options();
  options.io_timeout = 200ms;
  auto connection = Connect(options);
  try {
    connection->Exec("SELECT pg_sleep(3)");
    FAIL() << "the round trip did not time out";
  } catch (const PgError& e) {
    EXPECT_TRUE(e.connection_lost()) << e.what();
  }
  EXPECT_FALSE(connection->ok());
  connection->Reset();
  EXPECT_EQ(connection->Exec("SELECT 4").Int(0, 0), 4);
}

}  // namespace
}  // namespace confide::store::postgres
