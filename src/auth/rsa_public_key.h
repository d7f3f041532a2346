#pragma once

// An RSA public key that checks RS256 signatures (RSASSA-PKCS1-v1_5 with SHA-256), loaded
// from PEM text (a public key or an X.509 certificate) or from a JWK's modulus and exponent.
// Thread-safety: immutable once built; VerifySha256 may run on many threads at once (an
// OpenSSL 3 key is safe to share read-only, and each call uses its own context).

#include <string_view>

#include "auth/openssl_handles.h"
#include "core/result.h"

namespace confide::auth {

class RsaPublicKey {
 public:
  // Keys shorter than this are refused: they no longer protect a signature.
  static constexpr int kMinBits = 2048;

  // "-----BEGIN PUBLIC KEY-----", "-----BEGIN RSA PUBLIC KEY-----" or a certificate.
  static Result<RsaPublicKey> FromPem(std::string_view pem);
  // `n` and `e` as a JWK holds them: big-endian, base64url without padding.
  static Result<RsaPublicKey> FromJwk(std::string_view n, std::string_view e);

  // True when `signature` is a valid RS256 signature of `data` under this key.
  bool VerifySha256(std::string_view data, std::string_view signature) const;

 private:
  explicit RsaPublicKey(PkeyHandle key) : key_(std::move(key)) {}
  static Result<RsaPublicKey> Checked(PkeyHandle key);

  PkeyHandle key_;
};

}  // namespace confide::auth
