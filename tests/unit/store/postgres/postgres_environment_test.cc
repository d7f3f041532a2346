// The one PostgreSQL server of this test binary (support/postgres_server.h): started by the
// first test that needs it, stopped when the tests end.

#include <gtest/gtest.h>

#include "support/postgres_server.h"

namespace {

[[maybe_unused]] const auto* const kPostgres =
    ::testing::AddGlobalTestEnvironment(new confide::testing::PostgresEnvironment);

}  // namespace
