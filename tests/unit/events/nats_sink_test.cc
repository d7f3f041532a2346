// NatsSink against a real nats-server with JetStream on a free loopback port: what the
// stream holds after a batch (subject, data, message id, Confide-Seq), the stream created
// or reused, duplicates dropped, LastDelivered, a server that goes away and comes back,
// refusals, timeouts and Cancel; and the options Create refuses.

#include "events/nats_sink.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "support/nats_server.h"

namespace confide::events {
namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Far above what any step takes on a loaded machine; only a hang goes past it.
constexpr auto kGenerous = 30s;

OutboxEvent MakeEvent(std::int64_t seq, std::string type = "message.sent") {
  OutboxEvent event{.seq = seq,
                    .id = std::string("evt_") + std::to_string(1000 + seq),
                    .type = std::move(type),
                    .conversation_id = "conv_1",
                    .occurred_at = 1767225600000 + seq,
                    .json = {}};
  event.json = R"({"id":")" + event.id + std::string(R"(","seq":)") + std::to_string(seq) +
               R"(,"type":")" + event.type +
               R"(","occurredAt":"2026-01-01T00:00:00.000Z","data":{}})";
  return event;
}

std::vector<OutboxEvent> MakeBatch(std::int64_t first, std::int64_t last) {
  std::vector<OutboxEvent> batch;
  for (std::int64_t seq = first; seq <= last; ++seq) batch.push_back(MakeEvent(seq));
  return batch;
}

std::string Header(natsMsg* msg, const char* key) {
  const char* value = nullptr;
  return natsMsgHeader_Get(msg, key, &value) == NATS_OK ? std::string(value) : std::string();
}

std::string Data(natsMsg* msg) {
  return std::string(natsMsg_GetData(msg), static_cast<std::size_t>(natsMsg_GetDataLength(msg)));
}

// The tests' own client of the server: it reads streams back, prepares streams, and plays
// a subscriber that never answers.
class JetStreamClient {
 public:
  explicit JetStreamClient(const std::string& url) {
    natsOptions* raw_options = nullptr;
    EXPECT_EQ(natsOptions_Create(&raw_options), NATS_OK);
    const NatsOptionsPtr options(raw_options);
    natsOptions_SetURL(raw_options, url.c_str());
    natsOptions_SetAllowReconnect(raw_options, false);
    natsConnection* raw_connection = nullptr;
    EXPECT_EQ(natsConnection_Connect(&raw_connection, raw_options), NATS_OK) << url;
    connection_.reset(raw_connection);
    jsCtx* raw_js = nullptr;
    if (connection_) {
      EXPECT_EQ(natsConnection_JetStream(&raw_js, raw_connection, nullptr), NATS_OK);
    }
    js_.reset(raw_js);
  }

  // The stream's info, or null when there is no such stream.
  StreamInfoPtr Info(const std::string& stream) {
    jsStreamInfo* info = nullptr;
    const natsStatus s = js_GetStreamInfo(&info, js_.get(), stream.c_str(), nullptr, nullptr);
    EXPECT_TRUE(s == NATS_OK || s == NATS_NOT_FOUND) << natsStatus_GetText(s);
    return StreamInfoPtr(info);
  }

  std::uint64_t MessageCount(const std::string& stream) {
    const StreamInfoPtr info = Info(stream);
    return info ? info->State.Msgs : 0;
  }

  NatsMsgPtr Get(const std::string& stream, std::uint64_t seq) {
    natsMsg* msg = nullptr;
    EXPECT_EQ(js_GetMsg(&msg, js_.get(), stream.c_str(), seq, nullptr, nullptr), NATS_OK)
        << stream << " #" << seq;
    return NatsMsgPtr(msg);
  }

  void AddStream(jsStreamConfig& config) {
    jsStreamInfo* info = nullptr;
    EXPECT_EQ(js_AddStream(&info, js_.get(), &config, nullptr, nullptr), NATS_OK);
    jsStreamInfo_Destroy(info);
  }

  void UpdateStream(jsStreamConfig& config) {
    jsStreamInfo* info = nullptr;
    EXPECT_EQ(js_UpdateStream(&info, js_.get(), &config, nullptr, nullptr), NATS_OK);
    jsStreamInfo_Destroy(info);
  }

