#include "http/server.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>

#include "http/request_id_source.h"
#include "http/responses.h"
#include "support/log_capture.h"
#include "unit/http/server_fixture.h"
#include "unit/http/test_client.h"

// How one connection behaves: keep-alive, pipelining, routing answers, limits, threads.
namespace confide::http {
namespace {

using namespace std::chrono_literals;
using testing::MakeRequest;
using testing::TestClient;

using ServerTest = testing::ServerFixture;

TEST_F(ServerTest, KeepsAliveAcrossRequestsOnOneConnection) {
  StartServer();
  TestClient client = Connected();
  for (const char* target : {"/ping", "/later", "/items/conv_1?q=a+b", "/ping"}) {
    const auto response = client.RoundTrip(MakeRequest(Verb::get, target));
    ASSERT_TRUE(response) << target << ": " << client.last_error().message();
    EXPECT_EQ(response->result(), HttpStatus::ok) << target;
    EXPECT_EQ(response->version(), 11);
    EXPECT_TRUE(response->keep_alive());
    EXPECT_EQ((*response)[Field::content_length], std::to_string(response->body().size()));
  }
  const auto posted = client.RoundTrip(MakeRequest(Verb::post, "/echo", R"({"a":1})"));
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->result(), HttpStatus::created);
  EXPECT_EQ(posted->body(), R"({"a":1})");
}

TEST_F(ServerTest, AnswersPipelinedRequestsInOrder) {
  StartServer();
  TestClient client = Connected();
  ASSERT_FALSE(client.SendRaw(
      "GET /later HTTP/1.1\r\nHost: x\r\n\r\nGET /ping HTTP/1.1\r\nHost: x\r\n\r\n"));
  const auto first = client.Read();
  const auto second = client.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body(), R"({"later":true})");
  EXPECT_EQ(second->body(), R"({"pong":true})");
}

TEST_F(ServerTest, DecodesParametersAndQueries) {
  StartServer();
  TestClient client = Connected();
  const auto response =
      client.RoundTrip(MakeRequest(Verb::get, "/items/%F0%9F%91%8D?q=two+words%21"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body(), "{\"id\":\"\xF0\x9F\x91\x8D\",\"q\":\"two words!\"}");
}

TEST_F(ServerTest, UnknownPathIsNestJs404) {
  StartServer();
  TestClient client = Connected();
  const auto response = client.RoundTrip(MakeRequest(Verb::get, "/nope"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), HttpStatus::not_found);
  EXPECT_EQ(response->body(),
            R"({"statusCode":404,"message":"Cannot GET /nope","error":"Not Found"})");
  EXPECT_EQ((*response)[Field::content_type], "application/json; charset=utf-8");
  EXPECT_TRUE(response->keep_alive());
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  StartServer();
  TestClient client = Connected();
  const auto response = client.RoundTrip(MakeRequest(Verb::post, "/ping"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), HttpStatus::method_not_allowed);
  EXPECT_EQ((*response)[Field::allow], "GET, HEAD");
  EXPECT_EQ(response->body(),
            R"({"statusCode":405,"message":"Method Not Allowed","error":"Method Not Allowed"})");
}

TEST_F(ServerTest, BadPercentEncodingIs400) {
  StartServer();
  TestClient client = Connected();
  const auto response = client.RoundTrip(MakeRequest(Verb::get, "/items/%E0%A4%A"));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), HttpStatus::bad_request);
  EXPECT_EQ(
      response->body(),
      R"({"statusCode":400,"message":"Failed to decode param '%E0%A4%A'","error":"Bad Request"})");
}

