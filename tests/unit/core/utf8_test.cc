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

TEST(Utf8, DecodesOneCodePointAtATime) {
  const std::string_view text = "a\xc3\xa9\xe2\x80\xae\xf0\x9f\x91\x8d";  // a é U+202E 👍
  const std::pair<char32_t, std::size_t> expected[] = {
      {U'a', 1}, {U'\u00e9', 2}, {U'\u202e', 3}, {U'\U0001f44d', 4}};
  std::size_t i = 0;
  for (const auto& [value, length] : expected) {
    const auto decoded = DecodeAt(text, i);
    ASSERT_TRUE(decoded) << i;
    EXPECT_EQ(decoded->value, value);
    EXPECT_EQ(decoded->length, length);
    i += length;
  }
  EXPECT_EQ(i, text.size());
  EXPECT_FALSE(DecodeAt("\xff", 0));
  EXPECT_FALSE(DecodeAt("\xe2\x80", 0));      // cut short
  EXPECT_FALSE(DecodeAt("\xc0\xaf", 0));      // overlong
  EXPECT_FALSE(DecodeAt("\xed\xa0\x80", 0));  // surrogate
  EXPECT_FALSE(DecodeAt("x\x80", 1));         // a continuation byte alone
}

}  // namespace
}  // namespace confide::core
