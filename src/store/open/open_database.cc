#include "store/open/open_database.h"

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_transaction.h"
#include "store/postgres/postgres_database.h"
#include "store/postgres/redact_password.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_database.h"

namespace confide::store {
namespace {

// For the operator (the command line, the log): why the server could not be used, in
// libpq's words (which quote no password), on one line.
Error CannotUse(const postgres::PgError& e) {
  std::string why = e.what();
  for (auto& c : why) {
    if (c == '\n') c = ' ';
  }
  while (!why.empty() && why.back() == ' ') why.pop_back();
  return Error::Unavailable(why).WithDetail(e.what());
}

// Migrates the PostgreSQL database on a session of its own, which it then closes.
Result<int> MigratePostgres(const std::string& uri) {
  try {
    postgres::PgConnection session({.uri = uri});
    return postgres::PgMigrate(session);
  } catch (const postgres::PgError& e) {
    return CannotUse(e);
  } catch (const std::invalid_argument& e) {
    return Error::BadRequest(e.what());
  }
}

Result<std::unique_ptr<Database>> OpenPostgres(const DatabaseOptions& options) {
  auto version = MigratePostgres(options.location);
  if (!version.ok()) return version.error();
  CONFIDE_ASSIGN_OR_RETURN(auto db, postgres::PostgresDatabase::Open({
                                        .uri = options.location,
                                        .writers = options.writers,
                                        .readers = options.readers,
                                        .max_queued_jobs = options.max_queued_jobs,
                                        .make_transaction = postgres::MakePgTransaction,
                                        .metrics = options.metrics,
                                    }));
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace

Backend BackendOf(std::string_view location) {
  return postgres::IsConnectionUri(location) ? Backend::kPostgres : Backend::kSqlite;
}

std::string DisplayName(std::string_view location) {
  if (BackendOf(location) == Backend::kPostgres) return postgres::RedactPassword(location);
  return std::string(location);
}

Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options) {
  if (BackendOf(options.location) == Backend::kPostgres) return OpenPostgres(options);
  CONFIDE_ASSIGN_OR_RETURN(auto db, sqlite::SqliteDatabase::Open({
                                        .path = options.location,
                                        .readers = options.readers,
                                        .max_batch = options.max_batch,
                                        .commit_window = options.commit_window,
                                        .file_mode = options.file_mode,
                                        .max_queued_jobs = options.max_queued_jobs,
                                        .metrics = options.metrics,
                                    }));
  return std::unique_ptr<Database>(std::move(db));
}

Result<int> MigrateDatabase(const DatabaseOptions& options) {
  if (BackendOf(options.location) == Backend::kPostgres) {
    auto version = MigratePostgres(options.location);
    if (!version.ok()) {
      return Error::Unavailable("cannot migrate " + DisplayName(options.location) + ": " +
                                version.error().message());
    }
    return version;
  }
  return sqlite::Migrate(options.location, options.file_mode);
}

}  // namespace confide::store
