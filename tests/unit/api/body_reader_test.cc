#include "api/body_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace confide::api {
namespace {

using Ids = std::vector<std::string>;

// participantIds as the conversation routes read it.
Result<Ids> ReadIds(const std::string& body, std::size_t max = 1000) {
  CONFIDE_ASSIGN_OR_RETURN(auto reader, BodyReader::Parse(body));
  auto ids = reader.IdArray("participantIds", true, max);
  CONFIDE_RETURN_IF_ERROR(reader.Finish());
  return std::move(*ids);
}

std::string ArrayOf(std::size_t n, const std::string& prefix = "u") {
  std::string body = R"({"participantIds":[)";
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) body += ',';
    body += '"' + prefix + std::to_string(i) + '"';
  }
  return body + "]}";
}

TEST(BodyReaderIdArray, KeepsTheFirstOfEachIdInOrder) {
  EXPECT_EQ(*ReadIds(R"({"participantIds":["b","a","b","c","a"]})"), (Ids{"b", "a", "c"}));
  EXPECT_EQ(*ReadIds(R"({"participantIds":[]})"), Ids{});
}

TEST(BodyReaderIdArray, CountsBeforeReadingAnElement) {
  EXPECT_EQ(ReadIds(ArrayOf(1000))->size(), 1000u);
  auto refused = ReadIds(ArrayOf(100'000));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().messages(),
            Ids{"participantIds must contain no more than 1000 elements"});
  // Counted even when the elements are not ids at all.
  auto numbers = ReadIds(R"({"participantIds":[1,2,3]})", 2);
  EXPECT_EQ(numbers.error().messages(), Ids{"participantIds must contain no more than 2 elements"});
}

TEST(BodyReaderIdArray, OneMessagePerKindOfProblem) {
  std::string body = R"({"participantIds":[)";
  for (int i = 0; i < 500; ++i) body += R"("bad id",)";
  body += R"("ok"]})";
  auto invalid = ReadIds(body);
  ASSERT_FALSE(invalid.ok());
  EXPECT_EQ(invalid.error().messages(), Ids{"each value in participantIds must be a valid id"});
  EXPECT_EQ(ReadIds(R"({"participantIds":["a",2,3]})").error().messages(),
            Ids{"each value in participantIds must be a string"});
  EXPECT_EQ(ReadIds(R"({"participantIds":"a"})").error().messages(),
            Ids{"participantIds must be an array"});
  EXPECT_EQ(ReadIds(R"({})").error().messages(), Ids{"participantIds must be an array"});
  EXPECT_EQ(ReadIds(R"({"participantIds":[""]})").error().messages(),
            Ids{"each value in participantIds must be a valid id"});
}

// An integer field takes what JavaScript reads as that very integer: whole numbers, written
// with or without a fraction, within ±(2^53 - 1). Beyond, JavaScript would round them.
TEST(BodyReaderTest, IntegersAreThoseJavaScriptKeepsExact) {
  for (const std::string accepted :
       {"0", "-5", "5.0", "9007199254740991", "-9007199254740991", "9007199254740991.0"}) {
    auto reader = BodyReader::Parse(R"({"size":)" + accepted + "}");
    ASSERT_TRUE(reader.ok());
    EXPECT_TRUE(reader->Integer("size", true).has_value()) << accepted;
    EXPECT_TRUE(reader->Finish().ok()) << accepted;
  }
  for (const std::string refused :
       {"9007199254740992", "-9007199254740992", "9007199254740993", "9223372036854775807",
        "-9223372036854775808", "18446744073709551615", "5.5", "1e300", "\"5\""}) {
    auto reader = BodyReader::Parse(R"({"size":)" + refused + "}");
    ASSERT_TRUE(reader.ok());
    EXPECT_FALSE(reader->Integer("size", true).has_value()) << refused;
    const auto status = reader->Finish();
    ASSERT_FALSE(status.ok()) << refused;
    EXPECT_EQ(status.error().messages().front(), "size must be an integer number");
  }
}

// Boost.JSON reads a number beyond a double's range as infinite, which has no JSON form (it
// would be written back as `Infinity`): such a body is refused, wherever the number is.
TEST(BodyReaderTest, NumbersBeyondADoublesRangeAreRefused) {
  for (const std::string refused :
       {R"({"n":1e400})", R"({"n":-1e999})", R"({"data":{"a":[1,{"b":2e308}]}})"}) {
    auto reader = BodyReader::Parse(refused);
    ASSERT_FALSE(reader.ok()) << refused;
    EXPECT_EQ(reader.error().messages().front(), "Request body has a number out of range");
  }
  EXPECT_TRUE(BodyReader::Parse(R"({"n":1.7e308,"m":-1e-400})").ok());
}

}  // namespace
}  // namespace confide::api
