#include "store/postgres/pg_lease.h"

namespace confide::store::postgres {

std::unique_ptr<PgLease> PgLease::TryTake(PgConnectionOptions options, std::int64_t key) {
  auto session = std::make_unique<PgConnection>(std::move(options));
  const auto taken = session->ExecPrepared("SELECT pg_try_advisory_lock($1)", PgParams().Add(key));
  if (!taken.Bool(0, 0)) return nullptr;
  return std::make_unique<PgLease>(std::move(session), key);
}

PgLease::~PgLease() {
  try {
    if (!lost_ && session_->ok()) {
      session_->ExecPrepared("SELECT pg_advisory_unlock($1)", PgParams().Add(key_));
    }
  } catch (const PgError&) {
    // The session is gone, and the lock with it.
  }
}

bool PgLease::Held() {
  if (lost_) return false;
  try {
    // The lock lives as long as the session: a round trip proves the session is still there.
    session_->Exec("SELECT 1");
  } catch (const PgError&) {
    lost_ = true;
  }
  return !lost_;
}

}  // namespace confide::store::postgres
