#include "store/sqlite/statement.h"

#include <climits>

#include "store/sqlite/sqlite_error.h"

namespace confide::store::sqlite {

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sql.size() > static_cast<std::size_t>(INT_MAX)) throw SqliteError(SQLITE_TOOBIG, "sql");
  sqlite3_stmt* raw = nullptr;
  // PERSISTENT: the statement lives in the connection's cache for the connection's life.
  const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
  stmt_.reset(raw);
  SqliteError::Check(db, rc, "prepare");
  if (!stmt_) throw SqliteError(SQLITE_MISUSE, "prepare: empty statement");
}

void Statement::CheckBind(int rc) { SqliteError::Check(db_, rc, "bind"); }

void Statement::Bind(int index, std::int64_t value) {
  CheckBind(sqlite3_bind_int64(stmt_.get(), index, value));
}

void Statement::Bind(int index, std::string_view value) {
  // TRANSIENT: SQLite copies the text, so a temporary argument cannot dangle.
  CheckBind(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                                SQLITE_UTF8));
}

void Statement::Bind(int index, std::nullptr_t) {
  CheckBind(sqlite3_bind_null(stmt_.get(), index));
}

void Statement::Bind(int index, const std::optional<std::string>& value) {
  if (value) {
    Bind(index, std::string_view(*value));
  } else {
    Bind(index, nullptr);
  }
}

void Statement::Bind(int index, const std::optional<std::int64_t>& value) {
  if (value) {
    Bind(index, *value);
  } else {
    Bind(index, nullptr);
  }
}

bool Statement::Step() {
  const int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  SqliteError::Check(db_, rc, "step");
  return false;
}

void Statement::Run() {
  while (Step()) {
  }
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_.get(), column);
  const int size = sqlite3_column_bytes(stmt_.get(), column);
  if (text == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(size));
}

std::optional<std::string> Statement::OptionalText(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Text(column);
}

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

void Statement::Reset() {
  // The step's error, if any, was already reported by Step(); reset only repeats it.
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

}  // namespace confide::store::sqlite
