#include "store/postgres/pg_error.h"

#include <cctype>
#include <utility>

namespace confide::store::postgres {
namespace {

// libpq's messages span lines ("server closed the connection unexpectedly\n\tThis probably
// means..."): one line, with single spaces, suits a log.
std::string OneLine(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Describe(std::string_view context, std::string_view message,
                     std::string_view sqlstate) {
  std::string what(context);
  what += ": ";
  what += OneLine(message);
  if (!sqlstate.empty()) {
    what += " (SQLSTATE ";
    what += sqlstate;
    what += ")";
  }
  return what;
}

bool IsBad(const PGconn* connection) {
  return connection == nullptr || PQstatus(connection) == CONNECTION_BAD;
}

bool InClass(std::string_view sqlstate, std::string_view error_class) {
  return sqlstate.size() == 5 && sqlstate.substr(0, 2) == error_class;
}

Error ResourceError(std::string_view sqlstate) {
  if (sqlstate == "53100") return Error::Unavailable("the database cannot grow: its disk is full");
  if (sqlstate == "53200") return Error::Unavailable("the database server is out of memory");
  if (sqlstate == "53300")
    return Error::Unavailable("the database server has too many connections");
  return Error::Unavailable("the database server is out of resources");
}

}  // namespace

PgError::PgError(std::string sqlstate, const std::string& what, bool connection_lost)
    : std::runtime_error(what), sqlstate_(std::move(sqlstate)), connection_lost_(connection_lost) {}

PgError PgError::FromResult(const PGresult* result, const PGconn* connection,
                            std::string_view context) {
  const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE);
  std::string sqlstate = state != nullptr ? state : "";
  // The primary message alone: the DETAIL field quotes the values of the offending row.
  const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
  const std::string_view message = primary != nullptr ? primary : PQresultErrorMessage(result);
  // A FATAL or PANIC error ends the session whatever its SQLSTATE (25P03, the idle in
  // transaction timeout, say), though libpq sees the connection close only later.
  const char* severity = PQresultErrorField(result, PG_DIAG_SEVERITY_NONLOCALIZED);
  const std::string_view level = severity != nullptr ? severity : "";
  const bool lost =
      EndsSession(sqlstate) || IsBad(connection) || level == "FATAL" || level == "PANIC";
  const std::string what = Describe(context, message.empty() ? "no message" : message, sqlstate);
  return PgError(std::move(sqlstate), what, lost);
}

PgError PgError::FromConnection(const PGconn* connection, std::string_view context) {
  const char* message = connection != nullptr ? PQerrorMessage(connection) : "";
  const std::string_view text = *message != '\0' ? message : "no connection to the server";
  return PgError("", Describe(context, text, ""), IsBad(connection));
}

PgError PgError::TimedOut(std::string_view context) {
  return PgError("", Describe(context, "timed out waiting for the server", ""), true);
}

bool PgError::retryable() const { return IsRetryable(sqlstate_); }

bool IsRetryable(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

bool EndsSession(std::string_view sqlstate) {
  return InClass(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

Error ToError(const PgError& error) {
  const std::string_view sqlstate = error.sqlstate();
  if (error.connection_lost()) {
    return Error::Unavailable("the database connection was lost").WithDetail(error.what());
  }
  if (IsRetryable(sqlstate)) {
    return Error::Unavailable("the database transaction conflicted with a concurrent one")
        .WithDetail(error.what());
  }
  if (InClass(sqlstate, "53")) return ResourceError(sqlstate).WithDetail(error.what());
  if (InClass(sqlstate, "23")) {
    return Error::Conflict("The request conflicts with data already stored")
        .WithDetail(error.what());
  }
  return Error::Internal("a database statement failed").WithDetail(error.what());
}

}  // namespace confide::store::postgres
