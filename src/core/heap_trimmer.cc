#include "core/heap_trimmer.h"

#include <malloc.h>

#include <algorithm>

namespace confide::core {

HeapTrimmer::HeapTrimmer(Options options, std::function<void()> trim)
    : options_(options), trim_(std::move(trim)) {
  if (!trim_) trim_ = [] { malloc_trim(0); };
}

bool HeapTrimmer::Observe(std::int64_t load) {
  peak_ = std::max(peak_, load);
  const std::int64_t drop = peak_ - load;
  if (drop < options_.min_drop || load > peak_ / 2) return false;
  trim_();
  peak_ = load;
  return true;
}

}  // namespace confide::core
