#pragma once

// A database as the server uses it: read jobs run on a pool of read-only connections, write
// jobs on one writer that commits many jobs in one transaction (group commit). Callers never
// wait: they hand in a job and a completion, and post the result back to their own thread.
// Thread-safety: every method may be called from any thread.

#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "store/transaction.h"

namespace confide::store {

// Whose work a job is, which decides what a full queue does with it.
enum class JobOrigin {
  // A client's request or event. When its queue already holds the configured number of jobs
  // it is not queued: `done` gets at once an Unavailable error with a retry-after time.
  kClient,
  // The server's own work, which no client can multiply and which must not be lost (event
  // sinks' reads and positions, presence announcements, outbox pruning): always queued.
  kServer,
};

// Work that one process of a cluster does at a time (for now: delivering the outbox).
enum class LeaseKind { kOutboxRelay };

// The right to do a LeaseKind's work. It ends when the object goes, or when the database
// takes it back (its session was lost): Held() says so.
// Thread-safety: one thread at a time.
class Lease {
 public:
  virtual ~Lease() = default;
  // False once the lease is lost; the holder must stop the work at once.
  virtual bool Held() = 0;
};

class Database {
 public:
  virtual ~Database() = default;

  // Runs `work` in a read-only transaction on a reader thread, then `done` on that thread:
  // with an error if the transaction could not begin (work is then skipped) or work threw.
  virtual void SubmitRead(std::function<void(Transaction&)> work, std::function<void(Status)> done,
                          JobOrigin origin) = 0;

  // Runs `work` on the writer inside the current batch's transaction, in a savepoint of its
  // own: if it returns false or throws, its changes are rolled back and the batch goes on.
  // `done` runs on the writer thread once the batch's commit is durable (ok), or with an
  // error if work threw or the commit failed. `work` may run more than once (a transaction
  // rolled back and run again): only its last run counts.
  virtual void SubmitWrite(std::function<bool(Transaction&)> work, std::function<void(Status)> done,
                           JobOrigin origin) = 0;

  // As SubmitWrite, for a write that belongs to `lane` (the id of the conversation it changes;
  // empty: none). The writes of one lane run one after another in the order submitted, and a
  // database with several writers runs a lane's writes on the same one, committing those it
  // finds waiting together (PostgreSQL: PgJobPool). One writer runs every write in order
  // anyway: the default ignores the lane.
  virtual void SubmitWriteInLane(std::string_view lane, std::function<bool(Transaction&)> work,
                                 std::function<void(Status)> done, JobOrigin origin) {
    (void)lane;
    SubmitWrite(std::move(work), std::move(done), origin);
  }

  // Finishes every queued job, then stops the threads. Idempotent.
  virtual void Stop() = 0;

  // Takes the lease of `kind` if no one holds it, else returns null. May block (it may open a
  // connection): not on an I/O thread.
  virtual std::unique_ptr<Lease> TryLease(LeaseKind kind) = 0;

  // True when the outbox numbers events only once their transactions are settled
  // (OutboxStore::Settle): several writers commit in another order than they append, so the
  // relay must settle before it reads. False when Append's numbers are already the commit
  // order (one writer).
  virtual bool OutboxNeedsSettling() const = 0;
};

namespace internal {

// Joins a job's own Result with the status the store reports for it.
template <class T>
Result<T> Settle(std::optional<Result<T>>& slot, Status status) {
  if (!status.ok() && (!slot.has_value() || slot->ok())) return std::move(status).error();
  if (!slot.has_value()) return Error::Internal("the database job did not run");
  return std::move(*slot);
}

}  // namespace internal

// Typed helpers: run a Result-returning job and hand its Result to `done` (on a store thread).
template <class T>
void Read(Database& db, std::function<Result<T>(Transaction&)> work,
          std::function<void(Result<T>)> done, JobOrigin origin = JobOrigin::kClient) {
  auto slot = std::make_shared<std::optional<Result<T>>>();
  db.SubmitRead([slot, work = std::move(work)](Transaction& tx) { slot->emplace(work(tx)); },
                [slot, done = std::move(done)](Status status) {
                  done(internal::Settle(*slot, std::move(status)));
                },
                origin);
}

// A job's own error rolls back its savepoint; a failed commit fails every job of the batch.
// With a `lane`, SubmitWriteInLane.
template <class T>
void Write(Database& db, std::function<Result<T>(Transaction&)> work,
           std::function<void(Result<T>)> done, JobOrigin origin = JobOrigin::kClient,
           std::string_view lane = {}) {
  auto slot = std::make_shared<std::optional<Result<T>>>();
  std::function<bool(Transaction&)> job = [slot, work = std::move(work)](Transaction& tx) {
    slot->emplace(work(tx));
    return (*slot)->ok();
  };
  std::function<void(Status)> completion = [slot, done = std::move(done)](Status status) {
    done(internal::Settle(*slot, std::move(status)));
  };
  if (lane.empty()) return db.SubmitWrite(std::move(job), std::move(completion), origin);
  db.SubmitWriteInLane(lane, std::move(job), std::move(completion), origin);
}

// Blocking forms, for threads that may wait (the CLI, the event sinks' workers); never on an
// I/O thread. Their jobs are the server's own (JobOrigin::kServer): always queued.
template <class T>
Result<T> ReadAndWait(Database& db, std::function<Result<T>(Transaction&)> work) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  Read<T>(
      db, std::move(work), [&promise](Result<T> r) { promise.set_value(std::move(r)); },
      JobOrigin::kServer);
  return future.get();
}

template <class T>
Result<T> WriteAndWait(Database& db, std::function<Result<T>(Transaction&)> work) {
  std::promise<Result<T>> promise;
  auto future = promise.get_future();
  Write<T>(
      db, std::move(work), [&promise](Result<T> r) { promise.set_value(std::move(r)); },
      JobOrigin::kServer);
  return future.get();
}

}  // namespace confide::store
