#include "store/sqlite/sqlite_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <latch>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "store/sqlite/connection.h"
#include "support/temp_dir.h"

namespace confide::store::sqlite {
namespace {

domain::User MakeUser(const std::string& id) {
  return domain::User{
      .id = id, .first_name = "F", .last_name = "L", .created_at = 1, .updated_at = 1};
}

std::function<bool(Transaction&)> InsertUser(const std::string& id) {
  return [id](Transaction& tx) {
    tx.users().Upsert(MakeUser(id));
    return true;
  };
}

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open(int max_batch = 512, std::size_t max_queued_jobs = 4096,
            std::chrono::microseconds commit_window = std::chrono::microseconds(0)) {
    auto db = SqliteDatabase::Open({.path = path_,
                                    .readers = 2,
                                    .max_batch = max_batch,
                                    .commit_window = commit_window,
                                    .max_queued_jobs = max_queued_jobs,
                                    .metrics = &metrics_});
    ASSERT_TRUE(db.ok()) << db.error().message();
    db_ = std::move(*db);
  }

  Status WriteAndWait(std::function<bool(Transaction&)> work) {
    std::promise<Status> result;
    db_->SubmitWrite(
        std::move(work), [&result](Status s) { result.set_value(std::move(s)); },
        JobOrigin::kClient);
    return result.get_future().get();
  }

  Status ReadAndWait(std::function<void(Transaction&)> work) {
    std::promise<Status> result;
    db_->SubmitRead(
        std::move(work), [&result](Status s) { result.set_value(std::move(s)); },
        JobOrigin::kClient);
    return result.get_future().get();
  }

  bool UserExists(const std::string& id) {
    bool found = false;
    EXPECT_TRUE(
        ReadAndWait([&](Transaction& tx) { found = tx.users().Find(id).has_value(); }).ok());
    return found;
  }

  // Occupies the writer until Release(): jobs submitted meanwhile queue up, and the next
  // batch takes them all at once.
  void HoldWriter() {
    std::promise<void> entered;
    db_->SubmitWrite(
        [this, &entered](Transaction&) {
          entered.set_value();
          release_.wait();
          return true;
        },
        [](Status) {}, JobOrigin::kClient);
    entered.get_future().wait();
  }
  void Release() { gate_.set_value(); }

  const core::Histogram& BatchSizes() {
    return metrics_.GetHistogram("confide_db_commit_batch_size", "", {});
  }
  std::uint64_t Jobs(const char* kind, const char* result) {
    return metrics_.GetCounter("confide_db_jobs_total", "", {{"kind", kind}, {"result", result}})
        .value();
  }

  confide::testing::TempDir dir_;
  std::string path_ = dir_.File("data/confide.db");
  core::Metrics metrics_;
  // Before db_, so destroyed after it: db_ joins its threads, some of which may still be on
  // their way out of release_.wait() when a test ends.
  std::promise<void> gate_;
  std::shared_future<void> release_ = gate_.get_future().share();
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteDatabaseTest, ConcurrentWritesShareCommits) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  HoldWriter();
  std::atomic<int> ok{0};
  std::latch all_done(kThreads * kPerThread);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        db_->SubmitWrite(
            InsertUser("usr_" + std::to_string(t) + "_" + std::to_string(i)),
            [&](Status s) {
              if (s.ok()) ++ok;
              all_done.count_down();
            },
            JobOrigin::kClient);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_NE(metrics_.Render().find("confide_db_queued_writes 200"), std::string::npos);
  Release();
  all_done.wait();

  EXPECT_EQ(ok.load(), kThreads * kPerThread);
  std::vector<std::string> ids;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i)
      ids.push_back("usr_" + std::to_string(t) + "_" + std::to_string(i));
  }
  std::size_t found = 0;
  ASSERT_TRUE(ReadAndWait([&](Transaction& tx) { found = tx.users().FindMany(ids).size(); }).ok());
  EXPECT_EQ(found, ids.size());
  // The gate's batch of one, then one batch of all 200.
  const auto& sizes = BatchSizes();
  EXPECT_EQ(sizes.count(), 2u);
  EXPECT_EQ(sizes.CumulativeCount(0), 1u);                  // batches of 1
  EXPECT_EQ(sizes.count() - sizes.CumulativeCount(7), 1u);  // batches of more than 128
  EXPECT_EQ(Jobs("write", "ok"), 201u);
  EXPECT_EQ(Jobs("write", "error"), 0u);
  EXPECT_EQ(Jobs("read", "ok"), 1u);
}

