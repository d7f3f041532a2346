// NatsBatchAcks: how many events from the front of a batch are stored, whatever order the
// answers come in, and what is said of the first one that is not.

#include "events/nats_batch_acks.h"

#include <gtest/gtest.h>

#include <vector>

namespace confide::events {
namespace {

std::vector<OutboxEvent> Batch(std::vector<std::int64_t> seqs) {
  std::vector<OutboxEvent> batch;
  for (std::int64_t seq : seqs)
    batch.push_back({.seq = seq, .id = std::string("evt_") + std::to_string(seq)});
  return batch;
}

TEST(NatsBatchAcksTest, AllAcknowledgedInAnyOrderIsTheWholeBatch) {
  NatsBatchAcks acks;
  const auto batch = Batch({3, 7, 8});
  acks.Start(batch);
  acks.Acknowledge(8);
  acks.Acknowledge(3);
  acks.Acknowledge(7);
  const NatsBatchAcks::Summary summary = acks.Finish();
  EXPECT_EQ(summary.stored_prefix, 3u);
  EXPECT_FALSE(summary.stored_beyond_prefix);
  EXPECT_FALSE(summary.failure);
}

TEST(NatsBatchAcksTest, StopsAtTheFirstRefusedEventAndSaysWhy) {
  NatsBatchAcks acks;
  const auto batch = Batch({1, 2, 3, 4});
  acks.Start(batch);
  acks.Acknowledge(1);
  acks.Fail(2, "message size exceeds maximum allowed");
  acks.Acknowledge(3);
  EXPECT_TRUE(acks.HasFailure());
  const NatsBatchAcks::Summary summary = acks.Finish();
  EXPECT_EQ(summary.stored_prefix, 1u);
  EXPECT_TRUE(summary.stored_beyond_prefix);
  EXPECT_EQ(summary.failure, "message size exceeds maximum allowed");
}

TEST(NatsBatchAcksTest, AnUnansweredEventEndsThePrefixWithoutAReason) {
  NatsBatchAcks acks;
  const auto batch = Batch({1, 2, 3});
  acks.Start(batch);
  acks.Acknowledge(1);
  acks.Acknowledge(2);
  EXPECT_FALSE(acks.HasFailure());
  const NatsBatchAcks::Summary summary = acks.Finish();
  EXPECT_EQ(summary.stored_prefix, 2u);
  EXPECT_FALSE(summary.stored_beyond_prefix);
  EXPECT_FALSE(summary.failure);
}

TEST(NatsBatchAcksTest, IgnoresAnswersForOtherEventsAndAfterFinish) {
  NatsBatchAcks acks;
  const auto batch = Batch({5, 6});
  acks.Start(batch);
  acks.Acknowledge(4);
  acks.Fail(9, "late");
  EXPECT_FALSE(acks.HasFailure());
  EXPECT_EQ(acks.Finish().stored_prefix, 0u);

  acks.Acknowledge(5);
  acks.Start(batch);
  EXPECT_EQ(acks.Finish().stored_prefix, 0u);
}

}  // namespace
}  // namespace confide::events
