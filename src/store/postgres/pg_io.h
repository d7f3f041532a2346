#pragma once

// The two waits of a non-blocking libpq connection, each bounded by a deadline: sending what
// libpq has buffered, and receiving the next result. Both read while they wait, so a server
// that blocks writing results while a long pipeline is still being sent can go on. A send
// or receive that fails, or a deadline that passes, throws PgError with connection_lost():
// the connection is then out of step with the server and must be reset.
// Thread-safety: one thread at a time per connection.

#include <libpq-fe.h>

#include <chrono>

#include "store/postgres/pg_result.h"

namespace confide::store::postgres {

using Deadline = std::chrono::steady_clock::time_point;

// Calls PQflush until everything is sent, waiting on the socket in between.
void FlushOutgoing(PGconn* connection, Deadline deadline);

// Waits until libpq holds the next result, then takes it: the empty PgResult once the
// current statement has no more. When the connection fails meanwhile, returns what libpq
// reports (an error result, or the empty one): the caller checks PQstatus.
PgResult AwaitResult(PGconn* connection, Deadline deadline);

}  // namespace confide::store::postgres
