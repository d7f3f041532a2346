#include "store/postgres/postgres_database.h"

#include <spdlog/spdlog.h>

#include <string>
#include <utility>

#include "core/logging.h"
#include "store/postgres/pg_lease.h"
#include "store/postgres/pg_lock_keys.h"

namespace confide::store::postgres {
namespace {

PgConnectionOptions SessionOptions(const PostgresOptions& options, bool writer) {
  PgConnectionOptions session{.uri = options.uri,
                              .connect_timeout = options.connect_timeout,
                              .io_timeout = options.io_timeout};
  session.settings.emplace_back("idle_in_transaction_session_timeout",
                                std::to_string(options.idle_in_transaction_timeout.count()));
  // A write is answered once its commit is durable, whatever the server's default.
  if (writer) session.settings.emplace_back("synchronous_commit", "on");
  return session;
}

std::vector<std::unique_ptr<PgConnection>> OpenSessions(const PostgresOptions& options, bool writer,
                                                        int count) {
  std::vector<std::unique_ptr<PgConnection>> sessions;
  for (int i = 0; i < std::max(count, 1); ++i) {
    sessions.push_back(std::make_unique<PgConnection>(SessionOptions(options, writer)));
  }
  return sessions;
}

}  // namespace

Result<std::unique_ptr<PostgresDatabase>> PostgresDatabase::Open(const PostgresOptions& options) {
  if (!options.make_transaction) return Error::Internal("PostgresDatabase needs make_transaction");
  try {
    auto writers = OpenSessions(options, /*writer=*/true, options.writers);
    auto readers = OpenSessions(options, /*writer=*/false, options.readers);
    return std::make_unique<PostgresDatabase>(Key{}, options, std::move(writers),
                                              std::move(readers));
  } catch (const PgError& e) {
    return ToError(e);
  } catch (const std::invalid_argument& e) {
    return Error::BadRequest(e.what());
  }
}

PostgresDatabase::PostgresDatabase(Key, const PostgresOptions& options,
                                   std::vector<std::unique_ptr<PgConnection>> writers,
                                   std::vector<std::unique_ptr<PgConnection>> readers)
    : lease_options_(SessionOptions(options, /*writer=*/false)),
      metrics_(options.metrics),
      writers_(std::move(writers), options.make_transaction,
               {.kind = JobKind::kWrite,
                .max_queued = options.max_queued_jobs,
                .max_attempts = options.max_attempts},
               metrics_),
      readers_(std::move(readers), options.make_transaction,
               {.kind = JobKind::kRead,
                .max_queued = options.max_queued_jobs,
                .max_attempts = options.max_attempts},
               metrics_) {
  metrics_.WatchQueuedWrites(writers_.QueuedGauge());
}

PostgresDatabase::~PostgresDatabase() { Stop(); }

void PostgresDatabase::SubmitRead(std::function<void(Transaction&)> work,
                                  std::function<void(Status)> done, JobOrigin origin) {
  readers_.Submit({[work = std::move(work)](Transaction& tx) {
                     work(tx);
                     return true;
                   },
                   std::move(done)},
                  origin);
}

void PostgresDatabase::SubmitWrite(std::function<bool(Transaction&)> work,
                                   std::function<void(Status)> done, JobOrigin origin) {
  writers_.Submit({std::move(work), std::move(done)}, origin);
}

void PostgresDatabase::SubmitWriteInLane(std::string_view lane,
                                         std::function<bool(Transaction&)> work,
                                         std::function<void(Status)> done, JobOrigin origin) {
  writers_.Submit({std::move(work), std::move(done)}, origin, lane);
}

void PostgresDatabase::Stop() {
  std::call_once(stopped_, [this] {
    writers_.Stop();
    readers_.Stop();
  });
}

std::unique_ptr<Lease> PostgresDatabase::TryLease(LeaseKind kind) {
  try {
    switch (kind) {
      case LeaseKind::kOutboxRelay:
        return PgLease::TryTake(lease_options_, kRelayLeaseKey);
    }
  } catch (const PgError& e) {
    // Not reachable now: no lease, and the caller tries again later.
    spdlog::warn(R"("msg":"cannot take a lease","error":{})", core::JsonQuote(e.what()));
  }
  return nullptr;
}

}  // namespace confide::store::postgres
