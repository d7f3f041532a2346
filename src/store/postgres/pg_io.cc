#include "store/postgres/pg_io.h"

#include <poll.h>

#include <cerrno>

#include "store/postgres/pg_error.h"

namespace confide::store::postgres {
namespace {

// Waits until the connection's socket is ready for `events`; returns the events that are.
short WaitForSocket(PGconn* connection, short events, Deadline deadline) {
  const int fd = PQsocket(connection);
  if (fd < 0) throw PgError::FromConnection(connection, "wait");
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw PgError::TimedOut("wait");
    pollfd entry{fd, events, 0};
    const int ready = ::poll(&entry, 1, static_cast<int>(left.count()));
    if (ready > 0) return entry.revents;
    if (ready < 0 && errno != EINTR) throw PgError::FromConnection(connection, "poll");
  }
}

}  // namespace

void FlushOutgoing(PGconn* connection, Deadline deadline) {
  for (;;) {
    const int pending = PQflush(connection);
    if (pending == 0) return;
    if (pending < 0) throw PgError::FromConnection(connection, "send");
    // Read whatever the server has sent meanwhile, or it may stop reading from us.
    const short ready = WaitForSocket(connection, POLLIN | POLLOUT, deadline);
    if ((ready & POLLIN) != 0 && PQconsumeInput(connection) == 0) {
      throw PgError::FromConnection(connection, "receive");
    }
  }
}

PgResult AwaitResult(PGconn* connection, Deadline deadline) {
  while (PQisBusy(connection) != 0) {
    WaitForSocket(connection, POLLIN, deadline);
    // On failure libpq keeps the error for PQgetResult, which reports it as a result.
    if (PQconsumeInput(connection) == 0) break;
  }
  return PgResult(PQgetResult(connection));
}

}  // namespace confide::store::postgres
