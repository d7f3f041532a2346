// libFuzzer target for bearer tokens, from the Authorization header to the claims a user is
// provisioned from: Authenticator::BearerToken, TokenVerifier::Verify (HS256 with a fixed
// secret), and beneath it CompactJws::Parse, ParsePayload, NumericDate and ClaimsFromPayload;
// then CleanText on the names the claims carry, and KeySet::ParseJwks on the same bytes.
// Nothing may crash, and:
//   - a token the verifier accepts has a non-empty subject, has not expired at the verifier's
//     clock, and its claims are exactly what ClaimsFromPayload reads of its payload;
//   - a cleaned name is valid UTF-8, within its length, without controls or bidi overrides.
//
// The input is used twice: as a header value "Bearer <input>", and as a header and a
// payload (JSON, split at the first NUL byte) signed with the secret, so that what lies past
// the signature check is reached too.
// Build and run: see tests/fuzz/README.md.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "api/authenticator.h"
#include "auth/compact_jws.h"
#include "auth/hmac_sha256.h"
#include "auth/jwt_payload.h"
#include "auth/key_set.h"
#include "auth/token_verifier.h"
#include "core/base64.h"
#include "core/clock.h"
#include "core/utf8.h"
#include "domain/clean_text.h"

namespace {

namespace auth = confide::auth;

constexpr std::string_view kSecret = "fuzzing-secret-of-32-bytes-long!";
// 2024-01-01T00:00:00Z: tokens of the corpus expire after it.
constexpr confide::core::EpochMillis kNow = 1704067200000;

void Check(bool condition) {
  if (!condition) std::abort();
}

const confide::core::ManualClock& Clock() {
  static const confide::core::ManualClock clock(kNow);
  return clock;
}

const std::shared_ptr<const auth::TokenVerifier>& Verifier() {
  static const std::shared_ptr<const auth::TokenVerifier> verifier = [] {
    auth::VerifierOptions options;
    options.hs256_secret = std::string(kSecret);
    auto created = auth::TokenVerifier::Create(std::move(options), Clock());
    Check(created.ok());
    return std::shared_ptr<const auth::TokenVerifier>(std::move(*created));
  }();
  return verifier;
}

const confide::api::Authenticator& Authenticator() {
  static const confide::api::Authenticator authenticator(Verifier(), "admin-key");
  return authenticator;
}

bool SameClaims(const auth::Claims& a, const auth::Claims& b) {
  return a.subject == b.subject && a.first_name == b.first_name && a.last_name == b.last_name &&
         a.image_url == b.image_url && a.role == b.role && a.email == b.email &&
         a.issuer == b.issuer && a.authorized_party == b.authorized_party &&
         a.expires_at == b.expires_at;
}

void CheckCleaned(const std::optional<std::string>& name) {
  if (!name) return;
  constexpr std::size_t kMax = 100;
  const std::string cleaned = confide::domain::CleanText(*name, kMax);
  Check(confide::core::IsValidUtf8(cleaned));
  Check(*confide::core::CountCodePoints(cleaned) <= kMax);
  Check(!confide::core::HasControlCharacters(cleaned));
  for (std::size_t i = 0; i < cleaned.size();) {
    const auto point = confide::core::DecodeAt(cleaned, i);
    Check(point.has_value() && point->value >= 0x20 && point->value != 0x7f);
    Check(!(point->value >= 0x202a && point->value <= 0x202e) &&
          !(point->value >= 0x2066 && point->value <= 0x2069));
    i += point->length;
  }
}

void CheckToken(std::string_view token) {
  const auto verified = Authenticator().IdentifyToken(token);
  const auto claims = Verifier()->Verify(token);
  if (!claims.ok()) {
    Check(!verified.ok());
    return;
  }
  Check(!claims->subject.empty());
  Check(claims->expires_at > kNow / 1000 - 5);
  const auto jws = auth::CompactJws::Parse(token);
  Check(jws.ok() && jws->alg == "HS256");
  const auto payload = auth::ParsePayload(jws->payload);
  Check(payload.ok());
  const auto again = auth::ClaimsFromPayload(*payload);
  Check(again.ok() && SameClaims(*claims, *again));
  if (verified.ok()) Check(verified->subject == claims->subject);
  CheckCleaned(claims->first_name);
  CheckCleaned(claims->last_name);
}

// `header` and `payload` as a token signed with the secret.
std::string Signed(std::string_view header, std::string_view payload) {
  std::string input = confide::core::Base64UrlEncode(header);
  input.append(".").append(confide::core::Base64UrlEncode(payload));
  const std::string signature = auth::HmacSha256(kSecret, input);
  return input.append(".").append(confide::core::Base64UrlEncode(signature));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const std::string header_value = "Bearer " + std::string(input);
  const std::string_view bearer = confide::api::Authenticator::BearerToken(header_value);
  Check(bearer.size() <= input.size());
  CheckToken(bearer);

  const auto nul = input.find('\0');
  if (nul != std::string_view::npos) {
    CheckToken(Signed(input.substr(0, nul), input.substr(nul + 1)));
  } else {
    CheckToken(Signed(R"({"alg":"HS256","typ":"JWT"})", input));
  }

  if (const auto payload = auth::ParsePayload(input); payload.ok()) {
    (void)auth::NumericDate(*payload, "exp");
    if (const auto claims = auth::ClaimsFromPayload(*payload); claims.ok()) {
      CheckCleaned(claims->first_name);
      CheckCleaned(claims->role);
    }
  }
  (void)auth::KeySet::ParseJwks(input);
  return 0;
}
