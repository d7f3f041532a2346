#include "store/sqlite/commit_window.h"

#include <gtest/gtest.h>

namespace confide::store::sqlite {
namespace {

using namespace std::chrono_literals;
using Clock = CommitWindow::Clock;

TEST(CommitWindow, AZeroWindowNeverWaits) {
  CommitWindow window(0us);
  const auto t = Clock::now();
  EXPECT_FALSE(window.WaitUntil(10, t));
  window.Committed(t);
  EXPECT_FALSE(window.WaitUntil(10, t + 10us));
}

TEST(CommitWindow, WaitsOnceSeveralJobsArriveTogetherAndWhileWaitingBringsMore) {
  CommitWindow window(1ms);
  auto t = Clock::now();
  EXPECT_FALSE(window.WaitUntil(1, t));  // one job on a quiet writer: at once
  window.Committed(t += 100us);
  t += 200us;
  EXPECT_EQ(window.WaitUntil(3, t), t + 1ms);  // three at once: they are arriving
  window.Waited(2);
  window.Committed(t += 1100us);
  t += 300us;
  EXPECT_EQ(window.WaitUntil(1, t), t + 1ms);  // the last wait paid: wait again
  window.Waited(1);
  window.Committed(t += 1100us);
  t += 300us;
  EXPECT_EQ(window.WaitUntil(1, t), t + 1ms);
}

TEST(CommitWindow, StopsAtTheFirstWaitThatBringsNothing) {
  CommitWindow window(1ms);
  auto t = Clock::now();
  window.Committed(t);
  ASSERT_TRUE(window.WaitUntil(2, t += 100us));
  window.Waited(0);
  window.Committed(t += 1100us);
  EXPECT_FALSE(window.WaitUntil(1, t += 100us));  // a lone client's next request
  window.Committed(t += 100us);
  EXPECT_FALSE(window.WaitUntil(1, t += 100us));
}

TEST(CommitWindow, AWriterIdleForLongerThanAWindowCommitsALoneJobAtOnce) {
  CommitWindow window(1ms);
  auto t = Clock::now();
  window.Committed(t);
  ASSERT_TRUE(window.WaitUntil(2, t += 100us));
  window.Waited(3);
  window.Committed(t += 1100us);
  EXPECT_FALSE(window.WaitUntil(1, t += 50ms));
  window.Committed(t += 100us);
  EXPECT_FALSE(window.WaitUntil(1, t += 100us));  // and the waiting that paid before is over
}

}  // namespace
}  // namespace confide::store::sqlite