TEST_F(SqliteDatabaseTest, BatchesAreCappedAtMaxBatch) {
  db_->Stop();
  Open(/*max_batch=*/8);
  HoldWriter();
  std::latch all_done(20);
  for (int i = 0; i < 20; ++i) {
    db_->SubmitWrite(
        InsertUser("usr_" + std::to_string(i)), [&](Status) { all_done.count_down(); },
        JobOrigin::kClient);
  }
  Release();
  all_done.wait();
  const auto& sizes = BatchSizes();
  EXPECT_EQ(sizes.CumulativeCount(3), sizes.count());  // every batch has at most 8 jobs
  EXPECT_EQ(sizes.sum(), 21.0);
}

// Writes arriving together keep the commit open for the next ones: a job submitted while the
// batch before it waits joins that batch, and every job of it completes after the one commit.
TEST_F(SqliteDatabaseTest, AJobArrivingWithinTheCommitWindowSharesTheCommit) {
  db_->Stop();
  Open(512, 4096, std::chrono::seconds(1));
  HoldWriter();
  std::promise<void> first_ran;
  std::atomic<int> completed{0};
  std::latch all_done(3);
  auto done = [&](Status s) {
    EXPECT_TRUE(s.ok()) << s.error().message();
    ++completed;
    all_done.count_down();
  };
  db_->SubmitWrite(
      [&first_ran](Transaction& tx) {
        tx.users().Upsert(MakeUser("usr_a"));
        first_ran.set_value();
        return true;
      },
      done, JobOrigin::kClient);
  db_->SubmitWrite(InsertUser("usr_b"), done, JobOrigin::kClient);
  Release();  // the writer takes both at once: they are arriving together
  first_ran.get_future().wait();
  EXPECT_EQ(completed.load(), 0);
  db_->SubmitWrite(InsertUser("usr_c"), done, JobOrigin::kClient);
  all_done.wait();
  EXPECT_TRUE(UserExists("usr_c"));
  // The held job's batch of one, then one batch of three.
  const auto& sizes = BatchSizes();
  EXPECT_EQ(sizes.count(), 2u);
  EXPECT_EQ(sizes.sum(), 4.0);
}

// A client that waits for each answer before its next write never sends during a window:
// the writer does not keep it waiting for one.
TEST_F(SqliteDatabaseTest, ALoneClientsWritesDoNotWaitForTheCommitWindow) {
  db_->Stop();
  Open(512, 4096, std::chrono::seconds(10));
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(WriteAndWait(InsertUser("usr_" + std::to_string(i))).ok());
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(BatchSizes().count(), 5u);
}

TEST_F(SqliteDatabaseTest, AFailedJobLeavesNoTraceWhileItsNeighboursCommit) {
  HoldWriter();
  std::vector<std::promise<Status>> results(4);
  auto done = [&](int i) { return [&, i](Status s) { results[i].set_value(std::move(s)); }; };
  db_->SubmitWrite(InsertUser("usr_a"), done(0), JobOrigin::kClient);
  db_->SubmitWrite(
      [](Transaction& tx) {
        tx.users().Upsert(MakeUser("usr_b"));
        return false;  // changed its mind
      },
      done(1), JobOrigin::kClient);
  db_->SubmitWrite(
      [](Transaction& tx) -> bool {
        tx.users().Upsert(MakeUser("usr_c"));
        throw std::runtime_error("broken invariant");
      },
      done(2), JobOrigin::kClient);
  db_->SubmitWrite(InsertUser("usr_d"), done(3), JobOrigin::kClient);
  Release();

  EXPECT_TRUE(results[0].get_future().get().ok());
  EXPECT_TRUE(results[1].get_future().get().ok());  // declined, not failed: see database.h
  const Status thrown = results[2].get_future().get();
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code(), ErrorCode::kInternal);
  EXPECT_EQ(thrown.error().message().find("broken invariant"), std::string::npos);
  EXPECT_EQ(thrown.error().detail(), "broken invariant");
  EXPECT_TRUE(results[3].get_future().get().ok());

  EXPECT_TRUE(UserExists("usr_a"));
  EXPECT_FALSE(UserExists("usr_b"));
  EXPECT_FALSE(UserExists("usr_c"));
  EXPECT_TRUE(UserExists("usr_d"));
  EXPECT_EQ(BatchSizes().count() - BatchSizes().CumulativeCount(1), 1u);  // the four together
}

