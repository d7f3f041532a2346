#pragma once

// Statements sent to PostgreSQL together and answered together: one round trip for a whole
// transaction (BEGIN, the job's statements, COMMIT) in libpq's pipeline mode. Each
// statement is a prepared one, prepared within the same round trip on its first use in the
// session. When one fails, the server skips the rest up to the pipeline's end (libpq reports
// them as PGRES_PIPELINE_ABORTED) and the caller gets the first failure.
// Thread-safety: one thread at a time, the one that owns its connection.

#include <string>
#include <string_view>
#include <vector>

#include "store/postgres/pg_connection.h"
#include "store/postgres/pg_params.h"
#include "store/postgres/pg_result.h"

namespace confide::store::postgres {

class PgPipeline {
 public:
  explicit PgPipeline(PgConnection& connection) : connection_(connection) {}

  // Queues one execution of `sql` with `params`.
  PgPipeline& Add(std::string_view sql, PgParams params = {});

  // Sends the queued statements and a sync, then reads every result: the results in the
  // order of Add. Throws PgError for the first statement that failed. Statements run as
  // PostgreSQL runs them between syncs: in one implicit transaction, unless they begin
  // their own. The queue is empty afterwards.
  std::vector<PgResult> Run();

  // The same, wrapped in `begin` ... COMMIT, whose results are not returned. On failure no
  // transaction is left open: the server has rolled it back, or a ROLLBACK is sent.
  std::vector<PgResult> RunInTransaction(std::string_view begin = "BEGIN");

  std::size_t size() const { return steps_.size(); }

 private:
  struct Step {
    std::string sql;
    PgParams params;
  };
  // What the server answers, in order: a statement prepared for the first time, or one run.
  struct Expected {
    PgStatementCache::Entry* prepared;  // null for a statement run
    std::size_t step;
  };

  std::vector<Expected> Send(const std::vector<Step>& steps, Deadline deadline);
  std::vector<PgResult> Receive(const std::vector<Expected>& expected, std::size_t step_count,
                                Deadline deadline);
  void RollBackQuietly();

  PgConnection& connection_;
  std::vector<Step> steps_;
};

}  // namespace confide::store::postgres
