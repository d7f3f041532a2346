#pragma once

// A store::Lease on PostgreSQL: a session-level advisory lock held by a session of its own.
// The server releases it when the session ends, so a process that dies or is cut off loses
// its lease, and another takes it; Held() asks the server whether the session still lives.
// Thread-safety: one thread at a time.

#include <cstdint>
#include <memory>

#include "store/database.h"
#include "store/postgres/pg_connection.h"

namespace confide::store::postgres {

class PgLease final : public Lease {
 public:
  // Opens a session and tries the lock `key` once: null if another session holds it. Throws
  // PgError if the server cannot be reached.
  static std::unique_ptr<PgLease> TryTake(PgConnectionOptions options, std::int64_t key);

  PgLease(std::unique_ptr<PgConnection> session, std::int64_t key)
      : session_(std::move(session)), key_(key) {}
  ~PgLease() override;

  bool Held() override;

 private:
  std::unique_ptr<PgConnection> session_;
  std::int64_t key_;
  bool lost_ = false;
};

}  // namespace confide::store::postgres
