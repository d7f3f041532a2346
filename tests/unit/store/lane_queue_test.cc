#include "store/jobs/lane_queue.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace confide::store {
namespace {

using Popped = LaneQueue<int>::Popped;

// Two lanes that two threads do not share.
std::pair<std::string, std::string> LanesOfTwoThreads(const LaneQueue<int>& queue) {
  const std::string first = "conversation-0";
  for (int i = 1; i < 100; ++i) {
    std::string other = "conversation-" + std::to_string(i);
    if (queue.ThreadOf(other) != queue.ThreadOf(first)) return {first, other};
  }
  ADD_FAILURE() << "every lane hashed to one thread";
  return {first, first};
}

TEST(LaneQueue, ALanesJobsGoToOneThreadInTheOrderTheyCame) {
  LaneQueue<int> queue(2);
  const auto [lane, other] = LanesOfTwoThreads(queue);
  for (int job : {1, 2, 3}) queue.Push(job, lane);
  int elsewhere = 9;
  queue.Push(elsewhere, other);
  std::vector<int> out;
  EXPECT_EQ(queue.Pop(queue.ThreadOf(lane), 2, out), Popped::kLane);
  EXPECT_EQ(out, (std::vector<int>{1, 2})) << "up to the maximum asked, oldest first";
  out.clear();
  EXPECT_EQ(queue.Pop(queue.ThreadOf(lane), 10, out), Popped::kLane);
  EXPECT_EQ(out, std::vector<int>{3}) << "the other lane's job is not this thread's";
  out.clear();
  EXPECT_EQ(queue.Pop(queue.ThreadOf(other), 10, out), Popped::kLane);
  EXPECT_EQ(out, std::vector<int>{9});
}

TEST(LaneQueue, AJobInNoLaneIsHandedOutAloneToWhicheverThreadAsks) {
  LaneQueue<int> queue(2);
  for (int job : {1, 2}) queue.Push(job, "");
  std::vector<int> out;
  EXPECT_EQ(queue.Pop(0, 10, out), Popped::kAlone);
  EXPECT_EQ(out, std::vector<int>{1});
  EXPECT_EQ(queue.Pop(1, 10, out), Popped::kAlone);
  EXPECT_EQ(out, (std::vector<int>{1, 2}));
}

TEST(LaneQueue, AThreadTakesItsLanesAndTheOtherJobsInTurn) {
  LaneQueue<int> queue(1);
  for (int job : {1, 2, 3}) queue.Push(job, "a lane");
  for (int job : {10, 11}) queue.Push(job, "");
  std::vector<Popped> order;
  std::vector<int> out;
  for (int i = 0; i < 4; ++i) order.push_back(queue.Pop(0, 2, out));
  EXPECT_EQ(order,
            (std::vector<Popped>{Popped::kLane, Popped::kAlone, Popped::kLane, Popped::kAlone}));
  EXPECT_EQ(out, (std::vector<int>{1, 2, 10, 3, 11}));
}

TEST(LaneQueue, AnIdleThreadIsWokenForAJobInNoLane) {
  LaneQueue<int> queue(2);
  // Thread 0 waits; a job of no lane pushed meanwhile reaches it.
  auto popped = std::async(std::launch::async, [&] {
    std::vector<int> out;
    queue.Pop(0, 10, out);
    return out;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  int job = 7;
  queue.Push(job, "");
  ASSERT_EQ(popped.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(popped.get(), std::vector<int>{7});
}

TEST(LaneQueue, BoundsTheJobsOfAllLanesTogetherButNotTheServersOwn) {
  LaneQueue<int> queue(2, /*max_queued=*/2);
  int a = 1, b = 2, c = 3, d = 4;
  EXPECT_EQ(queue.Push(a, "x"), PushOutcome::kQueued);
  EXPECT_EQ(queue.Push(b, ""), PushOutcome::kQueued);
  EXPECT_EQ(queue.Push(c, "y"), PushOutcome::kFull);
  EXPECT_EQ(c, 3) << "a refused job is left to the caller, untouched";
  EXPECT_EQ(queue.Push(d, "y", /*bounded=*/false), PushOutcome::kQueued);
  EXPECT_EQ(queue.size(), 3u);
}

TEST(LaneQueue, AClosedQueueRefusesJobsButHandsOutWhatItHolds) {
  LaneQueue<int> queue(2);
  int a = 1, b = 2;
  queue.Push(a, "lane");
  queue.Close();
  EXPECT_EQ(queue.Push(b, "lane", /*bounded=*/false), PushOutcome::kClosed);
  EXPECT_EQ(queue.Push(b, ""), PushOutcome::kClosed);
  std::vector<int> out;
  const std::size_t owner = queue.ThreadOf("lane");
  EXPECT_EQ(queue.Pop(1 - owner, 10, out), Popped::kClosed) << "nothing of its own";
  EXPECT_EQ(queue.Pop(owner, 10, out), Popped::kLane);
  EXPECT_EQ(out, std::vector<int>{1});
  EXPECT_EQ(queue.Pop(owner, 10, out), Popped::kClosed);
}

}  // namespace
}  // namespace confide::store
