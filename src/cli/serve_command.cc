#include "cli/serve_command.h"

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string_view>

#include "api/admin_routes.h"
#include "api/authenticator.h"
#include "api/block_and_search_routes.h"
#include "api/community_routes.h"
#include "api/conversation_log_recorder.h"
#include "api/conversation_routes.h"
#include "api/dev_routes.h"
#include "api/message_routes.h"
#include "api/operations_routes.h"
#include "api/service_calls.h"
#include "api/web_routes.h"
#include "api/webhook_routes.h"
#include "auth/token_verifier.h"
#include "cli/connection_budget.h"
#include "cli/dev_setup.h"
#include "cli/node_id.h"
#include "cluster/nats_bus.h"
#include "core/data_file.h"
#include "core/id_generator.h"
#include "core/logging.h"
#include "core/metrics.h"
#include "core/random.h"
#include "core/rate_limiter.h"
#include "core/shutdown_signals.h"
#include "domain/messaging_service.h"
#include "engineio/server.h"
#include "events/outbox_recorder.h"
#include "events/relay.h"
#include "events/sink_config.h"
#include "http/server.h"
#include "realtime/admission.h"
#include "realtime/gateway.h"
#include "realtime/gateway_stats.h"
#include "socketio/server.h"
#include "store/open/open_database.h"

namespace confide::cli {
namespace {

constexpr std::string_view kNoKeyMessage =
    "No token verification key is configured. Set one of --jwt-secret (CONFIDE_JWT_SECRET), "
    "--jwt-public-key (CONFIDE_JWT_PUBLIC_KEY) or --jwks (CONFIDE_JWKS), or start with --dev "
    "for a local development setup.";

Result<std::shared_ptr<const auth::TokenVerifier>> MakeVerifier(const core::Config& c,
                                                                const core::Clock& clock) {
  if (c.jwt_secret.empty() && c.jwt_public_key.empty() && c.jwks.empty()) {
    return Error::BadRequest(std::string(kNoKeyMessage));
  }
  auth::VerifierOptions options{.hs256_secret = c.jwt_secret,
                                .rs256_public_key = c.jwt_public_key,
                                .jwks = c.jwks,
                                .issuer = c.jwt_issuer,
                                .authorized_parties = c.jwt_authorized_parties,
                                .leeway_seconds = c.jwt_leeway_seconds,
                                .jwks_refresh_seconds = c.jwks_refresh_seconds};
  CONFIDE_ASSIGN_OR_RETURN(auto verifier, auth::TokenVerifier::Create(options, clock));
  return std::shared_ptr<const auth::TokenVerifier>(std::move(verifier));
}

// With --dev, the chat page mints tokens for the users it is asked for, signed with the
// HS256 secret (the development one, unless another was given). With only public keys
// configured there is nothing to sign with.
api::DevTokenMinter DevMinter(const core::Config& c) {
  if (c.jwt_secret.empty()) return nullptr;
  return [secret = c.jwt_secret](const api::DevIdentity& who) {
    return MintToken({.user_id = who.user_id,
                      .first_name = who.first_name,
                      .last_name = who.last_name,
                      .role = who.role},
                     secret);
  };
}

void PrintDevWelcome(const core::Config& c, std::uint16_t port) {
  const std::string token =
      MintToken({.user_id = "user_dev", .first_name = "Dev", .last_name = "User"}, c.jwt_secret);
  std::cout << "\nconfide is running in development mode on http://localhost:" << port
            << "\n\nThe chat page: http://localhost:" << port
            << "/\n\nA token for user_dev (valid 24 h; mint others with `confide token --sub "
               "<id> --db "
            << c.db_path << "`):\n\n  " << token
            << "\n\nTry it:\n\n  curl -H \"Authorization: Bearer " << token
            << "\" http://localhost:" << port << "/messaging/conversations\n"
            << std::endl;
}

// The per-user rate limits (--rate-*), each counting its refusals in
// confide_rate_limited_total{limit}. The options have validated every rate.
struct RateLimits {
  RateLimits(const core::Config& c, const core::Clock& clock, core::Metrics& metrics)
      : messages(*core::ParseRate(c.rate_messages), clock, &Refused(metrics, "messages")),
        writes(*core::ParseRate(c.rate_writes), clock, &Refused(metrics, "writes")),
        user_events(*core::ParseRate(c.rate_user_events), clock, &Refused(metrics, "user_events")),
        socket_events_refused(Refused(metrics, "socket_events")),
        socket_jobs_refused(Refused(metrics, "socket_jobs")) {}

