#pragma once

// A test that talks to the binary's PostgreSQL server (PostgresEnvironment): each opens its
// own connections to the database `confide_test`, which the tests of one run share, so each
// test works in tables of its own.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "support/postgres_server.h"

namespace confide::store::postgres {

class PgTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(testing::PostgresEnvironment::Started()); }

  static testing::PostgresServer& server() { return testing::PostgresEnvironment::server(); }

  static PgConnectionOptions Options() {
    PgConnectionOptions options;
    options.uri = server().uri();
    return options;
  }

  static std::unique_ptr<PgConnection> Connect(PgConnectionOptions options = Options()) {
    return std::make_unique<PgConnection>(std::move(options));
  }
};

}  // namespace confide::store::postgres
