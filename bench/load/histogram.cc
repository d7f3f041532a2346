// Latency histogram (see histogram.h).

#include "histogram.h"

#include <cmath>

namespace confide::load {

void Histogram::Add(double ms) {
  static const double kBase = std::log(1.005);
  const double us = ms * 1000;
  std::size_t bucket = 0;
  if (us > 1) {
    const double b = std::ceil(std::log(us) / kBase);
    bucket = b >= static_cast<double>(kBuckets - 1) ? kBuckets - 1 : static_cast<std::size_t>(b);
  }
  ++counts_[bucket];
}

void Histogram::Merge(const Histogram& other) {
  for (std::size_t i = 0; i < kBuckets; ++i) counts_[i] += other.counts_[i];
}

std::uint64_t Histogram::Count() const {
  std::uint64_t n = 0;
  for (const auto c : counts_) n += c;
  return n;
}

void Histogram::AppendSparseJson(std::string& out) const {
  out += '[';
  bool first = true;
  for (std::size_t i = 0; i < kBuckets; ++i) {
    if (counts_[i] == 0) continue;
    if (!first) out += ',';
    first = false;
    out += '[';
    out += std::to_string(i);
    out += ',';
    out += std::to_string(counts_[i]);
    out += ']';
  }
  out += ']';
}

}  // namespace confide::load
