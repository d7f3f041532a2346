#pragma once

// What the floor server reads and writes on the wire, as pure functions on text: HTTP/1.1
// requests, JSON string tokens found by string search (never decoded: escapes are kept as
// written), the claims of a JWT (read, not verified), the WebSocket handshake's accept key and
// the server's WebSocket frames.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace confide::floor {

inline constexpr std::size_t kMaxHeaderBytes = 16 * 1024;  // request line + headers
inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;  // Content-Length

// ASCII, without regard to case.
bool IEquals(std::string_view a, std::string_view b);
bool IContains(std::string_view haystack, std::string_view needle);

// Without leading and trailing spaces and tabs.
std::string_view Trim(std::string_view s);

// True if `query` (a=b&c=d) holds the parameter `param` ("name=value") exactly.
bool QueryHas(std::string_view query, std::string_view param);

// Sec-WebSocket-Accept for a Sec-WebSocket-Key (RFC 6455 §4.2.2).
std::string WebSocketAccept(std::string_view key);

// ---------------------------------------------------------------------------------------
// JSON by string search

// Index just past the closing quote of the string token opening at `open`, or npos.
std::size_t StringTokenEnd(std::string_view json, std::size_t open);

// The first index from `i` that is not JSON whitespace.
std::size_t SkipSpaces(std::string_view json, std::size_t i);

// Index of the first character of the value of the first `"key":`, or npos. The key may be
// that of a nested object: the floor's bodies have none that matter.
std::size_t ValueStart(std::string_view json, std::string_view key);

// The value of `key` as a whole string token, quotes included; nullopt if absent or no string.
std::optional<std::string_view> StringToken(std::string_view json, std::string_view key);

// The value of `key` between its quotes, escapes as written.
std::optional<std::string_view> StringValue(std::string_view json, std::string_view key);

// ---------------------------------------------------------------------------------------
// JWT

// What the floor reads from a JWT, each as written in the payload's JSON.
struct Claims {
  std::string sub;
  std::string first_name;
  std::string last_name;
  std::string role;  // "client" when absent
};

// The claims of a header.payload.signature token whose payload has a non-empty string `sub`.
// The signature is NOT checked, nor the expiry.
std::optional<Claims> ReadToken(std::string_view jwt);

// ---------------------------------------------------------------------------------------
// HTTP/1.1

// One request; every view points into the bytes it was parsed from.
struct Request {
  std::string_view method;
  std::string_view path;   // the target before '?'
  std::string_view query;  // after '?'
  std::string_view authorization;
  std::string_view upgrade;
  std::string_view websocket_key;
  std::string_view websocket_version;
  std::string_view body;
  bool close = false;  // the client asked to close after the response
};

enum class Parse { kNeedMore, kDone, kBad, kBodyTooLarge, kHeadersTooLarge };

// Parses one request at the start of `data`; on kDone, `length` is its size, body included.
// Bodies are framed by Content-Length only (Transfer-Encoding is kBad).
Parse ParseRequest(std::string_view data, Request& request, std::size_t& length);

// "201 Created" for 201.
std::string_view StatusLine(int status);

// ---------------------------------------------------------------------------------------
// WebSocket frames (RFC 6455 §5.2): the server's are unmasked and never fragmented.

inline constexpr unsigned char kOpText = 0x1;
inline constexpr unsigned char kOpClose = 0x8;
inline constexpr unsigned char kOpPing = 0x9;
inline constexpr unsigned char kOpPong = 0xA;

// The header of a final frame of `length` payload bytes.
void AppendFrameHeader(std::string& out, unsigned char opcode, std::size_t length);

void AppendFrame(std::string& out, unsigned char opcode, std::string_view payload);

}  // namespace confide::floor
