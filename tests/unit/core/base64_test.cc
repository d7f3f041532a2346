#include "core/base64.h"

#include <gtest/gtest.h>

namespace confide::core {
namespace {

TEST(Base64, RoundTripsEveryLength) {
  std::string data;
  for (int i = 0; i < 40; ++i) {
    EXPECT_EQ(Base64Decode(Base64Encode(data)), data);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(data)), data);
    data.push_back(static_cast<char>(i * 37 + 250));
  }
}

TEST(Base64, KnownVectors) {
  EXPECT_EQ(Base64Encode(std::string_view("foobar")), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode(std::string_view("fo")), "Zm8=");
  EXPECT_EQ(Base64UrlEncode(std::string_view("fo")), "Zm8");
  EXPECT_EQ(Base64UrlEncode(std::string_view("\xfb\xff")), "-_8");
  EXPECT_EQ(Base64Decode("AQIDBA=="), std::string("\x01\x02\x03\x04"));
}

TEST(Base64, RejectsMalformedInput) {
  EXPECT_FALSE(Base64Decode("Zm8"));      // missing padding
  EXPECT_FALSE(Base64Decode("Zm9="));     // stray low bits
  EXPECT_FALSE(Base64Decode("Zm-v"));     // URL alphabet in standard text
  EXPECT_FALSE(Base64UrlDecode("Zm8="));  // padding in URL-safe text
  EXPECT_FALSE(Base64UrlDecode("Z"));     // impossible length
  EXPECT_FALSE(Base64UrlDecode("a+b/"));  // standard alphabet in URL-safe text
}

}  // namespace
}  // namespace confide::core
