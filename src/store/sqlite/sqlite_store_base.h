#pragma once

// What every SQLite store of a transaction shares: the connection the transaction runs on,
// and whether it may write.
// Thread-safety: used only by the store thread that owns the connection, for one job.

#include <stdexcept>
#include <string>

#include "store/sqlite/connection.h"

namespace confide::store::sqlite {

class SqliteStoreBase {
 public:
  SqliteStoreBase(Connection& connection, bool read_only)
      : connection_(connection), read_only_(read_only) {}

 protected:
  // Throws std::logic_error on a read-only transaction (a broken invariant).
  void RequireWritable(const char* method) const {
    if (read_only_) {
      throw std::logic_error(std::string(method) + " called in a read-only transaction");
    }
  }

  Connection& connection_;
  bool read_only_;
};

}  // namespace confide::store::sqlite
