#include "events/webhook_signature.h"

#include "auth/hmac_sha256.h"

namespace confide::events {
namespace {

std::string LowercaseHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0x0f];
  }
  return out;
}

}  // namespace

std::string WebhookSignature(std::string_view secret, std::string_view timestamp,
                             std::string_view body) {
  std::string signed_text;
  signed_text.reserve(timestamp.size() + 1 + body.size());
  signed_text.append(timestamp).append(".").append(body);
  return std::string("sha256=") + LowercaseHex(auth::HmacSha256(secret, signed_text));
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view header_value) {
  return auth::ConstantTimeEqual(WebhookSignature(secret, timestamp, body), header_value);
}

}  // namespace confide::events
