#include "store/sqlite/job_outcome.h"

#include <stdexcept>
#include <string>

#include "store/sqlite/sqlite_error.h"

namespace confide::store::sqlite {
namespace {

// Our words for the client-facing message; SQLite's own text is the detail, for the log.
Error FromSqlite(const SqliteError& e) {
  switch (e.primary_code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::Unavailable("the database is busy").WithDetail(e.what());
    case SQLITE_FULL:
      return Error::Unavailable("the database cannot grow: its disk is full").WithDetail(e.what());
    case SQLITE_IOERR:
      return Error::Unavailable("the database cannot read or write its files").WithDetail(e.what());
    case SQLITE_CONSTRAINT:
      return Error::Conflict("The request conflicts with data already stored").WithDetail(e.what());
    default:
      return Error::Internal("a database statement failed").WithDetail(e.what());
  }
}

}  // namespace

Error ErrorFrom(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const SqliteError& e) {
    return FromSqlite(e);
  } catch (const std::exception& e) {
    return Error::Internal("a database job threw").WithDetail(e.what());
  } catch (...) {
    return Error::Internal("a database job threw a non-standard exception");
  }
}

}  // namespace confide::store::sqlite
