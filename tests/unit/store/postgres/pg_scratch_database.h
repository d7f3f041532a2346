#pragma once

// A database of its own for a test, on the binary's PostgreSQL server: created empty (from
// template1) under a name no other test uses, and dropped with the object, sessions and all.
// For the tests that need a database without confide's schema, or all of it to themselves.

#include <unistd.h>

#include <atomic>
#include <memory>
#include <string>

#include "pg_test_fixture.h"
#include "store/postgres/pg_connection.h"
#include "support/postgres_server.h"

namespace confide::store::postgres {

class PgScratchDatabase {
 public:
  PgScratchDatabase() : name_(NextName()) { Admin().Exec("CREATE DATABASE " + name_); }
  ~PgScratchDatabase() {
    try {
      Admin().Exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    } catch (const PgError&) {
    }
  }
  PgScratchDatabase(const PgScratchDatabase&) = delete;
  PgScratchDatabase& operator=(const PgScratchDatabase&) = delete;

  const std::string& name() const { return name_; }
  std::string uri() const {
    return "postgresql://postgres@127.0.0.1:" +
           std::to_string(testing::PostgresEnvironment::server().port()) + "/" + name_;
  }
  PgConnectionOptions Options() const {
    PgConnectionOptions options;
    options.uri = uri();
    return options;
  }
  std::unique_ptr<PgConnection> Connect() const {
    return std::make_unique<PgConnection>(Options());
  }

 private:
  static std::string NextName() {
    static std::atomic<int> count{0};
    return "scratch_" + std::to_string(::getpid()) + "_" + std::to_string(++count);
  }
  // A session on the shared test database, from which databases are created and dropped.
  static PgConnection Admin() {
    PgConnectionOptions options;
    options.uri = testing::PostgresEnvironment::server().uri();
    return PgConnection(std::move(options));
  }

  std::string name_;
};

}  // namespace confide::store::postgres
