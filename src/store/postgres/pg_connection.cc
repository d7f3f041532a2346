#include "store/postgres/pg_connection.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>

#include "store/postgres/pg_error.h"
#include "store/postgres/pg_pipeline.h"
#include "store/postgres/redact_password.h"

namespace confide::store::postgres {
namespace {

// The settings as libpq's `options` parameter: "-c name=value" each, with spaces and
// backslashes escaped by a backslash.
std::string CommandLineOptions(const std::vector<std::pair<std::string, std::string>>& settings) {
  std::string out;
  for (const auto& [name, value] : settings) {
    if (!out.empty()) out += ' ';
    out += "-c ";
    for (const char c : name + "=" + value) {
      if (c == ' ' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

// libpq prints the server's notices (CREATE TABLE IF NOT EXISTS on a table that exists, ...)
// to stderr unless told otherwise; they are not failures, and stderr is not our log.
void IgnoreNotice(void*, const char*) {}

}  // namespace

PgConnection::PgConnection(PgConnectionOptions options)
    : options_(std::move(options)), redacted_uri_(RedactPassword(options_.uri)) {
  if (!IsConnectionUri(options_.uri)) {
    throw std::invalid_argument("expected a postgres:// or postgresql:// URI, not " +
                                redacted_uri_);
  }
  Open();
}

void PgConnection::Open() {
  const std::string timeout = std::to_string(
      std::max<std::int64_t>(static_cast<std::int64_t>(options_.connect_timeout.count()), 2));
  const std::string settings = CommandLineOptions(options_.settings);
  // The URI comes first: the keywords after it override what it says. An application_name
  // in the URI (one per node, say) is kept; "confide" is only the fallback.
  std::vector<const char*> keywords = {"dbname", "connect_timeout", "client_encoding",
                                       "fallback_application_name"};
  std::vector<const char*> values = {options_.uri.c_str(), timeout.c_str(), "UTF8", "confide"};
  if (!settings.empty()) {
    keywords.push_back("options");
    values.push_back(settings.c_str());
  }
  keywords.push_back(nullptr);
  values.push_back(nullptr);
  conn_.reset(PQconnectdbParams(keywords.data(), values.data(), /*expand_dbname=*/1));
  if (PQstatus(conn_.get()) != CONNECTION_OK) throw ConnectFailure("connect to ");
  Configure();
}

void PgConnection::Configure() {
  // Non-blocking, so that sending a long pipeline never blocks while the server waits for
  // us to read its results: FlushOutgoing reads as it sends.
  if (PQsetnonblocking(conn_.get(), 1) != 0) {
    throw PgError::FromConnection(conn_.get(), "set non-blocking mode");
  }
  PQsetNoticeProcessor(conn_.get(), IgnoreNotice, nullptr);
}

bool PgConnection::ok() const {
  if (PQstatus(conn_.get()) != CONNECTION_OK) return false;
  if (PQpipelineStatus(conn_.get()) != PQ_PIPELINE_OFF) return false;
  const PGTransactionStatusType status = PQtransactionStatus(conn_.get());
  return status == PQTRANS_IDLE || status == PQTRANS_INTRANS || status == PQTRANS_INERROR;
}

void PgConnection::Reset() {
  statements_.Clear();
  deferred_.clear();
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) throw ConnectFailure("reconnect to ");
  Configure();
}

PgError PgConnection::ConnectFailure(std::string_view context) const {
  // libpq quotes a part of the URI it cannot read ("invalid percent-encoded token"), which
  // may be the password.
  const PgError error = PgError::FromConnection(conn_.get(), std::string(context) + redacted_uri_);
  return PgError("", ScrubPasswords(error.what(), options_.uri), true);
}

PGTransactionStatusType PgConnection::transaction_status() const {
  return PQtransactionStatus(conn_.get());
}

Deadline PgConnection::RoundTripDeadline() const {
  return std::chrono::steady_clock::now() + options_.io_timeout;
}

namespace {

// Whether `sql` begins with the keyword `upper` (in upper case), whatever its case.
bool BeginsWith(std::string_view sql, std::string_view upper) {
  const auto start = sql.find_first_not_of(" \t\r\n(");
  if (start == std::string_view::npos) return false;
  const std::string_view word = sql.substr(start, upper.size());
  return word.size() == upper.size() &&
         std::equal(upper.begin(), upper.end(), word.begin(), [](char k, char c) {
           return k == std::toupper(static_cast<unsigned char>(c));
         });
}

}  // namespace

void PgConnection::NoteStatement(std::string_view sql) {
  if (BeginsWith(sql, "SELECT") || BeginsWith(sql, "SHOW")) return;
  ++writes_;
  ahead_.clear();
}

void PgConnection::ReadAhead(std::string_view sql, PgParams params) {
  if (!BeginsWith(sql, "SELECT")) throw std::logic_error("only a SELECT is read ahead");
  // The same read asked for again replaces the one before, which may be older.
  std::erase_if(ahead_, [&](const Ahead& a) { return a.sql == sql && a.params == params; });
  ahead_.push_back(Ahead{std::string(sql), std::move(params), std::nullopt});
}

PgResult PgConnection::Exec(std::string_view sql) {
  NoteStatement(sql);
  if (!deferred_.empty() ||
      std::any_of(ahead_.begin(), ahead_.end(), [](const Ahead& a) { return !a.result; })) {
    RunWithDeferred({}, {});
  }
  CheckUsable("exec");
  const Deadline deadline = RoundTripDeadline();
  const std::string text(sql);  // PQsendQuery wants a terminated string
  if (PQsendQuery(conn_.get(), text.c_str()) == 0) {
    throw PgError::FromConnection(conn_.get(), "exec");
  }
  FlushOutgoing(conn_.get(), deadline);
  return ReadResults("exec", deadline);
}

PgResult PgConnection::ExecPrepared(std::string_view sql, const PgParams& params) {
  NoteStatement(sql);
  for (auto it = ahead_.begin(); it != ahead_.end(); ++it) {
    if (it->result && it->sql == sql && it->params == params) {
      PgResult result = std::move(*it->result);
      ahead_.erase(it);
      return result;
    }
  }
  const bool ahead_unsent =
      std::any_of(ahead_.begin(), ahead_.end(), [](const Ahead& a) { return !a.result; });
  if (!deferred_.empty() || ahead_unsent) return RunWithDeferred(sql, params);
  CheckUsable("execute");
  const Deadline deadline = RoundTripDeadline();
  PgStatementCache::Entry& entry = statements_.For(sql);
  if (!entry.prepared) PrepareOnce(entry, sql, deadline);
  const std::vector<const char*> values = params.Pointers();
  if (PQsendQueryPrepared(conn_.get(), entry.name.c_str(), params.size(), values.data(), nullptr,
                          nullptr, 0) == 0) {
    throw PgError::FromConnection(conn_.get(), "execute");
  }
  FlushOutgoing(conn_.get(), deadline);
  return ReadResults("execute", deadline);
}

void PgConnection::Defer(std::string_view sql, PgParams params) {
  NoteStatement(sql);
  deferred_.emplace_back(std::string(sql), std::move(params));
}

PgResult PgConnection::RunWithDeferred(std::string_view sql, const PgParams& params) {
  PgPipeline pipeline(*this);
  const std::size_t deferred = deferred_.size();
  for (auto& [text, values] : std::exchange(deferred_, {})) pipeline.Add(text, std::move(values));
  std::vector<Ahead*> unsent;
  for (Ahead& ahead : ahead_) {
    if (ahead.result) continue;
    unsent.push_back(&ahead);
    pipeline.Add(ahead.sql, ahead.params);
  }
  if (!sql.empty()) pipeline.Add(sql, params);
  std::vector<PgResult> results = pipeline.Run();
  for (std::size_t i = 0; i < unsent.size(); ++i) {
    unsent[i]->result = std::move(results[deferred + i]);
  }
  if (sql.empty()) return {};
  return std::move(results.back());
}

void PgConnection::PrepareOnce(PgStatementCache::Entry& entry, std::string_view sql,
                               Deadline deadline) {
  const std::string text(sql);
  if (PQsendPrepare(conn_.get(), entry.name.c_str(), text.c_str(), 0, nullptr) == 0) {
    throw PgError::FromConnection(conn_.get(), "prepare");
  }
  FlushOutgoing(conn_.get(), deadline);
  ReadResults("prepare", deadline);
  entry.prepared = true;
}

PgResult PgConnection::ReadResults(std::string_view context, Deadline deadline) {
  std::optional<PgError> failure;
  PgResult last;
  for (PgResult result = AwaitResult(conn_.get(), deadline); result;
       result = AwaitResult(conn_.get(), deadline)) {
    const ExecStatusType status = result.status();
    if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
      // The store never copies; a connection in COPY state would wait for data forever.
      throw PgError("", std::string(context) + ": COPY is not supported", true);
    }
    if (result.ok() || status == PGRES_EMPTY_QUERY) {
      last = std::move(result);
    } else if (!failure) {
      failure = PgError::FromResult(result.get(), conn_.get(), context);
    }
    if (PQstatus(conn_.get()) == CONNECTION_BAD) break;
  }
  if (!failure && PQstatus(conn_.get()) == CONNECTION_BAD) {
    failure = PgError::FromConnection(conn_.get(), context);
  }
  if (failure) throw *failure;
  return last;
}

void PgConnection::CheckUsable(std::string_view context) const {
  if (ok()) return;
  const bool bad = PQstatus(conn_.get()) == CONNECTION_BAD;
  throw PgError("",
                std::string(context) + ": the connection to " + redacted_uri_ +
                    (bad ? " is lost" : " is in the middle of a round trip") + "; reset it",
                true);
}

}  // namespace confide::store::postgres
