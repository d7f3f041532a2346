#pragma once

// `confide users upsert` and `confide users import`: manage users in the database file
// directly (safe while a server runs on the same file: SQLite serializes the writers).

#include <string>

#include "core/config.h"
#include "domain/inputs.h"

namespace confide::cli {

int RunUsersUpsert(const core::Config& config, const domain::UserUpsert& user);
// `source` is a JSON-lines file's path, or "-" for standard input. Every line is checked
// before any is written; one bad line imports nothing.
int RunUsersImport(const core::Config& config, const std::string& source);
int RunMigrate(const core::Config& config);

}  // namespace confide::cli