  static core::Counter& Refused(core::Metrics& metrics, const char* limit) {
    return metrics.GetCounter("confide_rate_limited_total",
                              "Requests and client events refused by a rate limit, by limit.",
                              {{"limit", limit}});
  }

  core::RateLimiter messages;
  core::RateLimiter writes;
  core::RateLimiter user_events;
  core::Counter& socket_events_refused;
  core::Counter& socket_jobs_refused;
};

// A fault the tests turn on by the environment; never set in production.
bool FaultSwitch(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && std::string_view(value) == "1";
}

// `cluster_node`: this process's name in the cluster.
realtime::GatewayOptions GatewayOptionsOf(const core::Config& c, RateLimits& limits,
                                          const std::string& cluster_node) {
  return {.typing_timeout = std::chrono::milliseconds(c.typing_timeout_ms),
          .socket_events = *core::ParseRate(c.rate_events),
          .user_events = &limits.user_events,
          .max_socket_jobs = c.socket_max_jobs,
          .socket_events_refused = &limits.socket_events_refused,
          .socket_jobs_refused = &limits.socket_jobs_refused,
          .exit_before_publish = FaultSwitch("CONFIDE_FAULT_EXIT_BEFORE_PUBLISH"),
          .node_id = cluster_node};
}

// The real-time side of the server: Engine.IO, Socket.IO, the spec's gateway and its
// statistics, on the HTTP server's I/O threads.
struct Gateway {
  Gateway(const core::Config& c, const std::vector<boost::asio::io_context*>& shards,
          store::Database& db, domain::MessagingService& service,
          const api::Authenticator& authenticator, const core::Clock& clock,
          realtime::GatewayOptions options, realtime::DeliveryBus* bus)
      : io(std::make_unique<socketio::Server>(
            socketio::ServerOptions{
                .connect_timeout = std::chrono::milliseconds(c.socket_connect_timeout_ms),
                .max_packet_bytes = c.socket_max_payload},
            shards)),
        realtime(std::make_unique<realtime::Gateway>(*io, db, service, authenticator, clock,
                                                     std::move(options), bus)),
        engine(std::make_unique<engineio::Server>(
            engineio::ServerOptions{
                .sid_prefix = c.node_id + ".",
                .ping_interval = std::chrono::milliseconds(c.ping_interval_ms),
                .ping_timeout = std::chrono::milliseconds(c.ping_timeout_ms),
                .max_payload = c.socket_max_payload,
                .max_queued_bytes = c.socket_max_queued_bytes,
                .max_sessions = c.max_sessions,
                .max_sessions_per_address = c.max_sessions_per_address,
                .kept_headers = {std::string(realtime::Admission::kTokenHeader)},
                .kept_query = {std::string(realtime::Admission::kTokenQueryParameter)}},
            shards,
            [this](const std::shared_ptr<engineio::Session>& session) {
              return io->Open(session);
            })),
        stats(std::make_unique<realtime::GatewayStats>(*engine, *io, *realtime, *shards.front())) {}

