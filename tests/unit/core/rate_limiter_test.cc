#include "core/rate_limiter.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace confide::core {
namespace {

constexpr EpochMillis kStart = 1'700'000'000'000;

TEST(RateLimiter, EachKeyHasItsOwnBucket) {
  ManualClock clock(kStart);
  RateLimiter limiter({10, 3}, clock);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(limiter.Take("user_a"), 0);
  EXPECT_EQ(limiter.Take("user_a"), 100);
  EXPECT_EQ(limiter.Take("user_b"), 0);  // another user is not affected
  clock.Advance(100);
  EXPECT_EQ(limiter.Take("user_a"), 0);
  EXPECT_EQ(limiter.Take("user_a"), 100);
}

TEST(RateLimiter, CountsRefusals) {
  ManualClock clock(kStart);
  Counter refused;
  RateLimiter limiter({1, 2}, clock, &refused);
  for (int i = 0; i < 5; ++i) limiter.Take("user_a");
  EXPECT_EQ(refused.value(), 3u);
}

TEST(RateLimiter, TooManyRequestsSaysWhenToTryAgain) {
  const Error one = TooManyRequests("messages", 400);
  EXPECT_EQ(one.code(), ErrorCode::kTooManyRequests);
  EXPECT_EQ(one.message(), "Too many messages: try again in 1 second");
  EXPECT_EQ(one.retry_after_ms(), 400);
  EXPECT_EQ(TooManyRequests("events", 2001).message(), "Too many events: try again in 3 seconds");
}

TEST(RateLimiter, ForgetsBucketsThatHaveRefilled) {
  ManualClock clock(kStart);
  RateLimiter limiter({10, 20}, clock);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Take("user_" + std::to_string(i)), 0);
  EXPECT_EQ(limiter.size(), 1000u);
  // Each bucket refills its one token within 100 ms; a sweep comes within a few seconds.
  clock.Advance(10'000);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(limiter.Take("other_" + std::to_string(i)), 0);
  EXPECT_EQ(limiter.size(), 1000u) << "the first thousand were forgotten";
}

TEST(RateLimiter, NeverHoldsMoreThanItsCapacity) {
  ManualClock clock(kStart);
  RateLimiter limiter({1, 5}, clock, nullptr, /*max_keys=*/64 * 4);
  for (int i = 0; i < 10'000; ++i) limiter.Take("user_" + std::to_string(i));
  EXPECT_LE(limiter.size(), 64u * 4u);
}

TEST(RateLimiter, ARateOfZeroIsNoLimitAndKeepsNothing) {
  ManualClock clock(kStart);
  RateLimiter limiter({}, clock);
  for (int i = 0; i < 100; ++i) ASSERT_EQ(limiter.Take("user_a"), 0);
  EXPECT_EQ(limiter.size(), 0u);
}

TEST(RateLimiter, CountsEveryTakeFromManyThreads) {
  ManualClock clock(kStart);  // time stands still: exactly the burst is allowed per key
  RateLimiter limiter({1, 100}, clock);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) {
        if (limiter.Take("user_" + std::to_string(i % 10)) == 0) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 10 * 100);
}

}  // namespace
}  // namespace confide::core
