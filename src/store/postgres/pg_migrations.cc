#include "store/postgres/pg_migrations.h"

#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>

#include "store/postgres/pg_error.h"
#include "store/postgres/pg_lock_keys.h"

namespace confide::store::postgres {
namespace {

// The number a migration file's name starts with: "0002_add_x.sql" -> 2.
int VersionOf(std::string_view name) {
  int version = 0;
  const auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), version);
  if (ec != std::errc() || end == name.data() || *end != '_') return -1;
  return version;
}

// The files must be numbered 1, 2, 3, ... with no gap: the version a file brings a database
// to is its position. A mistake here is a build mistake, so it is a broken invariant.
void CheckNumbering(std::span<const core::EmbeddedFile> files) {
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (VersionOf(files[i].name) != static_cast<int>(i + 1)) {
      throw std::logic_error("migration " + std::string(files[i].name) + " should be numbered " +
                             std::to_string(i + 1));
    }
  }
}

// The migration lock, held on the session from construction to destruction. It is taken
// by polling pg_try_advisory_lock, so that waiting for another migrator is bounded by
// `wait` rather than by the connection's round-trip timeout.
class MigrationLock {
 public:
  MigrationLock(PgConnection& connection, std::chrono::milliseconds wait)
      : connection_(connection) {
    const auto give_up = std::chrono::steady_clock::now() + wait;
    auto pause = std::chrono::milliseconds(5);
    while (!TryLock()) {
      if (std::chrono::steady_clock::now() >= give_up) {
        throw std::runtime_error("another process has been migrating the database " +
                                 connection.redacted_uri() + " for too long");
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::milliseconds(200));
    }
  }
  // A lost session has lost its locks already.
  ~MigrationLock() {
    try {
      if (connection_.ok()) {
        connection_.ExecPrepared("SELECT pg_advisory_unlock($1)",
                                 PgParams().Add(kMigrationLockKey));
      }
    } catch (const PgError&) {
    }
  }
  MigrationLock(const MigrationLock&) = delete;
  MigrationLock& operator=(const MigrationLock&) = delete;

 private:
  bool TryLock() {
    return connection_
        .ExecPrepared("SELECT pg_try_advisory_lock($1)", PgParams().Add(kMigrationLockKey))
        .Bool(0, 0);
  }

  PgConnection& connection_;
};

// Applies one migration and records its version in one transaction.
void ApplyOne(PgConnection& connection, const core::EmbeddedFile& file, int version) {
  connection.Exec("BEGIN");
  try {
    connection.Exec(file.contents);
    connection.ExecPrepared("INSERT INTO schema_version (version) VALUES ($1)",
                            PgParams().Add(version));
    connection.Exec("COMMIT");
  } catch (...) {
    if (connection.ok() && connection.transaction_status() != PQTRANS_IDLE) {
      connection.Exec("ROLLBACK");
    }
    throw;
  }
}

int ApplyMigrations(PgConnection& connection, std::chrono::milliseconds lock_wait) {
  const auto files = PgMigrationFiles();
  CheckNumbering(files);
  MigrationLock lock(connection, lock_wait);
  const int current = PgSchemaVersion(connection);
  if (current > PgLatestSchemaVersion()) {
    throw std::runtime_error("database " + connection.redacted_uri() + " has schema version " +
                             std::to_string(current) + ", newer than the " +
                             std::to_string(PgLatestSchemaVersion()) +
                             " this confide knows; use a newer confide");
  }
  for (int version = current + 1; version <= PgLatestSchemaVersion(); ++version) {
    ApplyOne(connection, files[static_cast<std::size_t>(version - 1)], version);
  }
  return PgSchemaVersion(connection);
}

}  // namespace

int PgLatestSchemaVersion() { return static_cast<int>(PgMigrationFiles().size()); }

int PgSchemaVersion(PgConnection& connection) {
  const bool exists =
      connection.ExecPrepared("SELECT to_regclass('schema_version') IS NOT NULL").Bool(0, 0);
  if (!exists) return 0;
  return static_cast<int>(
      connection.ExecPrepared("SELECT coalesce(max(version), 0) FROM schema_version").Int(0, 0));
}

Result<int> PgMigrate(PgConnection& connection, std::chrono::milliseconds lock_wait) {
  try {
    return ApplyMigrations(connection, lock_wait);
  } catch (const PgError& e) {
    return Error::Internal(std::string("cannot migrate the database ") + connection.redacted_uri() +
                           ": " + e.what());
  } catch (const std::runtime_error& e) {
    return Error::Internal(std::string("cannot migrate the database: ") + e.what());
  }
}

}  // namespace confide::store::postgres
