#include "core/token_bucket.h"

#include <gtest/gtest.h>

namespace confide::core {
namespace {

constexpr EpochMillis kStart = 1'700'000'000'000;

TEST(TokenBucket, AllowsTheBurstAtOnceThenTheRate) {
  const Rate rate{10, 30};
  TokenBucket bucket(rate, kStart);
  for (int i = 0; i < 30; ++i) ASSERT_EQ(bucket.Take(rate, kStart), 0) << i;
  EXPECT_EQ(bucket.Take(rate, kStart), 100);  // one token every 100 ms
  EXPECT_EQ(bucket.Take(rate, kStart + 60), 40);
  EXPECT_EQ(bucket.Take(rate, kStart + 100), 0);
  EXPECT_EQ(bucket.Take(rate, kStart + 100), 100);
  // A second refills ten tokens, not more.
  for (int i = 0; i < 10; ++i) ASSERT_EQ(bucket.Take(rate, kStart + 1100), 0) << i;
  EXPECT_GT(bucket.Take(rate, kStart + 1100), 0);
}

TEST(TokenBucket, RefillsUpToTheBurstOnly) {
  const Rate rate{2, 5};
  TokenBucket bucket(rate, kStart);
  for (int i = 0; i < 5; ++i) ASSERT_EQ(bucket.Take(rate, kStart), 0);
  EXPECT_FALSE(bucket.IsFull(rate, kStart + 2000));
  EXPECT_TRUE(bucket.IsFull(rate, kStart + 2500));
  const EpochMillis later = kStart + 3'600'000;  // an hour idle: still only five
  for (int i = 0; i < 5; ++i) ASSERT_EQ(bucket.Take(rate, later), 0);
  EXPECT_EQ(bucket.Take(rate, later), 500);
}

TEST(TokenBucket, WaitsAreRoundedUpToWholeMilliseconds) {
  const Rate rate{3, 1};
  TokenBucket bucket(rate, kStart);
  EXPECT_EQ(bucket.Take(rate, kStart), 0);
  EXPECT_EQ(bucket.Take(rate, kStart), 334);  // 333.3 ms
  EXPECT_EQ(bucket.Take(rate, kStart + 333), 1);
  EXPECT_EQ(bucket.Take(rate, kStart + 334), 0);
}

TEST(TokenBucket, AClockSetBackRefillsNothing) {
  const Rate rate{1, 1};
  TokenBucket bucket(rate, kStart);
  EXPECT_EQ(bucket.Take(rate, kStart), 0);
  EXPECT_EQ(bucket.Take(rate, kStart - 60'000), 1000);
  EXPECT_EQ(bucket.Take(rate, kStart + 1000), 0);
}

TEST(TokenBucket, ADefaultBucketIsFullAtItsFirstUse) {
  const Rate rate{10, 30};
  TokenBucket bucket;
  for (int i = 0; i < 30; ++i) ASSERT_EQ(bucket.Take(rate, kStart), 0) << i;
  EXPECT_EQ(bucket.Take(rate, kStart), 100);
}

TEST(TokenBucket, ARateOfZeroIsNoLimit) {
  const Rate rate{};
  TokenBucket bucket(rate, kStart);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(bucket.Take(rate, kStart), 0);
  EXPECT_TRUE(bucket.IsFull(rate, kStart));
}

TEST(Rate, ParsesPerSecondAndBurst) {
  auto rate = ParseRate("10,30");
  ASSERT_TRUE(rate);
  EXPECT_EQ(rate->per_second, 10);
  EXPECT_EQ(rate->burst, 30);
  EXPECT_EQ(rate->ToString(), "10,30");
  rate = ParseRate("0.5,5");
  ASSERT_TRUE(rate);
  EXPECT_EQ(rate->per_second, 0.5);
  EXPECT_TRUE(ParseRate("0")->unlimited());
  EXPECT_EQ(ParseRate("0")->ToString(), "0");
  for (const char* bad : {"", "10", "10,", ",30", "-1,5", "0,5", "10,0", "10,0.5", "a,b", "10,30,1",
                          "10 ,30", "inf,1", "nan,3"}) {
    EXPECT_FALSE(ParseRate(bad)) << bad;
  }
}

}  // namespace
}  // namespace confide::core
