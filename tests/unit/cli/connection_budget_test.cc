#include "cli/connection_budget.h"

#include <gtest/gtest.h>

#include <limits>

namespace confide::cli {
namespace {

TEST(ConnectionBudgetTest, TheDefaultIsTheOpenFileLimitLessTheReserve) {
  EXPECT_EQ(ConnectionBudget(0, 20'000), 20'000 - kReservedDescriptors);
  EXPECT_EQ(ConnectionBudget(0, 1'048'576), 1'048'576 - kReservedDescriptors);
}

TEST(ConnectionBudgetTest, AConfiguredCapIsKeptBelowTheLimitLessTheReserve) {
  EXPECT_EQ(ConnectionBudget(5'000, 20'000), 5'000u);
  EXPECT_EQ(ConnectionBudget(50'000, 20'000), 20'000 - kReservedDescriptors);
}

TEST(ConnectionBudgetTest, ASmallLimitKeepsHalfForTheProcess) {
  EXPECT_EQ(ConnectionBudget(0, 256), 128u);
  EXPECT_EQ(ConnectionBudget(1'000, 256), 128u);
  EXPECT_EQ(ConnectionBudget(0, 1), 1u);
}

TEST(ConnectionBudgetTest, NoKnownLimitLeavesTheConfiguredCap) {
  EXPECT_EQ(ConnectionBudget(0, 0), 0u);
  EXPECT_EQ(ConnectionBudget(300, std::numeric_limits<std::size_t>::max()), 300u);
}

}  // namespace
}  // namespace confide::cli
