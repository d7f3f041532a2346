#include "store/postgres/pg_error.h"

#include <gtest/gtest.h>

namespace confide::store::postgres {
namespace {

Error Mapped(const char* sqlstate, bool lost = false) {
  return ToError(PgError(
      sqlstate, std::string("execute: the server's words (SQLSTATE ") + sqlstate + ")", lost));
}

TEST(PgErrorTest, SerializationFailuresAndDeadlocksAreRetryable) {
  EXPECT_TRUE(IsRetryable("40001"));
  EXPECT_TRUE(IsRetryable("40P01"));
  EXPECT_FALSE(IsRetryable("40002"));
  EXPECT_FALSE(IsRetryable("23505"));
  EXPECT_FALSE(IsRetryable(""));
  EXPECT_TRUE(PgError("40P01", "deadlock", false).retryable());
  EXPECT_EQ(Mapped("40001").code(), ErrorCode::kUnavailable);
  EXPECT_EQ(Mapped("40P01").code(), ErrorCode::kUnavailable);
}

TEST(PgErrorTest, ConstraintViolationsConflictAsSqlitesDo) {
  for (const char* sqlstate : {"23505", "23503", "23502", "23514", "23P01"}) {
    const Error error = Mapped(sqlstate);
    EXPECT_EQ(error.code(), ErrorCode::kConflict) << sqlstate;
    EXPECT_EQ(error.message(), "The request conflicts with data already stored");
  }
}

TEST(PgErrorTest, ConnectionFailuresAreUnavailableAndEndTheSession) {
  for (const char* sqlstate : {"08000", "08003", "08006", "57P01", "57P02", "57P03"}) {
    EXPECT_TRUE(EndsSession(sqlstate)) << sqlstate;
  }
  EXPECT_FALSE(EndsSession("57014"));  // a cancelled statement leaves the session
  EXPECT_FALSE(EndsSession("23505"));
  EXPECT_EQ(Mapped("57P01", true).code(), ErrorCode::kUnavailable);
  EXPECT_EQ(Mapped("", true).code(), ErrorCode::kUnavailable);
}

TEST(PgErrorTest, AServerOutOfResourcesIsUnavailable) {
  for (const char* sqlstate : {"53000", "53100", "53200", "53300", "53400"}) {
    EXPECT_EQ(Mapped(sqlstate).code(), ErrorCode::kUnavailable) << sqlstate;
  }
  EXPECT_EQ(Mapped("53100").message(), "the database cannot grow: its disk is full");
}

TEST(PgErrorTest, EverythingElseIsInternal) {
  for (const char* sqlstate : {"42601", "42P01", "22021", "57014", "XX000", ""}) {
    EXPECT_EQ(Mapped(sqlstate).code(), ErrorCode::kInternal) << sqlstate;
  }
}

TEST(PgErrorTest, TheServersTextIsOnlyTheDetail) {
  const Error error = Mapped("23505");
  EXPECT_EQ(error.message().find("server's words"), std::string::npos);
  EXPECT_NE(error.detail().find("server's words"), std::string::npos);
  EXPECT_NE(error.detail().find("23505"), std::string::npos);
}

}  // namespace
}  // namespace confide::store::postgres
