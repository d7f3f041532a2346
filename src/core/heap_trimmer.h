#pragma once

// Gives memory the process has freed back to the system. glibc's malloc keeps what is freed
// for reuse, so once a flood of connections or sessions has ended the process stays at its
// peak size; malloc_trim(0) returns every free page, in the middle of the heaps too.
//
// Observe is told a load figure (open connections, say) at a steady pace. Once the load has
// fallen to half its peak since the last trim, and by at least `min_drop`, it trims, once:
// a burst that ended. A steady load never trims, so the call stays off the busy path.
//
// Thread-safety: none; one caller (a periodic timer on one thread).

#include <cstdint>
#include <functional>

namespace confide::core {

class HeapTrimmer {
 public:
  struct Options {
    std::int64_t min_drop = 256;
  };
  // `trim` returns the memory; by default malloc_trim(0).
  explicit HeapTrimmer(Options options, std::function<void()> trim = {});

  // Notes the current load; true when it trimmed.
  bool Observe(std::int64_t load);

 private:
  Options options_;
  std::function<void()> trim_;
  std::int64_t peak_ = 0;
};

}  // namespace confide::core
