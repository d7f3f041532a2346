// PgTransaction beyond the store suites (unit/store/*_test.cc run those on PostgreSQL too):
// a read-only transaction in a real READ ONLY transaction refuses writes before they reach
// the server, and PostgresDatabase runs real store jobs with MakePgTransaction.

#include "store/postgres/pg_transaction.h"

#include <gtest/gtest.h>

#include <future>
#include <optional>
#include <stdexcept>

#include "pg_scratch_database.h"
#include "pg_test_fixture.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/postgres_database.h"
#include "unit/store/store_entities.h"

namespace confide::store::postgres {
namespace {

class PgTransactionTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    if (HasFatalFailure()) return;
    database_.emplace();
    session_ = database_->Connect();
    ASSERT_TRUE(PgMigrate(*session_).ok());
  }

  std::optional<PgScratchDatabase> database_;
  std::unique_ptr<PgConnection> session_;
};

TEST_F(PgTransactionTest, AReadOnlyTransactionRefusesWritesBeforeTheServerSeesThem) {
  session_->Exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  const auto tx = MakePgTransaction(*session_, /*read_only=*/true);
  EXPECT_THROW(tx->users().Upsert(MakeUser("usr_1")), std::logic_error);
  EXPECT_THROW(tx->log().NextSeq("conv_1"), std::logic_error);
  EXPECT_THROW(tx->outbox().Append({.id = "evt_1"}), std::logic_error);
  // The transaction is not aborted: nothing was sent.
  EXPECT_EQ(session_->transaction_status(), PQTRANS_INTRANS);
  EXPECT_FALSE(tx->users().Find("usr_1"));
  EXPECT_EQ(tx->SchemaVersion(), PgLatestSchemaVersion());
  session_->Exec("COMMIT");
}

TEST_F(PgTransactionTest, PostgresDatabaseRunsStoreJobs) {
  auto opened = PostgresDatabase::Open(
      {.uri = database_->uri(), .writers = 1, .readers = 1, .make_transaction = MakePgTransaction});
  ASSERT_TRUE(opened.ok()) << opened.error().message();
  auto& db = **opened;

  std::promise<Status> written;
  db.SubmitWrite(
      [](Transaction& tx) {
        tx.users().Upsert(MakeUser("usr_1", 100));
        return true;
      },
      [&](Status s) { written.set_value(std::move(s)); }, JobOrigin::kClient);
  ASSERT_TRUE(written.get_future().get().ok());

  std::optional<domain::User> found;
  std::int64_t version = 0;
  std::promise<Status> read;
  db.SubmitRead(
      [&](Transaction& tx) {
        found = tx.users().Find("usr_1");
        version = tx.SchemaVersion();
      },
      [&](Status s) { read.set_value(std::move(s)); }, JobOrigin::kClient);
  ASSERT_TRUE(read.get_future().get().ok());
  ASSERT_TRUE(found);
  EXPECT_EQ(found->first_name, "First usr_1");
  EXPECT_EQ(found->created_at, 100);
  EXPECT_EQ(version, PgLatestSchemaVersion());
  db.Stop();
}

}  // namespace
}  // namespace confide::store::postgres
