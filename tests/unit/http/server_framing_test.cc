#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/server.h"
#include "unit/http/server_fixture.h"
#include "unit/http/test_client.h"

// How a connection reads the framing of a request body (RFC 9112 §6): a Transfer-Encoding
// this server would read differently from a proxy in front of it is refused, and the
// connection closed, so that no bytes of one request are taken for the start of another.
namespace confide::http {
namespace {

using testing::TestClient;

using ServerFramingTest = testing::ServerFixture;

// A request that, were its body read as empty, would be followed by a second one.
constexpr std::string_view kSmuggled = "GET /ping HTTP/1.1\r\nHost: x\r\n\r\n";

struct Case {
  std::string header_lines;  // the framing fields, each ending in CRLF
  HttpStatus status;
};

void ExpectRefusedAndClosed(TestClient& client, const Case& c) {
  const auto response = client.Read();
  ASSERT_TRUE(response) << c.header_lines << client.last_error().message();
  EXPECT_EQ(response->result(), c.status) << c.header_lines;
  // HTTP/1.0 closes unless told otherwise; HTTP/1.1 says so.
  if (response->version() == 11) {
    EXPECT_EQ((*response)[Field::connection], "close") << c.header_lines;
  }
  EXPECT_FALSE(response->keep_alive()) << c.header_lines;
  // Nothing more: the smuggled request is never answered, and the server closes.
  EXPECT_TRUE(client.WaitForClose()) << c.header_lines << ": the smuggled request was read";
}

TEST_F(ServerFramingTest, RefusesATransferEncodingThatDoesNotEndInChunked) {
  StartServer();
  const std::vector<Case> cases = {
      {"Transfer-Encoding: xchunked\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: identity\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: gzip\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: chunked, identity\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: chunked;q=1\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: \"chunked\"\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding:\r\n", HttpStatus::bad_request},
      // A folded line is read as one value with a space: "chunked identity" is no coding.
      {"Transfer-Encoding: chunked\r\n identity\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: chunked,\r\n identity\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: gzip\r\nContent-Length: 0\r\n", HttpStatus::bad_request},
      {"Content-Length: 0\r\nTransfer-Encoding: gzip\r\n", HttpStatus::bad_request},
      {"Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", HttpStatus::bad_request},
  };
  for (const Case& c : cases) {
    TestClient client = Connected();
    ASSERT_FALSE(client.SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\n" + c.header_lines + "\r\n" +
                                std::string(kSmuggled)));
    ExpectRefusedAndClosed(client, c);
  }
}

TEST_F(ServerFramingTest, RefusesChunkedWithContentLengthWhateverTheOrder) {
  StartServer();
  for (const std::string fields : {"Transfer-Encoding: chunked\r\nContent-Length: 5\r\n",
                                   "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"}) {
    TestClient client = Connected();
    ASSERT_FALSE(client.SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n0\r\n\r\n" +
                                std::string(kSmuggled)));
    ExpectRefusedAndClosed(client, {fields, HttpStatus::bad_request});
  }
}

TEST_F(ServerFramingTest, AnUnknownCodingBeforeChunkedIs501) {
  StartServer();
  for (const std::string fields :
       {"Transfer-Encoding: gzip, chunked\r\n", "Transfer-Encoding: xchunked, chunked\r\n",
        "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked\r\n"}) {
    TestClient client = Connected();
    ASSERT_FALSE(client.SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n0\r\n\r\n" +
                                std::string(kSmuggled)));
    ExpectRefusedAndClosed(client, {fields, HttpStatus::not_implemented});
  }
}

TEST_F(ServerFramingTest, ChunkedAppliedTwiceIs400) {
  StartServer();
  TestClient client = Connected();
  ASSERT_FALSE(client.SendRaw(
      "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n" +
      std::string(kSmuggled)));
  ExpectRefusedAndClosed(client, {"chunked, chunked", HttpStatus::bad_request});
}

TEST_F(ServerFramingTest, TransferEncodingInAnHttp10RequestIs400) {
  StartServer();
  TestClient client = Connected();
  ASSERT_FALSE(
      client.SendRaw("POST /echo HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" +
                     std::string(kSmuggled)));
  ExpectRefusedAndClosed(client, {"HTTP/1.0 chunked", HttpStatus::bad_request});
}

TEST_F(ServerFramingTest, ChunkedBodiesAreStillReadAndKeptAlive) {
  StartServer();
  TestClient client = Connected();
  ASSERT_FALSE(
      client.SendRaw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
                     "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n" +
                     std::string(kSmuggled)));
  const auto echoed = client.Read();
  ASSERT_TRUE(echoed) << client.last_error().message();
  EXPECT_EQ(echoed->result(), HttpStatus::created);
  EXPECT_EQ(echoed->body(), R"({"a":1})");
  EXPECT_TRUE(echoed->keep_alive());
  const auto next = client.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body(), R"({"pong":true})");
}

}  // namespace
}  // namespace confide::http
