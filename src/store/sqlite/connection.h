#pragma once

// One SQLite connection and its cache of prepared statements, keyed by SQL text: each
// statement the store runs is compiled once per connection and reused.
// Thread-safety: a Connection is used by one thread at a time (it is opened in SQLite's
// no-mutex mode); each store thread owns its own.

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sqlite/borrowed_statement.h"
#include "store/sqlite/statement.h"

namespace confide::store::sqlite {

enum class OpenMode { kReadWriteCreate, kReadOnly };

class Connection {
 public:
  // Opens (or, for kReadWriteCreate, creates) the database file at `path`; throws
  // SqliteError if it cannot.
  Connection(const std::string& path, OpenMode mode);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows we need (pragmas, a migration), compiled
  // afresh each time. Throws SqliteError.
  void Execute(std::string_view sql);
  // Runs one statement that returns no rows through the cache: for the ones run per job
  // (BEGIN, SAVEPOINT, COMMIT, ...). Throws SqliteError.
  void Run(std::string_view sql);

  // The cached statement for `sql`, prepared on first use. Throws SqliteError if `sql` does
  // not compile.
  BorrowedStatement Prepare(std::string_view sql);

  // The SQL texts prepared so far (what the cache holds), in no particular order.
  std::vector<std::string> PreparedSql() const;

  // Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t Changes() const;
  // The rowid of the last row inserted on this connection.
  std::int64_t LastInsertRowId() const;
  // PRAGMA user_version: the schema version the migrations have reached.
  std::int64_t UserVersion();
  // True while a transaction is open (false after COMMIT, ROLLBACK, or an error that made
  // SQLite roll the transaction back by itself).
  bool InTransaction() const;

  sqlite3* handle() const { return db_.get(); }
  const std::string& path() const { return path_; }

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };
  // Lets the cache be searched with a string_view, without building a std::string per call.
  struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const {
      return std::hash<std::string_view>{}(sql);
    }
  };

  std::string path_;
  std::unique_ptr<sqlite3, Closer> db_;
  // Declared after db_ so that statements are finalized before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

}  // namespace confide::store::sqlite
