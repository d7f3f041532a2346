#pragma once

// Everything `confide serve` can be told, with its defaults. Filled from flags, then
// CONFIDE_* environment variables, then these defaults (see src/cli/options.cc and
// docs/configuration.md).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/database_location.h"

namespace confide::core {

struct Config {
  // Network.
  std::string host = "0.0.0.0";
  std::uint16_t port = 5000;
  int io_threads = 0;                        // 0: one per core
  std::vector<std::string> cors_origins;     // empty: no CORS headers; "*": any origin
  std::vector<std::string> trusted_proxies;  // addresses or CIDR blocks: X-Forwarded-For
  std::string node_id;  // empty: the host name and the port (cli::DefaultNodeId)
  std::string nats;     // comma-separated NATS URLs: cluster mode; empty: one node

  // Connections (src/http).
  std::size_t max_connections = 0;                 // 0: the open-file limit less a reserve
  std::size_t max_connections_per_address = 1024;  // 0: no cap
  int header_timeout_ms = 10'000;                  // a request's line and headers
  int idle_timeout_ms = 60'000;                    // a kept-alive connection without a request

  // Storage.
  std::string db_path = "data/confide.db";
  int db_readers = 2;
  int db_writers = 8;              // PostgreSQL: writer connections
  int db_max_batch = 512;          // jobs sharing one transaction at most
  int commit_window_us = 1000;     // SQLite: a batch's wait for more jobs (0: none)
  unsigned data_file_mode = 0600;  // of new database and events files
  // Jobs that may wait for the writer, and for the readers, each; past it a client's request
  // is answered 503 with Retry-After (the server's own jobs are always queued).
  std::size_t db_max_queued_jobs = 4096;

  // Authentication.
  std::string jwt_secret;
  std::string jwt_public_key;  // a PEM file's path, or the PEM text itself
  std::string jwks;            // a file's path or an http(s) URL
  std::string jwt_issuer;
  std::vector<std::string> jwt_authorized_parties;
  int jwt_leeway_seconds = 5;
  int jwks_refresh_seconds = 600;
  bool auto_provision = false;
  std::string admin_key;
  std::string clerk_webhook_secret;
  bool dev = false;

  // Limits.
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_content_length = 10'000;  // characters (code points) in a message
  // Rates as "PER_SECOND,BURST" (core::ParseRate), "0" for none; per node.
  std::string rate_messages = "10,30";      // per user: sends and edits
  std::string rate_writes = "20,100";       // per user: every other change (read marks, ...)
  std::string rate_user_events = "50,150";  // per user: client events of all their sockets
  std::string rate_events = "20,60";        // per socket: its client events

  // Real-time gateway (Socket.IO at /socket.io/).
  int ping_interval_ms = 25000;
  int ping_timeout_ms = 20000;
  int socket_connect_timeout_ms = 45000;          // no namespace joined by then: closed
  std::size_t socket_max_payload = 1'000'000;     // bytes of one packet or polling body
  std::size_t socket_max_queued_bytes = 8 << 20;  // unsent bytes per connection: slow consumer
  std::size_t max_sessions = 50'000;              // Engine.IO sessions open at once
  std::size_t max_sessions_per_address = 256;     // ... from one client address
  int typing_timeout_ms = 5 * 60 * 1000;
  int socket_max_jobs = 8;  // database jobs one socket may have in flight

  // Event stream (docs/events.md).
  std::vector<std::string> events;  // sinks: jsonl:PATH, webhook:URL, nats:URL; empty: the
                                    // default (jsonl beside the database); "none": no stream
  std::string events_webhook_secret;
  int events_webhook_timeout_ms = 5000;
  std::string events_nats_stream = "CONFIDE_EVENTS";
  std::string events_nats_subject = "confide.events";
  std::int64_t events_jsonl_max_bytes = std::int64_t{64} << 20;
  int events_jsonl_keep = 5;
  std::string events_retention = "7d";
  int events_batch = 256;

  // Operations.
  std::string log_level = "info";
  bool log_requests = true;
  int shutdown_grace_seconds = 10;
};

// Where the files that live beside the database go (the development secret, the default
// events file): the SQLite file's folder, or data/ when `db_path` is a PostgreSQL URI.
inline std::string DataFolder(const Config& config) {
  if (IsPostgresUri(config.db_path)) return "data";
  return std::filesystem::path(config.db_path).parent_path().string();
}

}  // namespace confide::core
