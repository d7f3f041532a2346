#include "store/postgres/pg_transaction.h"

#include "store/postgres/pg_statements.h"

namespace confide::store::postgres {

std::int64_t PgTransaction::SchemaVersion() {
  return session_.ExecPrepared(sql::kSchemaVersion).Int(0, 0);
}

std::unique_ptr<Transaction> MakePgTransaction(PgConnection& session, bool read_only) {
  return std::make_unique<PgTransaction>(session, read_only);
}

}  // namespace confide::store::postgres
