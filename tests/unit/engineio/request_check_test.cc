#include "engineio/request_check.h"

#include <gtest/gtest.h>

// The protocol's checks on a request, in the reference server's order, and their answers.
namespace confide::engineio {
namespace {

http::Request Get(std::string_view target) {
  http::Request request{http::Verb::get, target, 11};
  request.set(http::Field::host, "x");
  return request;
}

std::optional<RequestError> Check(const http::Request& request, bool upgrade = false,
                                  ServerOptions options = {}) {
  RequestTarget target;
  return CheckRequest(request, options, upgrade, target);
}

TEST(RequestCheck, AcceptsAHandshakeOnEitherTransport) {
  RequestTarget target;
  EXPECT_FALSE(CheckRequest(Get("/socket.io/?EIO=4&transport=polling&t=abc"), {}, false, target));
  EXPECT_EQ(target.transport, TransportName::kPolling);
  EXPECT_FALSE(target.sid);
  EXPECT_FALSE(CheckRequest(Get("/socket.io/?EIO=4&transport=websocket"), {}, true, target));
  EXPECT_EQ(target.transport, TransportName::kWebSocket);
}

TEST(RequestCheck, ReadsTheSessionId) {
  RequestTarget target;
  EXPECT_FALSE(
      CheckRequest(Get("/socket.io/?EIO=4&transport=polling&sid=abc1"), {}, false, target));
  EXPECT_EQ(target.sid, "abc1");
}

TEST(RequestCheck, RefusesAnUnknownOrDisabledTransport) {
  EXPECT_EQ(Check(Get("/socket.io/?EIO=4")), RequestError::kUnknownTransport);
  EXPECT_EQ(Check(Get("/socket.io/?EIO=4&transport=abc")), RequestError::kUnknownTransport);
  EXPECT_EQ(Check(Get("/socket.io/?EIO=4&transport=webtransport")),
            RequestError::kUnknownTransport);
  EXPECT_EQ(Check(Get("/socket.io/?EIO=4&transport=polling"), false, {.allow_polling = false}),
            RequestError::kUnknownTransport);
}

TEST(RequestCheck, OnlyVersionFourIsSpoken) {
  EXPECT_EQ(Check(Get("/socket.io/?transport=polling")), RequestError::kUnsupportedProtocolVersion);
  EXPECT_EQ(Check(Get("/socket.io/?EIO=3&transport=polling")),
            RequestError::kUnsupportedProtocolVersion);
  EXPECT_EQ(Check(Get("/socket.io/?EIO=abc&transport=polling")),
            RequestError::kUnsupportedProtocolVersion);
  // With a session, another version is a bad request.
  EXPECT_EQ(Check(Get("/socket.io/?EIO=3&transport=polling&sid=x")), RequestError::kBadRequest);
}

TEST(RequestCheck, AHandshakeIsAGet) {
  auto post = Get("/socket.io/?EIO=4&transport=polling");
  post.method(http::Verb::post);
  EXPECT_EQ(Check(post), RequestError::kBadHandshakeMethod);
  // With a session id, POST is how a client sends.
  auto with_sid = Get("/socket.io/?EIO=4&transport=polling&sid=x");
  with_sid.method(http::Verb::post);
  EXPECT_FALSE(Check(with_sid));
}

TEST(RequestCheck, AWebSocketHandshakeMustBeAnUpgrade) {
  EXPECT_EQ(Check(Get("/socket.io/?EIO=4&transport=websocket"), /*upgrade=*/false),
            RequestError::kBadRequest);
}

TEST(RequestCheck, RefusesAnOriginWithControlCharacters) {
  auto request = Get("/socket.io/?EIO=4&transport=polling");
  request.set(http::Field::origin, "http://a\x01.example");
  EXPECT_EQ(Check(request), RequestError::kBadRequest);
}

TEST(RequestCheck, ErrorAnswersCarryTheProtocolsJson) {
  const auto unknown = ErrorResponse(RequestError::kUnknownSid);
  EXPECT_EQ(unknown.result(), http::HttpStatus::bad_request);
  EXPECT_EQ(unknown[http::Field::content_type], "application/json");
  EXPECT_EQ(unknown.body(), R"({"code":1,"message":"Session ID unknown"})");
  EXPECT_EQ(ErrorResponse(RequestError::kUnknownTransport).body(),
            R"({"code":0,"message":"Transport unknown"})");
  EXPECT_EQ(ErrorResponse(RequestError::kBadHandshakeMethod).body(),
            R"({"code":2,"message":"Bad handshake method"})");
  EXPECT_EQ(ErrorResponse(RequestError::kBadRequest).body(),
            R"({"code":3,"message":"Bad request"})");
  EXPECT_EQ(ErrorResponse(RequestError::kForbidden).result(), http::HttpStatus::forbidden);
  EXPECT_EQ(ErrorResponse(RequestError::kUnsupportedProtocolVersion).body(),
            R"({"code":5,"message":"Unsupported protocol version"})");
}

}  // namespace
}  // namespace confide::engineio
