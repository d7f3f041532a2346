#pragma once

// StoreBackend on a migrated SQLite file in a fresh temporary directory, its connection in
// autocommit mode as a job's savepoint sees it: every statement commits on its own. The
// writer indexes new messages for search when a batch commits (search_index.h); here they are
// indexed whenever the transaction is asked for, so a test sees them indexed from its next
// statement on, as the next job of the writer would.

#include <memory>
#include <string>

#include "store/sqlite/connection.h"
#include "store/sqlite/connection_factory.h"
#include "store/sqlite/job_outcome.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/sqlite_transaction.h"
#include "support/temp_dir.h"
#include "unit/store/store_backend.h"

namespace confide::store::sqlite {

class SqliteStoreBackend final : public StoreBackend {
 public:
  SqliteStoreBackend()
      : path_(dir_.File("confide.db")),
        connection_(OpenWriter(path_)),
        tx_(*connection_, /*read_only=*/false) {
    ApplyMigrations(*connection_);
    IndexNewMessages(*connection_);  // its statements prepared before a test counts them
  }

  const std::string& path() const { return path_; }
  Connection& connection() { return *connection_; }
  SqliteTransaction& transaction() { return tx_; }

  Transaction& tx() override {
    IndexNewMessages(*connection_);
    return tx_;
  }
  std::unique_ptr<Transaction> ReadOnly() override {
    return std::make_unique<SqliteTransaction>(*connection_, /*read_only=*/true);
  }
  void Execute(std::string_view sql) override { connection_->Execute(sql); }
  // Autocommit: every write is committed already.
  void Commit() override {}
  void InOneTransaction(const std::function<void()>& writes) override {
    connection_->Execute("BEGIN");
    writes();
    connection_->Execute("COMMIT");
  }
  std::int64_t LatestSchemaVersion() override { return sqlite::LatestSchemaVersion(); }
  std::size_t PreparedStatements() override { return connection_->PreparedSql().size(); }
  Error ErrorOf(std::exception_ptr failure) override { return ErrorFrom(failure); }

 private:
  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<Connection> connection_;
  SqliteTransaction tx_;
};

}  // namespace confide::store::sqlite
