#pragma once

// A PostgreSQL or libpq call that failed: the server refused a statement (with its SQLSTATE),
// or the connection failed, broke or timed out. Like sqlite::SqliteError it is thrown by the
// layer over libpq and caught around a job; ToError turns it into the Error the job's caller
// sees. Its what() holds the server's primary message, never a row's values (the server's
// DETAIL, which quotes them, is left out) and never a password.
// Thread-safety: an immutable value; the free functions are pure.

#include <libpq-fe.h>

#include <stdexcept>
#include <string>
#include <string_view>

#include "core/result.h"

namespace confide::store::postgres {

class PgError : public std::runtime_error {
 public:
  PgError(std::string sqlstate, const std::string& what, bool connection_lost);

  // The failure a result reports: its SQLSTATE and primary message. `connection` tells
  // whether the connection survived it.
  static PgError FromResult(const PGresult* result, const PGconn* connection,
                            std::string_view context);
  // A failure libpq reports on the connection itself (a send or receive that failed, a
  // refused connection): PQerrorMessage, and lost unless the connection is still good.
  static PgError FromConnection(const PGconn* connection, std::string_view context);
  // A round trip that did not finish in time: the connection is out of step with the server.
  static PgError TimedOut(std::string_view context);

  // Five characters ("23505"), or "" when the failure did not come from the server.
  const std::string& sqlstate() const { return sqlstate_; }
  // True when the connection cannot be used any more: reset it or open another.
  bool connection_lost() const { return connection_lost_; }
  // True when running the same transaction again may succeed (IsRetryable).
  bool retryable() const;

 private:
  std::string sqlstate_;
  bool connection_lost_;
};

// 40001 serialization_failure and 40P01 deadlock_detected: the transaction was rolled back
// because of another one, and running it again is the cure.
bool IsRetryable(std::string_view sqlstate);

// Class 08 (connection exceptions) and 57P01, 57P02, 57P03 (the server shut down, crashed, or
// cannot take connections yet): the session is gone.
bool EndsSession(std::string_view sqlstate);

// The Error for a failure. A retryable conflict, a lost connection, a server out of disk,
// memory or connections -> Unavailable; a violated constraint (class 23) -> Conflict, as
// SQLite's; the rest -> Internal. Its message is ours and names no table or value; the
// failure's what() with its SQLSTATE is the detail, for the log only.
Error ToError(const PgError& error);

}  // namespace confide::store::postgres
