#include "core/public_error.h"

#include <gtest/gtest.h>

namespace confide::core {
namespace {

TEST(PublicError, TheCallersMistakesAreToldAsTheErrorSays) {
  EXPECT_EQ(PublicMessage(Error::NotFound("Conversation not found")), "Conversation not found");
  EXPECT_EQ(PublicMessage(Error::Invalid({"a must be a string", "b should not be empty"})),
            "a must be a string; b should not be empty");
  EXPECT_EQ(PublicMessage(Error{ErrorCode::kTooManyRequests, "Slow down"}), "Slow down");
}

TEST(PublicError, FailuresOfOursGetOneFixedMessagePerClass) {
  EXPECT_EQ(PublicMessage(Error::Internal("step: no such column: x")), "Internal server error");
  EXPECT_EQ(PublicMessage(Error::Unavailable("step: database or disk is full")),
            "Service unavailable");
  EXPECT_TRUE(IsServerFailure(ErrorCode::kInternal));
  EXPECT_TRUE(IsServerFailure(ErrorCode::kUnavailable));
  EXPECT_FALSE(IsServerFailure(ErrorCode::kConflict));
}

TEST(PublicError, EveryClassHasAStableCodeName) {
  EXPECT_EQ(ErrorCodeName(ErrorCode::kBadRequest), "BAD_REQUEST");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnauthorized), "UNAUTHORIZED");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kForbidden), "FORBIDDEN");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "NOT_FOUND");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kMethodNotAllowed), "METHOD_NOT_ALLOWED");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kConflict), "CONFLICT");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kPayloadTooLarge), "PAYLOAD_TOO_LARGE");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kTooManyRequests), "RATE_LIMITED");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInternal), "INTERNAL");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnavailable), "UNAVAILABLE");
}

}  // namespace
}  // namespace confide::core
