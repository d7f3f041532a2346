#include "core/utf8.h"

#include <gtest/gtest.h>

namespace confide::core {
namespace {

TEST(Utf8, CountsCodePoints) {
  EXPECT_EQ(CountCodePoints("hello"), 5u);
  EXPECT_EQ(CountCodePoints("h\xc3\xa9llo"), 5u);              // é
  EXPECT_EQ(CountCodePoints("\xf0\x9f\x91\x8d"), 1u);          // 👍
  EXPECT_EQ(CountCodePoints("\xe2\x9d\xa4\xef\xb8\x8f"), 2u);  // ❤️ is two code points
}

TEST(Utf8, RejectsMalformedSequences) {
  EXPECT_FALSE(IsValidUtf8("\xff"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_TRUE(IsValidUtf8(""));
}

TEST(Utf8, PrefixOfCodePointsNeverCutsASequence) {
  EXPECT_EQ(PrefixOfCodePoints("hello", 3), "hel");
  EXPECT_EQ(PrefixOfCodePoints("hello", 10), "hello");
  EXPECT_EQ(PrefixOfCodePoints("", 3), "");
  EXPECT_EQ(PrefixOfCodePoints("h\xc3\xa9llo", 2), "h\xc3\xa9");  // é: 2 bytes
  EXPECT_EQ(PrefixOfCodePoints("\xf0\x9f\x91\x8d\xf0\x9f\x91\x8d", 1), "\xf0\x9f\x91\x8d");  // 👍
  EXPECT_EQ(PrefixOfCodePoints("abc", 0), "");
}

TEST(Utf8, FindsControlCharacters) {
  EXPECT_FALSE(HasControlCharacters("line one\nline two\ttabbed\r\n"));
  EXPECT_TRUE(HasControlCharacters(std::string_view("nul\0here", 8)));
  EXPECT_TRUE(HasControlCharacters("bell\a"));
  EXPECT_TRUE(HasControlCharacters("c1 \xc2\x85"));
}

}  // namespace
}  // namespace confide::core
