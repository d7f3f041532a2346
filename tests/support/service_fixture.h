#pragma once

// A MessagingService over a real database of each backend (the test's parameter): a fresh
// SQLite file in a temporary directory, or a fresh PostgreSQL database on the test binary's
// server; with a manual clock, and synchronous helpers to run service calls as store jobs.
// A test file declares its cases with TEST_P and ends with CONFIDE_SERVICE_TEST_SUITE(Fixture),
// so that every case runs on every backend (Fixture/Sqlite.Case, Fixture/Postgres.Case).

#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/id_generator.h"
#include "domain/messaging_service.h"
#include "store/sqlite/sqlite_database.h"
#include "support/temp_dir.h"
#include "unit/store/postgres/pg_scratch_database.h"

namespace confide::testing {

enum class Backend { kSqlite, kPostgres };

inline void PrintTo(Backend backend, std::ostream* os) {
  *os << (backend == Backend::kSqlite ? "Sqlite" : "Postgres");
}

// The backends the service tests run on.
std::vector<Backend> Backends();
// "Sqlite", "Postgres": the suffix of each instantiation's name.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

class ServiceFixture : public ::testing::TestWithParam<Backend> {
 protected:
  ServiceFixture();
  ~ServiceFixture() override;

  // Runs `work` as a write job (its own savepoint in a group commit) and waits for the commit.
  template <class T>
  Result<T> Write(std::function<Result<T>(store::Transaction&)> work) {
    std::promise<Result<T>> done;
    store::Write<T>(*db_, std::move(work), [&](Result<T> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  template <class T>
  Result<T> Read(std::function<Result<T>(store::Transaction&)> work) {
    std::promise<Result<T>> done;
    store::Read<T>(*db_, std::move(work), [&](Result<T> r) { done.set_value(std::move(r)); });
    return done.get_future().get();
  }

  // A user in the database (created or updated), as a caller.
  domain::Principal MakeUser(const std::string& id, const std::string& role = "client");

  core::ManualClock clock_{1'704'110'400'000};  // 2024-01-01T12:00:00.000Z
  core::IdGenerator ids_{clock_};
  TempDir dir_;
  std::unique_ptr<store::postgres::PgScratchDatabase> scratch_;  // PostgreSQL's database
  std::unique_ptr<store::Database> db_;
  domain::MessagingService service_{clock_, ids_, {}, /*auto_provision=*/true};
};

}  // namespace confide::testing

// Runs every TEST_P case of `fixture` (a ServiceFixture) on every backend.
#define CONFIDE_SERVICE_TEST_SUITE(fixture)                                                        \
  INSTANTIATE_TEST_SUITE_P(Backends, fixture, ::testing::ValuesIn(::confide::testing::Backends()), \
                           ::confide::testing::BackendName)

// Runs every TEST_P case of `fixture` on SQLite only (the reason said where it is used).
#define CONFIDE_SERVICE_TEST_SUITE_ON_SQLITE(fixture)                               \
  INSTANTIATE_TEST_SUITE_P(Backends, fixture,                                       \
                           ::testing::Values(::confide::testing::Backend::kSqlite), \
                           ::confide::testing::BackendName)
