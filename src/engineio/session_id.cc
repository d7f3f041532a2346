#include "engineio/session_id.h"

#include <array>
#include <cstdint>

#include "core/base64.h"
#include "core/random.h"

namespace confide::engineio {
namespace {

constexpr std::size_t kRandomLength = 20;
// A shard's number takes at most this many digits.
constexpr std::size_t kMaxShardDigits = 4;

}  // namespace

std::string NewSessionId(std::string_view prefix, std::size_t shard) {
  std::array<std::uint8_t, kRandomLength * 3 / 4> bytes;
  core::SecureRandomBytes(bytes);
  std::string sid(prefix);
  sid += core::Base64UrlEncode(bytes);
  sid += std::to_string(shard);
  return sid;
}

std::optional<std::size_t> ShardOfSessionId(std::string_view sid, std::string_view prefix,
                                            std::size_t shards) {
  if (!sid.starts_with(prefix)) return std::nullopt;
  sid.remove_prefix(prefix.size());
  if (sid.size() <= kRandomLength || sid.size() > kRandomLength + kMaxShardDigits) {
    return std::nullopt;
  }
  std::size_t shard = 0;
  for (const char c : sid.substr(kRandomLength)) {
    if (c < '0' || c > '9') return std::nullopt;
    shard = shard * 10 + static_cast<std::size_t>(c - '0');
  }
  if (shard >= shards) return std::nullopt;
  return shard;
}

}  // namespace confide::engineio
