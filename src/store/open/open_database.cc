#include "store/open/open_database.h"

#include "store/postgres/redact_password.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_database.h"

namespace confide::store {
namespace {

constexpr std::string_view kPostgresNotYet =
    "this confide cannot open PostgreSQL databases yet; give --db the path of a SQLite file";

}  // namespace

Backend BackendOf(std::string_view location) {
  return postgres::IsConnectionUri(location) ? Backend::kPostgres : Backend::kSqlite;
}

std::string DisplayName(std::string_view location) {
  if (BackendOf(location) == Backend::kPostgres) return postgres::RedactPassword(location);
  return std::string(location);
}

Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options) {
  if (BackendOf(options.location) == Backend::kPostgres) {
    return Error::Unavailable(std::string(kPostgresNotYet));
  }
  CONFIDE_ASSIGN_OR_RETURN(auto db, sqlite::SqliteDatabase::Open({
                                        .path = options.location,
                                        .readers = options.readers,
                                        .max_batch = options.max_batch,
                                        .file_mode = options.file_mode,
                                        .max_queued_jobs = options.max_queued_jobs,
                                        .metrics = options.metrics,
                                    }));
  return std::unique_ptr<Database>(std::move(db));
}

Result<int> MigrateDatabase(const DatabaseOptions& options) {
  if (BackendOf(options.location) == Backend::kPostgres) {
    return Error::Unavailable("cannot migrate " + DisplayName(options.location) + ": " +
                              std::string(kPostgresNotYet));
  }
  return sqlite::Migrate(options.location, options.file_mode);
}

}  // namespace confide::store
