#pragma once

// store::Database on PostgreSQL: write jobs on a pool of writer sessions, read jobs on a pool
// of reader sessions (PgJobPool for both). A write in no lane is one transaction (PostgreSQL
// merges the WAL flushes of concurrent commits); the writes of a lane (a conversation's
// sends) go to one writer, which commits those it finds waiting together. Open connects every
// session first, so a server that cannot be reached fails the start, not the first request.
// Thread-safety: every method may be called from any thread, except that Stop (and the
// destructor) must not run inside a job's completion.

#include <chrono>
#include <memory>
#include <mutex>
#include <string>

#include "core/metrics.h"
#include "core/result.h"
#include "store/database.h"
#include "store/jobs/database_metrics.h"
#include "store/postgres/pg_job_pool.h"

namespace confide::store::postgres {

struct PostgresOptions {
  std::string uri;  // postgres://user:password@host:port/database?…
  int writers = 8;
  int readers = 4;
  // Clients' jobs that may wait for a writer, and for a reader, each (JobOrigin).
  std::size_t max_queued_jobs = 4096;
  int max_attempts = 5;  // per job: retryable conflicts and lost sessions (PgJobPool)
  std::chrono::seconds connect_timeout{5};
  std::chrono::milliseconds io_timeout{30'000};
  // A session may not sit idle inside a transaction longer than this (it would hold back
  // vacuum and the outbox's commit-order horizon).
  std::chrono::milliseconds idle_in_transaction_timeout{60'000};
  TransactionMaker make_transaction;
  core::Metrics* metrics = nullptr;  // optional; must outlive the database
};

class PostgresDatabase final : public Database {
  struct Key {};  // only Open constructs

 public:
  // Opens options.writers + options.readers sessions (writers with synchronous_commit on) and
  // starts their threads. Fails, with the URI's password masked, if one cannot be opened.
  static Result<std::unique_ptr<PostgresDatabase>> Open(const PostgresOptions& options);

  PostgresDatabase(Key, const PostgresOptions& options,
                   std::vector<std::unique_ptr<PgConnection>> writers,
                   std::vector<std::unique_ptr<PgConnection>> readers);
  ~PostgresDatabase() override;

  void SubmitRead(std::function<void(Transaction&)> work, std::function<void(Status)> done,
                  JobOrigin origin) override;
  void SubmitWrite(std::function<bool(Transaction&)> work, std::function<void(Status)> done,
                   JobOrigin origin) override;
  void SubmitWriteInLane(std::string_view lane, std::function<bool(Transaction&)> work,
                         std::function<void(Status)> done, JobOrigin origin) override;
  void Stop() override;
  // A session of its own holding an advisory lock (PgLease).
  std::unique_ptr<Lease> TryLease(LeaseKind kind) override;
  // Several writers: events are numbered when settled.
  bool OutboxNeedsSettling() const override { return true; }

 private:
  PgConnectionOptions lease_options_;
  DatabaseMetrics metrics_;
  PgJobPool writers_;
  PgJobPool readers_;
  std::once_flag stopped_;
};

}  // namespace confide::store::postgres
