#pragma once

// An SQLite call that failed on a path the store expects to fail now and then (a busy
// database, a violated constraint, a full disk). It carries SQLite's result code so that the
// database can turn it into the right Error for the job that hit it.
// Thread-safety: an immutable value.

#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace confide::store::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}

  // Throws an SqliteError describing `rc` and `db`'s last error unless rc is SQLITE_OK (or
  // SQLITE_ROW/SQLITE_DONE, which are not errors).
  static void Check(sqlite3* db, int rc, std::string_view context);

  // The (extended) result code.
  int code() const { return code_; }
  // The primary result code: SQLITE_BUSY, SQLITE_CONSTRAINT, ...
  int primary_code() const { return code_ & 0xff; }

 private:
  int code_;
};

}  // namespace confide::store::sqlite
