#include "store/postgres/redact_password.h"

#include <gtest/gtest.h>

namespace confide::store::postgres {
namespace {

TEST(RedactPasswordTest, MasksThePasswordOfAUri) {
  EXPECT_EQ(RedactPassword("postgres://confide:s3cret@db.internal:5432/confide"),
            "postgres://confide:***@db.internal:5432/confide");
  EXPECT_EQ(RedactPassword("postgresql://u:p%40ss@[::1]/db?sslmode=require"),
            "postgresql://u:***@[::1]/db?sslmode=require");
}

TEST(RedactPasswordTest, MasksAPasswordHoldingSeparators) {
  EXPECT_EQ(RedactPassword("postgres://u:a@b/c:d@host/db"), "postgres://u:***@host/db");
}

TEST(RedactPasswordTest, MasksThePasswordParameter) {
  EXPECT_EQ(RedactPassword("postgres://u@host/db?sslmode=disable&password=s3cret&x=1"),
            "postgres://u@host/db?sslmode=disable&password=***&x=1");
  EXPECT_EQ(RedactPassword("postgresql://host/db?PASSWORD=s3cret"),
            "postgresql://host/db?PASSWORD=***");
}

TEST(RedactPasswordTest, LeavesAUriWithoutPasswordAlone) {
  EXPECT_EQ(RedactPassword("postgres://confide@127.0.0.1:5432/confide"),
            "postgres://confide@127.0.0.1:5432/confide");
  EXPECT_EQ(RedactPassword("postgresql:///confide?host=/run/postgresql"),
            "postgresql:///confide?host=/run/postgresql");
  EXPECT_EQ(RedactPassword("postgres://host:5432/db"), "postgres://host:5432/db");
}

TEST(RedactPasswordTest, MasksKeywordValuePairs) {
  EXPECT_EQ(RedactPassword("host=db password=s3cret dbname=confide"),
            "host=db password=*** dbname=confide");
  EXPECT_EQ(RedactPassword("password = 'it\\'s secret' user=u"), "password = *** user=u");
}

TEST(RedactPasswordTest, ScrubsThePasswordsOfAConnectionStringFromAMessage) {
  EXPECT_EQ(ScrubPasswords(R"(invalid percent-encoded token: "se%zzcret")",
                           "postgres://u:se%zzcret@host/db?password=other"),
            R"(invalid percent-encoded token: "***")");
  EXPECT_EQ(ScrubPasswords("other and other", "postgres://u@host/db?password=other"),
            "*** and ***");
  EXPECT_EQ(ScrubPasswords("nothing secret", "postgres://u@host/db"), "nothing secret");
}

TEST(RedactPasswordTest, TellsUrisFromKeywords) {
  EXPECT_TRUE(IsConnectionUri("postgres://h/db"));
  EXPECT_TRUE(IsConnectionUri("PostgreSQL://h/db"));
  EXPECT_FALSE(IsConnectionUri("host=h dbname=db"));
  EXPECT_FALSE(IsConnectionUri("mysql://h/db"));
}

}  // namespace
}  // namespace confide::store::postgres
