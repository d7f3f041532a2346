#pragma once

// store::Database on one SQLite file: the embedded backend. Writes go to one
// GroupCommitWriter (many jobs per transaction and per fsync), reads to a ReaderPool of
// read-only connections. Open brings the schema up to date first.
// Thread-safety: every method may be called from any thread, except that Stop (and the
// destructor) must not run inside a job's completion.

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "core/metrics.h"
#include "core/result.h"
#include "store/database.h"
#include "store/jobs/database_metrics.h"
#include "store/sqlite/group_commit_writer.h"
#include "store/sqlite/reader_pool.h"

namespace confide::store::sqlite {

struct SqliteOptions {
  std::string path;
  int readers = 2;
  int max_batch = 512;
  // How long a batch may wait for more jobs before its COMMIT (commit_window.h); 0: never.
  std::chrono::microseconds commit_window{0};
  unsigned file_mode = 0600;  // of a new database file, and so of its -wal and -shm
  // Clients' jobs that may wait for the writer, and for the readers, each (JobOrigin).
  std::size_t max_queued_jobs = 4096;
  core::Metrics* metrics = nullptr;  // optional; must outlive the database
};

class SqliteDatabase final : public Database {
  struct Key {};  // only Open constructs

 public:
  // Creates the file (and its directory) if missing, applies pending migrations, opens the
  // writer and the readers and starts their threads. Fails if the file's schema is newer than
  // this binary knows, or if SQLite cannot open or configure it.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const SqliteOptions& options);

  SqliteDatabase(Key, const SqliteOptions& options, std::unique_ptr<Connection> writer,
                 std::vector<std::unique_ptr<Connection>> readers, int schema_version);
  ~SqliteDatabase() override;

  void SubmitRead(std::function<void(Transaction&)> work, std::function<void(Status)> done,
                  JobOrigin origin) override;
  void SubmitWrite(std::function<bool(Transaction&)> work, std::function<void(Status)> done,
                   JobOrigin origin) override;
  void Stop() override;
  // One process per file: the lease is always this process's.
  std::unique_ptr<Lease> TryLease(LeaseKind kind) override;
  bool OutboxNeedsSettling() const override { return false; }

  // The schema version the database had once opened (PRAGMA user_version).
  int schema_version() const { return schema_version_; }

 private:
  DatabaseMetrics metrics_;
  GroupCommitWriter writer_;
  ReaderPool readers_;
  int schema_version_;
  std::once_flag stopped_;
};

}  // namespace confide::store::sqlite
