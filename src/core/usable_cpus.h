#pragma once

// How many CPUs this process may run on: its affinity mask (taskset, a container's cpuset),
// which std::thread::hardware_concurrency() ignores. A CPU quota (cgroup cpu.max) is not an
// affinity and is not counted.
// Thread-safety: any thread; it reads the calling thread's mask.

namespace confide::core {

// At least 1. Falls back to hardware_concurrency() if the mask cannot be read.
int UsableCpus();

}  // namespace confide::core
