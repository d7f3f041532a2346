#include "events/sink_worker.h"

#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <thread>

#include "events/outbox_recorder.h"
#include "events/relay.h"
#include "support/service_fixture.h"

namespace confide::events {
namespace {

using namespace std::chrono_literals;
using domain::Change;
using store::Transaction;

// A destination in memory that can be told to refuse deliveries, or to take only part of a
// batch, as a sink that is down or cut off would.
class RecordingSink final : public Sink {
 public:
  struct State {
    std::mutex mu;
    std::vector<std::int64_t> seqs;
    bool down = false;
    std::size_t take_at_most = SIZE_MAX;
    std::optional<std::int64_t> held;  // what LastDelivered reports
    int attempts = 0;
    int syncs = 0;
    int failing_syncs = 0;     // Syncs still to fail
    std::int64_t durable = 0;  // the last seq taken when Sync last succeeded
  };
  explicit RecordingSink(std::shared_ptr<State> state) : state_(std::move(state)) {}

  std::string_view kind() const override { return "recording"; }
  Delivery Deliver(std::span<const OutboxEvent> batch) override {
    std::lock_guard lock(state_->mu);
    ++state_->attempts;
    if (state_->down) return {0, Error::Unavailable("the destination is down")};
    const auto n = std::min(batch.size(), state_->take_at_most);
    for (std::size_t i = 0; i < n; ++i) state_->seqs.push_back(batch[i].seq);
    if (n < batch.size()) return {n, Error::Unavailable("cut off")};
    return {n, Status::Ok()};
  }
  Result<std::optional<std::int64_t>> LastDelivered() override {
    std::lock_guard lock(state_->mu);
    return state_->held;
  }
  Status Sync() override {
    std::lock_guard lock(state_->mu);
    ++state_->syncs;
    if (state_->failing_syncs > 0) {
      --state_->failing_syncs;
      return Error::Unavailable("cannot sync");
    }
    state_->durable = state_->seqs.empty() ? 0 : state_->seqs.back();
    return Status::Ok();
  }

 private:
  std::shared_ptr<State> state_;
};

class SinkWorkerTest : public testing::ServiceFixture {
 protected:
  SinkWorkerTest() {
    service_.AddEventRecorder(&recorder_);
    group_ = Write<Change<domain::CreatedConversation>>([&](Transaction& tx) {
               return service_.conversations.Create(
                   tx, alice_,
                   {.participant_ids = {"bob", "carol"}, .type = domain::ConversationType::kGroup});
             })->value.view.conversation.id;
  }

