#include "support/service_fixture.h"

#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_transaction.h"
#include "store/postgres/postgres_database.h"
#include "support/postgres_server.h"

namespace confide::testing {

std::vector<Backend> Backends() { return {Backend::kSqlite, Backend::kPostgres}; }

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

namespace {

// The test binary's PostgreSQL server, started by the first case that needs it.
[[maybe_unused]] auto* const kPostgresEnvironment =
    ::testing::AddGlobalTestEnvironment(new PostgresEnvironment);

}  // namespace

ServiceFixture::ServiceFixture() {
  if (GetParam() == Backend::kSqlite) {
    auto db = store::sqlite::SqliteDatabase::Open({.path = dir_.File("confide.db"), .readers = 2});
    if (!db.ok())
      throw std::runtime_error("cannot open the test database: " + db.error().message());
    db_ = std::move(*db);
    return;
  }
  if (!PostgresEnvironment::Started()) throw std::runtime_error("no PostgreSQL for the tests");
  scratch_ = std::make_unique<store::postgres::PgScratchDatabase>();
  auto session = scratch_->Connect();
  if (auto migrated = store::postgres::PgMigrate(*session); !migrated.ok()) {
    throw std::runtime_error("cannot migrate the test database: " + migrated.error().message());
  }
  auto db = store::postgres::PostgresDatabase::Open(
      {.uri = scratch_->uri(),
       .writers = 2,
       .readers = 2,
       .make_transaction = store::postgres::MakePgTransaction});
  if (!db.ok()) throw std::runtime_error("cannot open the test database: " + db.error().message());
  db_ = std::move(*db);
}

ServiceFixture::~ServiceFixture() { db_->Stop(); }

domain::Principal ServiceFixture::MakeUser(const std::string& id, const std::string& role) {
  auto user = Write<domain::User>([&](store::Transaction& tx) {
    return service_.users.Upsert(
        tx, {.id = id, .first_name = "First " + id, .last_name = "Last " + id, .role = role});
  });
  if (!user.ok()) throw std::runtime_error("cannot create user " + id);
  return domain::Principal{*user};
}

}  // namespace confide::testing
