#include "http/error_reply.h"

#include <gtest/gtest.h>

#include "support/log_capture.h"
#include "unit/http/recording_exchange.h"

namespace confide::http {
namespace {

using testing::RecordingExchange;

RecordingExchange MakeExchange(std::string request_id) {
  return RecordingExchange(Request{Verb::post, "/test/route", 11}, std::move(request_id));
}

// The client sees the fixed message and the id; the log line with the same id has the rest.
TEST(ErrorReply, AFailureOfOursIsAnsweredFixedAndLoggedWithItsDetail) {
  confide::testing::LogCapture log;
  auto ex = MakeExchange("abc-0-7");
  RespondError(ex, Error::Unavailable("the batch could not be committed")
                       .WithDetail("step: database or disk is full"));
  ASSERT_TRUE(ex.response());
  EXPECT_EQ(ex.response()->result(), HttpStatus::service_unavailable);
  EXPECT_EQ(ex.response()->body(),
            R"({"statusCode":503,"message":"Service unavailable","error":"Service Unavailable",)"
            R"("requestId":"abc-0-7"})");
  const auto lines = log.LinesWith({R"("requestId":"abc-0-7")"});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0],
            R"(warning "msg":"request failed","requestId":"abc-0-7","route":"/test/route",)"
            R"("status":503,"code":"UNAVAILABLE","error":"the batch could not be committed",)"
            R"("detail":"step: database or disk is full")"
            "\n");
}

TEST(ErrorReply, AnInternalErrorIsLoggedAsAnError) {
  confide::testing::LogCapture log;
  auto ex = MakeExchange("abc-0-8");
  RespondError(ex, Error::Internal("the route's handler threw").WithDetail("vector::at"));
  EXPECT_EQ(ex.response()->result(), HttpStatus::internal_server_error);
  const auto lines = log.LinesWith({R"("requestId":"abc-0-8")", R"("detail":"vector::at")"});
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].rfind("error ", 0), 0u) << lines[0];
}

// The caller's mistakes are answered as ever and are not the operator's business; a client
// error that carries a detail (a constraint SQLite refused) logs it, still unseen by the client.
TEST(ErrorReply, ClientErrorsAreAnsweredAsTheySayAndLoggedOnlyWithADetail) {
  confide::testing::LogCapture log;
  auto bad = MakeExchange("abc-0-9");
  RespondError(bad, Error::Invalid({"content should not be empty"}));
  EXPECT_EQ(
      bad.response()->body(),
      R"({"statusCode":400,"message":["content should not be empty"],"error":"Bad Request"})");
  EXPECT_TRUE(log.LinesWith({"abc-0-9"}).empty());

  auto conflict = MakeExchange("abc-0-a");
  RespondError(conflict, Error::Conflict("The request conflicts with data already stored")
                             .WithDetail("step: UNIQUE constraint failed: blocks.blocker_id"));
  EXPECT_EQ(conflict.response()->body().find("UNIQUE"), std::string::npos);
  EXPECT_EQ(log.LinesWith({"abc-0-a", "UNIQUE constraint failed"}).size(), 1u);
}

}  // namespace
}  // namespace confide::http
