#pragma once

// The gateway's figures for operators: connections by transport, authenticated users,
// sockets, rooms, events in and out (totals and per second over the last second),
// handshakes, upgrades, slow-consumer disconnects and heartbeat timeouts. Served at
// GET /admin/websocket/stats (administrators) and as confide_gateway_* series in /metrics.
// In a cluster, the figures are every node's, with their totals (ClusterStats).
// Each sample also shows the open connections to a HeapTrimmer: once a burst of them has
// gone, the memory they held is given back to the system.
//
// Thread-safety: Start on the owner's thread; the rates are sampled once a second on one
// I/O thread (where the trimmer runs too); Snapshot from any thread.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <string>

#include "api/service_calls.h"
#include "core/heap_trimmer.h"
#include "core/metrics.h"
#include "engineio/server.h"
#include "http/router.h"
#include "realtime/cluster_stats.h"
#include "realtime/gateway.h"
#include "socketio/server.h"

namespace confide::realtime {

class GatewayStats {
 public:
  GatewayStats(const engineio::Server& engine, const socketio::Server& io, const Gateway& gateway,
               boost::asio::io_context& ticker);

  // Starts sampling the rates, and registers the /metrics series.
  void Start(core::Metrics& metrics);
  void Stop() { timer_.cancel(); }
  // In a cluster: shares this node's figures on `bus` each second, and answers for them all.
  void ShareWith(DeliveryBus& bus, const std::string& node_id);
  boost::json::object Snapshot() const;

 private:
  void Sample();
  boost::json::object Local() const;

  const engineio::Server& engine_;
  const socketio::Server& io_;
  const Gateway& gateway_;
  boost::asio::steady_timer timer_;
  core::HeapTrimmer trimmer_{{}};
  std::uint64_t last_in_ = 0;
  std::uint64_t last_out_ = 0;
  std::atomic<std::uint64_t> in_per_second_{0};
  std::atomic<std::uint64_t> out_per_second_{0};
  std::unique_ptr<ClusterStats> cluster_;  // set before Start
};

// GET /admin/websocket/stats, for administrators.
void AddGatewayStatsRoute(http::Router& router, const api::ServiceCalls& calls,
                          const GatewayStats& stats);

}  // namespace confide::realtime
