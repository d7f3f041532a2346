#include "core/deadline_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

// Deadlines on one io_context share its single timer: each fires once, on the io_context's
// thread, in time order; moved or cancelled, it is gone at once; a target gone is not called.
namespace confide::core {
namespace {

using namespace std::chrono_literals;

// What a deadline fires on: it records the names of its firings.
struct Target {
  std::vector<std::string> fired;
  std::string name;
  std::thread::id thread;
};

void Record(const std::shared_ptr<void>& target) {
  auto& t = *static_cast<Target*>(target.get());
  t.fired.push_back(t.name);
  t.thread = std::this_thread::get_id();
}

// Runs `io` until `done` or 5 s.
template <typename Done>
void RunUntil(boost::asio::io_context& io, Done done) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    io.run_for(5ms);
    io.restart();
  }
}

TEST(DeadlineQueue, ADeadlineFiresOnceAfterItsTimeOnTheQueuesThread) {
  boost::asio::io_context io;
  auto target = std::make_shared<Target>();
  target->name = "a";
  Deadline deadline;
  const auto armed_at = std::chrono::steady_clock::now();
  deadline.Arm(DeadlineQueue::Of(io), 30ms, target, Record);
  EXPECT_TRUE(deadline.armed());
  EXPECT_EQ(DeadlineQueue::Of(io).size(), 1u);
  RunUntil(io, [&] { return !target->fired.empty(); });
  EXPECT_GE(std::chrono::steady_clock::now() - armed_at, 30ms);
  io.run_for(50ms);
  EXPECT_EQ(target->fired, std::vector<std::string>{"a"});
  EXPECT_EQ(target->thread, std::this_thread::get_id());
  EXPECT_FALSE(deadline.armed());
  EXPECT_EQ(DeadlineQueue::Of(io).size(), 0u);
}

TEST(DeadlineQueue, DeadlinesFireInTimeOrderWhateverTheOrderTheyWereArmedIn) {
  boost::asio::io_context io;
  std::vector<std::string> order;
  auto late = std::make_shared<Target>();
  late->name = "late";
  auto early = std::make_shared<Target>();
  early->name = "early";
  auto middle = std::make_shared<Target>();
  middle->name = "middle";
  Deadline a, b, c;
  auto& queue = DeadlineQueue::Of(io);
  a.Arm(queue, 120ms, late, Record);
  b.Arm(queue, 20ms, early, Record);  // earlier than the timer's wait: the wait moves
  c.Arm(queue, 60ms, middle, Record);
  RunUntil(io, [&] {
    for (auto* t : {early.get(), middle.get(), late.get()}) {
      if (!t->fired.empty() && std::find(order.begin(), order.end(), t->name) == order.end()) {
        order.push_back(t->name);
      }
    }
    return order.size() == 3;
  });
  EXPECT_EQ(order, (std::vector<std::string>{"early", "middle", "late"}));
}

TEST(DeadlineQueue, ArmingAgainMovesTheDeadlineAndCancellingRemovesIt) {
  boost::asio::io_context io;
  auto& queue = DeadlineQueue::Of(io);
  auto moved = std::make_shared<Target>();
  moved->name = "moved";
  auto cancelled = std::make_shared<Target>();
  cancelled->name = "cancelled";
  auto witness = std::make_shared<Target>();
  witness->name = "witness";
  Deadline m, c, w;
  m.Arm(queue, 10ms, moved, Record);
  m.Arm(queue, 80ms, moved, Record);  // replaces the first: one entry, one firing
  c.Arm(queue, 10ms, cancelled, Record);
  c.Cancel();
  w.Arm(queue, 40ms, witness, Record);
  EXPECT_EQ(queue.size(), 2u);
  RunUntil(io, [&] { return !witness->fired.empty(); });
  EXPECT_TRUE(moved->fired.empty()) << "the deadline moved to 80 ms";
  RunUntil(io, [&] { return !moved->fired.empty(); });
  io.run_for(30ms);
  EXPECT_EQ(moved->fired.size(), 1u);
  EXPECT_TRUE(cancelled->fired.empty());
  EXPECT_FALSE(c.armed());
  EXPECT_EQ(queue.size(), 0u);
}