  // A plain subscriber on `subject` that never answers: a JetStream publish there has a
  // responder but never an acknowledgement.
  void Silence(const std::string& subject) {
    natsSubscription* sub = nullptr;
    EXPECT_EQ(natsConnection_SubscribeSync(&sub, connection_.get(), subject.c_str()), NATS_OK);
    silent_.reset(sub);
    EXPECT_EQ(natsConnection_Flush(connection_.get()), NATS_OK);
  }

  void Unsilence() {
    silent_.reset();
    EXPECT_EQ(natsConnection_Flush(connection_.get()), NATS_OK);
  }

 private:
  NatsConnectionPtr connection_;
  JetStreamPtr js_;  // declared after connection_: destroyed first
  NatsSubscriptionPtr silent_;
};

jsStreamConfig StreamConfig(const char* name, const char** subjects, int count) {
  jsStreamConfig config;
  jsStreamConfig_Init(&config);
  config.Name = name;
  config.Subjects = subjects;
  config.SubjectsLen = count;
  return config;
}

TEST(NatsSinkCreateTest, AcceptsValidOptionsWithoutAServer) {
  auto sink = NatsSink::Create({.url = "nats://127.0.0.1:1"});
  ASSERT_TRUE(sink.ok()) << sink.error().message();
  EXPECT_EQ((*sink)->kind(), "nats");
  EXPECT_TRUE(NatsSink::Create({.url = "tls://user:pw@nats-1:4222,nats://nats-2"}).ok());
}

TEST(NatsSinkCreateTest, RejectsAnEmptyUrlStreamOrSubject) {
  EXPECT_FALSE(NatsSink::Create({.url = ""}).ok());
  EXPECT_FALSE(NatsSink::Create({.url = "nats://h:4222", .stream = ""}).ok());
  EXPECT_FALSE(NatsSink::Create({.url = "nats://h:4222", .subject = ""}).ok());

  auto all = NatsSink::Create({.url = "", .stream = "", .subject = ""});
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.error().messages().size(), 3u) << all.error().message();
  EXPECT_NE(all.error().message().find("url is empty"), std::string::npos);
}

TEST(NatsSinkCreateTest, RejectsSubjectsWithSpacesOrWildcards) {
  for (const char* subject : {"confide events", "confide.*", "confide.>", ">", "confide.events.",
                              ".confide", "confide..events", "confide\tevents"}) {
    auto sink = NatsSink::Create({.url = "nats://h:4222", .subject = subject});
    ASSERT_FALSE(sink.ok()) << subject;
    EXPECT_NE(sink.error().message().find("subject"), std::string::npos);
  }
}

TEST(NatsSinkCreateTest, RejectsMalformedUrlsStreamNamesAndTimeouts) {
  for (const char* url :
       {"127.0.0.1:4222", "http://h:4222", "nats://", "nats://:4222", "nats://h:4222, nats://g"}) {
    EXPECT_FALSE(NatsSink::Create({.url = url}).ok()) << url;
  }
  for (const char* stream : {"CONFIDE EVENTS", "CONFIDE.EVENTS", "EVENTS*", "EVENTS>", "a/b"}) {
    EXPECT_FALSE(NatsSink::Create({.url = "nats://h:4222", .stream = stream}).ok()) << stream;
  }
  EXPECT_FALSE(NatsSink::Create({.url = "nats://h:4222", .timeout = 0ms}).ok());
}

TEST(NatsSinkCreateTest, KeepsCredentialsOutOfMessages) {
  auto bad = NatsSink::Create({.url = "nats://user:s3cret@h:4222 x"});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message().find("s3cret"), std::string::npos) << bad.error().message();

  // Nothing listens on port 1: connecting fails at once.
  auto sink = NatsSink::Create({.url = "nats://user:s3cret@127.0.0.1:1", .timeout = 1000ms});
  ASSERT_TRUE(sink.ok());
  const Delivery delivery = (*sink)->Deliver(MakeBatch(1, 1));
  ASSERT_FALSE(delivery.status.ok());
  const std::string message = delivery.status.error().message();
  EXPECT_NE(message.find("nats://127.0.0.1:1: "), std::string::npos) << message;
  EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
}

class NatsSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!confide::testing::NatsServer::Available()) {
      GTEST_SKIP() << "nats-server is in neither /usr/sbin nor /usr/bin: install Debian's "
                      "package nats-server to run the NATS sink's tests";
    }
    server_ = std::make_unique<confide::testing::NatsServer>();
    ASSERT_TRUE(server_->Start());
    client_ = std::make_unique<JetStreamClient>(server_->url());
  }

  std::unique_ptr<NatsSink> MakeSink(std::chrono::milliseconds timeout = 5000ms) {
    auto sink = NatsSink::Create({.url = server_->url(), .timeout = timeout});
    EXPECT_TRUE(sink.ok());
    return sink.ok() ? std::move(sink).value() : nullptr;
  }

  // A stream named as the sink's that takes other subjects: the sink uses it as it is, and
  // its events find no stream.
  void AddUnrelatedStream() {
    const char* subjects[] = {"elsewhere.>"};
    jsStreamConfig config = StreamConfig("CONFIDE_EVENTS", subjects, 1);
    client_->AddStream(config);
  }

  void RestartServer() {
    client_.reset();
    server_->Stop();
    ASSERT_TRUE(server_->Start());
    client_ = std::make_unique<JetStreamClient>(server_->url());
  }

  std::unique_ptr<confide::testing::NatsServer> server_;
  std::unique_ptr<JetStreamClient> client_;
};

TEST_F(NatsSinkTest, PublishesABatchInOrder) {
  auto sink = MakeSink();
  const std::vector<OutboxEvent> batch = {
      MakeEvent(101, "conversation.created"), MakeEvent(102, "message.sent"),
      MakeEvent(105, "reaction.added"), MakeEvent(106, "message.sent")};
  const Delivery delivery = sink->Deliver(batch);
  ASSERT_TRUE(delivery.status.ok()) << delivery.status.error().message();
  EXPECT_EQ(delivery.delivered, batch.size());

  ASSERT_EQ(client_->MessageCount("CONFIDE_EVENTS"), batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const NatsMsgPtr msg = client_->Get("CONFIDE_EVENTS", i + 1);
    ASSERT_NE(msg, nullptr);
    EXPECT_EQ(std::string(natsMsg_GetSubject(msg.get())), "confide.events." + batch[i].type);
    EXPECT_EQ(Data(msg.get()), batch[i].json);
    EXPECT_EQ(Header(msg.get(), "Nats-Msg-Id"), batch[i].id);
    EXPECT_EQ(Header(msg.get(), "Confide-Seq"), std::to_string(batch[i].seq));
  }
}

TEST_F(NatsSinkTest, CreatesAMissingStreamForItsSubjects) {
  ASSERT_EQ(client_->Info("AUDIT"), nullptr);
  auto sink = NatsSink::Create(
      {.url = server_->url(), .stream = "AUDIT", .subject = "audit.confide", .timeout = 5000ms});
  ASSERT_TRUE(sink.ok());
  ASSERT_TRUE((*sink)->Deliver(MakeBatch(1, 2)).status.ok());

  const StreamInfoPtr info = client_->Info("AUDIT");
  ASSERT_NE(info, nullptr);
  ASSERT_EQ(info->Config->SubjectsLen, 1);
  EXPECT_EQ(std::string(info->Config->Subjects[0]), "audit.confide.>");
  EXPECT_EQ(info->Config->Storage, js_FileStorage);
  EXPECT_EQ(info->Config->Duplicates, std::chrono::nanoseconds(1h).count());
  EXPECT_EQ(info->State.Msgs, 2u);
  EXPECT_EQ(std::string(natsMsg_GetSubject(client_->Get("AUDIT", 1).get())),
            "audit.confide.message.sent");
}

TEST_F(NatsSinkTest, UsesAnExistingStreamAsItIs) {
  const char* subjects[] = {"confide.events.>", "other.>"};
  jsStreamConfig config = StreamConfig("CONFIDE_EVENTS", subjects, 2);
  config.Storage = js_MemoryStorage;
  config.MaxMsgs = 1000;
  client_->AddStream(config);

  auto sink = MakeSink();
  ASSERT_TRUE(sink->Deliver(MakeBatch(1, 3)).status.ok());
  const StreamInfoPtr info = client_->Info("CONFIDE_EVENTS");
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->Config->SubjectsLen, 2);
  EXPECT_EQ(info->Config->Storage, js_MemoryStorage);
  EXPECT_EQ(info->Config->MaxMsgs, 1000);
  EXPECT_EQ(info->State.Msgs, 3u);
}

