#include "http/upgrade.h"

#include <gtest/gtest.h>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

#include "core/metrics.h"
#include "http/responses.h"
#include "http/server.h"
#include "unit/http/test_client.h"

// Handing a connection over to another protocol, and noticing a client that leaves while its
// request is held: what the Socket.IO gateway needs from the HTTP server.
namespace confide::http {
namespace {

using namespace std::chrono_literals;
using testing::MakeRequest;
using testing::TestClient;

class UpgradeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto router = std::make_shared<Router>();
    router->AddPrefix("/ws/", [](ExchangePtr ex) {
      ex->Respond(TextResponse(HttpStatus::ok, "plain", "text/plain"));
    });
    router->AddUpgrade("/ws/", [this](Upgrade upgrade) { TakeUpgrade(std::move(upgrade)); });
    router->Add(Verb::get, "/held", [this](ExchangePtr ex) {
      ex->OnAbandoned([this] {
        std::lock_guard lock(mu_);
        abandoned_ = true;
        cv_.notify_all();
      });
      std::lock_guard lock(mu_);
      held_ = std::move(ex);
      cv_.notify_all();
    });
    server_ = std::make_unique<Server>(
        ServerOptions{.host = "127.0.0.1", .port = 0, .io_threads = 2, .log_requests = false},
        router, metrics_);
    server_->Start();
  }

  void TearDown() override {
    held_.reset();
    server_->Stop();   // the I/O threads are done with the sockets...
    sockets_.clear();  // ...which go before their io_contexts
    server_.reset();
  }

  // Echoes, on the upgraded socket, the path, then the 5 bytes the client sent after the
  // request (some of them arrived with it, the rest are read from the socket).
  void TakeUpgrade(Upgrade upgrade) {
    std::string tail = upgrade.buffered;
    if (tail.size() < 5) {
      std::string more(5 - tail.size(), '\0');
      boost::system::error_code ec;
      boost::asio::read(upgrade.socket, boost::asio::buffer(more), ec);
      tail += more;
    }
    const std::string answer =
        std::string(upgrade.request.target()) + "|" + tail + "|" + upgrade.remote;
    boost::system::error_code ec;
    boost::asio::write(upgrade.socket, boost::asio::buffer(answer), ec);
    std::lock_guard lock(mu_);
    sockets_.push_back(std::move(upgrade.socket));
  }

  bool WaitFor(const std::function<bool()>& condition) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, 5s, condition);
  }

  core::Metrics metrics_;
  std::unique_ptr<Server> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  ExchangePtr held_;
  bool abandoned_ = false;
  std::vector<TcpSocket> sockets_;
};

TEST_F(UpgradeTest, HandsOverTheSocketWithTheBytesSentAfterTheRequest) {
  TestClient client(server_->port());
  ASSERT_FALSE(client.Connect());
  ASSERT_FALSE(client.SendRaw(
      "GET /ws/?a=1 HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
      "hello"));
  const std::string expected = "/ws/?a=1|hello|127.0.0.1";
  const auto answer = client.ReadBytes(expected.size());
  ASSERT_TRUE(answer) << client.last_error().message();
  EXPECT_EQ(*answer, expected);
}

TEST_F(UpgradeTest, WithoutAnUpgradeHeaderTheRequestIsRoutedAsUsual) {
  TestClient client(server_->port());
  ASSERT_FALSE(client.Connect());
  const auto response = client.RoundTrip(MakeRequest(Verb::get, "/ws/?a=1"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "plain");
}

TEST_F(UpgradeTest, AnUpgradeElsewhereIsRoutedAsUsual) {
  TestClient client(server_->port());
  ASSERT_FALSE(client.Connect());
  auto request = MakeRequest(Verb::get, "/wsx");
  request.set(Field::upgrade, "websocket");
  const auto response = client.RoundTrip(std::move(request));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), HttpStatus::not_found);
}

TEST_F(UpgradeTest, AClientLeavingAHeldRequestIsNoticed) {
  TestClient client(server_->port());
  ASSERT_FALSE(client.Connect());
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/held")));
  ASSERT_TRUE(WaitFor([&] { return held_ != nullptr; }));
  EXPECT_EQ(server_->in_flight(), 1u);
  client.Close();
  ASSERT_TRUE(WaitFor([&] { return abandoned_; }));
  EXPECT_EQ(server_->in_flight(), 0u);
  // Answering afterwards is harmless.
  held_->Respond(TextResponse(HttpStatus::ok, "late", "text/plain"));
}

TEST_F(UpgradeTest, AHeldRequestAnsweredNormallyIsNotAbandoned) {
  TestClient client(server_->port());
  ASSERT_FALSE(client.Connect());
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/held")));
  ASSERT_TRUE(WaitFor([&] { return held_ != nullptr; }));
  held_->Respond(TextResponse(HttpStatus::ok, "now", "text/plain"));
  const auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "now");
  // The connection goes on serving; closing it later is not an abandoned request.
  held_.reset();
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/held")));
  ASSERT_TRUE(WaitFor([&] { return held_ != nullptr; }));
  held_->Respond(TextResponse(HttpStatus::ok, "again", "text/plain"));
  ASSERT_TRUE(client.Read());
  client.Close();
  std::this_thread::sleep_for(100ms);
  std::lock_guard lock(mu_);
  EXPECT_FALSE(abandoned_);
}

TEST(MoveSocketTest, TheMovedSocketWorksOnItsNewContext) {
  boost::asio::io_context first(1), second(1);
  boost::asio::ip::tcp::acceptor acceptor(first, {boost::asio::ip::make_address("127.0.0.1"), 0});
  TcpSocket client(first.get_executor());
  client.connect(acceptor.local_endpoint());
  TcpSocket accepted(first.get_executor());
  acceptor.accept(accepted);

  TcpSocket moved = MoveSocket(std::move(accepted), second);
  ASSERT_TRUE(moved.is_open());
  EXPECT_EQ(&moved.get_executor().context(), &second);
  boost::asio::write(moved, boost::asio::buffer(std::string_view("moved")));
  std::string got(5, '\0');
  boost::asio::read(client, boost::asio::buffer(got));
  EXPECT_EQ(got, "moved");

  // Moving to the context it is already on changes nothing.
  TcpSocket same = MoveSocket(std::move(moved), second);
  EXPECT_TRUE(same.is_open());
}

}  // namespace
}  // namespace confide::http
