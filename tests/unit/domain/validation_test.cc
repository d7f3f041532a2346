#include "domain/validation.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace confide::domain {
namespace {

TEST(ListSome, NamesAFewAndCountsTheRest) {
  EXPECT_EQ(ListSome({}), "");
  EXPECT_EQ(ListSome({"a"}), "a");
  EXPECT_EQ(ListSome({"a", "b", "c", "d", "e"}), "a, b, c, d, e");
  EXPECT_EQ(ListSome({"a", "b", "c", "d", "e", "f"}), "a, b, c, d, e and 1 more");
  std::vector<std::string> many;
  for (int i = 0; i < 100'000; ++i) many.push_back("user_" + std::to_string(i));
  EXPECT_EQ(ListSome(many, 2), "user_0, user_1 and 99998 more");
}

}  // namespace
}  // namespace confide::domain
