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
    EXPECT_EQ(ErrorResponse(Error(code, "m")).result_int(), status);
  }
  EXPECT_EQ(ErrorResponse(Error::Forbidden("Not a member")).body(),
            R"({"statusCode":403,"message":"Not a member","error":"Forbidden"})");
  EXPECT_EQ(ErrorResponse(Error::Invalid({"content must be a string"})).body(),
            R"({"statusCode":400,"message":["content must be a string"],"error":"Bad Request"})");
}

TEST(Responses, InternalErrorsDoNotLeakTheirDetail) {
  const auto response = ErrorResponse(Error::Internal("SQLITE_CORRUPT in messages"));
  EXPECT_EQ(response.body(), R"({"statusCode":500,"message":"Internal server error"})");
}

}  // namespace
}  // namespace confide::http
