#include "store/sqlite/sqlite_error.h"

namespace confide::store::sqlite {

void SqliteError::Check(sqlite3* db, int rc, std::string_view context) {
  if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
  std::string what(context);
  what += ": ";
  // The connection's message is more precise ("UNIQUE constraint failed: users.id") when it
  // belongs to this call; sqlite3_errstr is the fallback when there is no connection.
  const bool same_call = db != nullptr && (sqlite3_extended_errcode(db) & 0xff) == (rc & 0xff);
  what += same_call ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  throw SqliteError(rc, what);
}

}  // namespace confide::store::sqlite
