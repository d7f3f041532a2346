#include "store/postgres/postgres_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <barrier>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "pg_test_fixture.h"

namespace confide::store::postgres {
namespace {

// A Transaction that lends its session to the test's jobs; the stores are not needed here.
class SessionTransaction final : public Transaction {
 public:
  explicit SessionTransaction(PgConnection& session) : session_(session) {}
  PgConnection& session() { return session_; }

  std::int64_t SchemaVersion() override { return 0; }
  UserStore& users() override { throw Unused(); }
  ConversationStore& conversations() override { throw Unused(); }
  MessageStore& messages() override { throw Unused(); }
  ReactionStore& reactions() override { throw Unused(); }
  ReceiptStore& receipts() override { throw Unused(); }
  BlockStore& blocks() override { throw Unused(); }
  CommunityStore& communities() override { throw Unused(); }
  OutboxStore& outbox() override { throw Unused(); }
  ConversationLog& log() override { throw Unused(); }

 private:
  static std::logic_error Unused() { return std::logic_error("not used by these tests"); }
  PgConnection& session_;
};

PgConnection& SessionOf(Transaction& tx) { return static_cast<SessionTransaction&>(tx).session(); }

class PostgresDatabaseTest : public PgTest {
 protected:
  void SetUp() override {
    PgTest::SetUp();
    admin_ = Connect();
    table_ = "jobs_" + std::to_string(++counter_);
    admin_->Exec("CREATE TABLE " + table_ + " (id int PRIMARY KEY, v text NOT NULL)");
  }

  std::unique_ptr<PostgresDatabase> Open(int writers = 2, int readers = 2,
                                         std::size_t max_queued = 4096) {
    auto db = PostgresDatabase::Open({.uri = server().uri(),
                                      .writers = writers,
                                      .readers = readers,
                                      .max_queued_jobs = max_queued,
                                      .make_transaction = [](PgConnection& session, bool) {
                                        return std::make_unique<SessionTransaction>(session);
                                      }});
    EXPECT_TRUE(db.ok()) << db.error().message();
    return std::move(*db);
  }

  // Runs a write job and waits for its completion; `work` gets the session.
  Status Write(Database& db, std::function<bool(PgConnection&)> work,
               JobOrigin origin = JobOrigin::kClient) {
    std::promise<Status> done;
    db.SubmitWrite([&](Transaction& tx) { return work(SessionOf(tx)); },
                   [&](Status s) { done.set_value(std::move(s)); }, origin);
    return done.get_future().get();
  }

  std::int64_t Count(const std::string& where = "true") {
    return admin_->Exec("SELECT count(*) FROM " + table_ + " WHERE " + where).Int(0, 0);
  }

  std::string Insert(int id, const std::string& v = "x") {
    return "INSERT INTO " + table_ + " VALUES (" + std::to_string(id) + ", '" + v + "')";
  }