TEST_F(NatsSinkTest, StoresARepeatedBatchOnce) {
  auto sink = MakeSink();
  ASSERT_TRUE(sink->Deliver(MakeBatch(1, 3)).status.ok());
  const Delivery again = sink->Deliver(MakeBatch(1, 3));
  ASSERT_TRUE(again.status.ok()) << again.status.error().message();
  EXPECT_EQ(again.delivered, 3u);
  EXPECT_EQ(client_->MessageCount("CONFIDE_EVENTS"), 3u);

  // A retry that overlaps what the stream holds adds only the new events, in order.
  const Delivery overlap = sink->Deliver(MakeBatch(2, 5));
  ASSERT_TRUE(overlap.status.ok());
  EXPECT_EQ(overlap.delivered, 4u);
  ASSERT_EQ(client_->MessageCount("CONFIDE_EVENTS"), 5u);
  for (std::uint64_t i = 1; i <= 5; ++i) {
    EXPECT_EQ(Header(client_->Get("CONFIDE_EVENTS", i).get(), "Confide-Seq"), std::to_string(i));
  }
}

TEST_F(NatsSinkTest, LastDeliveredIsEmptyWithoutStreamOrMessagesThenTheLastSeq) {
  auto sink = MakeSink();
  auto missing = sink->LastDelivered();
  ASSERT_TRUE(missing.ok()) << missing.error().message();
  EXPECT_EQ(*missing, std::nullopt);
  EXPECT_EQ(client_->Info("CONFIDE_EVENTS"), nullptr) << "LastDelivered creates no stream";

  const char* subjects[] = {"confide.events.>"};
  jsStreamConfig config = StreamConfig("CONFIDE_EVENTS", subjects, 1);
  client_->AddStream(config);
  auto empty = sink->LastDelivered();
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, std::nullopt);

  ASSERT_TRUE(sink->Deliver(MakeBatch(7, 9)).status.ok());
  auto last = sink->LastDelivered();
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, 9);

  // What a restarted process sees: a new sink reads the same answer from the stream.
  auto fresh = MakeSink()->LastDelivered();
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(*fresh, 9);
}

TEST_F(NatsSinkTest, FailsPromptlyWhileTheServerIsDownAndRecovers) {
  auto sink = MakeSink(1000ms);
  ASSERT_TRUE(sink->Deliver(MakeBatch(1, 3)).status.ok());

  client_.reset();
  server_->Stop();
  const auto start = Clock::now();
  const Delivery down = sink->Deliver(MakeBatch(4, 6));
  EXPECT_LT(Clock::now() - start, kGenerous);
  ASSERT_FALSE(down.status.ok());
  EXPECT_EQ(down.delivered, 0u);
  EXPECT_NE(down.status.error().message().find(server_->url()), std::string::npos)
      << down.status.error().message();
  EXPECT_FALSE(sink->LastDelivered().ok());

  ASSERT_TRUE(server_->Start());
  client_ = std::make_unique<JetStreamClient>(server_->url());
  const Delivery back = sink->Deliver(MakeBatch(4, 6));
  ASSERT_TRUE(back.status.ok()) << back.status.error().message();
  EXPECT_EQ(back.delivered, 3u);
  auto last = sink->LastDelivered();
  ASSERT_TRUE(last.ok()) << last.error().message();
  EXPECT_EQ(*last, 6);
  EXPECT_EQ(client_->MessageCount("CONFIDE_EVENTS"), 6u) << "the stream survives the restart";
}

TEST_F(NatsSinkTest, WorksOnceALateServerComesUp) {
  client_.reset();
  server_->Stop();
  auto sink = MakeSink(1000ms);
  const auto start = Clock::now();
  EXPECT_FALSE(sink->Deliver(MakeBatch(1, 2)).status.ok());
  EXPECT_FALSE(sink->LastDelivered().ok());
  EXPECT_LT(Clock::now() - start, kGenerous);

  ASSERT_TRUE(server_->Start());
  const Delivery delivery = sink->Deliver(MakeBatch(1, 2));
  ASSERT_TRUE(delivery.status.ok()) << delivery.status.error().message();
  EXPECT_EQ(delivery.delivered, 2u);
}

