#include "http/frame_queue.h"

#include <gtest/gtest.h>

#include <string>

// First in, first out, whatever the mix of pushes and pops (and the compactions they cause).
namespace confide::http {
namespace {

TEST(FrameQueue, KeepsOrderThroughInterleavedPushesAndPops) {
  FrameQueue queue;
  EXPECT_TRUE(queue.empty());
  int pushed = 0, popped = 0;
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 7 + round % 5; ++i) {
      queue.push_back(MakeFrame(websocket::Opcode::kText, std::to_string(pushed++)));
    }
    for (int i = 0; i < 5 + round % 7 && !queue.empty(); ++i) {
      ASSERT_EQ(queue.front()->payload, std::to_string(popped++));
      queue.pop_front();
    }
    ASSERT_EQ(queue.size(), static_cast<std::size_t>(pushed - popped));
  }
  int expected = popped;
  for (const auto& frame : queue) EXPECT_EQ(frame->payload, std::to_string(expected++));
  while (!queue.empty()) {
    ASSERT_EQ(queue.front()->payload, std::to_string(popped++));
    queue.pop_front();
  }
  EXPECT_EQ(popped, pushed);
  EXPECT_EQ(queue.begin(), queue.end());
}

TEST(FrameQueue, LetsGoOfItsFramesAsTheyLeave) {
  FrameQueue queue;
  auto frame = MakeFrame(websocket::Opcode::kText, "shared");
  queue.push_back(frame);
  queue.push_back(frame);
  EXPECT_EQ(frame.use_count(), 3);
  queue.pop_front();
  EXPECT_EQ(frame.use_count(), 2);
  queue.clear();
  EXPECT_EQ(frame.use_count(), 1);
  EXPECT_TRUE(queue.empty());
}

}  // namespace
}  // namespace confide::http
