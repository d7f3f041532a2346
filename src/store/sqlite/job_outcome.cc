#include "store/sqlite/job_outcome.h"

#include <spdlog/spdlog.h>

#include <stdexcept>
#include <string>

#include "core/logging.h"
#include "store/sqlite/sqlite_error.h"

namespace confide::store::sqlite {
namespace {

Error FromSqlite(const SqliteError& e) {
  switch (e.primary_code()) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_FULL:
    case SQLITE_IOERR:
      return Error::Unavailable(e.what());
    case SQLITE_CONSTRAINT:
      return Error::Conflict(e.what());
    default:
      return Error::Internal(e.what());
  }
}

Error Classify(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const SqliteError& e) {
    return FromSqlite(e);
  } catch (const std::exception& e) {
    return Error::Internal(e.what());
  } catch (...) {
    return Error::Internal("a database job threw a non-standard exception");
  }
}

}  // namespace

Error ErrorFrom(std::exception_ptr error, JobKind kind) {
  Error result = Classify(std::move(error));
  spdlog::warn(R"("msg":"database job failed","kind":"{}","error":{})",
               kind == JobKind::kRead ? "read" : "write", core::JsonQuote(result.message()));
  return result;
}

void Complete(const std::function<void(Status)>& done, Status status) {
  try {
    if (done) done(std::move(status));
  } catch (const std::exception& e) {
    spdlog::error(R"("msg":"database job completion threw","error":{})", core::JsonQuote(e.what()));
  } catch (...) {
    spdlog::error(R"("msg":"database job completion threw a non-standard exception")");
  }
}

}  // namespace confide::store::sqlite
