#pragma once

// StoreBackend on a database of its own (PgScratchDatabase) migrated by PgMigrate, with the
// test's transaction open on one session from start to end (BEGIN, then ROLLBACK), as a job
// of PgJobPool runs in one. The binary's PostgreSQL server must be started
// (PostgresEnvironment).

#include <memory>
#include <stdexcept>

#include "pg_scratch_database.h"
#include "store/postgres/pg_error.h"
#include "store/postgres/pg_migrations.h"
#include "store/postgres/pg_transaction.h"
#include "unit/store/store_backend.h"

namespace confide::store::postgres {

class PgStoreBackend final : public StoreBackend {
 public:
  PgStoreBackend() : session_(database_.Connect()) {
    if (auto migrated = PgMigrate(*session_); !migrated.ok()) {
      throw std::runtime_error("PgMigrate: " + migrated.error().message());
    }
    session_->Exec("BEGIN");
  }
  ~PgStoreBackend() override {
    try {
      if (session_->ok()) session_->Exec("ROLLBACK");
    } catch (const PgError&) {
    }
  }

  PgConnection& session() { return *session_; }

  Transaction& tx() override { return tx_; }
  std::unique_ptr<Transaction> ReadOnly() override {
    return MakePgTransaction(*session_, /*read_only=*/true);
  }
  void Execute(std::string_view sql) override { session_->Exec(sql); }
  void Commit() override { session_->Exec("COMMIT; BEGIN"); }
  // The test's statements are one transaction already.
  void InOneTransaction(const std::function<void()>& writes) override { writes(); }
  std::int64_t LatestSchemaVersion() override { return PgLatestSchemaVersion(); }
  std::size_t PreparedStatements() override { return session_->statements().size(); }
  Error ErrorOf(std::exception_ptr failure) override {
    try {
      std::rethrow_exception(failure);
    } catch (const PgError& e) {
      return ToError(e);
    }
  }

 private:
  PgScratchDatabase database_;
  std::unique_ptr<PgConnection> session_;
  PgTransaction tx_{*session_, /*read_only=*/false};
};

}  // namespace confide::store::postgres
