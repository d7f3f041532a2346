#include "auth/token_verifier.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <utility>

#include "auth/compact_jws.h"
#include "auth/hmac_sha256.h"
#include "auth/jwt_payload.h"
#include "auth/key_set.h"
#include "auth/remote_jwks.h"
#include "auth/rsa_public_key.h"

namespace confide::auth {
namespace {

constexpr int kMaxLeewaySeconds = 24 * 60 * 60;

Error Unauthorized(std::string message) { return Error::Unauthorized(std::move(message)); }

Error ConfigError(std::string message) { return Error::BadRequest(std::move(message)); }

bool IsUrl(std::string_view source) {
  return source.starts_with("http://") || source.starts_with("https://");
}

// `what` names the file in errors, e.g. "JWKS file".
Result<std::string> ReadConfigFile(std::string_view what, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ConfigError(std::string(what) + " " + path + " cannot be opened");
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) return ConfigError(std::string(what) + " " + path + " cannot be read");
  return std::move(content).str();
}

// The PEM text itself, or the contents of the file it names (configuration accepts both).
Result<std::string> PemText(const std::string& text_or_path) {
  if (text_or_path.find("-----BEGIN") != std::string::npos) return text_or_path;
  return ReadConfigFile("RS256 public key file", text_or_path);
}

// "exp" is required and "nbf" honoured; both with leeway for clocks that disagree a little.
Status CheckLifetime(const boost::json::object& payload, core::EpochMillis now_ms, int leeway) {
  const std::int64_t now = now_ms / 1000;
  CONFIDE_ASSIGN_OR_RETURN(std::optional<std::int64_t> exp, NumericDate(payload, "exp"));
  if (!exp) return Unauthorized("Token has no expiry time");
  if (now - leeway >= *exp) return Unauthorized("Token has expired");
  CONFIDE_ASSIGN_OR_RETURN(std::optional<std::int64_t> nbf, NumericDate(payload, "nbf"));
  if (nbf && now + leeway < *nbf) return Unauthorized("Token is not yet valid");
  return Status::Ok();
}

}  // namespace

TokenVerifier::TokenVerifier(VerifierOptions options, const core::Clock& clock, PassKey)
    : options_(std::move(options)), clock_(clock) {}

TokenVerifier::~TokenVerifier() = default;

Result<std::unique_ptr<TokenVerifier>> TokenVerifier::Create(VerifierOptions options,
                                                             const core::Clock& clock) {
  if (options.hs256_secret.empty() && options.rs256_public_key.empty() && options.jwks.empty()) {
    return ConfigError(
        "no token verification key is configured: set an HS256 secret, an RS256 public key "
        "or a JWKS file or URL");
  }
  if (options.leeway_seconds < 0 || options.leeway_seconds > kMaxLeewaySeconds) {
    return ConfigError("the token leeway must be between 0 and 86400 seconds");
  }
  if (options.jwks_refresh_seconds <= 0) {
    return ConfigError("the JWKS refresh interval must be a positive number of seconds");
  }
  auto verifier = std::make_unique<TokenVerifier>(std::move(options), clock, PassKey());
  CONFIDE_RETURN_IF_ERROR(verifier->LoadPublicKey());
  CONFIDE_RETURN_IF_ERROR(verifier->LoadJwks());
  return verifier;
}

Status TokenVerifier::LoadPublicKey() {
  if (options_.rs256_public_key.empty()) return Status::Ok();
  CONFIDE_ASSIGN_OR_RETURN(std::string pem, PemText(options_.rs256_public_key));
  Result<RsaPublicKey> key = RsaPublicKey::FromPem(pem);
  if (!key.ok()) return ConfigError("the RS256 public key is unusable: " + key.error().message());
  pem_key_ = std::make_unique<const RsaPublicKey>(std::move(*key));
  return Status::Ok();
}

