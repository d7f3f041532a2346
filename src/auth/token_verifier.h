#pragma once

// Verifies bearer tokens (JWTs, compact JWS) and returns their Claims: HS256 with a shared
// secret, RS256 with a PEM public key or the keys of a JWKS (a file, or a URL kept fresh in
// the background). Several sources may be configured at once; the token's "alg" (and "kid")
// picks the key, and an HS256 token is only ever checked with the HS256 secret.
// Thread-safety: Verify may be called from any thread, I/O threads included: it does no I/O
// and never waits for a JWKS fetch. Create blocks (start-up only).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/claims.h"
#include "core/clock.h"
#include "core/result.h"

namespace confide::auth {

struct CompactJws;
class KeySet;
class RemoteJwks;
class RsaPublicKey;

struct VerifierOptions {
  std::string hs256_secret;      // HS256 shared secret (the string's raw bytes)
  std::string rs256_public_key;  // PEM text (public key or X.509 certificate), or a PEM file path
  std::string jwks;              // a JWKS file's path, or an http:// or https:// URL
  std::string issuer;            // when set, "iss" must equal it
  std::vector<std::string> authorized_parties;  // when non-empty, "azp" must be one of them
  int leeway_seconds = 5;
  int jwks_refresh_seconds = 600;
};

class TokenVerifier {
 public:
  // An unknown "kid" brings a JWKS fetch forward, but not more often than this.
  static constexpr int kMinOnDemandRefreshSeconds = 30;

  // Loads the keys: the PEM key, the JWKS file, or a first fetch of the JWKS URL. Fails when
  // nothing is configured or a key cannot be loaded, saying what to fix. `clock` must outlive
  // the verifier.
  static Result<std::unique_ptr<TokenVerifier>> Create(VerifierOptions options,
                                                       const core::Clock& clock);

  // The token's claims, or a kUnauthorized error whose message is safe to show the client.
  Result<Claims> Verify(std::string_view token) const;
  // How long past "exp" a token is still accepted (clock skew).
  int leeway_seconds() const { return options_.leeway_seconds; }

  // Only Create builds one, so that a verifier always has its keys.
  class PassKey {
    friend class TokenVerifier;
    PassKey() = default;
  };
  TokenVerifier(VerifierOptions options, const core::Clock& clock, PassKey);
  TokenVerifier(const TokenVerifier&) = delete;
  TokenVerifier& operator=(const TokenVerifier&) = delete;
  // Stops the JWKS refresh thread, if any.
  ~TokenVerifier();

 private:
  Status LoadPublicKey();
  Status LoadJwks();
  Status CheckSignature(const CompactJws& jws) const;
  Status CheckHs256(const CompactJws& jws) const;
  Status CheckRs256(const CompactJws& jws) const;
  Status CheckIssuerAndParty(const Claims& claims) const;

  const VerifierOptions options_;
  const core::Clock& clock_;
  std::unique_ptr<const RsaPublicKey> pem_key_;
  std::shared_ptr<const KeySet> file_keys_;
  std::unique_ptr<RemoteJwks> remote_keys_;
};

}  // namespace confide::auth
