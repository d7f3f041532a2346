#include <gtest/gtest.h>

#include "http/server.h"
#include "unit/http/server_fixture.h"
#include "unit/http/test_client.h"

// Which address a request comes from: the peer, or what a trusted proxy forwards.
namespace confide::http {
namespace {

using testing::MakeRequest;
using testing::TestClient;

using ServerClientAddressTest = testing::ServerFixture;

TEST_F(ServerClientAddressTest, AnExchangeTellsTheForwardedClientOfATrustedProxyOnly) {
  ServerOptions options;
  options.trusted_proxies = *TrustedProxies::Parse({"127.0.0.1"});
  StartServer(options);
  TestClient client = Connected();
  auto request = MakeRequest(Verb::get, "/users/me");
  request.set("X-Forwarded-For", "203.0.113.7, 127.0.0.1");
  const auto forwarded = client.RoundTrip(request);
  ASSERT_TRUE(forwarded);
  EXPECT_EQ(forwarded->body(), "203.0.113.7");
  server_.reset();

  StartServer();
  TestClient direct = Connected();
  const auto ignored = direct.RoundTrip(request);
  ASSERT_TRUE(ignored);
  EXPECT_EQ(ignored->body(), "127.0.0.1");
}

}  // namespace
}  // namespace confide::http
