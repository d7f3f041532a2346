#pragma once

// A JWS in compact serialization (RFC 7515 §7.1), "<header>.<payload>.<signature>" in
// base64url without padding: split, decoded and its header read, but not yet trusted.
// Thread-safety: a plain value; Parse is a pure function.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace confide::auth {

struct CompactJws {
  // Longer tokens are refused before any decoding; real ones are a few kilobytes at most.
  static constexpr std::size_t kMaxTokenBytes = 16 * 1024;

  // Fails with "Malformed token" unless there are exactly three well-formed parts and the
  // header is a JSON object with a string "alg" (and a string "kid", when present).
  static Result<CompactJws> Parse(std::string_view token);

  std::string_view signing_input;  // "<header>.<payload>", a view into the parsed token
  std::string alg;
  std::optional<std::string> kid;
  std::string payload;    // decoded; JSON not yet parsed
  std::string signature;  // decoded
};

}  // namespace confide::auth