Status TokenVerifier::LoadJwks() {
  if (options_.jwks.empty()) return Status::Ok();
  if (IsUrl(options_.jwks)) {
    RemoteJwks::Options remote{
        .url = options_.jwks,
        .refresh_interval = std::chrono::seconds(options_.jwks_refresh_seconds),
        .min_on_demand_interval = std::chrono::seconds(kMinOnDemandRefreshSeconds)};
    Result<std::unique_ptr<RemoteJwks>> jwks = RemoteJwks::Start(std::move(remote), clock_);
    if (!jwks.ok()) return ConfigError("the JWKS cannot be fetched: " + jwks.error().message());
    remote_keys_ = std::move(*jwks);
    return Status::Ok();
  }
  CONFIDE_ASSIGN_OR_RETURN(std::string text, ReadConfigFile("JWKS file", options_.jwks));
  Result<KeySet> set = KeySet::ParseJwks(text);
  if (!set.ok()) return ConfigError("JWKS file " + options_.jwks + ": " + set.error().message());
  file_keys_ = std::make_shared<const KeySet>(std::move(*set));
  return Status::Ok();
}

Result<Claims> TokenVerifier::Verify(std::string_view token) const {
  CONFIDE_ASSIGN_OR_RETURN(CompactJws jws, CompactJws::Parse(token));
  CONFIDE_RETURN_IF_ERROR(CheckSignature(jws));
  CONFIDE_ASSIGN_OR_RETURN(boost::json::object payload, ParsePayload(jws.payload));
  CONFIDE_RETURN_IF_ERROR(CheckLifetime(payload, clock_.NowMillis(), options_.leeway_seconds));
  CONFIDE_ASSIGN_OR_RETURN(Claims claims, ClaimsFromPayload(payload));
  CONFIDE_RETURN_IF_ERROR(CheckIssuerAndParty(claims));
  return claims;
}

// The algorithm decides the kind of key, so a public key can never serve as an HMAC secret.
Status TokenVerifier::CheckSignature(const CompactJws& jws) const {
  if (jws.alg == "HS256") return CheckHs256(jws);
  if (jws.alg == "RS256") return CheckRs256(jws);
  return Unauthorized("Unsupported token algorithm");
}

Status TokenVerifier::CheckHs256(const CompactJws& jws) const {
  if (options_.hs256_secret.empty()) return Unauthorized("Unsupported token algorithm");
  const std::string expected = HmacSha256(options_.hs256_secret, jws.signing_input);
  if (!ConstantTimeEqual(expected, jws.signature)) return Unauthorized("Invalid token signature");
  return Status::Ok();
}

// A named key comes from the JWKS, else the PEM key; a token naming no key may use the PEM
// key or the only key of the set.
Status TokenVerifier::CheckRs256(const CompactJws& jws) const {
  if (!pem_key_ && !file_keys_ && !remote_keys_) return Unauthorized("Unsupported token algorithm");
  // Held for the whole check: a concurrent refresh must not free the key in use.
  const std::shared_ptr<const KeySet> keys = remote_keys_ ? remote_keys_->keys() : file_keys_;
  const RsaPublicKey* key = nullptr;
  if (keys && jws.kid) {
    key = keys->Find(*jws.kid);
    if (!key && remote_keys_) remote_keys_->RequestRefresh();  // perhaps a rotated key
  }
  if (!key) key = pem_key_.get();
  if (!key && keys && !jws.kid) key = keys->OnlyKey();
  if (!key) return Unauthorized("Unknown signing key");
  if (!key->VerifySha256(jws.signing_input, jws.signature)) {
    return Unauthorized("Invalid token signature");
  }
  return Status::Ok();
}

Status TokenVerifier::CheckIssuerAndParty(const Claims& claims) const {
  if (!options_.issuer.empty() && claims.issuer != options_.issuer) {
    return Unauthorized("Token issuer is not accepted");
  }
  const auto& parties = options_.authorized_parties;
  if (!parties.empty() &&
      (!claims.authorized_party ||
       std::find(parties.begin(), parties.end(), *claims.authorized_party) == parties.end())) {
    return Unauthorized("Token authorized party is not accepted");
  }
  return Status::Ok();
}

}  // namespace confide::auth
