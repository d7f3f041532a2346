#pragma once

// The one way into the database for every command (serve, migrate, users, events): the
// `--db` value decides the backend. A postgres:// or postgresql:// URI (libpq's connection
// URI) names a PostgreSQL database; anything else is the path of a SQLite file. Nothing
// outside src/store/ knows which backend runs.
// Thread-safety: free functions.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "core/metrics.h"
#include "core/result.h"
#include "store/database.h"

namespace confide::store {

enum class Backend { kSqlite, kPostgres };

// The backend a `--db` value names.
Backend BackendOf(std::string_view location);

// What may be shown of a `--db` value in messages and logs: a URI with its password replaced
// by "***", a path as it is.
std::string DisplayName(std::string_view location);

struct DatabaseOptions {
  std::string location;  // `--db`: a SQLite path or a PostgreSQL URI
  int readers = 2;
  int writers = 8;      // PostgreSQL: writer sessions (SQLite has one writer)
  int max_batch = 512;  // SQLite: jobs sharing one transaction at most
  // SQLite: how long a batch may wait for more jobs before its COMMIT, while jobs keep
  // arriving (0: never).
  std::chrono::microseconds commit_window{0};
  unsigned file_mode = 0600;  // of a new SQLite file
  std::size_t max_queued_jobs = 4096;
  core::Metrics* metrics = nullptr;  // optional; must outlive the database
};

// Opens the database, bringing its schema up to date first (a schema newer than this binary
// knows is refused), and starts its threads.
Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options);

// Brings the schema up to date and returns its version (`confide migrate`).
Result<int> MigrateDatabase(const DatabaseOptions& options);

}  // namespace confide::store
