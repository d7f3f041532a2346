#pragma once

// What every PostgreSQL store of a transaction shares: the session the transaction runs on,
// and whether it may write.
// Thread-safety: used only by the store thread that owns the session, for one job.

#include <stdexcept>
#include <string>

#include "store/postgres/pg_connection.h"

namespace confide::store::postgres {

class PgStoreBase {
 public:
  PgStoreBase(PgConnection& session, bool read_only) : session_(session), read_only_(read_only) {}

 protected:
  // Throws std::logic_error on a read-only transaction (a broken invariant).
  void RequireWritable(const char* method) const {
    if (read_only_) {
      throw std::logic_error(std::string(method) + " called in a read-only transaction");
    }
  }

  PgConnection& session_;
  bool read_only_;
};

}  // namespace confide::store::postgres
