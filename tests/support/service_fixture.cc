#include "support/service_fixture.h"

namespace confide::testing {

std::vector<Backend> Backends() { return {Backend::kSqlite}; }

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

ServiceFixture::ServiceFixture() {
  auto db = store::sqlite::SqliteDatabase::Open({.path = dir_.File("confide.db"), .readers = 2});
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
