#include "core/completion_batch.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <thread>

// Work deferred within a batch runs when the batch ends, in order; outside one, at once.
namespace confide::core {
namespace {

TEST(CompletionBatch, OutsideABatchWorkRunsAtOnce) {
  EXPECT_FALSE(CompletionBatch::open());
  std::string done;
  CompletionBatch::Defer([&] { done += "a"; });
  EXPECT_EQ(done, "a");
}

TEST(CompletionBatch, WorkWaitsForTheEndOfTheOutermostBatchInOrder) {
  std::string done;
  {
    CompletionBatch batch;
    EXPECT_TRUE(CompletionBatch::open());
    CompletionBatch::Defer([&] { done += "a"; });
    {
      CompletionBatch inner;
      CompletionBatch::Defer([&] {
        done += "b";
        CompletionBatch::Defer([&] { done += "d"; });  // still in the batch: after the rest
      });
    }
    EXPECT_EQ(done, "");  // the inner batch ended, not the batch
    CompletionBatch::Defer([&] { done += "c"; });
    EXPECT_EQ(done, "");
  }
  EXPECT_EQ(done, "abcd");
  EXPECT_FALSE(CompletionBatch::open());
}

TEST(CompletionBatch, WorkThatThrowsDoesNotStopTheRest) {
  std::string done;
  {
    CompletionBatch batch;
    CompletionBatch::Defer([] { throw std::runtime_error("no"); });
    CompletionBatch::Defer([&] { done += "b"; });
  }
  EXPECT_EQ(done, "b");
}

TEST(CompletionBatch, EachThreadHasItsOwn) {
  CompletionBatch batch;
  bool ran_there = false;
  std::thread([&] {
    EXPECT_FALSE(CompletionBatch::open());
    CompletionBatch::Defer([&] { ran_there = true; });
  }).join();
  EXPECT_TRUE(ran_there);
}

}  // namespace
}  // namespace confide::core
