#pragma once

// One prepared SQLite statement: binds parameters by index (1-based, as in `?1`), steps, and
// reads columns (0-based). Connection keeps these in a cache and lends them out through
// BorrowedStatement, which resets them after each use.
// Thread-safety: used by one thread at a time, the thread that owns its Connection.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace confide::store::sqlite {

class Statement {
 public:
  // Prepares `sql` (one statement) on `db`; throws SqliteError if it does not compile.
  Statement(sqlite3* db, std::string_view sql);

  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void Bind(int index, std::int64_t value);
  void Bind(int index, int value) { Bind(index, static_cast<std::int64_t>(value)); }
  void Bind(int index, bool value) { Bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  void Bind(int index, std::string_view value);
  void Bind(int index, const std::string& value) { Bind(index, std::string_view(value)); }
  void Bind(int index, const char* value) { Bind(index, std::string_view(value)); }
  void Bind(int index, std::nullptr_t);
  void Bind(int index, const std::optional<std::string>& value);
  void Bind(int index, const std::optional<std::int64_t>& value);

  // Advances to the next row: true if there is one, false when the statement is done.
  // Throws SqliteError on failure.
  bool Step();
  // Steps a statement that returns no rows (INSERT, UPDATE, ...) to its end.
  void Run();

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  bool Bool(int column) const { return Int(column) != 0; }
  std::string Text(int column) const;
  std::optional<std::string> OptionalText(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;

  // Ends the current execution and clears the bindings, so the statement holds no read
  // snapshot and no stale parameter when it is next used.
  void Reset();

  sqlite3_stmt* handle() const { return stmt_.get(); }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };

  void CheckBind(int rc);

  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

}  // namespace confide::store::sqlite
