#include "store/sqlite/migrations.h"

#include <charconv>
#include <stdexcept>
#include <string_view>

#include "store/sqlite/connection_factory.h"

namespace confide::store::sqlite {
namespace {

// The number a migration file's name starts with: "0007_add_x.sql" -> 7.
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

// Applies one migration in its own write transaction. The version is read again inside it:
// another process (a second `confide migrate`) may have applied it meanwhile.
void ApplyOne(Connection& connection, const core::EmbeddedFile& file, int version) {
  connection.Execute("BEGIN IMMEDIATE");
  try {
    if (connection.UserVersion() < version) {
      connection.Execute(file.contents);
      connection.Execute("PRAGMA user_version = " + std::to_string(version));
    }
    connection.Execute("COMMIT");
  } catch (...) {
    if (connection.InTransaction()) connection.Execute("ROLLBACK");
    throw;
  }
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(SqliteMigrationFiles().size()); }

int ApplyMigrations(Connection& connection) {
  const auto files = SqliteMigrationFiles();
  CheckNumbering(files);
  const auto current = connection.UserVersion();
  if (current > LatestSchemaVersion()) {
    throw std::runtime_error("database " + connection.path() + " has schema version " +
                             std::to_string(current) + ", newer than the " +
                             std::to_string(LatestSchemaVersion()) +
                             " this confide knows; use a newer confide");
  }
  for (auto version = current + 1; version <= LatestSchemaVersion(); ++version) {
    ApplyOne(connection, files[static_cast<std::size_t>(version - 1)], static_cast<int>(version));
  }
  return static_cast<int>(connection.UserVersion());
}

Result<int> Migrate(const std::string& path, mode_t file_mode) {
  try {
    auto connection = OpenWriter(path, file_mode);
    return ApplyMigrations(*connection);
  } catch (const std::exception& e) {
    return Error::Internal(std::string("cannot migrate the database: ") + e.what());
  }
}

}  // namespace confide::store::sqlite
