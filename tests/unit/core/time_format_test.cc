#include "core/time_format.h"

#include <gtest/gtest.h>

namespace confide::core {
namespace {

TEST(TimeFormat, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1'704'110'400'000), "2024-01-01T12:00:00.000Z");
  EXPECT_EQ(FormatTimestamp(1'709'208'000'007), "2024-02-29T12:00:00.007Z");
}

TEST(TimeFormat, ParsesWhatItFormats) {
  for (EpochMillis t : {0LL, 1'704'110'400'000LL, 951'782'400'999LL, 4'102'444'800'000LL}) {
    EXPECT_EQ(ParseTimestamp(FormatTimestamp(t)), t);
  }
  EXPECT_EQ(ParseTimestamp("2024-01-01T12:00:00Z"), 1'704'110'400'000);
  EXPECT_FALSE(ParseTimestamp("2024-01-01 12:00:00Z"));
  EXPECT_FALSE(ParseTimestamp("2024-13-01T12:00:00.000Z"));
  EXPECT_FALSE(ParseTimestamp("2024-01-01T12:00:00.000"));
}

}  // namespace
}  // namespace confide::core
