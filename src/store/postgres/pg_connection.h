#pragma once

// One PostgreSQL session over libpq: opened from a connection URI, in non-blocking mode with
// UTF-8 as its client encoding, with a cache of the statements it has prepared. Every round
// trip waits at most `io_timeout`. A failure throws PgError; when it lost the session
// (connection_lost(), or !ok() afterwards), Reset() opens a new one with the same settings.
// Exec and ExecPrepared run one statement and wait for it; PgPipeline sends many at once.
// Defer queues a statement whose result nobody reads, to go with the next round trip.
// Thread-safety: one thread at a time (the store thread that owns it).

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/postgres/pg_error.h"
#include "store/postgres/pg_io.h"
#include "store/postgres/pg_params.h"
#include "store/postgres/pg_result.h"
#include "store/postgres/pg_statement_cache.h"

namespace confide::store::postgres {

struct PgConnectionOptions {
  // postgres://user:password@host:port/database?param=value (postgresql:// too).
  std::string uri;
  // How long opening (or reopening) the session may take; libpq counts whole seconds, at
  // least 2.
  std::chrono::seconds connect_timeout{5};
  // How long one round trip (sending a statement or pipeline and reading its results) may take.
  std::chrono::milliseconds io_timeout{30'000};
  // Settings of the session, by name: {"idle_in_transaction_session_timeout", "60000"}. They
  // are part of the connection's parameters, so a reset session has them too.
  std::vector<std::pair<std::string, std::string>> settings;
};

class PgConnection {
 public:
  // Connects; throws PgError (connection_lost) if the server cannot be reached or refuses,
  // or std::invalid_argument if options.uri is not a postgres:// or postgresql:// URI.
  explicit PgConnection(PgConnectionOptions options);

  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  // True while the session is up and idle or in a transaction: not lost, not left in the
  // middle of a round trip (a timeout), not left in pipeline mode.
  bool ok() const;
  // Closes the session and opens a new one with the same options; the statements prepared
  // before are forgotten. Throws PgError if the server cannot be reached.
  void Reset();

  // Runs `sql` (one or more statements separated by ';', no parameters) with the simple
  // query protocol and returns the last statement's result. Throws PgError on failure.
  PgResult Exec(std::string_view sql);
  // Runs one statement with parameters, preparing it on its first use in this session.
  // Throws PgError on failure.
  PgResult ExecPrepared(std::string_view sql, const PgParams& params = {});

  // Queues one statement (prepared on its first use) whose result is not needed: a write
  // that returns nothing, or BEGIN. Nothing is sent yet: the deferred statements go, in the
  // order they were queued, with the next ExecPrepared, in one pipeline with it, so that a
  // transaction's writes and its COMMIT (ExecPrepared("COMMIT")) take one round trip; Exec
  // sends them first, in a round trip of their own. A deferred statement's failure is thrown
  // by that call (the statements after it are skipped).
  void Defer(std::string_view sql, PgParams params = {});
  // Queues a read (a statement beginning with SELECT) whose result the job will ask for soon:
  // it goes with the next round trip, after the deferred statements, and the next ExecPrepared
  // of the same statement with the same parameters returns its result without a round trip
  // of its own. A statement that may write (writes()) forgets what was read ahead, so a read
  // never misses the session's own changes; so do Discard and COMMIT.
  void ReadAhead(std::string_view sql, PgParams params);
  // Forgets the deferred statements, unsent (a transaction given up before they went), and
  // what was read ahead.
  void Discard() {
    deferred_.clear();
    ahead_.clear();
  }

  // How many statements that may change data this session has been given to run by Exec,
  // ExecPrepared or Defer (not by a PgPipeline of its own): a statement is taken for a read
  // only when it begins with SELECT or SHOW. A job that left it unchanged wrote
  // nothing, so nothing of it needs undoing.
  std::uint64_t writes() const { return writes_; }
  // The process id of the server's backend for this session (pg_terminate_backend takes it).
  int backend_pid() const { return PQbackendPID(conn_.get()); }
  // PQTRANS_IDLE, PQTRANS_INTRANS, PQTRANS_INERROR, ...
  PGTransactionStatusType transaction_status() const;
  // The URI with its password masked, for logs and messages.
  const std::string& redacted_uri() const { return redacted_uri_; }

  // For PgPipeline, which drives the connection itself.
  PGconn* handle() const { return conn_.get(); }
  PgStatementCache& statements() { return statements_; }
  // When a round trip that starts now must end.
  Deadline RoundTripDeadline() const;
  // Throws PgError (connection_lost) unless ok().
  void CheckUsable(std::string_view context) const;

 private:
  struct Finish {
    void operator()(PGconn* conn) const { PQfinish(conn); }
  };

  void Open();
  // Non-blocking mode and the notice processor: settings of the PGconn, not of the session.
  void Configure();
  void PrepareOnce(PgStatementCache::Entry& entry, std::string_view sql, Deadline deadline);
  // Sends nothing; reads the results of the statement just sent and returns the last one,
  // or throws the first failure.
  PgResult ReadResults(std::string_view context, Deadline deadline);
  // The failure of opening the session, with no password in its text.
  PgError ConnectFailure(std::string_view context) const;
  // Sends the deferred statements, the reads ahead not sent yet and then `sql` (none if
  // empty) in one pipeline; `sql`'s result.
  PgResult RunWithDeferred(std::string_view sql, const PgParams& params);
  // Counts `sql` in writes() (and forgets what was read ahead) unless it is a read.
  void NoteStatement(std::string_view sql);

  PgConnectionOptions options_;
  std::string redacted_uri_;
  std::unique_ptr<PGconn, Finish> conn_;
  PgStatementCache statements_;
  std::vector<std::pair<std::string, PgParams>> deferred_;
  struct Ahead {
    std::string sql;
    PgParams params;
    std::optional<PgResult> result;  // once its round trip is done
  };
  std::vector<Ahead> ahead_;
  std::uint64_t writes_ = 0;
};

}  // namespace confide::store::postgres
