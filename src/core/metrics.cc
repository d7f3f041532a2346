#include "core/metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace confide::core {
namespace {

std::string EscapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string RenderLabels(const Labels& labels) {
  std::string out;
  for (const auto& [k, v] : labels) {
    if (!out.empty()) out.push_back(',');
    out += fmt::format("{}=\"{}\"", k, EscapeLabel(v));
  }
  return out;
}

std::string WithLabels(const std::string& name, const std::string& labels,
                       const std::string& extra = "") {
  std::string all = labels;
  if (!extra.empty()) all += (all.empty() ? "" : ",") + extra;
  return all.empty() ? name : fmt::format("{}{{{}}}", name, all);
}

std::string FormatNumber(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", v);
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      buckets_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double v) {
  std::size_t i = 0;
  while (i < bounds_.size() && v > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  sum_micros_.fetch_add(static_cast<std::uint64_t>(std::llround(std::max(v, 0.0) * 1e6)),
                        std::memory_order_relaxed);
}

std::uint64_t Histogram::CumulativeCount(std::size_t i) const {
  std::uint64_t total = 0;
  for (std::size_t k = 0; k <= i && k <= bounds_.size(); ++k) {
    total += buckets_[k].load(std::memory_order_relaxed);
  }
  return total;
}

double Histogram::sum() const {
  return static_cast<double>(sum_micros_.load(std::memory_order_relaxed)) / 1e6;
}

Metrics::Family& Metrics::FamilyFor(const std::string& name, const std::string& help,
                                    const char* type) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.help = help;
    it->second.type = type;
  } else if (it->second.type != type) {
    throw std::logic_error("metric " + name + " registered with two types");
  }
  return it->second;
}

Counter& Metrics::GetCounter(const std::string& name, const std::string& help,
                             const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& family = FamilyFor(name, help, "counter");
  auto& slot = family.counters[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Counter>();
  return *slot;
}

Histogram& Metrics::GetHistogram(const std::string& name, const std::string& help,
                                 const std::vector<double>& bounds, const Labels& labels) {
  std::lock_guard lock(mu_);
  auto& family = FamilyFor(name, help, "histogram");
  auto& slot = family.histograms[RenderLabels(labels)];
  if (!slot) slot = std::make_unique<Histogram>(bounds);
  return *slot;
}

void Metrics::AddGauge(const std::string& name, const std::string& help,
                       std::function<double()> read, const Labels& labels) {
  std::lock_guard lock(mu_);
  FamilyFor(name, help, "gauge").gauges[RenderLabels(labels)] = std::move(read);
}

void Metrics::AddCounterFunction(const std::string& name, const std::string& help,
                                 std::function<double()> read, const Labels& labels) {
  std::lock_guard lock(mu_);
  FamilyFor(name, help, "counter").gauges[RenderLabels(labels)] = std::move(read);
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  for (const auto& [name, f] : families_) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, f.help, name, f.type);
    for (const auto& [labels, c] : f.counters) {
      out += fmt::format("{} {}\n", WithLabels(name, labels), c->value());
    }
    for (const auto& [labels, read] : f.gauges) {
      out += fmt::format("{} {}\n", WithLabels(name, labels), FormatNumber(read()));
    }
    for (const auto& [labels, h] : f.histograms) {
      const auto& b = h->bounds();
      for (std::size_t i = 0; i <= b.size(); ++i) {
        const std::string le =
            fmt::format("le=\"{}\"", i < b.size() ? FormatNumber(b[i]) : std::string("+Inf"));
        out +=
            fmt::format("{} {}\n", WithLabels(name + "_bucket", labels, le), h->CumulativeCount(i));
      }
      out += fmt::format("{} {}\n", WithLabels(name + "_sum", labels), FormatNumber(h->sum()));
      out += fmt::format("{} {}\n", WithLabels(name + "_count", labels), h->count());
    }
  }
  return out;
}

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

}  // namespace confide::core
