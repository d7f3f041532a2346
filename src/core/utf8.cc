#include "core/utf8.h"

#include <cstdint>

namespace confide::core {
namespace {

// Length of the sequence starting at text[i], or 0 if it is malformed.
std::size_t SequenceLength(std::string_view s, std::size_t i) {
  const auto decoded = DecodeAt(s, i);
  return decoded ? decoded->length : 0;
}

}  // namespace

std::optional<std::size_t> CountCodePoints(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < text.size(); ++count) {
    const std::size_t len = SequenceLength(text, i);
    if (len == 0) return std::nullopt;
    i += len;
  }
  return count;
}

bool IsValidUtf8(std::string_view text) { return CountCodePoints(text).has_value(); }

std::string_view PrefixOfCodePoints(std::string_view text, std::size_t max_code_points) {
  std::size_t i = 0;
  for (std::size_t count = 0; i < text.size() && count < max_code_points; ++count) {
    const std::size_t len = SequenceLength(text, i);
    i += len == 0 ? 1 : len;
  }
  return text.substr(0, i);
}

bool HasControlCharacters(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<std::uint8_t>(text[i]);
    if (b < 0x20 && b != '\t' && b != '\n' && b != '\r') return true;
    if (b == 0x7f) return true;
    // U+0080..U+009F are encoded as C2 80..C2 9F.
    if (b == 0xc2 && i + 1 < text.size()) {
      const auto next = static_cast<std::uint8_t>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9f) return true;
    }
  }
  return false;
}

std::optional<CodePoint> DecodeAt(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<std::uint8_t>(s[i]);
  if (b0 < 0x80) return CodePoint{b0, 1};
  std::size_t len;
  std::uint32_t min, cp;
  if ((b0 & 0xe0) == 0xc0) {
    len = 2, min = 0x80, cp = b0 & 0x1f;
  } else if ((b0 & 0xf0) == 0xe0) {
    len = 3, min = 0x800, cp = b0 & 0x0f;
  } else if ((b0 & 0xf8) == 0xf0) {
    len = 4, min = 0x10000, cp = b0 & 0x07;
  } else {
    return std::nullopt;
  }
  if (i + len > s.size()) return std::nullopt;
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<std::uint8_t>(s[i + k]);
    if ((b & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  return CodePoint{static_cast<char32_t>(cp), len};
}

}  // namespace confide::core