  void SendMany(int n) {
    for (int i = 0; i < n; ++i) {
      auto r = Write<Change<domain::MessageView>>([&](Transaction& tx) {
        return service_.messages.Send(
            tx, alice_,
            {.conversation_id = group_, .content = std::string("m") + std::to_string(i)});
      });
      ASSERT_TRUE(r.ok());
    }
  }
  std::int64_t Head() {
    return *Read<std::int64_t>(
        [](Transaction& tx) -> Result<std::int64_t> { return tx.outbox().LastSeq(); });
  }
  std::optional<std::int64_t> Stored(const std::string& name) {
    return *Read<std::optional<std::int64_t>>(
        [&](Transaction& tx) -> Result<std::optional<std::int64_t>> {
          return tx.outbox().SinkPosition(name);
        });
  }
  std::unique_ptr<SinkWorker> Worker(const std::string& name,
                                     const std::shared_ptr<RecordingSink::State>& state,
                                     std::chrono::milliseconds save_every = 1000ms) {
    return std::make_unique<SinkWorker>(name, std::make_unique<RecordingSink>(state), *db_, clock_,
                                        SinkWorkerOptions{.batch_size = 7,
                                                          .idle_poll = 20ms,
                                                          .backoff_min = 5ms,
                                                          .backoff_max = 40ms,
                                                          .save_every = save_every},
                                        &metrics_);
  }
  // Waits (bounded) until `done` holds.
  template <class F>
  bool Eventually(F done) {
    for (int i = 0; i < 500; ++i) {
      if (done()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return done();
  }
  static std::vector<std::int64_t> Seqs(const std::shared_ptr<RecordingSink::State>& s) {
    std::lock_guard lock(s->mu);
    return s->seqs;
  }
  static std::vector<std::int64_t> Range(std::int64_t from, std::int64_t to) {
    std::vector<std::int64_t> r;
    for (auto i = from; i <= to; ++i) r.push_back(i);
    return r;
  }

  core::Metrics metrics_;
  OutboxRecorder recorder_{ids_};
  domain::Principal alice_ = MakeUser("alice");
  domain::Principal bob_ = MakeUser("bob");
  domain::Principal carol_ = MakeUser("carol");
  std::string group_;
};

TEST_P(SinkWorkerTest, DeliversEverythingInOrderAndStoresItsPosition) {
  SendMany(30);
  auto state = std::make_shared<RecordingSink::State>();
  auto worker = Worker("recording", state);
  worker->Start();
  const auto head = Head();
  ASSERT_TRUE(Eventually([&] { return worker->position() == head; }));
  SendMany(5);  // arriving while it runs: found by the poll, or at once after a Wake
  worker->Wake();
  ASSERT_TRUE(Eventually([&] { return worker->position() == Head(); }));
  worker->Stop();
  EXPECT_EQ(Seqs(state), Range(1, Head()));
  EXPECT_EQ(Stored("recording"), Head());
  EXPECT_EQ(worker->delivered(), static_cast<std::uint64_t>(Head()));
  EXPECT_NE(metrics_.Render().find(R"(confide_events_lag{sink="recording"} 0)"), std::string::npos);
}

TEST_P(SinkWorkerTest, WhileEventsFlowThePositionIsStoredOncePerIntervalAndOnceCaughtUp) {
  SendMany(30);  // 31 events with the conversation's: five batches of at most seven
  auto state = std::make_shared<RecordingSink::State>();
  auto worker = Worker("recording", state, 1h);
  worker->Start();
  const auto head = Head();
  ASSERT_TRUE(Eventually([&] { return Stored("recording") == head; }));
  EXPECT_EQ(worker->stored_position(), head);
  {
    std::lock_guard lock(state->mu);
    EXPECT_EQ(state->attempts, 5);
    // Stored after the first batch (nothing was stored yet), then not again within the hour
    // until the worker caught up; each store made the sink durable first.
    EXPECT_EQ(state->syncs, 2);
    EXPECT_EQ(state->durable, head);
  }
  worker->Stop();
  EXPECT_EQ(Seqs(state), Range(1, head));
}

TEST_P(SinkWorkerTest, WhatASinkCouldNotMakeDurableIsDeliveredAgainFromTheStoredPosition) {
  SendMany(3);
  auto state = std::make_shared<RecordingSink::State>();
  auto worker = Worker("recording", state, 1h);
  worker->Start();
  const auto first = Head();
  ASSERT_TRUE(Eventually([&] { return Stored("recording") == first; }));
  {
    std::lock_guard lock(state->mu);
    state->failing_syncs = 1;
  }
  SendMany(5);
  worker->Wake();
  const auto head = Head();
  ASSERT_TRUE(Eventually([&] { return Stored("recording") == head; }));
  worker->Stop();
  // Everything after the stored position was delivered twice: once before the failed sync,
  // once after it; nothing is stored that the sink did not make durable.
  auto expected = Range(1, head);
  const auto again = Range(first + 1, head);
  expected.insert(expected.end(), again.begin(), again.end());
  EXPECT_EQ(Seqs(state), expected);
  std::lock_guard lock(state->mu);
  EXPECT_EQ(state->durable, head);
  EXPECT_GE(worker->errors(), 1u);
}

TEST_P(SinkWorkerTest, ASinkThatIsDownResumesWhereItStoppedWithNothingLost) {
  auto state = std::make_shared<RecordingSink::State>();
  state->down = true;
  auto worker = Worker("recording", state);
  worker->Start();
  SendMany(20);
  worker->Wake();
  ASSERT_TRUE(Eventually([&] { return worker->errors() >= 3 && worker->head() == Head(); }));
  EXPECT_EQ(worker->position(), 0);
  EXPECT_NE(metrics_.Render().find(R"(confide_events_lag{sink="recording"} 21)"),
            std::string::npos);
  {
    std::lock_guard lock(state->mu);
    state->down = false;
    state->take_at_most = 3;  // back, but cut off after three events each time
  }
  ASSERT_TRUE(Eventually([&] { return worker->position() == Head(); }));
  worker->Stop();
  EXPECT_EQ(Seqs(state), Range(1, Head()));
}

TEST_P(SinkWorkerTest, ARestartedWorkerStartsAfterItsStoredPositionOrWhatTheSinkHolds) {
  SendMany(10);
  auto state = std::make_shared<RecordingSink::State>();
  {
    auto worker = Worker("recording", state);
    worker->Start();
    ASSERT_TRUE(Eventually([&] { return worker->position() == Head(); }));
  }
  const auto first_run = Head();
  SendMany(10);
  auto second = std::make_shared<RecordingSink::State>();
  second->held = first_run + 4;  // the sink already has four more (saved position lost)
  auto worker = Worker("recording", second);
  worker->Start();
  ASSERT_TRUE(Eventually([&] { return worker->position() == Head(); }));
  worker->Stop();
  EXPECT_EQ(Seqs(state), Range(1, first_run));
  EXPECT_EQ(Seqs(second), Range(first_run + 5, Head()));
}

TEST_P(SinkWorkerTest, OneSinkDownDoesNotHoldBackAnother) {
  auto up = std::make_shared<RecordingSink::State>();
  auto down = std::make_shared<RecordingSink::State>();
  down->down = true;
  Relay relay(*db_, clock_, {}, &metrics_);
  relay.AddSink("up", std::make_unique<RecordingSink>(up), {.batch_size = 5, .idle_poll = 20ms});
  relay.AddSink("down", std::make_unique<RecordingSink>(down),
                {.batch_size = 5, .idle_poll = 20ms, .backoff_min = 5ms, .backoff_max = 20ms});
  relay.Start();
  SendMany(12);
  relay.Wake();
  ASSERT_TRUE(Eventually([&] { return relay.workers()[0]->position() == Head(); }));
  EXPECT_EQ(relay.workers()[1]->position(), 0);
  relay.Stop();
  EXPECT_EQ(Stored("up"), Head());
}

TEST_P(SinkWorkerTest, RetentionPrunesOnlyWhatEverySinkDeliveredAndIsOldEnough) {
  SendMany(10);
  auto a = std::make_shared<RecordingSink::State>();
  auto b = std::make_shared<RecordingSink::State>();
  b->take_at_most = 4;  // b stops after seq 4 each time it tries
  Relay relay(*db_, clock_, {.age = 1h, .interval = 1h, .chunk = 3}, nullptr);
  relay.AddSink("a", std::make_unique<RecordingSink>(a), {.idle_poll = 20ms});
  relay.AddSink("b", std::make_unique<RecordingSink>(b),
                {.batch_size = 5, .idle_poll = 20ms, .backoff_min = 1h, .backoff_max = 1h});
  relay.Start();
  // Retention counts what each sink made durable and stored.
  ASSERT_TRUE(Eventually([&] {
    return relay.workers()[0]->stored_position() == Head() &&
           relay.workers()[1]->stored_position() == 4;
  }));
  EXPECT_EQ(relay.PruneOnce(), 0);  // all too recent
  clock_.Advance(2 * 3600 * 1000);
  EXPECT_EQ(relay.PruneOnce(), 4);  // up to b's position, in chunks of three
  relay.Stop();
  auto left = *Read<std::vector<store::OutboxRecord>>(
      [](Transaction& tx) -> Result<std::vector<store::OutboxRecord>> {
        return tx.outbox().After(0, 100);
      });
  ASSERT_FALSE(left.empty());
  EXPECT_EQ(left.front().seq, 5);
}

// On PostgreSQL the outbox numbers events when the relay settles them: the store suite
// (outbox_store_test.cc) and the event stream's end-to-end suite cover it there.
CONFIDE_SERVICE_TEST_SUITE_ON_SQLITE(SinkWorkerTest);

}  // namespace
}  // namespace confide::events
