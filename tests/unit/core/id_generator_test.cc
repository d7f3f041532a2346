#include "core/id_generator.h"

#include <gtest/gtest.h>

#include <set>

namespace confide::core {
namespace {

TEST(IdGenerator, IdsArePrefixedUlidsInCreationOrder) {
  ManualClock clock(1'700'000'000'000);
  IdGenerator ids(clock);
  std::string previous;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    if (i % 100 == 0) clock.Advance(1);
    const std::string id = ids.Next("msg_");
    ASSERT_EQ(id.size(), 4u + 26u);
    ASSERT_EQ(id.rfind("msg_", 0), 0u);
    ASSERT_LT(previous, id) << "ids must sort in creation order, also within one millisecond";
    seen.insert(id);
    previous = id;
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(IdGenerator, EncodesItsTime) {
  ManualClock clock(1'704'110'400'123);
  IdGenerator ids(clock);
  EXPECT_EQ(IdGenerator::TimeOf(ids.Next("conv_")), 1'704'110'400'123);
  EXPECT_EQ(IdGenerator::TimeOf("conv_nope"), -1);
  EXPECT_EQ(IdGenerator::TimeOf("conv_0000000000000000000000000U"), -1);  // U is not Crockford
}

TEST(IdGenerator, ClockGoingBackwardsKeepsOrder) {
  ManualClock clock(2'000'000);
  IdGenerator ids(clock);
  const auto a = ids.Next("x_");
  clock.Set(1'000'000);
  const auto b = ids.Next("x_");
  EXPECT_LT(a, b);
}

}  // namespace
}  // namespace confide::core
