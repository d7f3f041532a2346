#pragma once

// HTTP/1.1 responses as the load client reads them: the head (status and the few headers
// that matter) and the body, framed by Content-Length or chunked. Pure functions on bytes;
// every view points into the bytes parsed.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace confide::load {

inline constexpr std::size_t kMaxHeadBytes = 16 * 1024;
inline constexpr std::size_t kMaxBodyBytes = 4 * 1024 * 1024;

enum class Parse { kNeedMore, kDone, kBad };

struct ResponseHead {
  int status = 0;
  std::size_t length = 0;  // status line, headers and the blank line
  bool keep_alive = true;  // false: the server closes after this response
  bool chunked = false;
  std::int64_t content_length = -1;  // -1: none given
  std::string_view upgrade;
  std::string_view websocket_accept;
};

// Parses the head at the start of `data`.
Parse ParseResponseHead(std::string_view data, ResponseHead& head);

// The first bytes of a body, kept to show what a failed request got.
struct BodyPrefix {
  static constexpr std::size_t kCapacity = 200;
  std::array<char, kCapacity> bytes{};
  std::size_t size = 0;

  void Append(std::string_view data);
  std::string_view view() const { return {bytes.data(), size}; }
};

// Parses the body that starts `data` (the bytes after the head): on kDone, `length` is its
// size on the wire. Its first bytes go to `prefix` when given. A body that only the end of
// the connection would delimit is kBad.
Parse ParseResponseBody(std::string_view data, const ResponseHead& head, std::size_t& length,
                        BodyPrefix* prefix);

}  // namespace confide::load
