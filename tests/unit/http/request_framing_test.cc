#include "http/request_framing.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>

namespace confide::http {
namespace {

Request WithCodings(std::initializer_list<std::string> fields, unsigned version = 11) {
  Request request{Verb::post, "/echo", version};
  for (const auto& value : fields) request.insert(Field::transfer_encoding, value);
  return request;
}

std::optional<HttpStatus> Verdict(const Request& request, bool parser_reads_chunked = true) {
  const auto error = CheckFraming(request, parser_reads_chunked);
  if (!error) return std::nullopt;
  return error->status;
}

TEST(RequestFramingTest, NoTransferEncodingIsFine) {
  Request request{Verb::post, "/echo", 11};
  request.set(Field::content_length, "3");
  EXPECT_EQ(Verdict(request, false), std::nullopt);
}

TEST(RequestFramingTest, ChunkedAloneIsFineInAnyCaseAndWithEmptyElements) {
  for (const std::string value : {"chunked", "Chunked", "CHUNKED", " chunked ", ", chunked,"}) {
    EXPECT_EQ(Verdict(WithCodings({value})), std::nullopt) << value;
  }
}

TEST(RequestFramingTest, AFinalCodingOtherThanChunkedIs400) {
  for (const std::string value :
       {"xchunked", "identity", "gzip", "chunked, identity", "chunkedx", "chunked gzip"}) {
    EXPECT_EQ(Verdict(WithCodings({value})), HttpStatus::bad_request) << value;
  }
  EXPECT_EQ(Verdict(WithCodings({"chunked", "gzip"})), HttpStatus::bad_request);
}

TEST(RequestFramingTest, WhatIsNotAListOfTokensIs400) {
  for (const std::string value :
       {"", " , ", "\"chunked\"", "chunked;a=1", "chunked identity", "chu\x01nked"}) {
    EXPECT_EQ(Verdict(WithCodings({value})), HttpStatus::bad_request) << value;
  }
}

TEST(RequestFramingTest, ChunkedTwiceIs400) {
  EXPECT_EQ(Verdict(WithCodings({"chunked, chunked"})), HttpStatus::bad_request);
  EXPECT_EQ(Verdict(WithCodings({"chunked", "chunked"})), HttpStatus::bad_request);
}

TEST(RequestFramingTest, ACodingBeforeChunkedIs501) {
  EXPECT_EQ(Verdict(WithCodings({"gzip, chunked"})), HttpStatus::not_implemented);
  EXPECT_EQ(Verdict(WithCodings({"identity", "chunked"})), HttpStatus::not_implemented);
}

TEST(RequestFramingTest, WithContentLengthOrInHttp10Is400) {
  Request both = WithCodings({"chunked"});
  both.set(Field::content_length, "0");
  EXPECT_EQ(Verdict(both), HttpStatus::bad_request);
  EXPECT_EQ(Verdict(WithCodings({"chunked"}, 10)), HttpStatus::bad_request);
}

TEST(RequestFramingTest, ChunkedThatTheParserDoesNotReadAsChunkedIs400) {
  EXPECT_EQ(Verdict(WithCodings({"chunked"}), false), HttpStatus::bad_request);
}

}  // namespace
}  // namespace confide::http
