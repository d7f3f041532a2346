#include "realtime/gateway_stats.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "api/admin_routes.h"

namespace confide::realtime {
namespace {

double Load(const std::atomic<std::int64_t>& value) {
  return static_cast<double>(value.load(std::memory_order_relaxed));
}
double Load(const std::atomic<std::uint64_t>& value) {
  return static_cast<double>(value.load(std::memory_order_relaxed));
}

}  // namespace

GatewayStats::GatewayStats(const engineio::Server& engine, const socketio::Server& io,
                           const Gateway& gateway, boost::asio::io_context& ticker)
    : engine_(engine), io_(io), gateway_(gateway), timer_(ticker) {}

void GatewayStats::Start(core::Metrics& metrics) {
  const auto& e = engine_.stats();
  metrics.AddGauge("confide_gateway_connections", "Open Socket.IO connections, by transport",
                   [&e] { return Load(e.polling_sessions); }, {{"transport", "polling"}});
  metrics.AddGauge("confide_gateway_connections", "Open Socket.IO connections, by transport",
                   [&e] { return Load(e.websocket_sessions); }, {{"transport", "websocket"}});
  metrics.AddGauge("confide_gateway_users", "Users with at least one authenticated socket",
                   [this] { return static_cast<double>(gateway_.online_users()); });
  metrics.AddGauge("confide_gateway_sockets", "Sockets connected to a namespace",
                   [this] { return static_cast<double>(io_.totals().sockets); });
  metrics.AddGauge("confide_gateway_rooms", "Rooms with at least one socket",
                   [this] { return static_cast<double>(gateway_.rooms()); });
  metrics.AddCounterFunction("confide_gateway_events_in_total", "Events received from clients",
                             [this] { return static_cast<double>(io_.totals().events_in); });
  metrics.AddCounterFunction("confide_gateway_packets_out_total",
                             "Packets delivered to sockets (one per recipient)",
                             [this] { return static_cast<double>(io_.totals().packets_out); });
  metrics.AddCounterFunction("confide_gateway_handshakes_total", "Engine.IO sessions opened",
                             [&e] { return Load(e.handshakes); });
  metrics.AddCounterFunction("confide_gateway_upgrades_total",
                             "Connections upgraded from polling to WebSocket",
                             [&e] { return Load(e.upgrades); });
  metrics.AddCounterFunction("confide_gateway_slow_consumer_disconnects_total",
                             "Connections closed for falling too far behind",
                             [&e] { return Load(e.slow_consumers); });
  metrics.AddCounterFunction("confide_gateway_heartbeat_timeouts_total",
                             "Connections closed for not answering a ping",
                             [&e] { return Load(e.heartbeat_timeouts); });
  Sample();
}

void GatewayStats::Sample() {
  const auto& e = engine_.stats();
  const auto connections = e.polling_sessions.load(std::memory_order_relaxed) +
                           e.websocket_sessions.load(std::memory_order_relaxed);
  const auto started = std::chrono::steady_clock::now();
  if (trimmer_.Observe(connections)) {
    const std::chrono::duration<double, std::milli> took =
        std::chrono::steady_clock::now() - started;
    spdlog::info(R"("msg":"memory given back","connections":{},"ms":{:.1f})", connections,
                 took.count());
  }
  const auto totals = io_.totals();
  in_per_second_.store(totals.events_in - last_in_, std::memory_order_relaxed);
  out_per_second_.store(totals.packets_out - last_out_, std::memory_order_relaxed);
  last_in_ = totals.events_in;
  last_out_ = totals.packets_out;
  if (cluster_) cluster_->Share(Local());
  timer_.expires_after(std::chrono::seconds(1));
  timer_.async_wait([this](boost::system::error_code ec) {
    if (!ec) Sample();
  });
}

void GatewayStats::ShareWith(DeliveryBus& bus, const std::string& node_id) {
  cluster_ = std::make_unique<ClusterStats>(bus, node_id);
}

boost::json::object GatewayStats::Snapshot() const {
  if (cluster_) return cluster_->Merge(Local(), gateway_.users_anywhere());
  return Local();
}

boost::json::object GatewayStats::Local() const {
  const auto& e = engine_.stats();
  const auto totals = io_.totals();
  const auto polling = e.polling_sessions.load(std::memory_order_relaxed);
  const auto websocket = e.websocket_sessions.load(std::memory_order_relaxed);
  return {
      {"connections",
       {{"total", polling + websocket}, {"polling", polling}, {"websocket", websocket}}},
      {"authenticatedUsers", gateway_.online_users()},
      {"sockets", totals.sockets},
      {"rooms", gateway_.rooms()},
      {"eventsIn",
       {{"total", totals.events_in},
        {"perSecond", in_per_second_.load(std::memory_order_relaxed)}}},
      {"eventsOut",
       {{"total", totals.packets_out},
        {"perSecond", out_per_second_.load(std::memory_order_relaxed)}}},
      {"handshakes", e.handshakes.load(std::memory_order_relaxed)},
      {"upgrades", e.upgrades.load(std::memory_order_relaxed)},
      {"slowConsumerDisconnects", e.slow_consumers.load(std::memory_order_relaxed)},
      {"heartbeatTimeouts", e.heartbeat_timeouts.load(std::memory_order_relaxed)},
  };
}

void AddGatewayStatsRoute(http::Router& router, const api::ServiceCalls& calls,
                          const GatewayStats& stats) {
  api::AddAdminRoute(router, calls, http::Verb::get, "/admin/websocket/stats",
                     [&stats](const api::ServiceCalls& calls, const http::ExchangePtr& ex,
                              api::AdminCaller caller) {
                       api::RunAsAdmin(
                           calls, ex, std::move(caller),
                           [&stats](store::Transaction&) -> Result<boost::json::value> {
                             return boost::json::value(stats.Snapshot());
                           },
                           http::HttpStatus::ok);
                     });
}

}  // namespace confide::realtime