  inline static int counter_ = 0;
  std::unique_ptr<PgConnection> admin_;
  std::string table_;
};

TEST_F(PostgresDatabaseTest, AWriteIsAnsweredAfterItsCommitAndReadsSeeIt) {
  auto db = Open();
  ASSERT_TRUE(Write(*db, [&](PgConnection& s) {
                s.Exec(Insert(1, "one"));
                EXPECT_EQ(s.Exec("SHOW synchronous_commit").Text(0, 0), "on");
                return true;
              }).ok());
  EXPECT_EQ(Count(), 1) << "committed before the completion ran";
  std::promise<std::string> read;
  db->SubmitRead(
      [&](Transaction& tx) {
        auto& s = SessionOf(tx);
        EXPECT_EQ(s.Exec("SHOW transaction_read_only").Text(0, 0), "on");
        read.set_value(s.Exec("SELECT v FROM " + table_ + " WHERE id = 1").Text(0, 0));
      },
      [](Status s) { EXPECT_TRUE(s.ok()); }, JobOrigin::kClient);
  EXPECT_EQ(read.get_future().get(), "one");
  db->Stop();
}

TEST_F(PostgresDatabaseTest, AJobThatDeclinesOrThrowsLeavesNothing) {
  auto db = Open();
  EXPECT_TRUE(Write(*db,
                    [&](PgConnection& s) {
                      s.Exec(Insert(1));
                      return false;
                    })
                  .ok())
      << "declining is the job's own answer";
  const Status threw = Write(*db, [&](PgConnection& s) -> bool {
    s.Exec(Insert(2));
    throw std::runtime_error("the job's own failure");
  });
  EXPECT_EQ(threw.error().code(), ErrorCode::kInternal);
  const Status conflict = Write(*db, [&](PgConnection& s) {
    s.Exec(Insert(3));
    s.Exec(Insert(3));
    return true;
  });
  EXPECT_EQ(conflict.error().code(), ErrorCode::kConflict);
  EXPECT_EQ(conflict.error().message().find(table_), std::string::npos)
      << "no table name reaches a client: " << conflict.error().message();
  EXPECT_EQ(Count(), 0);
  ASSERT_TRUE(Write(*db,
                    [&](PgConnection& s) {
                      s.Exec(Insert(4));
                      return true;
                    })
                  .ok())
      << "the sessions are fine afterwards";
  EXPECT_EQ(Count(), 1);
}

// Holds the writer of a lane with a first job until the test has queued the rest of the lane
// behind it, so that those are found waiting together.
class HeldLane {
 public:
  HeldLane(Database& db, std::string lane) : db_(db), lane_(std::move(lane)) {
    db_.SubmitWriteInLane(
        lane_,
        [this](Transaction&) {
          started_.set_value();
          released_.get_future().wait();
          return true;
        },
        [](Status s) { EXPECT_TRUE(s.ok()); }, JobOrigin::kClient);
    started_.get_future().wait();
  }

  // Queues a job in the lane; its status goes to the returned future.
  std::future<Status> Submit(std::function<bool(PgConnection&)> work) {
    auto done = std::make_shared<std::promise<Status>>();
    auto status = done->get_future();
    db_.SubmitWriteInLane(
        lane_, [work = std::move(work)](Transaction& tx) { return work(SessionOf(tx)); },
        [done](Status s) { done->set_value(std::move(s)); }, JobOrigin::kClient);
    return status;
  }

  void Release() { released_.set_value(); }