TEST(DeadlineQueue, ATargetGoneIsNotCalledAndADeadlineDestroyedIsRemoved) {
  boost::asio::io_context io;
  auto& queue = DeadlineQueue::Of(io);
  static std::atomic<int> calls{0};
  calls = 0;
  auto count = [](const std::shared_ptr<void>&) { ++calls; };
  Deadline orphan;
  {
    auto target = std::make_shared<Target>();
    orphan.Arm(queue, 10ms, target, count);
  }
  {
    auto target = std::make_shared<Target>();
    Deadline destroyed;
    destroyed.Arm(queue, 10ms, target, count);
  }
  EXPECT_EQ(queue.size(), 1u) << "the destroyed deadline left the queue";
  io.run_for(60ms);
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(queue.size(), 0u);
}

// A heartbeat: each firing arms the same deadline again.
struct Beat {
  Deadline deadline;
  boost::asio::io_context* io = nullptr;
  int beats = 0;
  static void Fire(const std::shared_ptr<void>& self) {
    auto& beat = *static_cast<Beat*>(self.get());
    if (++beat.beats < 5) {
      beat.deadline.Arm(DeadlineQueue::Of(*beat.io), 5ms, std::static_pointer_cast<Beat>(self),
                        Fire);
    }
  }
};

TEST(DeadlineQueue, AFiringMayArmItsDeadlineAgain) {
  boost::asio::io_context io;
  auto beat = std::make_shared<Beat>();
  beat->io = &io;
  beat->deadline.Arm(DeadlineQueue::Of(io), 5ms, beat, Beat::Fire);
  RunUntil(io, [&] { return beat->beats == 5; });
  io.run_for(30ms);
  EXPECT_EQ(beat->beats, 5);
  EXPECT_EQ(DeadlineQueue::Of(io).size(), 0u);
}

TEST(DeadlineQueue, OtherThreadsArmAndCancelWhileTheQueueRuns) {
  boost::asio::io_context io;
  auto guard = boost::asio::make_work_guard(io);
  std::thread runner([&] { io.run(); });
  auto& queue = DeadlineQueue::Of(io);
  static std::atomic<int> fired{0};
  fired = 0;
  auto target = std::make_shared<int>(0);
  constexpr int kThreads = 4;
  constexpr int kEach = 200;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<std::unique_ptr<Deadline>> mine;
      for (int i = 0; i < kEach; ++i) {
        mine.push_back(std::make_unique<Deadline>());
        mine.back()->Arm(queue, std::chrono::milliseconds(1 + (i + t) % 7), target,
                         [](const std::shared_ptr<void>&) { ++fired; });
        if (i % 2 == 1) mine.back()->Cancel();  // half are cancelled, some after firing
      }
      std::this_thread::sleep_for(50ms);
    });
  }
  for (auto& thread : threads) thread.join();
  guard.reset();
  runner.join();
  // Every deadline not cancelled fired, once; some cancelled ones may have fired first.
  EXPECT_GE(fired.load(), kThreads * kEach / 2);
  EXPECT_LE(fired.load(), kThreads * kEach);
  EXPECT_EQ(queue.size(), 0u);
}

TEST(DeadlineQueue, ADeadlineMayOutliveItsIoContext) {
  auto target = std::make_shared<Target>();
  Deadline deadline;
  {
    boost::asio::io_context io;
    deadline.Arm(DeadlineQueue::Of(io), 1h, target, Record);
  }
  EXPECT_FALSE(deadline.armed());
  deadline.Cancel();
}

}  // namespace
}  // namespace confide::core
