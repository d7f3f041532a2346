#include "store/jobs/job_queue.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace confide::store
