#include "http/query_string.h"

#include <gtest/gtest.h>

namespace confide::http {
namespace {

TEST(QueryString, ReadsTheFirstDecodedValue) {
  const auto query = QueryString::OfTarget("/search?q=hello+world%21&limit=20&q=second");
  EXPECT_EQ(query.Get("q"), "hello world!");
  EXPECT_EQ(query.Get("limit"), "20");
  EXPECT_EQ(query.Get("missing"), std::nullopt);
}

TEST(QueryString, DecodesUtf8AndEncodedPlus) {
  const QueryString query("emoji=%F0%9F%91%8D&sum=1%2B1");
  EXPECT_EQ(query.Get("emoji"), "\xF0\x9F\x91\x8D");
  EXPECT_EQ(query.Get("sum"), "1+1");
}

TEST(QueryString, BareAndEmptyValuesArePresent) {
  const QueryString query("flag&empty=&&x=1");
  EXPECT_EQ(query.Get("flag"), "");
  EXPECT_EQ(query.Get("empty"), "");
  EXPECT_EQ(query.Get("x"), "1");
}

TEST(QueryString, MatchesEncodedKeys) {
  const QueryString query("first%20name=Ada&last+name=Lovelace");
  EXPECT_EQ(query.Get("first name"), "Ada");
  EXPECT_EQ(query.Get("last name"), "Lovelace");
}

TEST(QueryString, KeepsMalformedEscapesAsSent) {
  EXPECT_EQ(QueryString("q=100%").Get("q"), "100%");
  EXPECT_EQ(QueryString("q=%zz+x").Get("q"), "%zz+x");
}

TEST(QueryString, DetectsRepeatedParameters) {
  const QueryString query("a=1&b=2&a=3");
  EXPECT_TRUE(query.IsRepeated("a"));
  EXPECT_FALSE(query.IsRepeated("b"));
  EXPECT_FALSE(query.IsRepeated("c"));
  EXPECT_FALSE(QueryString::OfTarget("/no/query").IsRepeated("a"));
  EXPECT_EQ(QueryString::OfTarget("/no/query").Get("a"), std::nullopt);
}

}  // namespace
}  // namespace confide::http
