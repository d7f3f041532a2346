#include "domain/clean_text.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "core/utf8.h"
#include "domain/validation.h"

namespace confide::domain {
namespace {

using namespace std::string_literals;

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

TEST(CleanText, KeepsOrdinaryText) {
  EXPECT_EQ(CleanText("Zoë O'Neil-Ødegård", 100), "Zoë O'Neil-Ødegård");
  EXPECT_EQ(CleanText("محمد", 100), "محمد");
  EXPECT_EQ(CleanText("👩🏽‍⚕️ Dr. Lee", 100), "👩🏽‍⚕️ Dr. Lee");
  EXPECT_EQ(CleanText("", 100), "");
}

TEST(CleanText, RemovesControlCharactersAndNul) {
  EXPECT_EQ(CleanText("Ann\nEvil\r\tName", 100), "AnnEvilName");
  EXPECT_EQ(CleanText("nul\0here"s, 100), "nulhere");
  EXPECT_EQ(CleanText("bell\a del\x7f c1\xc2\x85!", 100), "bell del c1!");
}

TEST(CleanText, RemovesBidiOverridesAndIsolates) {
  // U+202A..U+202E (embeddings, overrides) and U+2066..U+2069 (isolates).
  EXPECT_EQ(CleanText("evil\u202Egpj.exe", 100), "evilgpj.exe");
  EXPECT_EQ(CleanText("\u202A\u202B\u202C\u202D\u202Ex", 100), "x");
  EXPECT_EQ(CleanText("\u2066a\u2067b\u2068c\u2069", 100), "abc");
  // Their neighbours stay: U+2065, U+206A, U+200F (a right-to-left mark).
  EXPECT_EQ(CleanText("a\u2065b\u206Ac\u200Fd", 100), "a\u2065b\u206Ac\u200Fd");
}

TEST(CleanText, CutsAtTheLimitInCodePointsNeverInsideASequence) {
  EXPECT_EQ(CleanText(std::string(400, 'x'), 100), std::string(100, 'x'));
  std::string hearts;
  for (int i = 0; i < 150; ++i) hearts += "\xe2\x99\xa5";  // ♥, three bytes each
  const std::string cut = CleanText(hearts, 100);
  EXPECT_EQ(cut.size(), 300u);
  EXPECT_EQ(core::CountCodePoints(cut), 100u);
  // Removed characters do not count.
  EXPECT_EQ(CleanText("\u202E\u202E\u202Eabc", 2), "ab");
}

TEST(CleanText, ReplacesInvalidUtf8) {
  EXPECT_EQ(CleanText("a\xff"s + "b", 100), "a"s + std::string(kReplacement) + "b");
  EXPECT_EQ(CleanText("\xc3", 100), kReplacement);                            // truncated
  EXPECT_EQ(CleanText("\xed\xa0\x80", 100).find("\xed"), std::string::npos);  // surrogate
  EXPECT_TRUE(core::IsValidUtf8(CleanText("\xc0\xaf\xf4\x90\x80\x80", 100)));
}

// Whatever comes in, what comes out passes the admin API's rule for names.
TEST(CleanText, ItsOutputPassesTheNameRule) {
  const TextRule name{.max_length = 100, .allow_blank = true, .allow_line_breaks = false};
  std::mt19937 random(8);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 600);
  for (int round = 0; round < 2000; ++round) {
    std::string input;
    const int n = length(random);
    for (int i = 0; i < n; ++i) input.push_back(static_cast<char>(byte(random)));
    if (round % 3 == 0) input += "\u202E\u2066x\n";
    Problems problems;
    CheckText(problems, "firstName", CleanText(input, 100), name);
    EXPECT_TRUE(problems.empty()) << problems.front();
  }
}

}  // namespace
}  // namespace confide::domain
