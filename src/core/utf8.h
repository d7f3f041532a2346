#pragma once

// UTF-8 checks for text that crosses the API: well-formedness (no overlongs, no surrogates,
// nothing above U+10FFFF) and length in code points, which is what content limits count.

#include <cstddef>
#include <optional>
#include <string_view>

namespace confide::core {

bool IsValidUtf8(std::string_view text);

// The number of code points, or nullopt if `text` is not valid UTF-8.
std::optional<std::size_t> CountCodePoints(std::string_view text);

// The first `max_code_points` code points of `text` (all of it when shorter), never cut
// inside a sequence; `text` must be valid UTF-8.
std::string_view PrefixOfCodePoints(std::string_view text, std::size_t max_code_points);

// True if `text` holds a C0/C1 control character other than tab, newline and carriage return.
bool HasControlCharacters(std::string_view text);

// One decoded code point and the length in bytes of its sequence.
struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;
};

// The code point whose sequence starts at text[i] (i < text.size()), or nullopt if the
// sequence there is malformed (overlong, a surrogate, above U+10FFFF, cut short).
std::optional<CodePoint> DecodeAt(std::string_view text, std::size_t i);

}  // namespace confide::core
