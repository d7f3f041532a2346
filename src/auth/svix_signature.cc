#include "auth/svix_signature.h"

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>

#include "auth/hmac_sha256.h"
#include "core/base64.h"

namespace confide::auth {
namespace {

constexpr std::string_view kSecretPrefix = "whsec_";
constexpr std::string_view kVersionPrefix = "v1,";

std::optional<std::string> DecodeSecret(std::string_view secret) {
  if (secret.starts_with(kSecretPrefix)) secret.remove_prefix(kSecretPrefix.size());
  std::optional<std::string> key = core::Base64Decode(secret);
  if (!key || key->empty()) return std::nullopt;
  return key;
}

// Whole seconds, digits only and at most 15 of them; nullopt for anything else.
std::optional<std::int64_t> ParseSeconds(std::string_view text) {
  constexpr std::size_t kMaxDigits = 15;
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  if (text.empty() || text.size() > kMaxDigits || text.front() == '-') return std::nullopt;
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

bool IsFresh(std::string_view timestamp, core::EpochMillis now, int tolerance_seconds) {
  const std::optional<std::int64_t> sent = ParseSeconds(timestamp);
  if (!sent) return false;
  // Both sides are far below the int64 limit, so the difference cannot overflow.
  const std::int64_t skew = now / 1000 - *sent;
  return skew <= tolerance_seconds && -skew <= tolerance_seconds;
}

// True when one v1 entry of the space-separated header equals `expected`.
bool AnySignatureMatches(std::string_view header, std::string_view expected) {
  bool matched = false;
  while (!header.empty()) {
    const std::size_t space = header.find(' ');
    std::string_view entry = header.substr(0, space);
    header = space == std::string_view::npos ? std::string_view() : header.substr(space + 1);
    if (!entry.starts_with(kVersionPrefix)) continue;
    entry.remove_prefix(kVersionPrefix.size());
    // No early exit: every entry is compared, so timing does not tell which one matched.
    matched = ConstantTimeEqual(entry, expected) || matched;
  }
  return matched;
}

}  // namespace

Status VerifySvixSignature(const SvixHeaders& headers, std::string_view body,
                           std::string_view secret, core::EpochMillis now, int tolerance_seconds) {
  if (headers.id.empty() || headers.timestamp.empty() || headers.signature.empty()) {
    return Error::BadRequest("Missing webhook signature headers");
  }
  const std::optional<std::string> key = DecodeSecret(secret);
  if (!key) return Error::BadRequest("Invalid webhook secret");
  if (!IsFresh(headers.timestamp, now, tolerance_seconds)) {
    return Error::BadRequest("Webhook timestamp is too old or too new");
  }
  std::string content;
  content.reserve(headers.id.size() + headers.timestamp.size() + body.size() + 2);
  content.append(headers.id).append(".").append(headers.timestamp).append(".").append(body);
  const std::string expected = core::Base64Encode(HmacSha256(*key, content));
  if (!AnySignatureMatches(headers.signature, expected)) {
    return Error::BadRequest("Invalid webhook signature");
  }
  return Status::Ok();
}

}  // namespace confide::auth
