#include "http/request_metrics.h"

#include <string>

namespace confide::http {
namespace {

const std::string kUnmatched = "unmatched";
constexpr const char* kRequestsTotal = "confide_http_requests_total";
constexpr const char* kDuration = "confide_http_request_duration_seconds";
constexpr const char* kRefused = "confide_http_connections_refused_total";
constexpr const char* kRefusedHelp = "Connections closed at accept, by the cap they would cross";

std::uint64_t CacheKey(Verb method, int route_id, HttpStatus status) {
  return (static_cast<std::uint64_t>(route_id + 1) << 24) |
         (static_cast<std::uint64_t>(method) << 12) | static_cast<std::uint64_t>(status);
}

}  // namespace

RequestMetrics::RequestMetrics(core::Metrics& metrics, std::shared_ptr<const Router> router)
    : metrics_(metrics),
      router_(std::move(router)),
      refused_total_(&metrics_.GetCounter(kRefused, kRefusedHelp, {{"reason", "total"}})),
      refused_per_address_(
          &metrics_.GetCounter(kRefused, kRefusedHelp, {{"reason", "per_address"}})),
      live_(std::make_shared<Live>()) {
  metrics_.AddGauge("confide_http_connections", "Open HTTP connections",
                    [live = live_] { return static_cast<double>(live->connections.load()); });
  metrics_.AddGauge("confide_http_requests_in_flight", "HTTP requests not yet answered",
                    [live = live_] { return static_cast<double>(live->in_flight.load()); });
}

const std::string& RequestMetrics::RouteLabel(int route_id) const {
  return route_id < 0 ? kUnmatched : router_->pattern(route_id);
}

core::Counter& RequestMetrics::LookUpCounter(Verb method, int route_id, HttpStatus status) {
  return metrics_.GetCounter(kRequestsTotal, "HTTP requests answered",
                             {{"method", std::string(boost::beast::http::to_string(method))},
                              {"route", RouteLabel(route_id)},
                              {"status", std::to_string(static_cast<unsigned>(status))}});
}

void RequestMetrics::Record(ThreadCache& cache, Verb method, int route_id, HttpStatus status,
                            double seconds) {
  auto [it, inserted] = cache.counters_.try_emplace(CacheKey(method, route_id, status), nullptr);
  if (inserted) it->second = &LookUpCounter(method, route_id, status);
  it->second->Add();
  const auto slot = static_cast<std::size_t>(route_id + 1);
  durations_[slot < durations_.size() ? slot : 0]->Observe(seconds);
}

void RequestMetrics::Prepare() {
  durations_.clear();
  durations_.reserve(router_->route_count() + 1);
  for (int id = -1; id < static_cast<int>(router_->route_count()); ++id) {
    durations_.push_back(&metrics_.GetHistogram(kDuration, "Time to answer an HTTP request",
                                                core::LatencyBuckets(),
                                                {{"route", RouteLabel(id)}}));
  }
}

}  // namespace confide::http
