#include "core/heap_trimmer.h"

#include <gtest/gtest.h>

// When memory is given back: once a burst of load has ended, never while the load is steady.
namespace confide::core {
namespace {

TEST(HeapTrimmer, TrimsOnceABurstHasEnded) {
  int trims = 0;
  HeapTrimmer trimmer({.min_drop = 100}, [&] { ++trims; });
  for (const std::int64_t load : {0, 50, 400, 1000, 900, 600}) EXPECT_FALSE(trimmer.Observe(load));
  EXPECT_TRUE(trimmer.Observe(500));  // half the peak, and 500 fewer
  EXPECT_EQ(trims, 1);
  // The peak starts again from there: staying low does not trim again.
  for (const std::int64_t load : {500, 450, 420, 500}) EXPECT_FALSE(trimmer.Observe(load));
  EXPECT_TRUE(trimmer.Observe(0));
  EXPECT_EQ(trims, 2);
}

TEST(HeapTrimmer, ASmallOrSteadyLoadNeverTrims) {
  int trims = 0;
  HeapTrimmer trimmer({.min_drop = 100}, [&] { ++trims; });
  for (int i = 0; i < 100; ++i) {
    trimmer.Observe(150);
    trimmer.Observe(60);  // more than half gone, but fewer than min_drop
  }
  for (int i = 0; i < 100; ++i) trimmer.Observe(5000 + i % 7);
  EXPECT_EQ(trims, 0);
}

TEST(HeapTrimmer, CallsMallocTrimByDefault) {
  HeapTrimmer trimmer({.min_drop = 1});
  EXPECT_FALSE(trimmer.Observe(10));
  EXPECT_TRUE(trimmer.Observe(0));
}

}  // namespace
}  // namespace confide::core