 private:
  Database& db_;
  const std::string lane_;
  std::promise<void> started_;
  std::promise<void> released_;
};

TEST_F(PostgresDatabaseTest, ALanesWritesFoundWaitingCommitTogetherInTheirOrder) {
  auto db = Open(/*writers=*/2);
  HeldLane lane(*db, "conversation-1");
  std::vector<std::int64_t> transactions(5);
  std::vector<std::future<Status>> statuses;
  for (int i = 0; i < 5; ++i) {
    statuses.push_back(lane.Submit([&, i](PgConnection& s) {
      transactions[i] = s.Exec("SELECT txid_current()").Int(0, 0);
      // Each job appends to what the one before it wrote: the order shows in the value.
      s.Exec(i == 0 ? Insert(1, "0")
                    : "UPDATE " + table_ + " SET v = v || '" + std::to_string(i) + "'");
      return true;
    }));
  }
  EXPECT_TRUE(Write(*db,
                    [&](PgConnection& s) {
                      s.Exec(Insert(2));
                      return true;
                    })
                  .ok())
      << "a write of no lane is not held up behind a lane";
  lane.Release();
  for (auto& status : statuses) EXPECT_TRUE(status.get().ok());
  EXPECT_EQ(admin_->Exec("SELECT v FROM " + table_ + " WHERE id = 1").Text(0, 0), "01234");
  for (int i = 1; i < 5; ++i) {
    EXPECT_EQ(transactions[i], transactions[0]) << "job " << i << " shared the transaction";
  }
  db->Stop();
}

TEST_F(PostgresDatabaseTest, AJobOfABatchThatDeclinesOrThrowsBeforeWritingLeavesTheOthersBe) {
  auto db = Open(/*writers=*/1);
  HeldLane lane(*db, "conversation-1");
  std::vector<std::int64_t> transactions;
  auto kept = lane.Submit([&](PgConnection& s) {
    transactions.push_back(s.Exec("SELECT txid_current()").Int(0, 0));
    s.Defer(Insert(1));
    return true;
  });
  auto declined = lane.Submit(
      [&](PgConnection& s) { return s.Exec("SELECT count(*) FROM " + table_).Int(0, 0) > 5; });
  auto threw = lane.Submit(
      [&](PgConnection&) -> bool { throw std::runtime_error("the job's own failure"); });
  auto also_kept = lane.Submit([&](PgConnection& s) {
    transactions.push_back(s.Exec("SELECT txid_current()").Int(0, 0));
    s.Exec(Insert(4));
    return true;
  });
  lane.Release();
  EXPECT_TRUE(kept.get().ok());
  EXPECT_TRUE(declined.get().ok()) << "declining is the job's own answer";
  EXPECT_EQ(threw.get().error().code(), ErrorCode::kInternal);
  EXPECT_TRUE(also_kept.get().ok());
  EXPECT_EQ(Count("id IN (1, 4)"), 2);
  ASSERT_EQ(transactions.size(), 2u) << "each job ran once";
  EXPECT_EQ(transactions[0], transactions[1]) << "one transaction";
  db->Stop();
}

TEST_F(PostgresDatabaseTest, AJobOfABatchThatDeclinesOrThrowsAfterWritingLosesOnlyItsChanges) {
  auto db = Open(/*writers=*/1);
  HeldLane lane(*db, "conversation-1");
  std::atomic<int> first_runs{0};
  auto kept = lane.Submit([&](PgConnection& s) {
    first_runs.fetch_add(1);
    s.Defer(Insert(1));
    return true;
  });
  auto declined = lane.Submit([&](PgConnection& s) {
    s.Exec(Insert(2));
    return false;
  });
  auto threw = lane.Submit([&](PgConnection& s) -> bool {
    s.Defer(Insert(3));
    throw std::runtime_error("the job's own failure");
  });
  auto also_kept = lane.Submit([&](PgConnection& s) {
    s.Exec(Insert(4));
    return true;
  });
  lane.Release();
  EXPECT_TRUE(kept.get().ok());
  EXPECT_TRUE(declined.get().ok()) << "declining is the job's own answer";
  EXPECT_EQ(threw.get().error().code(), ErrorCode::kInternal);
  EXPECT_TRUE(also_kept.get().ok());
  EXPECT_EQ(Count(), 2);
  EXPECT_EQ(Count("id IN (1, 4)"), 2);
  EXPECT_EQ(first_runs.load(), 2) << "the batch was rolled back, then each job ran alone";
  db->Stop();
}

TEST_F(PostgresDatabaseTest, AStatementFailingInABatchRunsItsJobsAgainOneByOne) {
  auto db = Open(/*writers=*/1);
  HeldLane lane(*db, "conversation-1");
  std::atomic<int> first_runs{0};
  auto first = lane.Submit([&](PgConnection& s) {
    first_runs.fetch_add(1);
    s.Exec(Insert(1));
    return true;
  });
  auto conflicting = lane.Submit([&](PgConnection& s) {
    s.Exec(Insert(1));  // the id the first job took
    return true;
  });
  auto last = lane.Submit([&](PgConnection& s) {
    s.Exec(Insert(2));
    return true;
  });
  lane.Release();
  EXPECT_TRUE(first.get().ok());
  EXPECT_EQ(conflicting.get().error().code(), ErrorCode::kConflict);
  EXPECT_TRUE(last.get().ok());
  EXPECT_EQ(first_runs.load(), 2) << "the batch was rolled back, then each job ran alone";
  EXPECT_EQ(Count(), 2) << "stored once each";
  db->Stop();
}

TEST_F(PostgresDatabaseTest, ADeadlockIsRetriedAndBothJobsCommitOnce) {
  admin_->Exec(Insert(1) + "; " + Insert(2));
  auto db = Open(/*writers=*/2);
  std::barrier both(2);
  std::atomic<int> attempts{0};
  auto crossing = [&](int first, int second) {
    return [&, first, second](PgConnection& s) {
      const bool first_attempt = attempts.fetch_add(1) < 2;
      s.Exec("UPDATE " + table_ + " SET v = v || 'a' WHERE id = " + std::to_string(first));
      if (first_attempt) both.arrive_and_wait();  // each holds one row and wants the other
      s.Exec("UPDATE " + table_ + " SET v = v || 'b' WHERE id = " + std::to_string(second));
      return true;
    };
  };
  auto a = std::async(std::launch::async, [&] { return Write(*db, crossing(1, 2)); });
  auto b = std::async(std::launch::async, [&] { return Write(*db, crossing(2, 1)); });
  EXPECT_TRUE(a.get().ok());
  EXPECT_TRUE(b.get().ok());
  EXPECT_EQ(attempts.load(), 3) << "one of the two was rolled back by the deadlock and ran again";
  EXPECT_EQ(Count("length(v) = 3"), 2) << "each row was changed once by each job, no more";
}

TEST_F(PostgresDatabaseTest, ALostSessionIsReopenedAndTheJobRunsAgainOnce) {
  auto db = Open(/*writers=*/1);
  std::atomic<int> attempts{0};
  ASSERT_TRUE(Write(*db, [&](PgConnection& s) {
                s.Exec(Insert(1));
                if (attempts.fetch_add(1) == 0) {
                  // The server ends this session mid-transaction, as a failover would.
                  s.Exec("SELECT pg_terminate_backend(pg_backend_pid())");
                }
                return true;
              }).ok());
  EXPECT_EQ(attempts.load(), 2);
  EXPECT_EQ(Count(), 1) << "stored once";
}

// A session lost while its COMMIT is under way leaves the outcome unknown: the job is
// answered Unavailable and never run again (it may have been stored; never twice). A
// deferred constraint trigger that sleeps holds the COMMIT open while the test ends the
// session.
TEST_F(PostgresDatabaseTest, ASessionLostDuringCommitIsUnavailableAndNotRunAgain) {
  admin_->Exec(
      "CREATE OR REPLACE FUNCTION slow_commit() RETURNS trigger LANGUAGE plpgsql AS"
      " $$ BEGIN PERFORM pg_sleep(5); RETURN NULL; END $$");
  admin_->Exec("CREATE CONSTRAINT TRIGGER slow_commit AFTER INSERT ON " + table_ +
               " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION slow_commit()");
  auto db = Open(/*writers=*/1);
  std::atomic<int> attempts{0};
  std::atomic<int> backend{0};
  std::thread terminator([&] {
    // Once the job's session is in its COMMIT (the trigger sleeping), end it.
    for (int i = 0; i < 500; ++i) {
      const int pid = backend.load();
      if (pid != 0 &&
          admin_->ExecPrepared(
                    "SELECT count(*) FROM pg_stat_activity WHERE pid = $1 AND query = 'COMMIT'"
                    " AND state = 'active'",
                    PgParams().Add(pid))
                  .Int(0, 0) == 1) {
        admin_->ExecPrepared("SELECT pg_terminate_backend($1::int, 5000)", PgParams().Add(pid));
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "the job's COMMIT was never seen running";
  });
  const Status status = Write(*db, [&](PgConnection& s) {
    attempts.fetch_add(1);
    backend.store(s.backend_pid());
    s.Defer(Insert(1));
    return true;
  });
  terminator.join();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(attempts.load(), 1) << "a job whose COMMIT may have happened is not run again";
  EXPECT_EQ(Count(), 0) << "the session ended before the trigger let the COMMIT finish";
  admin_->Exec("DROP TRIGGER slow_commit ON " + table_);
}

TEST_F(PostgresDatabaseTest, AfterAServerRestartTheNextJobsSucceed) {
  auto db = Open(/*writers=*/2, /*readers=*/1);
  ASSERT_TRUE(Write(*db, [&](PgConnection& s) {
                s.Exec(Insert(1));
                return true;
              }).ok());
  admin_.reset();
  ASSERT_TRUE(server().Restart());
  admin_ = Connect();
  for (int id = 2; id <= 5; ++id) {
    ASSERT_TRUE(Write(*db,
                      [&](PgConnection& s) {
                        s.Exec(Insert(id));
                        return true;
                      })
                    .ok())
        << id;
  }
  EXPECT_EQ(Count(), 5);
}

TEST_F(PostgresDatabaseTest, AServerThatStaysDownFailsTheJobCleanlyOnce) {
  auto db = Open(/*writers=*/1, /*readers=*/1);
  admin_.reset();
  server().Stop();
  std::atomic<int> completions{0};
  std::promise<Status> done;
  db->SubmitWrite([](Transaction&) { return true; },
                  [&](Status s) {
                    completions.fetch_add(1);
                    done.set_value(std::move(s));
                  },
                  JobOrigin::kClient);
  const Status status = done.get_future().get();
  EXPECT_EQ(status.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(status.error().message().find("postgres@"), std::string::npos)
      << status.error().message();
  ASSERT_TRUE(server().Start());
  admin_ = Connect();
  EXPECT_EQ(completions.load(), 1);
  ASSERT_TRUE(Write(*db,
                    [&](PgConnection& s) {
                      s.Exec(Insert(1));
                      return true;
                    })
                  .ok())
      << "and serves again once the server is back";
}

TEST_F(PostgresDatabaseTest, AFullQueueRefusesClientsButNotTheServer) {
  auto db = Open(/*writers=*/1, /*readers=*/1, /*max_queued=*/1);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::promise<void> started;
  std::atomic<int> ok{0};
  db->SubmitWrite(
      [&](Transaction&) {
        started.set_value();
        released.wait();
        return true;
      },
      [&](Status s) { ok += s.ok(); }, JobOrigin::kClient);
  started.get_future().wait();
  db->SubmitWrite([](Transaction&) { return true; }, [&](Status s) { ok += s.ok(); },
                  JobOrigin::kClient);  // waits: the queue holds one
  std::promise<Status> refused;
  db->SubmitWrite([](Transaction&) { return true; },
                  [&](Status s) { refused.set_value(std::move(s)); }, JobOrigin::kClient);
  const Status full = refused.get_future().get();
  EXPECT_EQ(full.error().code(), ErrorCode::kUnavailable);
  EXPECT_GT(full.error().retry_after_ms(), 0);
  db->SubmitWrite([](Transaction&) { return true; }, [&](Status s) { ok += s.ok(); },
                  JobOrigin::kServer);  // the server's own work is always queued
  release.set_value();
  db->Stop();
  EXPECT_EQ(ok.load(), 3);
  std::promise<Status> late;
  db->SubmitWrite([](Transaction&) { return true; },
                  [&](Status s) { late.set_value(std::move(s)); }, JobOrigin::kServer);
  EXPECT_EQ(late.get_future().get().error().code(), ErrorCode::kUnavailable);
}

TEST_F(PostgresDatabaseTest, ManyConcurrentJobsEachCompleteOnce) {
  auto db = Open(/*writers=*/4, /*readers=*/2);
  constexpr int kJobs = 400;
  std::vector<std::atomic<int>> completions(kJobs);
  std::atomic<int> pending{kJobs};
  std::promise<void> all;
  for (int i = 0; i < kJobs; ++i) {
    db->SubmitWrite(
        [this, i](Transaction& tx) {
          // Every fifth job inserts an id another job inserts too: one of each pair conflicts.
          SessionOf(tx).Exec(Insert(i % 5 == 0 ? i + 1 : i));
          return true;
        },
        [&, i](Status) {
          completions[i].fetch_add(1);
          if (pending.fetch_sub(1) == 1) all.set_value();
        },
        JobOrigin::kServer);
  }
  all.get_future().wait();
  db->Stop();
  for (int i = 0; i < kJobs; ++i) EXPECT_EQ(completions[i].load(), 1) << i;
  EXPECT_EQ(Count(), kJobs - kJobs / 5);
}

TEST_F(PostgresDatabaseTest, AnUnreachableServerFailsTheStartWithoutThePassword) {
  auto db = PostgresDatabase::Open({.uri = "postgresql://confide:s3cret@127.0.0.1:1/confide",
                                    .connect_timeout = std::chrono::seconds(2),
                                    .make_transaction = [](PgConnection& s, bool) {
                                      return std::make_unique<SessionTransaction>(s);
                                    }});
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(db.error().message().find("s3cret"), std::string::npos);
  EXPECT_EQ(db.error().detail().find("s3cret"), std::string::npos);
}

}  // namespace
}  // namespace confide::store::postgres
