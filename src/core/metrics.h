#pragma once

// Prometheus counters and histograms, registered once at start-up and updated lock-free from
// any thread. Render() writes the text exposition format (version 0.0.4) for GET /metrics.
// Thread-safety: Register* take a lock and may be called from any thread; updates on a
// returned Counter or Histogram are atomic; Render() may run concurrently with updates.

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace confide::core {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(std::uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::uint64_t> value_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double v);
  const std::vector<double>& bounds() const { return bounds_; }
  // Cumulative count for bucket i (i == bounds().size() is +Inf), the sum and the count.
  std::uint64_t CumulativeCount(std::size_t i) const;
  double sum() const;
  std::uint64_t count() const { return count_.load(std::memory_order_relaxed); }

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;
  std::atomic<std::uint64_t> count_{0};
  std::atomic<std::uint64_t> sum_micros_{0};  // sum scaled by 1e6, to stay an integer atomic
};

class Metrics {
 public:
  // Returns the counter for (name, labels), creating it on first use. The reference stays
  // valid for the registry's lifetime.
  Counter& GetCounter(const std::string& name, const std::string& help, const Labels& labels = {});
  Histogram& GetHistogram(const std::string& name, const std::string& help,
                          const std::vector<double>& bounds, const Labels& labels = {});
  // A value read at render time (queue depths, connection counts).
  void AddGauge(const std::string& name, const std::string& help, std::function<double()> read,
                const Labels& labels = {});

  // A counter kept elsewhere (a protocol layer's own atomics), read at render time.
  void AddCounterFunction(const std::string& name, const std::string& help,
                          std::function<double()> read, const Labels& labels = {});
  std::string Render() const;

 private:
  struct Family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<Counter>> counters;  // key: rendered labels
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
    std::map<std::string, std::function<double()>> gauges;
  };
  Family& FamilyFor(const std::string& name, const std::string& help, const char* type);

  mutable std::mutex mu_;
  std::map<std::string, Family> families_;
};

// Latency buckets in seconds, from 100 µs to 10 s.
std::vector<double> LatencyBuckets();

}  // namespace confide::core
