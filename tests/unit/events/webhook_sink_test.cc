#include "events/webhook_sink.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "events/webhook_signature.h"
#include "test_webhook_receiver.h"

namespace confide::events {
namespace {

using fixtures::TestWebhookReceiver;
using namespace std::chrono_literals;

constexpr core::EpochMillis kNow = 1'700'000'000'123;
constexpr char kSecret[] = "whsec-test-secret";

OutboxEvent Event(std::int64_t seq) {
  return FromRecord({.seq = seq,
                     .id = std::string("evt_") + std::to_string(seq),
                     .type = "message.sent",
                     .conversation_id = "conv_1",
                     .occurred_at = kNow,
                     .data = std::string(R"({"text":"message )") + std::to_string(seq) + R"("})"});
}

std::vector<OutboxEvent> Batch(std::int64_t first, int count) {
  std::vector<OutboxEvent> batch;
  for (int i = 0; i < count; ++i) batch.push_back(Event(first + i));
  return batch;
}

std::string ErrorOf(const Delivery& delivery) {
  return delivery.status.ok() ? "delivered" : delivery.status.error().message();
}

std::chrono::milliseconds Elapsed(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               since);
}

// A port on 127.0.0.1 where nothing listens: bound by the system, then released.
unsigned short ClosedPort() {
  boost::asio::io_context context;
  boost::asio::ip::tcp::acceptor acceptor(context, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

class WebhookSinkTest : public ::testing::Test {
 protected:
  std::unique_ptr<WebhookSink> Make(std::string url, std::string secret = kSecret,
                                    std::chrono::milliseconds timeout = 3s) {
    Result<std::unique_ptr<WebhookSink>> sink = WebhookSink::Create(
        {.url = std::move(url), .secret = std::move(secret), .timeout = timeout}, clock_);
    if (!sink.ok()) throw std::runtime_error(sink.error().message());
    return std::move(*sink);
  }

  std::string CreateError(std::string url) {
    Result<std::unique_ptr<WebhookSink>> sink = WebhookSink::Create({.url = std::move(url)});
    return sink.ok() ? "created" : sink.error().message();
  }

  core::ManualClock clock_{kNow};
  TestWebhookReceiver receiver_;
};

TEST_F(WebhookSinkTest, PostsTheBatchAsOneJsonArrayInOrderWithItsHeaders) {
  auto sink = Make(receiver_.url("/hooks/confide?tenant=a"));
  EXPECT_EQ(sink->kind(), "webhook");
  const std::vector<OutboxEvent> batch = Batch(41, 3);

  const Delivery delivery = sink->Deliver(batch);
  EXPECT_EQ(ErrorOf(delivery), "delivered");
  EXPECT_EQ(delivery.delivered, 3u);

  const auto requests = receiver_.requests();
  ASSERT_EQ(requests.size(), 1u) << "one request for the whole batch";
  const auto& request = requests[0];
  EXPECT_EQ(request.method, "POST");
  EXPECT_EQ(request.target, "/hooks/confide?tenant=a");
  EXPECT_EQ(request.body, "[" + batch[0].json + "," + batch[1].json + "," + batch[2].json + "]");
  const boost::json::value parsed = boost::json::parse(request.body);
  ASSERT_TRUE(parsed.is_array());
  ASSERT_EQ(parsed.as_array().size(), 3u);
  EXPECT_EQ(parsed.as_array()[0].at("seq").as_int64(), 41);
  EXPECT_EQ(parsed.as_array()[2].at("id").as_string(), "evt_43");

  EXPECT_EQ(request.header("content-type"), "application/json");
  EXPECT_EQ(request.header("user-agent"), "confide");
  EXPECT_EQ(request.header("host"), std::string("127.0.0.1:") + std::to_string(receiver_.port()));
  EXPECT_EQ(request.header("content-length"), std::to_string(request.body.size()));
  EXPECT_EQ(request.header("x-confide-timestamp"), "1700000000");
  EXPECT_EQ(request.header("x-confide-event-count"), "3");
  EXPECT_EQ(request.header("x-confide-first-seq"), "41");
  EXPECT_EQ(request.header("x-confide-last-seq"), "43");
  EXPECT_EQ(request.header("x-confide-signature").rfind("sha256=", 0), 0u);
}

TEST_F(WebhookSinkTest, TheSignatureVerifiesWithTheSecretOnly) {
  auto sink = Make(receiver_.url());
  clock_.Advance(60'000);
  ASSERT_TRUE(sink->Deliver(Batch(1, 2)).status.ok());

  const auto request = receiver_.requests().at(0);
  const std::string timestamp = request.header("x-confide-timestamp");
  const std::string signature = request.header("x-confide-signature");
  EXPECT_EQ(timestamp, "1700000060");
  EXPECT_EQ(signature, WebhookSignature(kSecret, timestamp, request.body));
  EXPECT_TRUE(VerifyWebhookSignature(kSecret, timestamp, request.body, signature));
  EXPECT_FALSE(VerifyWebhookSignature("another secret", timestamp, request.body, signature));
  EXPECT_FALSE(VerifyWebhookSignature(kSecret, "1700000061", request.body, signature));
}

TEST_F(WebhookSinkTest, WithoutASecretRequestsAreNotSigned) {
  auto sink = Make(receiver_.url(), "");
  ASSERT_TRUE(sink->Deliver(Batch(1, 1)).status.ok());
  const auto request = receiver_.requests().at(0);
  EXPECT_EQ(request.headers.count("x-confide-signature"), 0u);
  EXPECT_EQ(request.header("x-confide-timestamp"), "1700000000");
}

TEST_F(WebhookSinkTest, AnyTwoHundredAnswerDeliversTheBatch) {
  auto sink = Make(receiver_.url());
  receiver_.SetStatus(204);
  EXPECT_EQ(sink->Deliver(Batch(1, 2)).delivered, 2u);
  receiver_.SetStatus(202);
  EXPECT_EQ(sink->Deliver(Batch(3, 1)).delivered, 1u);
}

TEST_F(WebhookSinkTest, AnotherStatusDeliversNothingAndIsNamed) {
  auto sink = Make(receiver_.url("/hooks/confide?token=query-key"));
  receiver_.SetStatus(500);
  const Delivery failed = sink->Deliver(Batch(1, 2));
  EXPECT_EQ(failed.delivered, 0u);
  EXPECT_EQ(ErrorOf(failed),
            std::string("webhook ") + receiver_.url() + " answered HTTP 500 Internal Server Error");
  EXPECT_EQ(failed.status.error().code(), ErrorCode::kUnavailable);

  receiver_.SetStatus(302);
  EXPECT_EQ(ErrorOf(sink->Deliver(Batch(1, 2))),
            std::string("webhook ") + receiver_.url() + " answered HTTP 302 Found")
      << "redirects are not followed";

  receiver_.SetStatus(200);
  EXPECT_EQ(sink->Deliver(Batch(1, 2)).delivered, 2u);
  EXPECT_EQ(receiver_.connections(), 1) << "an error status leaves the connection usable";
}

TEST_F(WebhookSinkTest, ARefusedConnectionFailsAtOnce) {
  const std::string url = std::string("http://127.0.0.1:") + std::to_string(ClosedPort()) + "/hook";
  auto sink = Make(url, kSecret, 5s);
  const auto start = std::chrono::steady_clock::now();
  const Delivery failed = sink->Deliver(Batch(1, 1));
  EXPECT_LT(Elapsed(start), 3s);
  EXPECT_EQ(failed.delivered, 0u);
  EXPECT_EQ(ErrorOf(failed), "webhook " + url + ": cannot connect: Connection refused");
}

TEST_F(WebhookSinkTest, AStalledReceiverFailsAfterTheTimeout) {
  auto sink = Make(receiver_.url(), kSecret, 300ms);
  receiver_.SetStalled(true);
  const auto start = std::chrono::steady_clock::now();
  const Delivery failed = sink->Deliver(Batch(1, 1));
  EXPECT_GE(Elapsed(start), 250ms);
  EXPECT_LT(Elapsed(start), 5s);
  EXPECT_EQ(failed.delivered, 0u);
  EXPECT_EQ(ErrorOf(failed),
            std::string("webhook ") + receiver_.url() + ": no answer within 300 ms");
  EXPECT_EQ(receiver_.requests().size(), 1u) << "the request arrived; its answer did not";
}

TEST_F(WebhookSinkTest, TheNextBatchSucceedsWhenTheReceiverAnswersAgain) {
  auto sink = Make(receiver_.url(), kSecret, 300ms);
  receiver_.SetStalled(true);
  EXPECT_EQ(sink->Deliver(Batch(1, 1)).delivered, 0u);
  receiver_.SetStalled(false);
  const Delivery retried = sink->Deliver(Batch(1, 1));
  EXPECT_EQ(ErrorOf(retried), "delivered");
  EXPECT_EQ(receiver_.connections(), 2) << "the connection of the timed-out request was dropped";
}

TEST_F(WebhookSinkTest, TheNextBatchSucceedsWhenTheReceiverIsBack) {
  auto receiver = std::make_unique<TestWebhookReceiver>();
  const unsigned short port = receiver->port();
  const std::string url = receiver->url();
  auto sink = Make(url);
  ASSERT_TRUE(sink->Deliver(Batch(1, 1)).status.ok());

  receiver.reset();
  const Delivery failed = sink->Deliver(Batch(2, 1));
  EXPECT_EQ(failed.delivered, 0u);
  EXPECT_EQ(ErrorOf(failed), "webhook " + url + ": cannot connect: Connection refused")
      << "the kept connection was closed, and so was the port";

  receiver = std::make_unique<TestWebhookReceiver>(port);
  EXPECT_EQ(ErrorOf(sink->Deliver(Batch(2, 1))), "delivered");
  ASSERT_EQ(receiver->requests().size(), 1u);
  EXPECT_EQ(receiver->requests()[0].header("x-confide-first-seq"), "2");
}

TEST_F(WebhookSinkTest, CancelEndsAStalledDeliveryAndFailsLaterOnes) {
  auto sink = Make(receiver_.url(), kSecret, 30s);
  receiver_.SetStalled(true);
  const auto start = std::chrono::steady_clock::now();
  auto delivering = std::async(std::launch::async, [&] { return sink->Deliver(Batch(1, 1)); });
  ASSERT_TRUE(receiver_.WaitForRequests(1, 5s));
  sink->Cancel();
  ASSERT_EQ(delivering.wait_for(5s), std::future_status::ready);
  const Delivery cancelled = delivering.get();
  EXPECT_LT(Elapsed(start), 10s);
  EXPECT_EQ(cancelled.delivered, 0u);
  EXPECT_EQ(ErrorOf(cancelled), std::string("webhook ") + receiver_.url() + ": delivery cancelled");

  receiver_.SetStalled(false);
  EXPECT_EQ(ErrorOf(sink->Deliver(Batch(1, 1))), ErrorOf(cancelled));
  EXPECT_EQ(receiver_.requests().size(), 1u) << "nothing is sent after Cancel";
}

TEST_F(WebhookSinkTest, CancelBeforeAnyDeliveryFailsItAtOnce) {
  auto sink = Make(receiver_.url());
  sink->Cancel();
  EXPECT_EQ(ErrorOf(sink->Deliver(Batch(1, 1))),
            std::string("webhook ") + receiver_.url() + ": delivery cancelled");
  EXPECT_EQ(receiver_.connections(), 0);
}

TEST_F(WebhookSinkTest, ConsecutiveBatchesShareOneConnection) {
  auto sink = Make(receiver_.url());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(sink->Deliver(Batch(1 + i, 1)).status.ok());
  EXPECT_EQ(receiver_.requests().size(), 3u);
  EXPECT_EQ(receiver_.connections(), 1);
}

TEST_F(WebhookSinkTest, AConnectionCloseAnswerMeansANewConnectionNextTime) {
  auto sink = Make(receiver_.url());
  receiver_.SetKeepAlive(false);
  ASSERT_TRUE(sink->Deliver(Batch(1, 1)).status.ok());
  ASSERT_TRUE(sink->Deliver(Batch(2, 1)).status.ok());
  EXPECT_EQ(receiver_.connections(), 2);
}

TEST_F(WebhookSinkTest, AConnectionTheReceiverClosedWhileIdleIsReplaced) {
  auto sink = Make(receiver_.url());
  receiver_.SetCloseAfterAnswer(true);
  ASSERT_TRUE(sink->Deliver(Batch(1, 1)).status.ok());
  std::this_thread::sleep_for(50ms);
  const Delivery second = sink->Deliver(Batch(2, 1));
  EXPECT_EQ(ErrorOf(second), "delivered") << "sent again on a new connection";
  EXPECT_EQ(receiver_.connections(), 2);
  EXPECT_EQ(receiver_.requests().size(), 2u);
}

TEST_F(WebhookSinkTest, HttpsToAPlainHttpReceiverFailsTheHandshake) {
  const std::string url =
      std::string("https://127.0.0.1:") + std::to_string(receiver_.port()) + "/hook";
  auto sink = Make(url, kSecret, 3s);
  const Delivery failed = sink->Deliver(Batch(1, 1));
  EXPECT_EQ(failed.delivered, 0u);
  EXPECT_EQ(ErrorOf(failed).rfind("webhook " + url + ": TLS handshake failed: ", 0), 0u)
      << ErrorOf(failed);
}

TEST_F(WebhookSinkTest, ErrorsNeverHoldTheSecret) {
  auto sink = Make(receiver_.url(), kSecret, 300ms);
  receiver_.SetStatus(401);
  EXPECT_EQ(ErrorOf(sink->Deliver(Batch(1, 1))).find(kSecret), std::string::npos);
  receiver_.SetStalled(true);
  EXPECT_EQ(ErrorOf(sink->Deliver(Batch(1, 1))).find(kSecret), std::string::npos);
}

TEST_F(WebhookSinkTest, CreateRejectsWhatIsNotAnHttpUrl) {
  EXPECT_EQ(CreateError(""), "the webhook URL is empty");
  EXPECT_EQ(CreateError("ftp://x"),
            "the webhook URL must start with http:// or https://, not ftp:");
  EXPECT_EQ(CreateError("not a url"),
            "the webhook URL is not a valid absolute URL (expected http://host[:port]/path or "
            "https://host[:port]/path)");
  EXPECT_EQ(CreateError("/hooks/confide"), CreateError("not a url"));
  EXPECT_EQ(CreateError("http://"), "the webhook URL has no host");
  EXPECT_EQ(CreateError("http://user:password@example.com/hook"),
            "the webhook URL must not hold a user name or password");
  EXPECT_EQ(CreateError("http://example.com:99999/hook"),
            "the webhook URL's port must be a number from 1 to 65535");
  EXPECT_EQ(CreateError("https://example.com/hook"), "created");
  EXPECT_EQ(CreateError("http://example.com"), "created");

  Result<std::unique_ptr<WebhookSink>> no_time =
      WebhookSink::Create({.url = "http://example.com/hook", .secret = "", .timeout = 0ms});
  ASSERT_FALSE(no_time.ok());
  EXPECT_EQ(no_time.error().message(), "the webhook timeout must be positive");
  EXPECT_EQ(no_time.error().code(), ErrorCode::kBadRequest);
}

}  // namespace
}  // namespace confide::events
