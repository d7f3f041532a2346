#pragma once

// Base64 in its two alphabets: standard with padding (RFC 4648 §4; Svix signatures,
// Engine.IO binary on polling) and URL-safe without padding (§5; JWTs).
// Decoders are strict: a character outside the alphabet, bad padding or stray bits fail.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace confide::core {

std::string Base64Encode(std::span<const std::uint8_t> data);
std::string Base64UrlEncode(std::span<const std::uint8_t> data);
inline std::string Base64Encode(std::string_view s) {
  return Base64Encode({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}
inline std::string Base64UrlEncode(std::string_view s) {
  return Base64UrlEncode({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}

std::optional<std::string> Base64Decode(std::string_view text);
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace confide::core
