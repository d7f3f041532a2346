#pragma once

// The server's Prometheus series on a core::Metrics registry:
//   confide_http_requests_total{method,route,status}      counter
//   confide_http_request_duration_seconds{route}           histogram (core::LatencyBuckets)
//   confide_http_connections                               gauge, open connections
//   confide_http_requests_in_flight                        gauge, read but not yet written back
//   confide_http_connections_refused_total{reason}         counter, closed at accept: "total"
//                                                          or "per_address" (ConnectionLimits)
// `route` is the matched pattern, or "unmatched", so label sets stay bounded whatever the
// clients send.
//
// Thread-safety: every method may be called from any thread. Record takes the registry's lock
// only the first time a ThreadCache meets a (method, route, status); each I/O thread owns one
// ThreadCache, so the request path is otherwise lock-free.

#include <atomic>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/metrics.h"
#include "http/connection_limits.h"
#include "http/router.h"
#include "http/types.h"

namespace confide::http {

class RequestMetrics {
 public:
  // Counters one I/O thread has already looked up. Used by one thread only.
  class ThreadCache {
   private:
    friend class RequestMetrics;
    std::unordered_map<std::uint64_t, core::Counter*> counters_;
  };

  RequestMetrics(core::Metrics& metrics, std::shared_ptr<const Router> router);
  // Registers the per-route series, once the routes are all known (the server's Start).
  void Prepare();

  // `route_id` is Router::Match::route_id (-1: unmatched).
  void Record(ThreadCache& cache, Verb method, int route_id, HttpStatus status, double seconds);

  void ConnectionRefused(ConnectionLimits::Refusal reason) {
    (reason == ConnectionLimits::Refusal::kTotal ? refused_total_ : refused_per_address_)->Add();
  }
  void ConnectionOpened() { live_->connections.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { live_->connections.fetch_sub(1, std::memory_order_relaxed); }
  void RequestStarted() { live_->in_flight.fetch_add(1, std::memory_order_relaxed); }
  void RequestFinished() { live_->in_flight.fetch_sub(1, std::memory_order_acq_rel); }
  std::int64_t in_flight() const { return live_->in_flight.load(std::memory_order_acquire); }
  std::int64_t connections() const { return live_->connections.load(std::memory_order_relaxed); }

 private:
  // Shared with the gauge readers registered on the registry, which may outlive this object.
  struct Live {
    std::atomic<std::int64_t> connections{0};
    std::atomic<std::int64_t> in_flight{0};
  };

  core::Counter& LookUpCounter(Verb method, int route_id, HttpStatus status);
  const std::string& RouteLabel(int route_id) const;

  core::Metrics& metrics_;
  std::shared_ptr<const Router> router_;
  std::vector<core::Histogram*> durations_;  // by route_id + 1; [0] is "unmatched"
  core::Counter* refused_total_;
  core::Counter* refused_per_address_;
  std::shared_ptr<Live> live_;
};

}  // namespace confide::http
