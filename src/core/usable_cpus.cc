#include "core/usable_cpus.h"

#include <sched.h>

#include <algorithm>
#include <thread>

namespace confide::core {

int UsableCpus() {
  cpu_set_t mask;
  CPU_ZERO(&mask);
  if (sched_getaffinity(0, sizeof(mask), &mask) == 0) {
    if (const int count = CPU_COUNT(&mask); count > 0) return count;
  }
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace confide::core
