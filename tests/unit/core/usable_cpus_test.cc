#include "core/usable_cpus.h"

#include <gtest/gtest.h>
#include <sched.h>

#include <thread>

namespace confide::core {
namespace {

TEST(UsableCpus, CountsTheCpusTheAffinityAllows) {
  // On a thread of its own, held to one CPU of those the process may use.
  int seen = 0;
  int all = 0;
  std::thread([&] {
    all = UsableCpus();
    cpu_set_t mask;
    CPU_ZERO(&mask);
    ASSERT_EQ(sched_getaffinity(0, sizeof(mask), &mask), 0);
    int first = 0;
    while (!CPU_ISSET(first, &mask)) ++first;
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(first, &one);
    ASSERT_EQ(sched_setaffinity(0, sizeof(one), &one), 0);
    seen = UsableCpus();
  }).join();
  EXPECT_EQ(seen, 1);
  EXPECT_GE(all, 1);
  EXPECT_LE(all, static_cast<int>(std::max(1U, std::thread::hardware_concurrency())));
}

}  // namespace
}  // namespace confide::core
