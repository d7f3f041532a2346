#include <gtest/gtest.h>

#include <string>
#include <thread>

#include "http/responses.h"
#include "http/server.h"
#include "support/log_capture.h"
#include "unit/http/server_fixture.h"
#include "unit/http/test_client.h"

// What operations rely on: CORS, metrics, the request log, timeouts, start-up and shutdown.
namespace confide::http {
namespace {

using namespace std::chrono_literals;
using testing::MakeRequest;
using testing::TestClient;

using ServerOperationsTest = testing::ServerFixture;

TEST_F(ServerOperationsTest, CorsAnswersPreflightsForAllowedOrigins) {
  ServerOptions options;
  options.cors_origins = {"https://app.example"};
  StartServer(options);
  TestClient client = Connected();

  auto preflight = MakeRequest(Verb::options, "/items/conv_1");
  preflight.set(Field::origin, "https://app.example");
  preflight.set(Field::access_control_request_method, "GET");
  preflight.set(Field::access_control_request_headers, "authorization");
  const auto granted = client.RoundTrip(preflight);
  ASSERT_TRUE(granted);
  EXPECT_EQ(granted->result(), HttpStatus::no_content);
  EXPECT_EQ((*granted)[Field::access_control_allow_origin], "https://app.example");
  EXPECT_EQ((*granted)[Field::access_control_allow_credentials], "true");
  EXPECT_EQ((*granted)[Field::access_control_allow_methods], "GET, HEAD");
  EXPECT_EQ((*granted)[Field::access_control_allow_headers], "authorization");
  EXPECT_EQ((*granted)[Field::access_control_max_age], "600");
  EXPECT_EQ((*granted)[Field::vary], "Origin");

  auto get = MakeRequest(Verb::get, "/ping");
  get.set(Field::origin, "https://app.example");
  const auto allowed = client.RoundTrip(get);
  ASSERT_TRUE(allowed);
  EXPECT_EQ((*allowed)[Field::access_control_allow_origin], "https://app.example");

  auto unknown = preflight;
  unknown.target("/nope");
  EXPECT_EQ(client.RoundTrip(unknown).value().result(), HttpStatus::not_found);
}

TEST_F(ServerOperationsTest, CorsGivesDisallowedOriginsNoHeaders) {
  ServerOptions options;
  options.cors_origins = {"https://app.example"};
  StartServer(options);
  TestClient client = Connected();

  auto get = MakeRequest(Verb::get, "/ping");
  get.set(Field::origin, "https://evil.example");
  const auto plain = client.RoundTrip(get);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->result(), HttpStatus::ok);
  EXPECT_EQ(plain->count(Field::access_control_allow_origin), 0u);
  EXPECT_EQ(plain->count(Field::access_control_allow_credentials), 0u);

  auto preflight = MakeRequest(Verb::options, "/ping");
  preflight.set(Field::origin, "https://evil.example");
  preflight.set(Field::access_control_request_method, "GET");
  const auto refused = client.RoundTrip(preflight);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->count(Field::access_control_allow_origin), 0u);
  EXPECT_EQ(refused->count(Field::access_control_allow_methods), 0u);
}

TEST_F(ServerOperationsTest, CountsRequestsByMethodRouteAndStatus) {
  StartServer();
  TestClient client = Connected();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(client.RoundTrip(MakeRequest(Verb::get, "/ping")));
  ASSERT_TRUE(client.RoundTrip(MakeRequest(Verb::get, "/items/a")));
  ASSERT_TRUE(client.RoundTrip(MakeRequest(Verb::get, "/nope")));
  ASSERT_TRUE(client.RoundTrip(MakeRequest(Verb::delete_, "/ping")));

  // A request leaves the in-flight gauge once its answer is written, just after the client
  // may have read it.
  ASSERT_TRUE(server_->WaitIdle(2s));
  const std::string text = metrics_.Render();
  EXPECT_NE(text.find(R"(confide_http_requests_total{method="GET",route="/ping",status="200"} 3)"),
            std::string::npos)
      << text;
  EXPECT_NE(
      text.find(R"(confide_http_requests_total{method="GET",route="/items/:id",status="200"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"(confide_http_requests_total{method="GET",route="unmatched",status="404"} 1)"),
      std::string::npos);
  EXPECT_NE(
      text.find(R"(confide_http_requests_total{method="DELETE",route="unmatched",status="405"} 1)"),
      std::string::npos);
  EXPECT_NE(text.find(R"(confide_http_request_duration_seconds_count{route="/ping"} 3)"),
            std::string::npos);
  EXPECT_NE(text.find("confide_http_connections 1\n"), std::string::npos);
  EXPECT_NE(text.find("confide_http_requests_in_flight 0\n"), std::string::npos);
}

TEST_F(ServerOperationsTest, GracefulShutdownFinishesInFlightAndRefusesNewConnections) {
  StartServer();
  TestClient idle = Connected();
  ASSERT_TRUE(idle.RoundTrip(MakeRequest(Verb::get, "/ping")));
  TestClient busy = Connected();
  ASSERT_FALSE(busy.Send(MakeRequest(Verb::get, "/held")));
  ExchangePtr held = TakeHeld();
  ASSERT_TRUE(held);
  EXPECT_EQ(server_->in_flight(), 1u);

  server_->StopAccepting();
  EXPECT_TRUE(idle.WaitForClose());
  TestClient late(server_->port());
  EXPECT_EQ(late.Connect(), boost::asio::error::connection_refused);
  EXPECT_FALSE(server_->WaitIdle(20ms));

  std::thread answer([&] { held->Respond(JsonResponse(HttpStatus::ok, "{\"done\":true}")); });
  answer.join();
  const auto response = busy.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), R"({"done":true})");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(busy.WaitForClose());
  EXPECT_TRUE(server_->WaitIdle(2s));
  EXPECT_EQ(server_->in_flight(), 0u);
  server_->Stop();
  server_->Stop();  // idempotent
}

TEST_F(ServerOperationsTest, ClosesIdleConnectionsAfterTheTimeout) {
  ServerOptions options;
  options.idle_timeout = 1s;
  StartServer(options);
  TestClient client = Connected();
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.WaitForClose());
  EXPECT_GE(std::chrono::steady_clock::now() - start, 900ms);
}

TEST_F(ServerOperationsTest, RefusesToStartOnATakenPort) {
  StartServer();
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = server_->port();
  options.io_threads = 1;
  Server second(options, MakeRouter(), metrics_);
  try {
    second.Start();
    FAIL() << "started on a taken port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(server_->port())), std::string::npos);
  }
}

TEST_F(ServerOperationsTest, LogsOneLinePerRequestWithoutTheQuery) {
  confide::testing::LogCapture log;
  log_requests_ = true;
  StartServer();
  TestClient client = Connected();
  const auto response = client.RoundTrip(MakeRequest(Verb::get, "/users/me?search=secret+words"));
  ASSERT_TRUE(response);
  server_.reset();

  const std::string id((*response)[kRequestIdHeader]);
  const auto lines = log.LinesWith({R"("msg":"request")"});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(R"("msg":"request","requestId":")" + id +
                          R"(","method":"GET","route":"/users/me","path":"/users/me",)"
                          R"("status":200,)"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[0].find(R"("remote":"127.0.0.1","user":"user_1")"), std::string::npos)
      << lines[0];
  EXPECT_EQ(lines[0].find("secret"), std::string::npos);
}

}  // namespace
}  // namespace confide::http
