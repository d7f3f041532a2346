#include "store/jobs/job_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>
#include <vector>

namespace confide::store {
namespace {

TEST(JobQueue, RefusesBoundedJobsPastItsLimitAndKeepsThemForTheCaller) {
  JobQueue<int> queue(2);
  int a = 1, b = 2, c = 3;
  EXPECT_EQ(queue.Push(a), PushOutcome::kQueued);
  EXPECT_EQ(queue.Push(b), PushOutcome::kQueued);
  EXPECT_EQ(queue.Push(c), PushOutcome::kFull);
  EXPECT_EQ(c, 3) << "a refused job is left to the caller, untouched";
  EXPECT_EQ(queue.size(), 2u);
}

TEST(JobQueue, UnboundedJobsAreAlwaysQueued) {
  JobQueue<int> queue(1);
  for (int i = 0; i < 5; ++i) {
    int job = i;
    EXPECT_EQ(queue.Push(job, /*bounded=*/false), PushOutcome::kQueued);
  }
  int bounded = 9;
  EXPECT_EQ(queue.Push(bounded), PushOutcome::kFull) << "the server's jobs count as queued";
  EXPECT_EQ(queue.size(), 5u);
}

TEST(JobQueue, MakesRoomAsJobsAreTaken) {
  JobQueue<int> queue(2);
  int a = 1, b = 2, c = 3;
  queue.Push(a);
  queue.Push(b);
  std::vector<int> out;
  ASSERT_TRUE(queue.PopUpTo(1, out));
  EXPECT_EQ(out, std::vector<int>{1});
  EXPECT_EQ(queue.Push(c), PushOutcome::kQueued);
}

TEST(JobQueue, AClosedQueueRefusesEveryJobButHandsOutWhatItHolds) {
  JobQueue<int> queue;
  int a = 1, b = 2;
  queue.Push(a);
  queue.Close();
  EXPECT_EQ(queue.Push(b), PushOutcome::kClosed);
  EXPECT_EQ(queue.Push(b, /*bounded=*/false), PushOutcome::kClosed);
  std::vector<int> out;
  EXPECT_TRUE(queue.PopUpTo(10, out));
  EXPECT_EQ(out, std::vector<int>{1});
  EXPECT_FALSE(queue.PopUpTo(10, out));
}

TEST(JobQueue, TakesWhatWaitsWithoutWaiting) {
  JobQueue<int> queue;
  std::vector<int> out;
  EXPECT_EQ(queue.TakeUpTo(5, out), 0u);
  int a = 1, b = 2, c = 3;
  queue.Push(a);
  queue.Push(b);
  queue.Push(c);
  EXPECT_EQ(queue.TakeUpTo(2, out), 2u);
  EXPECT_EQ(out, (std::vector<int>{1, 2}));
  EXPECT_EQ(queue.size(), 1u);
}

TEST(JobQueue, ASleeperWakesAtItsDeadlineOrWhenTheQueueCloses) {
  JobQueue<int> queue;
  auto start = std::chrono::steady_clock::now();
  queue.SleepUntil(start + std::chrono::milliseconds(20));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));

  std::thread closer([&queue] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    queue.Close();
  });
  start = std::chrono::steady_clock::now();
  queue.SleepUntil(start + std::chrono::hours(1));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::hours(1));
  closer.join();
}

}  // namespace
}  // namespace confide::store
