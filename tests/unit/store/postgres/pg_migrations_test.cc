#include "store/postgres/pg_migrations.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "pg_scratch_database.h"
#include "pg_test_fixture.h"
#include "store/postgres/pg_lock_keys.h"

namespace confide::store::postgres {
namespace {

class PgMigrationsTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    database_ = std::make_unique<PgScratchDatabase>();
  }

  // The rows of schema_version: one per migration applied.
  static std::int64_t AppliedCount(PgConnection& connection) {
    return connection.Exec("SELECT count(*) FROM schema_version").Int(0, 0);
  }

  std::unique_ptr<PgScratchDatabase> database_;
};

TEST_F(PgMigrationsTest, FilesAreNumberedFromOne) {
  const auto files = PgMigrationFiles();
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front().name, "0001_initial.sql");
  EXPECT_EQ(PgLatestSchemaVersion(), static_cast<int>(files.size()));
}

TEST_F(PgMigrationsTest, BringsAnEmptyDatabaseToTheLatestVersion) {
  auto connection = database_->Connect();
  EXPECT_EQ(PgSchemaVersion(*connection), 0);
  const auto version = PgMigrate(*connection);
  ASSERT_TRUE(version.ok()) << version.error().message();
  EXPECT_EQ(*version, PgLatestSchemaVersion());
  EXPECT_EQ(PgSchemaVersion(*connection), PgLatestSchemaVersion());
  EXPECT_EQ(AppliedCount(*connection), PgLatestSchemaVersion());
  // The schema is there, search extension included, and the lock was given back.
  EXPECT_EQ(connection->Exec("SELECT count(*) FROM messages").Int(0, 0), 0);
  EXPECT_EQ(
      connection->Exec("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'").Int(0, 0), 1);
  EXPECT_EQ(
      connection
          ->Exec("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                 " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
          .Int(0, 0),
      0);
}

TEST_F(PgMigrationsTest, IsIdempotent) {
  auto connection = database_->Connect();
  ASSERT_TRUE(PgMigrate(*connection).ok());
  connection->Exec("INSERT INTO posts (post_id, community_id, created_at) VALUES ('p', 'c', 1)");
  const auto again = PgMigrate(*connection);
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_EQ(*again, PgLatestSchemaVersion());
  EXPECT_EQ(AppliedCount(*connection), PgLatestSchemaVersion());
  EXPECT_EQ(connection->Exec("SELECT count(*) FROM posts").Int(0, 0), 1);
  // Another session finds nothing to do either.
  EXPECT_TRUE(PgMigrate(*database_->Connect()).ok());
  EXPECT_EQ(AppliedCount(*connection), PgLatestSchemaVersion());
}

TEST_F(PgMigrationsTest, RefusesADatabaseNewerThanThisBinary) {
  auto options = database_->Options();
  options.uri = "postgresql://postgres:s3cret@127.0.0.1:" +
                std::to_string(testing::PostgresEnvironment::server().port()) + "/" +
                database_->name();
  PgConnection connection(options);
  ASSERT_TRUE(PgMigrate(connection).ok());
  const int newer = PgLatestSchemaVersion() + 1;
  connection.ExecPrepared("INSERT INTO schema_version (version) VALUES ($1)",
                          PgParams().Add(newer));
  const auto refused = PgMigrate(connection);
  ASSERT_FALSE(refused.ok());
  const auto message = refused.error().message();
  EXPECT_NE(message.find("has schema version " + std::to_string(newer) + ", newer than the " +
                         std::to_string(PgLatestSchemaVersion()) +
                         " this confide knows; use a newer confide"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find(database_->name()), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  // Nothing was changed, and the lock was given back.
  EXPECT_EQ(PgSchemaVersion(connection), newer);
  EXPECT_EQ(
      connection
          .Exec("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
          .Int(0, 0),
      0);
}

TEST_F(PgMigrationsTest, WaitsForAnotherMigratorAndGivesUpAfterItsBound) {
  auto holder = database_->Connect();
  ASSERT_TRUE(
      holder->ExecPrepared("SELECT pg_try_advisory_lock($1)", PgParams().Add(kMigrationLockKey))
          .Bool(0, 0));
  auto connection = database_->Connect();
  const auto refused = PgMigrate(*connection, std::chrono::milliseconds(100));
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message().find("another process has been migrating"),
            std::string::npos);
  EXPECT_EQ(PgSchemaVersion(*connection), 0);
  holder.reset();  // its session ends, and its lock with it
  const auto version = PgMigrate(*connection, std::chrono::seconds(10));
  ASSERT_TRUE(version.ok()) << version.error().message();
  EXPECT_EQ(*version, PgLatestSchemaVersion());
}

TEST_F(PgMigrationsTest, ConcurrentMigratorsMigrateOnce) {
  // Without the lock, concurrent CREATE TABLE / CREATE EXTENSION race on the catalog
  // (unique violations in pg_type or pg_extension) or apply a migration twice.
  constexpr int kMigrators = 4;
  std::vector<std::unique_ptr<PgConnection>> connections;
  for (int i = 0; i < kMigrators; ++i) connections.push_back(database_->Connect());
  std::atomic<int> ready{0};
  std::vector<Result<int>> results(kMigrators, Error::Internal("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kMigrators; ++i) {
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kMigrators) std::this_thread::yield();
      results[static_cast<std::size_t>(i)] = PgMigrate(*connections[static_cast<std::size_t>(i)]);
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.error().message();
    EXPECT_EQ(*result, PgLatestSchemaVersion());
  }
  // One row per version: each migration was applied by one of them, once.
  auto connection = database_->Connect();
  EXPECT_EQ(AppliedCount(*connection), PgLatestSchemaVersion());
  EXPECT_EQ(connection->Exec("SELECT count(DISTINCT version) FROM schema_version").Int(0, 0),
            PgLatestSchemaVersion());
}

}  // namespace
}  // namespace confide::store::postgres
