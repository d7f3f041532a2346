#pragma once

// Latency histogram with the buckets of bench/gateway/lib.mjs's `Histogram`, so that
// fanout.mjs merges and summarizes what confide_load counted: 3700 logarithmic buckets 0.5%
// wide; a latency of `us` microseconds falls in bucket ceil(ln(us) / ln(1.005)), 0 when
// us <= 1, the last bucket when beyond.

#include <cstdint>
#include <string>
#include <vector>

namespace confide::load {

class Histogram {
 public:
  static constexpr std::size_t kBuckets = 3700;

  Histogram() : counts_(kBuckets, 0) {}

  // `ms`: a latency in milliseconds.
  void Add(double ms);
  void Merge(const Histogram& other);
  std::uint64_t Count() const;

  // The non-empty buckets as a JSON array of [bucket,count] pairs.
  void AppendSparseJson(std::string& out) const;

 private:
  std::vector<std::uint64_t> counts_;
};

}  // namespace confide::load
