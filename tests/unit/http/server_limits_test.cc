#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "http/server.h"
#include "unit/http/server_fixture.h"
#include "unit/http/test_client.h"

// How many connections one client, and all clients together, can make a server hold: the
// excess is refused at accept, unread, and counted.
namespace confide::http {
namespace {

using namespace std::chrono_literals;
using testing::MakeRequest;
using testing::TestClient;

using ServerLimitsTest = testing::ServerFixture;

// A kept-alive connection that has been answered once, so the server surely holds it.
TestClient Served(std::uint16_t port) {
  TestClient client(port);
  EXPECT_FALSE(client.Connect());
  const auto response = client.RoundTrip(MakeRequest(Verb::get, "/ping"));
  EXPECT_TRUE(response && response->result() == HttpStatus::ok);
  return client;
}

std::string Refused(core::Metrics& metrics, std::string_view reason) {
  const std::string text = metrics.Render();
  const std::string series =
      "confide_http_connections_refused_total{reason=\"" + std::string(reason) + "\"} ";
  const auto at = text.find(series);
  if (at == std::string::npos) return "missing";
  return text.substr(at + series.size(), text.find('\n', at) - at - series.size());
}

TEST_F(ServerLimitsTest, ClosesAConnectionOverTheCapPerAddressUnread) {
  ServerOptions options;
  options.max_connections_per_address = 2;
  StartServer(options);
  std::vector<TestClient> held;
  held.push_back(Served(server_->port()));
  held.push_back(Served(server_->port()));
  TestClient over = Connected();
  ASSERT_FALSE(over.Send(MakeRequest(Verb::get, "/ping")));
  EXPECT_FALSE(over.Read()) << "answered over the cap";
  EXPECT_EQ(Refused(metrics_, "per_address"), "1");
  EXPECT_EQ(Refused(metrics_, "total"), "0");

  held.pop_back();  // closes: the place comes back once the server sees it
  bool served = false;
  for (int i = 0; i < 100 && !served; ++i) {
    TestClient again = Connected();
    const auto response = again.RoundTrip(MakeRequest(Verb::get, "/ping"));
    served = response && response->result() == HttpStatus::ok;
    if (!served) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(served);
}

TEST_F(ServerLimitsTest, ClosesAConnectionOverTheTotalCap) {
  ServerOptions options;
  options.max_connections = 1;
  StartServer(options);
  TestClient held = Served(server_->port());
  TestClient over = Connected();
  EXPECT_TRUE(over.WaitForClose());
  EXPECT_EQ(Refused(metrics_, "total"), "1");
}

}  // namespace
}  // namespace confide::http