TEST_F(SqliteDatabaseTest, TypedWriteHandsBackTheJobsOwnError) {
  std::promise<Result<int>> failed;
  store::Write<int>(
      *db_,
      [](Transaction& tx) -> Result<int> {
        tx.users().Upsert(MakeUser("usr_x"));
        return Error::Conflict("already there");
      },
      [&](Result<int> r) { failed.set_value(std::move(r)); });
  const auto r = failed.get_future().get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kConflict);
  EXPECT_FALSE(UserExists("usr_x"));

  std::promise<Result<int>> succeeded;
  store::Write<int>(
      *db_,
      [](Transaction& tx) -> Result<int> {
        tx.users().Upsert(MakeUser("usr_y"));
        return 7;
      },
      [&](Result<int> r) { succeeded.set_value(std::move(r)); });
  const auto ok = succeeded.get_future().get();
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 7);
  EXPECT_TRUE(UserExists("usr_y"));
}

TEST_F(SqliteDatabaseTest, AConstraintViolationFailsOnlyItsJob) {
  ASSERT_TRUE(WriteAndWait([](Transaction& tx) {
                tx.reactions().Insert(
                    {.id = "rct_1", .message_id = "msg_1", .user_id = "usr_1", .emoji = "+1"});
                return true;
              }).ok());
  const Status duplicate = WriteAndWait([](Transaction& tx) {  // the same id again
    tx.reactions().Insert(
        {.id = "rct_1", .message_id = "msg_2", .user_id = "usr_2", .emoji = "+1"});
    return true;
  });
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code(), ErrorCode::kConflict);
  // A 409 is told to the client: in our words, with SQLite's only in the detail.
  EXPECT_EQ(duplicate.error().message(), "The request conflicts with data already stored");
  EXPECT_NE(duplicate.error().detail().find("UNIQUE constraint failed"), std::string::npos)
      << duplicate.error().detail();
  EXPECT_TRUE(WriteAndWait(InsertUser("usr_after")).ok());
}

TEST_F(SqliteDatabaseTest, ReadsSeeCommittedWrites) {
  EXPECT_FALSE(UserExists("usr_1"));
  ASSERT_TRUE(WriteAndWait(InsertUser("usr_1")).ok());
  EXPECT_TRUE(UserExists("usr_1"));
}

TEST_F(SqliteDatabaseTest, AReadJobFailsWhenItThrowsOrTriesToWrite) {
  const Status thrown = ReadAndWait([](Transaction&) { throw std::runtime_error("oops"); });
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code(), ErrorCode::kInternal);
  const Status wrote = ReadAndWait([](Transaction& tx) { tx.users().Upsert(MakeUser("usr_1")); });
  ASSERT_FALSE(wrote.ok());
  EXPECT_EQ(thrown.error().code(), ErrorCode::kInternal);
  EXPECT_FALSE(UserExists("usr_1"));
  EXPECT_EQ(Jobs("read", "error"), 2u);
}

TEST_F(SqliteDatabaseTest, StopRunsTheQueuedJobsFirst) {
  HoldWriter();
  constexpr int kWrites = 50;
  std::atomic<int> ok{0};
  for (int i = 0; i < kWrites; ++i) {
    db_->SubmitWrite(
        InsertUser("usr_" + std::to_string(i)), [&](Status s) { ok += s.ok(); },
        JobOrigin::kClient);
  }
  std::atomic<bool> read_ran{false};
  db_->SubmitRead([&](Transaction&) { read_ran = true; }, [](Status) {}, JobOrigin::kClient);
  std::thread releaser([this] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Release();
  });
  db_->Stop();  // waits for the writer, which waits for the gate
  releaser.join();
  EXPECT_EQ(ok.load(), kWrites);
  EXPECT_TRUE(read_ran.load());
  db_->Stop();  // idempotent

  Connection connection(path_, OpenMode::kReadOnly);
  auto count = connection.Prepare("SELECT count(*) FROM users");
  ASSERT_TRUE(count->Step());
  EXPECT_EQ(count->Int(0), kWrites);
}