  std::unique_ptr<socketio::Server> io;
  std::unique_ptr<realtime::Gateway> realtime;
  std::unique_ptr<engineio::Server> engine;
  std::unique_ptr<realtime::GatewayStats> stats;
};

// What the HTTP server is told from the configuration; the cap on connections is fitted to
// the open-file limit.
http::ServerOptions MakeServerOptions(const core::Config& c, std::size_t open_files,
                                      http::TrustedProxies proxies) {
  const std::size_t max_connections = ConnectionBudget(c.max_connections, open_files);
  if (c.max_connections != 0 && max_connections < c.max_connections) {
    spdlog::warn(R"("msg":"--max-connections lowered to fit the open file limit","asked":{},)"
                 R"("maxConnections":{},"openFileLimit":{},"reserved":{})",
                 c.max_connections, max_connections, open_files, kReservedDescriptors);
  }
  spdlog::info(R"("msg":"connection limits","maxConnections":{},"maxConnectionsPerAddress":{},)"
               R"("headerTimeoutMs":{},"idleTimeoutMs":{},"trustedProxies":{})",
               max_connections, c.max_connections_per_address, c.header_timeout_ms,
               c.idle_timeout_ms, c.trusted_proxies.size());
  return {.host = c.host,
          .port = c.port,
          .io_threads = c.io_threads,
          .max_body_bytes = c.max_body_bytes,
          .cors_origins = c.cors_origins,
          .log_requests = c.log_requests,
          .idle_timeout = std::chrono::milliseconds(c.idle_timeout_ms),
          .header_timeout = std::chrono::milliseconds(c.header_timeout_ms),
          .max_connections = max_connections,
          .max_connections_per_address = c.max_connections_per_address,
          .trusted_proxies = std::move(proxies)};
}

// Files made before their mode was ours to choose keep it; say so when it lets others read.
void WarnOfWideDataFiles(const core::Config& c) {
  if (store::BackendOf(c.db_path) != store::Backend::kSqlite) return;
  for (const auto* suffix : {"", "-wal", "-shm"}) {
    const std::string path = c.db_path + suffix;
    if (const auto mode = core::WiderModeThan(path, c.data_file_mode)) {
      spdlog::warn(R"("msg":"data file is readable more widely than --data-file-mode",)"
                   R"("path":{},"mode":"{}","dataFileMode":"{}")",
                   core::JsonQuote(path), core::FormatFileMode(*mode),
                   core::FormatFileMode(c.data_file_mode));
    }
  }
}

// The event stream: the outbox recorder the services write through, and the relay that
// delivers it to the configured sinks. Null when --events none.
struct EventStream {
  std::unique_ptr<events::OutboxRecorder> recorder;
  std::unique_ptr<events::Relay> relay;
};

Result<EventStream> MakeEventStream(const core::Config& c, store::Database& db,
                                    core::IdGenerator& ids, const core::Clock& clock,
                                    core::Metrics& metrics) {
  EventStream stream;
  if (events::EventsDisabled(c)) return stream;
  CONFIDE_ASSIGN_OR_RETURN(auto specs, events::ParseSinkSpecs(c));
  CONFIDE_ASSIGN_OR_RETURN(auto retention, events::ParseDuration(c.events_retention));
  stream.recorder = std::make_unique<events::OutboxRecorder>(ids);
  stream.relay = std::make_unique<events::Relay>(
      db, clock, events::RetentionOptions{.age = retention}, &metrics);
  for (const auto& spec : specs) {
    auto sink = events::MakeSink(spec, c);
    if (!sink.ok()) {
      return Error::BadRequest("event sink " + spec.name + std::string(": ") +
                               sink.error().message());
    }
    stream.relay->AddSink(spec.name, std::move(*sink), {.batch_size = c.events_batch});
    spdlog::info(R"("msg":"event sink","name":{},"target":{})", core::JsonQuote(spec.name),
                 core::JsonQuote(spec.target));
  }
  return stream;
}

}  // namespace

int RunServe(core::Config config) {
  // Before any thread starts (the logger's among them), so that every thread inherits the
  // mask and the signals reach only the main thread.
  const core::ShutdownSignals signals;
  if (config.node_id.empty()) config.node_id = DefaultNodeId(HostName(), config.port);
  core::InitLogging(config.log_level, config.node_id);
  const std::size_t open_files = RaiseOpenFileLimit();
  if (auto dev = ApplyDevMode(config); !dev.ok()) {
    std::cerr << "confide: " << dev.error().message() << std::endl;
    return 2;
  }
  auto proxies = http::TrustedProxies::Parse(config.trusted_proxies);
  if (!proxies.ok()) {
    std::cerr << "confide: --trusted-proxies: " << proxies.error().message() << std::endl;
    return 2;
  }
  core::SystemClock clock;
  core::Metrics metrics;
  metrics.AddGauge("confide_node_info", "The node's name (--node-id), as a label; always 1.",
                   [] { return 1.0; }, {{"node", config.node_id}});
  auto verifier = MakeVerifier(config, clock);
  if (!verifier.ok()) {
    std::cerr << "confide: " << verifier.error().message() << std::endl;
    return 2;
  }
  // A cluster's nodes share one PostgreSQL database; a SQLite file is one node's.
  if (!config.nats.empty() && store::BackendOf(config.db_path) != store::Backend::kPostgres) {
    std::cerr << "confide: --nats (a cluster of nodes) needs a PostgreSQL --db, not the SQLite "
                 "file "
              << config.db_path << std::endl;
    return 2;
  }
  auto db =
      store::OpenDatabase({.location = config.db_path,
                           .readers = config.db_readers,
                           .writers = config.db_writers,
                           .max_batch = config.db_max_batch,
                           .commit_window = std::chrono::microseconds(config.commit_window_us),
                           .file_mode = config.data_file_mode,
                           .max_queued_jobs = config.db_max_queued_jobs,
                           .metrics = &metrics});
  if (!db.ok()) {
    std::cerr << "confide: cannot open the database " << store::DisplayName(config.db_path) << ": "
              << db.error().message() << std::endl;
    return 2;
  }
  WarnOfWideDataFiles(config);
  core::IdGenerator ids(clock);
  domain::MessagingService service(clock, ids, {.max_content_length = config.max_content_length},
                                   config.auto_provision);
  auto stream = MakeEventStream(config, **db, ids, clock, metrics);
  if (!stream.ok()) {
    std::cerr << "confide: " << stream.error().message() << std::endl;
    (*db)->Stop();
    return 2;
  }
  // Every change in a conversation goes into its log; with an event stream, into the outbox too.
  api::ConversationLogRecorder conversation_log;
  service.AddEventRecorder(&conversation_log);
  if (stream->recorder) service.AddEventRecorder(stream->recorder.get());
  api::Authenticator authenticator(*verifier, config.admin_key);
  RateLimits limits(config, clock, metrics);
  api::ServiceCalls calls(**db, service, authenticator,
                          {.messages = &limits.messages, .other = &limits.writes});

  auto router = std::make_shared<http::Router>();
  auto server = std::make_unique<http::Server>(
      MakeServerOptions(config, open_files, std::move(*proxies)), router, metrics);
  const auto shards = server->io_contexts();
  // This process's name in the cluster: a node restarted under the same id is another member.
  const std::string cluster_node = config.node_id + "/" + core::RandomHex(8);
  std::unique_ptr<cluster::NatsBus> bus;
  if (!config.nats.empty()) {
    auto connected = cluster::NatsBus::Connect(
        {.urls = config.nats, .node_id = config.node_id, .node = cluster_node});
    if (!connected.ok()) {
      std::cerr << "confide: --nats: " << connected.error().message() << std::endl;
      (*db)->Stop();
      return 2;
    }
    bus = std::move(*connected);
  }
  Gateway gateway(config, shards, **db, service, authenticator, clock,
                  GatewayOptionsOf(config, limits, cluster_node), bus.get());
  calls.SetChangeListener([&realtime = *gateway.realtime, relay = stream->relay.get()](
                              const std::vector<domain::DomainEvent>& events) {
    realtime.Publish(events);
    if (relay != nullptr) relay->Wake();
  });

  api::AddConversationRoutes(*router, calls);
  api::AddMessageRoutes(*router, calls);
  api::AddBlockRoutes(*router, calls);
  api::AddSearchRoutes(*router, calls);
  api::AddAdminRoutes(*router, calls);
  api::AddCommunityRoutes(*router, calls, [&realtime = *gateway.realtime](domain::RoomEvent e) {
    realtime.Publish(e);
  });
  api::AddWebhookRoutes(*router, calls, clock, {config.clerk_webhook_secret});
  api::AddOperationsRoutes(*router, **db, metrics, clock);
  api::AddWebRoutes(*router);
  if (config.dev) api::AddDevRoutes(*router, DevMinter(config));
  gateway.engine->AddRoutes(*router);
  realtime::AddGatewayStatsRoute(*router, calls, *gateway.stats);

  try {
    server->Start();
  } catch (const std::exception& e) {
    std::cerr << "confide: " << e.what() << std::endl;
    if (bus) bus->Close();
    return 2;
  }
  if (bus) gateway.stats->ShareWith(*bus, config.node_id);
  gateway.stats->Start(metrics);
  if (stream->relay) stream->relay->Start();
  spdlog::info(R"("msg":"listening","host":{},"port":{},"database":{},"dev":{})",
               core::JsonQuote(config.host), server->port(),
               core::JsonQuote(store::DisplayName(config.db_path)), config.dev);
  if (config.dev) PrintDevWelcome(config, server->port());

  const int signal = signals.Wait();
  spdlog::info(R"("msg":"shutting down","signal":{},"inFlight":{})", signal, server->in_flight());
  server->StopAccepting();
  gateway.engine->CloseAll("server shutting down");
  const bool idle = server->WaitIdle(std::chrono::seconds(config.shutdown_grace_seconds));
  // The sinks save their positions, the gateway stops reading on its own, then the database
  // finishes its last writes.
  if (stream->relay) stream->relay->Stop();
  gateway.realtime->Stop();
  (*db)->Stop();
  if (bus) bus->Close();
  server->Stop();
  // What the I/O threads' io_contexts hold goes with them, before the gateway it refers to.
  gateway.stats.reset();
  gateway.engine->DropAll();
  server.reset();
  spdlog::info(R"("msg":"stopped","drained":{})", idle);
  core::ShutdownLogging();
  return 0;
}

}  // namespace confide::cli
