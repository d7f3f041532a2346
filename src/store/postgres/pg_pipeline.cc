#include "store/postgres/pg_pipeline.h"

#include <algorithm>
#include <iterator>
#include <optional>
#include <utility>

#include "store/postgres/pg_error.h"

namespace confide::store::postgres {
namespace {

// A failure that leaves the connection in pipeline mode with results unread: only a reset
// brings it back in step.
PgError OutOfStep(const PGconn* conn, std::string_view context) {
  const PgError error = PgError::FromConnection(conn, context);
  return PgError(error.sqlstate(), error.what(), true);
}

PgError AsLost(const PgError& error) { return PgError(error.sqlstate(), error.what(), true); }

}  // namespace

PgPipeline& PgPipeline::Add(std::string_view sql, PgParams params) {
  steps_.push_back(Step{std::string(sql), std::move(params)});
  return *this;
}

std::vector<PgResult> PgPipeline::Run() {
  const std::vector<Step> steps = std::exchange(steps_, {});
  connection_.CheckUsable("pipeline");
  const Deadline deadline = connection_.RoundTripDeadline();
  if (PQenterPipelineMode(connection_.handle()) == 0) {
    throw PgError::FromConnection(connection_.handle(), "enter pipeline mode");
  }
  const std::vector<Expected> expected = Send(steps, deadline);
  return Receive(expected, steps.size(), deadline);
}

std::vector<PgResult> PgPipeline::RunInTransaction(std::string_view begin) {
  std::vector<Step> steps;
  steps.reserve(steps_.size() + 2);
  steps.push_back(Step{std::string(begin), {}});
  std::move(steps_.begin(), steps_.end(), std::back_inserter(steps));
  steps.push_back(Step{"COMMIT", {}});
  steps_ = std::move(steps);
  try {
    std::vector<PgResult> results = Run();
    results.pop_back();
    results.erase(results.begin());
    return results;
  } catch (const PgError& error) {
    if (!error.connection_lost()) RollBackQuietly();
    throw;
  }
}

std::vector<PgPipeline::Expected> PgPipeline::Send(const std::vector<Step>& steps,
                                                   Deadline deadline) {
  PGconn* conn = connection_.handle();
  std::vector<Expected> expected;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    PgStatementCache::Entry& entry = connection_.statements().For(steps[i].sql);
    const bool queued = std::any_of(expected.begin(), expected.end(),
                                    [&](const Expected& e) { return e.prepared == &entry; });
    if (!entry.prepared && !queued) {
      if (PQsendPrepare(conn, entry.name.c_str(), steps[i].sql.c_str(), 0, nullptr) == 0) {
        throw OutOfStep(conn, "pipeline: prepare");
      }
      expected.push_back(Expected{&entry, i});
    }
    const std::vector<const char*> values = steps[i].params.Pointers();
    if (PQsendQueryPrepared(conn, entry.name.c_str(), steps[i].params.size(), values.data(),
                            nullptr, nullptr, 0) == 0) {
      throw OutOfStep(conn, "pipeline: execute");
    }
    expected.push_back(Expected{nullptr, i});
  }
  if (PQpipelineSync(conn) == 0) throw OutOfStep(conn, "pipeline: sync");
  FlushOutgoing(conn, deadline);
  return expected;
}

std::vector<PgResult> PgPipeline::Receive(const std::vector<Expected>& expected,
                                          std::size_t step_count, Deadline deadline) {
  PGconn* conn = connection_.handle();
  std::vector<PgResult> results(step_count);
  std::optional<PgError> failure;
  // The next result; once the connection is gone, the first failure (or the loss itself).
  auto next = [&]() {
    PgResult result = AwaitResult(conn, deadline);
    if (PQstatus(conn) != CONNECTION_BAD) return result;
    if (failure) throw AsLost(*failure);
    if (result && !result.ok()) throw AsLost(PgError::FromResult(result.get(), conn, "pipeline"));
    throw OutOfStep(conn, "pipeline");
  };
  for (const Expected& item : expected) {
    PgResult result = next();
    if (!result) throw OutOfStep(conn, "pipeline: a result is missing");
    if (result.status() == PGRES_PIPELINE_ABORTED) {
      // Skipped: an earlier statement failed.
    } else if (!result.ok()) {
      if (!failure) failure = PgError::FromResult(result.get(), conn, "pipeline");
    } else if (item.prepared != nullptr) {
      item.prepared->prepared = true;
    } else {
      results[item.step] = std::move(result);
    }
    // Each statement's results end with an empty one.
    if (next()) throw OutOfStep(conn, "pipeline: a statement returned more than one result");
  }
  if (next().status() != PGRES_PIPELINE_SYNC || PQexitPipelineMode(conn) == 0) {
    throw OutOfStep(conn, "pipeline: end");
  }
  if (failure) throw *failure;
  return results;
}

void PgPipeline::RollBackQuietly() {
  const PGTransactionStatusType status = connection_.transaction_status();
  if (status != PQTRANS_INTRANS && status != PQTRANS_INERROR) return;
  try {
    connection_.Exec("ROLLBACK");
  } catch (const PgError&) {
    // The connection is lost or out of step; it says so through ok().
  }
}

}  // namespace confide::store::postgres
