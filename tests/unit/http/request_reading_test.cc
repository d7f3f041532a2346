#include "http/request_reading.h"

#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <string>
#include <string_view>

namespace confide::http {
namespace {

namespace bhttp = boost::beast::http;

// What reading `wire` as one request under `options` comes to: the parser's error, if any.
boost::beast::error_code Parse(std::string_view wire, const ServerOptions& options) {
  RequestParser parser;
  ApplyLimits(options, parser);
  parser.eager(true);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(wire.data(), wire.size()), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  return ec;
}

TEST(RequestReadingTest, BodyOverTheLimitIsA413NamingIt) {
  ServerOptions options;
  options.max_body_bytes = 4;
  const auto ec = Parse("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello", options);
  ASSERT_EQ(ec, bhttp::error::body_limit);
  const auto rejection = RejectionFor(ec, options);
  ASSERT_TRUE(rejection.has_value());
  EXPECT_EQ(rejection->status, HttpStatus::payload_too_large);
  EXPECT_EQ(rejection->message, "Request body is larger than 4 bytes");
}

TEST(RequestReadingTest, HeaderOverTheLimitIsA431) {
  ServerOptions options;
  options.max_header_bytes = 64;
  const auto ec = Parse("GET / HTTP/1.1\r\nX-Long: " + std::string(100, 'a') + "\r\n\r\n", options);
  ASSERT_EQ(ec, bhttp::error::header_limit);
  EXPECT_EQ(RejectionFor(ec, options)->status, HttpStatus::request_header_fields_too_large);
}

TEST(RequestReadingTest, MalformedInputIsA400) {
  const ServerOptions options;
  for (const std::string_view wire :
       {"GET  / HTTP/1.1\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad Header\r\n\r\n",
        "POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n"}) {
    const auto ec = Parse(wire, options);
    ASSERT_TRUE(ec) << wire;
    const auto rejection = RejectionFor(ec, options);
    ASSERT_TRUE(rejection.has_value()) << wire;
    EXPECT_EQ(rejection->status, HttpStatus::bad_request) << wire;
    EXPECT_EQ(rejection->message, "Bad Request");
  }
}

TEST(RequestReadingTest, APeerThatLeftIsOwedNoAnswer) {
  const ServerOptions options;
  EXPECT_FALSE(RejectionFor(bhttp::error::end_of_stream, options));
  EXPECT_FALSE(RejectionFor(bhttp::error::partial_message, options));
  EXPECT_FALSE(RejectionFor(boost::asio::error::connection_reset, options));
  EXPECT_FALSE(RejectionFor(boost::beast::error::timeout, options));
}

TEST(RequestReadingTest, TheServersLimitsApply) {
  const ServerOptions options;
  const std::string body(options.max_body_bytes, 'x');
  const auto ec =
      Parse("POST / HTTP/1.1\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
            options);
  EXPECT_FALSE(ec) << ec.message();
}

}  // namespace
}  // namespace confide::http
