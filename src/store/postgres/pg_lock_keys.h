#pragma once

// The keys of the session-level advisory locks confide takes on PostgreSQL. Advisory lock keys
// are one 64-bit number shared by every application of a database, so ours are spelled to
// be recognisable in pg_locks: ASCII "confide" in the seven high bytes, the lock's number in
// the low byte (pg_locks shows a key as classid = the high 32 bits, objid = the low 32).
// Thread-safety: constants.

#include <cstdint>

namespace confide::store::postgres {

// Held by PgMigrate while it reads the schema version and applies migrations: one migrator
// at a time, whatever the number of processes starting at once. 0x636f6e6669646501.
inline constexpr std::int64_t kMigrationLockKey = 7165066918303655169;

// The relay's lease: the one session that holds it delivers the outbox (PgLease).
// 0x636f6e6669646502.
inline constexpr std::int64_t kRelayLeaseKey = 7165066918303655170;

// The first key of the transaction-level locks that serialize the creation of one pair's
// DIRECT conversation (sql::kLockDirectPair): the two-key space, apart from the keys above.
// ASCII "dp" then two zero bytes, 0x64700000.
inline constexpr std::int32_t kDirectPairLockSpace = 1685061632;

}  // namespace confide::store::postgres
