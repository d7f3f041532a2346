#include "http/responses.h"

#include <gtest/gtest.h>

namespace confide::http {
namespace {

TEST(Responses, JsonCarriesItsCharset) {
  const auto response = JsonResponse(HttpStatus::created, R"({"id":"conv_1"})");
  EXPECT_EQ(response.result(), HttpStatus::created);
  EXPECT_EQ(response[Field::content_type], "application/json; charset=utf-8");
  EXPECT_EQ(response.body(), R"({"id":"conv_1"})");
}

TEST(Responses, EmptyHasNoBodyAndNoContentType) {
  const auto response = EmptyResponse(HttpStatus::no_content);
  EXPECT_EQ(response.result(), HttpStatus::no_content);
  EXPECT_EQ(response.count(Field::content_type), 0u);
  EXPECT_TRUE(response.body().empty());
}

TEST(Responses, TextUsesTheGivenType) {
  const auto response = TextResponse(HttpStatus::ok, "# HELP", "text/plain; version=0.0.4");
  EXPECT_EQ(response[Field::content_type], "text/plain; version=0.0.4");
  EXPECT_EQ(response.body(), "# HELP");
}

TEST(Responses, ErrorsUseTheNestJsBody) {
  EXPECT_EQ(ErrorResponse(HttpStatus::not_found, "Cannot GET /nope").body(),
            R"({"statusCode":404,"message":"Cannot GET /nope","error":"Not Found"})");
  EXPECT_EQ(ErrorResponse(HttpStatus::payload_too_large, "too \"big\"").body(),
            R"({"statusCode":413,"message":"too \"big\"","error":"Payload Too Large"})");
  EXPECT_EQ(
      ErrorResponse(HttpStatus::bad_request, std::vector<std::string>{"a is bad", "b"}).body(),
      R"({"statusCode":400,"message":["a is bad","b"],"error":"Bad Request"})");
}

TEST(Responses, MapsErrorCodesToStatuses) {
  const std::pair<ErrorCode, unsigned> cases[] = {
      {ErrorCode::kBadRequest, 400},       {ErrorCode::kUnauthorized, 401},
      {ErrorCode::kForbidden, 403},        {ErrorCode::kNotFound, 404},
      {ErrorCode::kMethodNotAllowed, 405}, {ErrorCode::kConflict, 409},
      {ErrorCode::kPayloadTooLarge, 413},  {ErrorCode::kTooManyRequests, 429},
      {ErrorCode::kInternal, 500},         {ErrorCode::kUnavailable, 503},
  };
  for (const auto& [code, status] : cases) {
    EXPECT_EQ(ErrorResponse(Error(code, "m"), "rid-1").result_int(), status);
  }
  EXPECT_EQ(ErrorResponse(Error::Forbidden("Not a member"), "rid-1").body(),
            R"({"statusCode":403,"message":"Not a member","error":"Forbidden"})");
  EXPECT_EQ(ErrorResponse(Error::Invalid({"content must be a string"}), "rid-1").body(),
            R"({"statusCode":400,"message":["content must be a string"],"error":"Bad Request"})");
}

TEST(Responses, ARetryAfterTimeIsToldInWholeSecondsRoundedUp) {
  const auto limited = ErrorResponse(
      Error(ErrorCode::kTooManyRequests, "Too many messages").WithRetryAfter(2100), "rid-1");
  EXPECT_EQ(limited.result_int(), 429);
  EXPECT_EQ(limited[Field::retry_after], "3");
  EXPECT_EQ(limited.body(),
            R"({"statusCode":429,"message":"Too many messages","error":"Too Many Requests"})");
  const auto full = ErrorResponse(Error::Unavailable("queue full").WithRetryAfter(1), "rid-2");
  EXPECT_EQ(full.result_int(), 503);
  EXPECT_EQ(full[Field::retry_after], "1");
  EXPECT_EQ(ErrorResponse(Error::NotFound("x"), "rid-3").count(Field::retry_after), 0u);
  EXPECT_EQ(RetryAfterSeconds(1000), 1);
  EXPECT_EQ(RetryAfterSeconds(1001), 2);
  EXPECT_EQ(RetryAfterSeconds(0), 1);
}

// A failure of ours tells its class's fixed message and the request id, never its own text.
TEST(Responses, ServerFailuresTellOnlyTheFixedMessageAndTheRequestId) {
  const auto internal = ErrorResponse(
      Error::Internal("SQLITE_CORRUPT in messages").WithDetail("step: malformed"), "9f3a-0-1");
  EXPECT_EQ(internal.result(), HttpStatus::internal_server_error);
  EXPECT_EQ(
      internal.body(),
      R"({"statusCode":500,"message":"Internal server error","error":"Internal Server Error",)"
      R"("requestId":"9f3a-0-1"})");
  const auto unavailable = ErrorResponse(
      Error::Unavailable("The real-time gateway is not running").WithDetail("x"), "9f3a-1-2a");
  EXPECT_EQ(unavailable.result(), HttpStatus::service_unavailable);
  EXPECT_EQ(unavailable.body(),
            R"({"statusCode":503,"message":"Service unavailable","error":"Service Unavailable",)"
            R"("requestId":"9f3a-1-2a"})");
  EXPECT_EQ(unavailable[Field::content_type], "application/json; charset=utf-8");
}

// The caller's own mistakes keep the NestJS body exactly: no request id, no detail.
TEST(Responses, ClientErrorsKeepTheirBodyWithoutRequestIdOrDetail) {
  EXPECT_EQ(ErrorResponse(Error::Conflict("Already there").WithDetail("UNIQUE failed"), "r").body(),
            R"({"statusCode":409,"message":"Already there","error":"Conflict"})");
  EXPECT_EQ(ErrorResponse(Error::Unauthorized("Missing bearer token"), "r").body(),
            R"({"statusCode":401,"message":"Missing bearer token","error":"Unauthorized"})");
}

}  // namespace
}  // namespace confide::http
