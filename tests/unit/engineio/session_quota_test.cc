#include "engineio/session_quota.h"

#include <gtest/gtest.h>

// Places for sessions, per client address and in total.
namespace confide::engineio {
namespace {

TEST(SessionQuota, RefusesAnAddressOverItsLimitButNotTheOthers) {
  SessionQuota quota(/*max_total=*/10, /*max_per_address=*/2);
  EXPECT_FALSE(quota.Take("10.0.0.1"));
  EXPECT_FALSE(quota.Take("10.0.0.1"));
  EXPECT_EQ(quota.Take("10.0.0.1"), SessionQuota::Refusal::kPerAddress);
  EXPECT_FALSE(quota.Take("10.0.0.2"));
  EXPECT_EQ(quota.of("10.0.0.1"), 2u);
  EXPECT_EQ(quota.total(), 3u);

  quota.Give("10.0.0.1");
  EXPECT_FALSE(quota.Take("10.0.0.1"));
  EXPECT_EQ(quota.total(), 3u);
}

TEST(SessionQuota, RefusesEveryoneAtTheTotal) {
  SessionQuota quota(/*max_total=*/3, /*max_per_address=*/2);
  EXPECT_FALSE(quota.Take("a"));
  EXPECT_FALSE(quota.Take("b"));
  EXPECT_FALSE(quota.Take("c"));
  EXPECT_EQ(quota.Take("d"), SessionQuota::Refusal::kTotal);
  EXPECT_EQ(quota.Take("a"), SessionQuota::Refusal::kTotal);
  quota.Give("b");
  EXPECT_FALSE(quota.Take("d"));
}

TEST(SessionQuota, ForgetsAddressesWithNoSessionLeft) {
  SessionQuota quota(10, 1);
  EXPECT_FALSE(quota.Take("a"));
  quota.Give("a");
  quota.Give("a");  // more than taken: ignored
  EXPECT_EQ(quota.of("a"), 0u);
  EXPECT_EQ(quota.total(), 0u);
  EXPECT_FALSE(quota.Take("a"));
}

}  // namespace
}  // namespace confide::engineio