TEST_F(NatsSinkTest, SaysWhenNoStreamTakesTheSubject) {
  AddUnrelatedStream();
  auto sink = MakeSink();
  const Delivery delivery = sink->Deliver(MakeBatch(1, 3));
  ASSERT_FALSE(delivery.status.ok());
  EXPECT_EQ(delivery.delivered, 0u);
  EXPECT_NE(delivery.status.error().message().find("no responders"), std::string::npos)
      << delivery.status.error().message();
}

TEST_F(NatsSinkTest, CountsOnlyThePrefixBeforeARefusedEvent) {
  const char* subjects[] = {"confide.events.>"};
  jsStreamConfig config = StreamConfig("CONFIDE_EVENTS", subjects, 1);
  config.MaxMsgSize = 512;
  client_->AddStream(config);

  std::vector<OutboxEvent> batch = MakeBatch(1, 5);
  batch[2].json = std::string(R"({"id":"evt_1003","data":")") + std::string(1000, 'x') + R"("})";
  auto sink = MakeSink();
  const Delivery delivery = sink->Deliver(batch);
  ASSERT_FALSE(delivery.status.ok());
  EXPECT_EQ(delivery.delivered, 2u);
  EXPECT_NE(delivery.status.error().message().find("event 3"), std::string::npos)
      << delivery.status.error().message();
  EXPECT_NE(delivery.status.error().message().find("maximum"), std::string::npos)
      << delivery.status.error().message();

  // Events 4 and 5 may be in the stream after the gap; the sink never points past it.
  auto last = sink->LastDelivered();
  ASSERT_TRUE(last.ok());
  EXPECT_TRUE(*last == std::nullopt || *last == 2) << **last;
}

TEST_F(NatsSinkTest, TimesOutWithoutAcknowledgementThenWorksAgain) {
  AddUnrelatedStream();
  client_->Silence("confide.events.>");
  auto sink = MakeSink(500ms);
  const auto start = Clock::now();
  const Delivery delivery = sink->Deliver(MakeBatch(1, 3));
  EXPECT_LT(Clock::now() - start, kGenerous);
  ASSERT_FALSE(delivery.status.ok());
  EXPECT_EQ(delivery.delivered, 0u);
  EXPECT_NE(delivery.status.error().message().find("timeout"), std::string::npos)
      << delivery.status.error().message();

  client_->Unsilence();
  const char* subjects[] = {"elsewhere.>", "confide.events.>"};
  jsStreamConfig config = StreamConfig("CONFIDE_EVENTS", subjects, 2);
  client_->UpdateStream(config);
  const Delivery retry = sink->Deliver(MakeBatch(1, 3));
  ASSERT_TRUE(retry.status.ok()) << retry.status.error().message();
  EXPECT_EQ(retry.delivered, 3u);
  EXPECT_EQ(client_->MessageCount("CONFIDE_EVENTS"), 3u);
}

TEST_F(NatsSinkTest, CancelEndsADeliverPromptlyAndLaterOnesAtOnce) {
  AddUnrelatedStream();
  client_->Silence("confide.events.>");
  auto sink = MakeSink(60000ms);
  auto delivering = std::async(std::launch::async, [&] { return sink->Deliver(MakeBatch(1, 50)); });
  std::this_thread::sleep_for(300ms);
  const auto start = Clock::now();
  sink->Cancel();
  ASSERT_EQ(delivering.wait_for(kGenerous), std::future_status::ready);
  EXPECT_LT(Clock::now() - start, 10s);
  const Delivery cancelled = delivering.get();
  EXPECT_FALSE(cancelled.status.ok());
  EXPECT_EQ(cancelled.delivered, 0u);

  const Delivery later = sink->Deliver(MakeBatch(1, 2));
  EXPECT_FALSE(later.status.ok());
  EXPECT_NE(later.status.error().message().find("cancelled"), std::string::npos);
  EXPECT_FALSE(sink->LastDelivered().ok());
}

}  // namespace
}  // namespace confide::events
