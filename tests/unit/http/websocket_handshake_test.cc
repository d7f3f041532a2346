#include "http/websocket_handshake.h"

#include <gtest/gtest.h>

namespace confide::http::websocket {
namespace {

// The client handshake of RFC 6455 §1.2, with the key of its §1.3 example.
Request UpgradeRequest() {
  Request request{Verb::get, "/socket.io/?EIO=4&transport=websocket", 11};
  request.set(Field::host, "server.example.com");
  request.set(Field::upgrade, "websocket");
  request.set(Field::connection, "Upgrade");
  request.set(Field::sec_websocket_key, "dGhlIHNhbXBsZSBub25jZQ==");
  request.set(Field::sec_websocket_version, "13");
  return request;
}

std::string AcceptError(const Request& request) {
  const auto accept = AcceptKey(request);
  EXPECT_FALSE(accept.ok());
  if (accept.ok()) return {};
  EXPECT_EQ(accept.error().code(), ErrorCode::kBadRequest);
  return accept.error().message();
}

TEST(WebSocketHandshake, AcceptsTheRfcExampleKey) {
  const auto accept = AcceptKey(UpgradeRequest());
  ASSERT_TRUE(accept.ok()) << accept.error().message();
  EXPECT_EQ(*accept, "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST(WebSocketHandshake, RecognizesAnUpgradeRequest) {
  EXPECT_TRUE(IsUpgradeRequest(UpgradeRequest()));
}

TEST(WebSocketHandshake, ComparesUpgradeTokensWithoutCase) {
  Request request = UpgradeRequest();
  request.set(Field::upgrade, "WebSocket");
  request.set(Field::connection, "UPGRADE");
  EXPECT_TRUE(IsUpgradeRequest(request));
}

TEST(WebSocketHandshake, FindsTokensInLists) {
  Request request = UpgradeRequest();
  request.set(Field::upgrade, "h2c ,\twebsocket");
  request.set(Field::connection, "keep-alive, Upgrade");
  EXPECT_TRUE(IsUpgradeRequest(request));
}

TEST(WebSocketHandshake, FindsTokensAcrossRepeatedHeaderLines) {
  Request request = UpgradeRequest();
  request.erase(Field::connection);
  request.insert(Field::connection, "keep-alive");
  request.insert(Field::connection, "upgrade");
  EXPECT_TRUE(IsUpgradeRequest(request));
}

TEST(WebSocketHandshake, RefusesWhatIsNotAnUpgrade) {
  Request post = UpgradeRequest();
  post.method(Verb::post);
  EXPECT_FALSE(IsUpgradeRequest(post));

  Request no_upgrade = UpgradeRequest();
  no_upgrade.erase(Field::upgrade);
  EXPECT_FALSE(IsUpgradeRequest(no_upgrade));

  Request other_protocol = UpgradeRequest();
  other_protocol.set(Field::upgrade, "websocketx, h2c");
  EXPECT_FALSE(IsUpgradeRequest(other_protocol));

  Request keep_alive = UpgradeRequest();
  keep_alive.set(Field::connection, "keep-alive");
  EXPECT_FALSE(IsUpgradeRequest(keep_alive));

  Request no_connection = UpgradeRequest();
  no_connection.erase(Field::connection);
  EXPECT_FALSE(IsUpgradeRequest(no_connection));
}

TEST(WebSocketHandshake, RequiresVersion13) {
  Request missing = UpgradeRequest();
  missing.erase(Field::sec_websocket_version);
  EXPECT_EQ(AcceptError(missing), "Sec-WebSocket-Version must be 13");

  Request old = UpgradeRequest();
  old.set(Field::sec_websocket_version, "8");
  EXPECT_EQ(AcceptError(old), "Sec-WebSocket-Version must be 13");

  Request list = UpgradeRequest();
  list.set(Field::sec_websocket_version, "13, 8");
  EXPECT_EQ(AcceptError(list), "Sec-WebSocket-Version must be 13");
}

TEST(WebSocketHandshake, RequiresOneKey) {
  Request missing = UpgradeRequest();
  missing.erase(Field::sec_websocket_key);
  EXPECT_EQ(AcceptError(missing), "Sec-WebSocket-Key is missing or repeated");

  Request repeated = UpgradeRequest();
  repeated.insert(Field::sec_websocket_key, "AAAAAAAAAAAAAAAAAAAAAA==");
  EXPECT_EQ(AcceptError(repeated), "Sec-WebSocket-Key is missing or repeated");
}

TEST(WebSocketHandshake, RequiresAKeyOf16Base64Bytes) {
  for (const char* key : {"", "not base64!", "dGhlIHNhbXBsZSBub25jZQ",  // unpadded
                          "dGhlIHNhbXBsZSBub25j",                       // 15 bytes
                          "dGhlIHNhbXBsZSBub25jZTE=",                   // 17 bytes
                          "dGhlIHNhbXBsZSBub25jZR==",                   // stray bits
                          "dGhlIHNhbXBsZSBub25jZQ-_"}) {                // URL alphabet
    Request request = UpgradeRequest();
    request.set(Field::sec_websocket_key, key);
    EXPECT_EQ(AcceptError(request), "Sec-WebSocket-Key must be base64 of 16 bytes") << key;
  }
}

TEST(WebSocketHandshake, WritesTheWholeSwitchingProtocolsResponse) {
  EXPECT_EQ(SwitchingProtocols("s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
            "HTTP/1.1 101 Switching Protocols\r\n"
            "Upgrade: websocket\r\n"
            "Connection: Upgrade\r\n"
            "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"
            "\r\n");
}

}  // namespace
}  // namespace confide::http::websocket
