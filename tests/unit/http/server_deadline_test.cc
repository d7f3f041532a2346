#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "unit/http/server_fixture.h"
#include "unit/http/test_client.h"

// How long a client may take over a request's line and headers, and how long a kept-alive
// connection waits for the next request.
namespace confide::http {
namespace {

using namespace std::chrono_literals;
using testing::MakeRequest;
using testing::TestClient;

using ServerDeadlineTest = testing::ServerFixture;

// A kept-alive connection that has been answered once, so the server surely holds it.
TestClient Served(std::uint16_t port) {
  TestClient client(port);
  EXPECT_FALSE(client.Connect());
  const auto response = client.RoundTrip(MakeRequest(Verb::get, "/ping"));
  EXPECT_TRUE(response && response->result() == HttpStatus::ok);
  return client;
}

TEST_F(ServerDeadlineTest, AHeaderMustArriveWithinTheHeaderTimeoutHoweverItDribbles) {
  ServerOptions options;
  options.header_timeout = 300ms;
  options.idle_timeout = 5s;
  StartServer(options);
  TestClient slow = Connected();
  const auto start = std::chrono::steady_clock::now();
  ASSERT_FALSE(slow.SendRaw("GET /ping HTTP/1.1\r\n"));
  for (int i = 0; i < 20; ++i) {
    std::this_thread::sleep_for(50ms);
    if (slow.SendRaw("X-A: b\r\n")) break;  // closed by the server
  }
  EXPECT_TRUE(slow.WaitForClose());
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 250ms);
  EXPECT_LT(took, 4s);
}

TEST_F(ServerDeadlineTest, AKeptAliveConnectionWaitsTheIdleTimeoutForItsNextRequest) {
  ServerOptions options;
  options.header_timeout = 200ms;
  options.idle_timeout = 3s;
  StartServer(options);
  TestClient client = Served(server_->port());
  std::this_thread::sleep_for(800ms);  // four header timeouts, well within the idle one
  const auto response = client.RoundTrip(MakeRequest(Verb::get, "/ping"));
  ASSERT_TRUE(response) << client.last_error().message();
  EXPECT_EQ(response->result(), HttpStatus::ok);
}

}  // namespace
}  // namespace confide::http
