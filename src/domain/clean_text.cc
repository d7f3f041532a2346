#include "domain/clean_text.h"

#include <algorithm>

#include "core/utf8.h"

namespace confide::domain {
namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

bool IsRemoved(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
         (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

std::string CleanText(std::string_view text, std::size_t max_code_points) {
  std::string out;
  out.reserve(std::min(text.size(), max_code_points * 4));
  std::size_t kept = 0;
  for (std::size_t i = 0; i < text.size() && kept < max_code_points;) {
    const auto decoded = core::DecodeAt(text, i);
    if (!decoded) {
      out += kReplacement;
      ++kept;
      ++i;
      continue;
    }
    if (!IsRemoved(decoded->value)) {
      out += text.substr(i, decoded->length);
      ++kept;
    }
    i += decoded->length;
  }
  return out;
}

}  // namespace confide::domain
