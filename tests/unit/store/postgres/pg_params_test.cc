#include "store/postgres/pg_params.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace confide::store::postgres {
namespace {

using namespace std::string_literals;

TEST(PgParamsTest, HoldsTextIntegersBooleansAndNulls) {
  PgParams params;
  params.Add("text").Add(std::int64_t{-9007199254740993}).Add(true).Add(std::nullopt);
  params.Add(std::optional<std::string>()).Add(std::optional<std::int64_t>(7));
  const std::vector<const char*> values = params.Pointers();
  ASSERT_EQ(params.size(), 6);
  EXPECT_STREQ(values[0], "text");
  EXPECT_STREQ(values[1], "-9007199254740993");
  EXPECT_STREQ(values[2], "t");
  EXPECT_EQ(values[3], nullptr);
  EXPECT_EQ(values[4], nullptr);
  EXPECT_STREQ(values[5], "7");
}

TEST(PgParamsTest, RefusesTextHoldingANul) {
  PgParams params;
  EXPECT_THROW(params.Add("a\0b"s), std::invalid_argument);
  EXPECT_EQ(params.size(), 0);
}

}  // namespace
}  // namespace confide::store::postgres
