#pragma once

// The store suites: test cases of the store interfaces (store/transaction.h) that every
// backend runs. A suite derives from StoreSuite and is instantiated for every backend:
//   INSTANTIATE_TEST_SUITE_P(, MySuite, ::testing::ValuesIn(kBackends), BackendName);
// which names its cases MySuite.Case/Sqlite and MySuite.Case/Postgres. Each case gets a
// fresh database with the latest schema and a writable transaction on it, tx().

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>

#include "support/postgres_server.h"
#include "unit/store/postgres/pg_store_backend.h"
#include "unit/store/sqlite_store_backend.h"
#include "unit/store/store_backend.h"
#include "unit/store/store_entities.h"

namespace confide::store {

enum class Backend { kSqlite, kPostgres };

inline constexpr Backend kBackends[] = {Backend::kSqlite, Backend::kPostgres};

inline std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

// The binary's PostgreSQL server, started by the first case that needs it.
[[maybe_unused]] inline auto* const kPostgresEnvironment =
    ::testing::AddGlobalTestEnvironment(new testing::PostgresEnvironment);

class StoreSuite : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kSqlite) {
      backend_ = std::make_unique<sqlite::SqliteStoreBackend>();
      return;
    }
    ASSERT_TRUE(testing::PostgresEnvironment::Started());
    backend_ = std::make_unique<postgres::PgStoreBackend>();
  }

  bool on_postgres() const { return GetParam() == Backend::kPostgres; }
  StoreBackend& backend() { return *backend_; }
  Transaction& tx() { return backend_->tx(); }

  void AddConversation(const std::string& id, std::initializer_list<std::string> members,
                       domain::ConversationType type = domain::ConversationType::kGroup,
                       EpochMillis created_at = 1) {
    store::AddConversation(tx(), id, members, type, created_at);
  }

 private:
  std::unique_ptr<StoreBackend> backend_;
};

}  // namespace confide::store