TEST_F(SqliteDatabaseTest, AFullWriteQueueRefusesClientsJobsButNotTheServers) {
  db_.reset();
  Open(512, /*max_queued_jobs=*/3);
  HoldWriter();
  std::atomic<int> ok{0};
  std::latch done(3 + 2);
  for (int i = 0; i < 3; ++i) {
    db_->SubmitWrite(
        InsertUser("usr_" + std::to_string(i)),
        [&](Status s) {
          ok += s.ok();
          done.count_down();
        },
        JobOrigin::kClient);
  }
  std::optional<Status> refused;
  bool refused_ran = false;
  db_->SubmitWrite([&](Transaction&) { return refused_ran = true; },
                   [&](Status s) { refused = std::move(s); }, JobOrigin::kClient);
  ASSERT_TRUE(refused.has_value()) << "answered at once, on the submitting thread";
  ASSERT_FALSE(refused->ok());
  EXPECT_EQ(refused->error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(refused->error().retry_after_ms(), 1000);
  for (const char* id : {"server_1", "server_2"}) {
    db_->SubmitWrite(
        InsertUser(id),
        [&](Status s) {
          ok += s.ok();
          done.count_down();
        },
        JobOrigin::kServer);
  }
  EXPECT_EQ(metrics_.GetCounter("confide_db_jobs_refused_total", "", {{"kind", "write"}}).value(),
            1u);
  Release();
  done.wait();
  EXPECT_EQ(ok.load(), 5);
  EXPECT_FALSE(refused_ran);
  EXPECT_TRUE(UserExists("server_2"));
  EXPECT_TRUE(WriteAndWait(InsertUser("usr_later")).ok()) << "room again once drained";
}

TEST_F(SqliteDatabaseTest, AFullReadQueueRefusesClientsJobs) {
  db_.reset();
  Open(512, /*max_queued_jobs=*/1);
  // Both readers busy (with the server's jobs, which the bound never refuses), one client's
  // job waiting: the next client's read is refused.
  std::latch entered(2);
  for (int i = 0; i < 2; ++i) {
    db_->SubmitRead(
        [&](Transaction&) {
          entered.count_down();
          release_.wait();
        },
        [](Status) {}, JobOrigin::kServer);
  }
  entered.wait();
  std::promise<Status> queued;
  db_->SubmitRead([](Transaction&) {}, [&](Status s) { queued.set_value(std::move(s)); },
                  JobOrigin::kClient);
  std::optional<Status> refused;
  db_->SubmitRead([](Transaction&) {}, [&](Status s) { refused = std::move(s); },
                  JobOrigin::kClient);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(metrics_.GetCounter("confide_db_jobs_refused_total", "", {{"kind", "read"}}).value(),
            1u);
  Release();
  EXPECT_TRUE(queued.get_future().get().ok());
}

TEST_F(SqliteDatabaseTest, JobsSubmittedAfterStopFailAtOnce) {
  db_->Stop();
  bool ran = false;
  std::optional<Status> write_status;
  db_->SubmitWrite([&](Transaction&) { return ran = true; },
                   [&](Status s) { write_status = std::move(s); }, JobOrigin::kClient);
  std::optional<Status> read_status;
  db_->SubmitRead([&](Transaction&) { ran = true; }, [&](Status s) { read_status = std::move(s); },
                  JobOrigin::kClient);
  EXPECT_FALSE(ran);
  ASSERT_TRUE(write_status && read_status);
  ASSERT_FALSE(write_status->ok());
  EXPECT_EQ(write_status->error().code(), ErrorCode::kUnavailable);
  ASSERT_FALSE(read_status->ok());
  EXPECT_EQ(read_status->error().code(), ErrorCode::kUnavailable);
}

TEST(SqliteDatabaseOpen, NeedsAFile) {
  EXPECT_FALSE(SqliteDatabase::Open({.path = ""}).ok());
  EXPECT_FALSE(SqliteDatabase::Open({.path = ":memory:"}).ok());
}

TEST_F(SqliteDatabaseTest, WaitsForAnotherProcesssWriteLock) {
  Connection other(path_, OpenMode::kReadWriteCreate);
  other.Execute("BEGIN IMMEDIATE");
  other.Execute(
      "INSERT INTO users (id, first_name, last_name, role, created_at, updated_at) VALUES "
      "('usr_other', 'A', 'B', 'client', 1, 1)");
  std::thread committer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    other.Execute("COMMIT");
  });
  EXPECT_TRUE(WriteAndWait(InsertUser("usr_mine")).ok());
  committer.join();
  EXPECT_TRUE(UserExists("usr_other"));
  EXPECT_TRUE(UserExists("usr_mine"));
}

TEST_F(SqliteDatabaseTest, CheckpointsKeepTheWalBounded) {
  // About 15 MiB written in 150 commits: without checkpoints the WAL would hold all of it.
  const std::string big(100 * 1024, 'x');
  for (int i = 0; i < 150; ++i) {
    ASSERT_TRUE(WriteAndWait([&, i](Transaction& tx) {
                  auto user = MakeUser("usr_" + std::to_string(i));
                  user.avatar_url = big;
                  tx.users().Upsert(user);
                  return true;
                }).ok());
  }
  const auto wal_bytes = std::filesystem::file_size(path_ + "-wal");
  EXPECT_LT(wal_bytes, 8u * 1024 * 1024);
}

}  // namespace
}  // namespace confide::store::sqlite
