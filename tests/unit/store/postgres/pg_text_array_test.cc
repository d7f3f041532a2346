#include "store/postgres/pg_text_array.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pg_test_fixture.h"

namespace confide::store::postgres {
namespace {

TEST(PgTextArrayTest, QuotesEveryElement) {
  EXPECT_EQ(PgTextArray(std::vector<std::string>{}), "{}");
  EXPECT_EQ(PgTextArray(std::vector<std::string>{"msg_1", "msg_2"}), R"({"msg_1","msg_2"})");
  EXPECT_EQ(PgTextArray(std::vector<std::string>{R"(a"b\c)"}), R"({"a\"b\\c"})");
}

class PgTextArrayServerTest : public PgTest {};

TEST_F(PgTextArrayServerTest, TheServerReadsBackEachElement) {
  const std::vector<std::string> values = {
      "plain", "", "NULL", "a,b", "{x}", "say \"hi\"", "back\\slash", " spaced ", "Grüße 🎉"};
  auto connection = Connect();
  const auto result = connection->ExecPrepared(
      "SELECT v FROM unnest($1::text[]) WITH ORDINALITY AS t(v, n) ORDER BY n",
      PgParams().Add(PgTextArray(values)));
  ASSERT_EQ(result.rows(), static_cast<int>(values.size()));
  for (int i = 0; i < result.rows(); ++i) {
    EXPECT_FALSE(result.IsNull(i, 0));
    EXPECT_EQ(result.Text(i, 0), values[static_cast<std::size_t>(i)]);
  }
}

}  // namespace
}  // namespace confide::store::postgres
