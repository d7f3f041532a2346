#include "store/sqlite/connection.h"

#include <mutex>

#include "store/sqlite/sqlite_error.h"

namespace confide::store::sqlite {
namespace {

// Once, before SQLite is first used: no memory statistics. With them (SQLite's default),
// every allocation of every connection takes one process-wide mutex to count its bytes, and
// nothing here reads the counts.
void ConfigureSqliteOnce() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Connection::Connection(const std::string& path, OpenMode mode) : path_(path) {
  ConfigureSqliteOnce();
  // NOMUTEX: each connection belongs to one thread at a time, so SQLite's own locking of
  // the connection would only cost time.
  int flags = SQLITE_OPEN_NOMUTEX;
  flags |= mode == OpenMode::kReadOnly ? SQLITE_OPEN_READONLY
                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  db_.reset(raw);  // sqlite3_open_v2 may return a handle even on failure; it must be closed
  SqliteError::Check(db_.get(), rc, "open " + path);
  sqlite3_extended_result_codes(db_.get(), 1);
}

void Connection::Execute(std::string_view sql) {
  const std::string text(sql);  // sqlite3_exec wants a terminated string
  char* message = nullptr;
  const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return;
  const std::string detail = message != nullptr ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  throw SqliteError(rc, "exec: " + detail);
}

void Connection::Run(std::string_view sql) { Prepare(sql)->Run(); }

BorrowedStatement Connection::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    auto statement = std::make_unique<Statement>(db_.get(), sql);
    it = cache_.emplace(std::string(sql), std::move(statement)).first;
  }
  return BorrowedStatement(*it->second);
}

std::vector<std::string> Connection::PreparedSql() const {
  std::vector<std::string> out;
  out.reserve(cache_.size());
  for (const auto& [sql, statement] : cache_) out.push_back(sql);
  return out;
}

std::int64_t Connection::Changes() const { return sqlite3_changes64(db_.get()); }

std::int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_.get()); }

std::int64_t Connection::UserVersion() {
  auto statement = Prepare("PRAGMA user_version");
  statement->Step();
  return statement->Int(0);
}

bool Connection::InTransaction() const { return sqlite3_get_autocommit(db_.get()) == 0; }

}  // namespace confide::store::sqlite