TEST_F(ServerTest, HeadSendsTheLengthWithoutTheBody) {
  StartServer();
  TestClient client = Connected();
  ASSERT_FALSE(client.Send(MakeRequest(Verb::head, "/ping")));
  const auto head = client.Read(/*head_request=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->result(), HttpStatus::ok);
  EXPECT_EQ((*head)[Field::content_length], "13");  // {"pong":true}
  EXPECT_TRUE(head->body().empty());
  // Nothing stray follows the header: the next response parses cleanly.
  const auto next = client.RoundTrip(MakeRequest(Verb::get, "/ping"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body(), R"({"pong":true})");
}

TEST_F(ServerTest, BodyOverTheLimitIs413ThenClose) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  TestClient client = Connected();
  const auto response = client.RoundTrip(MakeRequest(Verb::post, "/echo", std::string(2048, 'x')));
  ASSERT_TRUE(response) << client.last_error().message();
  EXPECT_EQ(response->result(), HttpStatus::payload_too_large);
  EXPECT_EQ(response->body(),
            R"({"statusCode":413,"message":"Request body is larger than 1024 bytes",)"
            R"("error":"Payload Too Large"})");
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, BodyAtTheLimitIsAccepted) {
  ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  TestClient client = Connected();
  const auto response = client.RoundTrip(MakeRequest(Verb::post, "/echo", std::string(1024, 'x')));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), HttpStatus::created);
  EXPECT_EQ(response->body().size(), 1024u);
}

TEST_F(ServerTest, MalformedRequestIs400ThenClose) {
  StartServer();
  TestClient client = Connected();
  ASSERT_FALSE(client.SendRaw("GET /ping NOT-HTTP\r\n\r\n"));
  const auto response = client.Read();
  ASSERT_TRUE(response) << client.last_error().message();
  EXPECT_EQ(response->result(), HttpStatus::bad_request);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, OversizedHeaderIs431) {
  StartServer();
  TestClient client = Connected();
  auto request = MakeRequest(Verb::get, "/ping");
  request.set("X-Padding", std::string(20 * 1024, 'p'));
  const auto response = client.RoundTrip(std::move(request));
  ASSERT_TRUE(response) << client.last_error().message();
  EXPECT_EQ(response->result(), HttpStatus::request_header_fields_too_large);
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, Http10ClosesAfterTheResponse) {
  StartServer();
  TestClient client = Connected();
  auto request = MakeRequest(Verb::get, "/ping");
  request.version(10);
  const auto response = client.RoundTrip(std::move(request));
  ASSERT_TRUE(response);
  EXPECT_EQ(response->version(), 10);
  EXPECT_FALSE(response->keep_alive());
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, AnswersFromAnotherThread) {
  StartServer();
  TestClient client = Connected();
  ASSERT_FALSE(client.Send(MakeRequest(Verb::get, "/held")));
  ExchangePtr held = TakeHeld();
  ASSERT_TRUE(held);
  EXPECT_EQ(held->route(), "/held");
  std::thread answer([&] { held->Respond(JsonResponse(HttpStatus::accepted, "{}")); });
  answer.join();
  const auto response = client.Read();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->result(), HttpStatus::accepted);
}

TEST_F(ServerTest, SpreadsConnectionsOverTheIoThreads) {
  StartServer();
  EXPECT_EQ(server_->io_contexts().size(), 2u);
  TestClient first = Connected();
  TestClient second = Connected();
  const auto a = first.RoundTrip(MakeRequest(Verb::get, "/thread"));
  const auto b = second.RoundTrip(MakeRequest(Verb::get, "/thread"));
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->body(), b->body());
  // A connection stays on its thread.
  EXPECT_EQ(first.RoundTrip(MakeRequest(Verb::get, "/thread")).value().body(), a->body());
}

// A handler that throws, or lets go of its request, answers 500 with the fixed message and the
// request id; the log line with that id holds what went wrong, which the client never sees.
TEST_F(ServerTest, UnansweredOrThrowingHandlersAnswer500WithTheRequestId) {
  confide::testing::LogCapture log;
  StartServer();
  TestClient client = Connected();
  for (const char* target : {"/drop", "/throws"}) {
    const auto response = client.RoundTrip(MakeRequest(Verb::get, target));
    ASSERT_TRUE(response) << target;
    EXPECT_EQ(response->result(), HttpStatus::internal_server_error) << target;
    const std::string id((*response)[kRequestIdHeader]);
    ASSERT_FALSE(id.empty()) << target;
    EXPECT_EQ(response->body(), R"({"statusCode":500,"message":"Internal server error",)"
                                R"("error":"Internal Server Error","requestId":")" +
                                    id + R"("})");
    EXPECT_EQ(response->body().find("boom"), std::string::npos);
    const auto failure =
        log.LinesWith({"\"msg\":\"request failed\"", "\"requestId\":\"" + id + "\""});
    ASSERT_EQ(failure.size(), 1u) << target;
    EXPECT_EQ(failure[0].rfind("error ", 0), 0u) << failure[0];
    if (std::string_view(target) == "/throws") {
      EXPECT_NE(failure[0].find("\"detail\":\"boom\""), std::string::npos) << failure[0];
    }
  }
  EXPECT_EQ(client.RoundTrip(MakeRequest(Verb::get, "/ping")).value().result(), HttpStatus::ok);
}

// Every answer names its request, unanswered ones and those the server writes itself (a 404,
// a 413) too; ids are unique, and the request log line carries the same one.
TEST_F(ServerTest, EveryResponseCarriesItsRequestId) {
  confide::testing::LogCapture log;
  log_requests_ = true;
  StartServer({.max_body_bytes = 16});
  std::set<std::string> ids;
  TestClient client = Connected();
  for (const char* target : {"/ping", "/nope", "/ping", "/items/a"}) {
    const auto response = client.RoundTrip(MakeRequest(Verb::get, target));
    ASSERT_TRUE(response) << target;
    const std::string id((*response)[kRequestIdHeader]);
    EXPECT_TRUE(ids.insert(id).second) << id << " is new";
    EXPECT_EQ(log.LinesWith({"\"msg\":\"request\"", "\"requestId\":\"" + id + "\""}).size(), 1u)
        << id;
  }
  const auto too_big = client.RoundTrip(MakeRequest(Verb::post, "/echo", std::string(64, 'x')));
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->result(), HttpStatus::payload_too_large);
  EXPECT_TRUE(ids.insert(std::string((*too_big)[kRequestIdHeader])).second);
  for (const auto& id : ids) {
    EXPECT_TRUE(id.starts_with(RequestIdSource::ProcessTag() + "-")) << id;
  }
}

TEST_F(ServerTest, AnsweringAfterThePeerLeftIsHarmless) {
  StartServer();
  TestClient leaving = Connected();
  ASSERT_FALSE(leaving.Send(MakeRequest(Verb::get, "/held")));
  ExchangePtr held = TakeHeld();
  ASSERT_TRUE(held);
  leaving.Close();
  held->Respond(JsonResponse(HttpStatus::ok, "{}"));
  held.reset();
  EXPECT_TRUE(server_->WaitIdle(2s));
  TestClient next = Connected();
  EXPECT_EQ(next.RoundTrip(MakeRequest(Verb::get, "/ping")).value().result(), HttpStatus::ok);
}

}  // namespace
}  // namespace confide::http
