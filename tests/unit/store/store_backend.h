#pragma once

// A backend as the store suites see it: a writable Transaction on a fresh database with the
// latest schema, and the little the cases need to know of the database beneath it. One
// implementation per backend (sqlite_store_backend.h, postgres/pg_store_backend.h).

#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "store/transaction.h"

namespace confide::store {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;

  // The test's transaction. Writes through it are visible to what follows in the test.
  virtual Transaction& tx() = 0;
  // A read-only transaction on the same connection.
  virtual std::unique_ptr<Transaction> ReadOnly() = 0;
  // Runs SQL without parameters that both backends' dialects read alike.
  virtual void Execute(std::string_view sql) = 0;
  // Commits what the test wrote so far and goes on in a new transaction (where the test's
  // writes are not committed one by one already).
  virtual void Commit() = 0;
  // Runs `writes` as one database transaction (many inserts, one commit).
  virtual void InOneTransaction(const std::function<void()>& writes) = 0;
  // The schema version the backend's migrations bring a database to.
  virtual std::int64_t LatestSchemaVersion() = 0;
  // How many statements the connection has prepared.
  virtual std::size_t PreparedStatements() = 0;
  // The Error a job would report for a failure the stores threw.
  virtual Error ErrorOf(std::exception_ptr failure) = 0;
};

}  // namespace confide::store
