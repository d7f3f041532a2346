#include "cli/options.h"

#include "cli/node_id.h"
#include "core/data_file.h"
#include "core/token_bucket.h"

namespace confide::cli {
namespace {

// A rate as "PER_SECOND,BURST", or 0 for no limit (core::ParseRate).
const CLI::Validator kRate(
    [](std::string& text) -> std::string {
      if (core::ParseRate(text)) return {};
      return "expected PER_SECOND,BURST (e.g. 10,30) or 0 for no limit, not '" + text + "'";
    },
    "PER_SECOND,BURST");

template <class T>
CLI::Option* Add(CLI::App& app, const std::string& flag, T& value, const std::string& env,
                 const std::string& help) {
  return app.add_option(flag, value, help)->envname(env)->capture_default_str();
}

// The permission bits given as octal text ("0640"); refused with the reason when unsafe.
void AddDataFileMode(CLI::App& app, core::Config& c) {
  app.add_option_function<std::string>(
         "--data-file-mode",
         [&c](const std::string& text) {
           c.data_file_mode = static_cast<unsigned>(*core::ParseDataFileMode(text));
         },
         "Permissions of new database and events files (octal; 0640 lets the group read)")
      ->envname("CONFIDE_DATA_FILE_MODE")
      ->default_str(core::FormatFileMode(c.data_file_mode))
      ->check(
          [](const std::string& text) {
            const auto mode = core::ParseDataFileMode(text);
            return mode.ok() ? std::string() : mode.error().message();
          },
          "MODE");
}

}  // namespace

void AddCommonOptions(CLI::App& app, core::Config& c) {
  Add(app, "--db", c.db_path, "CONFIDE_DB",
      "Path of the SQLite database file, or a postgres:// URI of a PostgreSQL database");
  AddDataFileMode(app, c);
  Add(app, "--jwt-secret", c.jwt_secret, "CONFIDE_JWT_SECRET",
      "HS256 shared secret for verifying (and, with `token`, signing) tokens");
  Add(app, "--jwt-public-key", c.jwt_public_key, "CONFIDE_JWT_PUBLIC_KEY",
      "RS256 public key: a PEM file's path, or the PEM text (Clerk's JWT public key)");
  Add(app, "--jwks", c.jwks, "CONFIDE_JWKS",
      "RS256 keys as a JWKS: a file's path or an http(s) URL, fetched and refreshed");
  app.add_flag("--dev", c.dev,
               "Development mode: keep an HS256 secret beside the database, auto-provision "
               "users, print a ready token")
      ->envname("CONFIDE_DEV");
  Add(app, "--events", c.events, "CONFIDE_EVENTS",
      "Event sinks, comma-separated: jsonl:PATH, webhook:URL, nats:URL, or none (default: "
      "jsonl:events.jsonl beside the database)")
      ->delimiter(',');
  Add(app, "--events-webhook-secret", c.events_webhook_secret, "CONFIDE_EVENTS_WEBHOOK_SECRET",
      "Key of the webhook sink's X-Confide-Signature (HMAC-SHA256 of timestamp.body)");
  Add(app, "--events-webhook-timeout", c.events_webhook_timeout_ms,
      "CONFIDE_EVENTS_WEBHOOK_TIMEOUT", "Milliseconds a webhook delivery may take")
      ->check(CLI::Range(100, 600'000));
  Add(app, "--events-nats-stream", c.events_nats_stream, "CONFIDE_EVENTS_NATS_STREAM",
      "JetStream stream the nats sink publishes to (created if missing)");
  Add(app, "--events-nats-subject", c.events_nats_subject, "CONFIDE_EVENTS_NATS_SUBJECT",
      "Subject prefix of the nats sink: each event goes to PREFIX.<type>");
  Add(app, "--events-jsonl-max-bytes", c.events_jsonl_max_bytes, "CONFIDE_EVENTS_JSONL_MAX_BYTES",
      "Size past which the jsonl file is rotated")
      ->check(CLI::Range(std::int64_t{1024}, std::int64_t{1} << 40));
  Add(app, "--events-jsonl-keep", c.events_jsonl_keep, "CONFIDE_EVENTS_JSONL_KEEP",
      "Rotated jsonl files kept (PATH.1 … PATH.N)")
      ->check(CLI::Range(0, 1000));
  Add(app, "--log-level", c.log_level, "CONFIDE_LOG_LEVEL",
      "trace, debug, info, warn, error or off");
}

void AddServeOptions(CLI::App& app, core::Config& c) {
  Add(app, "--host", c.host, "CONFIDE_HOST", "Address to listen on");
  Add(app, "--port", c.port, "CONFIDE_PORT", "Port to listen on");
  Add(app, "--node-id", c.node_id, "CONFIDE_NODE_ID",
      "The node's name in logs, metrics and its Engine.IO session ids (a-z, 0-9, '-'; up to "
      "32; default: the host name and the port)")
      ->check(
          [](const std::string& text) {
            return IsNodeId(text) ? std::string()
                                  : "expected 1 to 32 of a-z, 0-9 and '-', not '" + text + "'";
          },
          "NAME");
  Add(app, "--nats", c.nats, "CONFIDE_NATS",
      "NATS servers (comma-separated nats:// URLs) of a cluster of nodes sharing one "
      "PostgreSQL database; unset: one node");
  Add(app, "--io-threads", c.io_threads, "CONFIDE_IO_THREADS",
      "I/O threads (0: one per CPU the process may run on)");
  Add(app, "--cors-origins", c.cors_origins, "CONFIDE_CORS_ORIGINS",
      "Browser origins allowed to call the API (comma-separated; * for any)")
      ->delimiter(',');
  Add(app, "--trusted-proxies", c.trusted_proxies, "CONFIDE_TRUSTED_PROXIES",
      "Proxies (addresses or CIDR blocks, comma-separated) whose X-Forwarded-For names the "
      "client")
      ->delimiter(',');
  Add(app, "--max-connections", c.max_connections, "CONFIDE_MAX_CONNECTIONS",
      "Most connections held at once (0: the open-file limit less a reserve; never more)");
  Add(app, "--max-connections-per-address", c.max_connections_per_address,
      "CONFIDE_MAX_CONNECTIONS_PER_ADDRESS",
      "Most connections from one client address (an IPv6 /64) at once (0: no cap)");
  Add(app, "--header-timeout", c.header_timeout_ms, "CONFIDE_HEADER_TIMEOUT",
      "Milliseconds a request's line and headers may take to arrive")
      ->check(CLI::Range(100, 3'600'000));
  Add(app, "--idle-timeout", c.idle_timeout_ms, "CONFIDE_IDLE_TIMEOUT",
      "Milliseconds a kept-alive connection may wait for its next request")
      ->check(CLI::Range(100, 3'600'000));
  Add(app, "--db-readers", c.db_readers, "CONFIDE_DB_READERS",
      "Read-only database connections (one thread each)");
  Add(app, "--db-writers", c.db_writers, "CONFIDE_DB_WRITERS",
      "PostgreSQL: writer connections (one thread each); SQLite has one writer")
      ->check(CLI::Range(1, 256));
  Add(app, "--jwt-issuer", c.jwt_issuer, "CONFIDE_JWT_ISSUER",
      "Accept only tokens with this `iss` (e.g. https://your-app.clerk.accounts.dev)");
  Add(app, "--jwt-authorized-parties", c.jwt_authorized_parties, "CONFIDE_JWT_AUTHORIZED_PARTIES",
      "Accept only tokens whose `azp` is one of these origins (comma-separated)")
      ->delimiter(',');
  Add(app, "--jwt-leeway", c.jwt_leeway_seconds, "CONFIDE_JWT_LEEWAY",
      "Clock skew allowed on exp and nbf, in seconds");
  Add(app, "--jwks-refresh", c.jwks_refresh_seconds, "CONFIDE_JWKS_REFRESH",
      "Seconds between JWKS refreshes");
  app.add_option("--auto-provision", c.auto_provision,
                 "Create unknown users from their token's claims (true/false)")
      ->envname("CONFIDE_AUTO_PROVISION")
      ->capture_default_str();
  Add(app, "--admin-key", c.admin_key, "CONFIDE_ADMIN_KEY",
      "Key that grants administrator access in an X-Admin-Key header");
  Add(app, "--clerk-webhook-secret", c.clerk_webhook_secret, "CONFIDE_CLERK_WEBHOOK_SECRET",
      "Svix signing secret (whsec_…) of the Clerk webhook at POST /webhooks/clerk");
  Add(app, "--max-body-bytes", c.max_body_bytes, "CONFIDE_MAX_BODY_BYTES",
      "Largest request body accepted (413 above)");
  Add(app, "--max-content-length", c.max_content_length, "CONFIDE_MAX_CONTENT_LENGTH",
      "Most characters in a message");
  Add(app, "--rate-messages", c.rate_messages, "CONFIDE_RATE_MESSAGES",
      "Messages a user may send or edit: per second and at once, e.g. 10,30 (0: no limit)")
      ->check(kRate);
  Add(app, "--rate-writes", c.rate_writes, "CONFIDE_RATE_WRITES",
      "Other changes a user may make (read marks, reactions, deletions, conversations, "
      "participants, blocks): per second and at once (0: no limit)")
      ->check(kRate);
  Add(app, "--rate-events", c.rate_events, "CONFIDE_RATE_EVENTS",
      "Client events one socket may send: per second and at once (0: no limit)")
      ->check(kRate);
  Add(app, "--rate-user-events", c.rate_user_events, "CONFIDE_RATE_USER_EVENTS",
      "Client events all of a user's sockets may send together: per second and at once "
      "(0: no limit)")
      ->check(kRate);
  Add(app, "--commit-window", c.commit_window_us, "CONFIDE_COMMIT_WINDOW",
      "SQLite: microseconds a commit may wait for more writes to share it, while writes keep "
      "arriving (0: commit each batch at once)")
      ->check(CLI::Range(0, 100'000));
  Add(app, "--db-max-queued-jobs", c.db_max_queued_jobs, "CONFIDE_DB_MAX_QUEUED_JOBS",
      "Jobs that may wait for the database writer, and for its readers (503 beyond)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 24));
  app.add_option("--log-requests", c.log_requests, "Log a line per request (true/false)")
      ->envname("CONFIDE_LOG_REQUESTS")
      ->capture_default_str();
  Add(app, "--shutdown-grace", c.shutdown_grace_seconds, "CONFIDE_SHUTDOWN_GRACE",
      "Seconds to let in-flight requests finish on SIGTERM");
  Add(app, "--ping-interval", c.ping_interval_ms, "CONFIDE_PING_INTERVAL",
      "Milliseconds between the gateway's heartbeat pings")
      ->check(CLI::Range(50, 3'600'000));
  Add(app, "--ping-timeout", c.ping_timeout_ms, "CONFIDE_PING_TIMEOUT",
      "Milliseconds a client has to answer a ping before its connection is closed")
      ->check(CLI::Range(50, 3'600'000));
  Add(app, "--socket-connect-timeout", c.socket_connect_timeout_ms,
      "CONFIDE_SOCKET_CONNECT_TIMEOUT",
      "Milliseconds a connection has to join a namespace before it is closed")
      ->check(CLI::Range(100, 3'600'000));
  Add(app, "--socket-max-payload", c.socket_max_payload, "CONFIDE_SOCKET_MAX_PAYLOAD",
      "Largest Socket.IO packet or polling body, in bytes (413 / close 1009 above)")
      ->check(CLI::Range(std::size_t{1024}, std::size_t{64} << 20));
  Add(app, "--socket-max-queued-bytes", c.socket_max_queued_bytes,
      "CONFIDE_SOCKET_MAX_QUEUED_BYTES",
      "Unsent bytes a connection may fall behind by before it is closed as a slow consumer")
      ->check(CLI::Range(std::size_t{64} << 10, std::size_t{1} << 30));
  Add(app, "--max-sessions", c.max_sessions, "CONFIDE_MAX_SESSIONS",
      "Socket.IO connections (Engine.IO sessions) open at once; more are refused (403)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  Add(app, "--max-sessions-per-address", c.max_sessions_per_address,
      "CONFIDE_MAX_SESSIONS_PER_ADDRESS",
      "Socket.IO connections open at once from one client address; more are refused (403)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{10'000'000}));
  Add(app, "--events-retention", c.events_retention, "CONFIDE_EVENTS_RETENTION",
      "How long delivered events stay in the outbox (e.g. 7d, 12h, 30m)");
  Add(app, "--events-batch", c.events_batch, "CONFIDE_EVENTS_BATCH",
      "Events handed to a sink at once, at most")
      ->check(CLI::Range(1, 10'000));
  Add(app, "--typing-timeout", c.typing_timeout_ms, "CONFIDE_TYPING_TIMEOUT",
      "Milliseconds after which a typing indicator nobody renews ends by itself")
      ->check(CLI::Range(100, 24 * 3'600'000));
  Add(app, "--socket-max-jobs", c.socket_max_jobs, "CONFIDE_SOCKET_MAX_JOBS",
      "Database jobs one socket may have in flight (its events beyond are RATE_LIMITED)")
      ->check(CLI::Range(1, 10'000));
}

}  // namespace confide::cli
