// The client side of RFC 6455 (see websocket.h).

#include "websocket.h"

#include <openssl/evp.h>

#include <array>

#include "fatal.h"

namespace confide::load {
namespace {

// Standard base64 with padding (RFC 4648 §4), by OpenSSL.
std::string Base64(const unsigned char* data, std::size_t size) {
  std::string out((size + 2) / 3 * 4 + 1, '\0');
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

}  // namespace

std::string WebSocketKey(std::mt19937_64& random) {
  std::array<unsigned char, 16> bytes{};
  for (std::size_t i = 0; i < bytes.size(); i += 8) {
    const std::uint64_t r = random();
    for (std::size_t j = 0; j < 8; ++j) bytes[i + j] = static_cast<unsigned char>(r >> (8 * j));
  }
  return Base64(bytes.data(), bytes.size());
}

std::string WebSocketAccept(std::string_view key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(key);
  input += kGuid;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &size, EVP_sha1(), nullptr) != 1) {
    Fatal("SHA-1 failed");
  }
  return Base64(digest.data(), size);
}

std::string UpgradeRequest(std::string_view host_header, std::string_view target,
                           std::string_view key) {
  std::string out = "GET ";
  out += target;
  out += " HTTP/1.1\r\nHost: ";
  out += host_header;
  out += "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
  out += key;
  out += "\r\nSec-WebSocket-Version: 13\r\n\r\n";
  return out;
}

bool ParseFrameHeader(std::string_view data, FrameHeader& header) {
  if (data.size() < 2) return false;
  const auto b0 = static_cast<unsigned char>(data[0]);
  const auto b1 = static_cast<unsigned char>(data[1]);
  header.fin = (b0 & 0x80) != 0;
  header.opcode = b0 & 0x0f;
  header.masked = (b1 & 0x80) != 0;
  std::size_t at = 2;
  std::uint64_t length = b1 & 0x7f;
  if (length == 126 || length == 127) {
    const std::size_t bytes = length == 126 ? 2 : 8;
    if (data.size() < at + bytes) return false;
    length = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      length = (length << 8) | static_cast<unsigned char>(data[at + i]);
    }
    at += bytes;
  }
  if (header.masked) {
    if (data.size() < at + 4) return false;
    header.mask = 0;
    for (std::size_t i = 0; i < 4; ++i) {
      header.mask = (header.mask << 8) | static_cast<unsigned char>(data[at + i]);
    }
    at += 4;
  }
  header.payload_length = length;
  header.header_length = at;
  return true;
}

void AppendMaskedFrame(std::string& out, unsigned char opcode, std::string_view payload,
                       std::uint32_t mask) {
  out += static_cast<char>(0x80 | opcode);
  const std::size_t n = payload.size();
  if (n < 126) {
    out += static_cast<char>(0x80 | n);
  } else if (n <= 0xffff) {
    out += static_cast<char>(0x80 | 126);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n & 0xff);
  } else {
    out += static_cast<char>(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((n >> shift) & 0xff);
  }
  const std::array<char, 4> key = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16),
                                   static_cast<char>(mask >> 8), static_cast<char>(mask)};
  out.append(key.data(), key.size());
  const std::size_t start = out.size();
  out.append(payload);
  for (std::size_t i = 0; i < n; ++i) out[start + i] ^= key[i & 3];
}

}  // namespace confide::load
