#pragma once

// The client side of RFC 6455: the opening handshake (request and the accept key the server
// must answer with), the headers of the server's frames, and masked client frames.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace confide::load {

inline constexpr unsigned char kOpContinuation = 0x0;
inline constexpr unsigned char kOpText = 0x1;
inline constexpr unsigned char kOpBinary = 0x2;
inline constexpr unsigned char kOpClose = 0x8;
inline constexpr unsigned char kOpPing = 0x9;
inline constexpr unsigned char kOpPong = 0xA;

// A random Sec-WebSocket-Key: 16 random bytes in base64.
std::string WebSocketKey(std::mt19937_64& random);

// The Sec-WebSocket-Accept a server must send for `key` (RFC 6455 §4.2.2).
std::string WebSocketAccept(std::string_view key);

// GET `target` with the upgrade headers.
std::string UpgradeRequest(std::string_view host_header, std::string_view target,
                           std::string_view key);

struct FrameHeader {
  bool fin = false;
  unsigned char opcode = 0;
  bool masked = false;
  std::uint32_t mask = 0;
  std::uint64_t payload_length = 0;
  std::size_t header_length = 0;
};

// Parses the frame header at the start of `data`; false if more bytes are needed.
bool ParseFrameHeader(std::string_view data, FrameHeader& header);

// Appends a final frame whose payload is masked with `mask` (4 bytes, as laid out in memory
// from the most significant byte), as every client frame must be.
void AppendMaskedFrame(std::string& out, unsigned char opcode, std::string_view payload,
                       std::uint32_t mask);

}  // namespace confide::load
