#include "auth/rsa_public_key.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <optional>
#include <string>

#include "core/base64.h"

namespace confide::auth {
namespace {

PkeyHandle PublicKeyFromCertificate(std::string_view pem) {
  BioHandle bio = MemoryBio(pem);
  if (!bio) return nullptr;
  X509Handle cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) return nullptr;
  return PkeyHandle(X509_get_pubkey(cert.get()));
}

// OpenSSL's decoder reads both the SubjectPublicKeyInfo and the PKCS#1 forms.
PkeyHandle PublicKeyFromPem(std::string_view pem) {
  EVP_PKEY* key = nullptr;
  DecoderCtxHandle decoder(OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, "RSA",
                                                         EVP_PKEY_PUBLIC_KEY, nullptr, nullptr));
  if (!decoder) return nullptr;
  auto* data = reinterpret_cast<const unsigned char*>(pem.data());
  std::size_t size = pem.size();
  if (OSSL_DECODER_from_data(decoder.get(), &data, &size) != 1) {
    EVP_PKEY_free(key);
    return nullptr;
  }
  return PkeyHandle(key);
}

BignumHandle BignumFromBase64Url(std::string_view text) {
  const std::optional<std::string> bytes = core::Base64UrlDecode(text);
  if (!bytes || bytes->empty()) return nullptr;
  return BignumHandle(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes->data()),
                                static_cast<int>(bytes->size()), nullptr));
}

PkeyHandle PublicKeyFromParams(const BIGNUM* n, const BIGNUM* e) {
  ParamBuildHandle build(OSSL_PARAM_BLD_new());
  if (!build || OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, n) != 1 ||
      OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, e) != 1) {
    return nullptr;
  }
  ParamsHandle params(OSSL_PARAM_BLD_to_param(build.get()));
  PkeyCtxHandle ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return nullptr;
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) return nullptr;
  return PkeyHandle(key);
}

}  // namespace

Result<RsaPublicKey> RsaPublicKey::FromPem(std::string_view pem) {
  const bool is_certificate = pem.find("-----BEGIN CERTIFICATE-----") != std::string_view::npos;
  PkeyHandle key = is_certificate ? PublicKeyFromCertificate(pem) : PublicKeyFromPem(pem);
  if (!key) {
    ERR_clear_error();
    return Error::BadRequest(is_certificate ? "the certificate cannot be read"
                                            : "not a PEM RSA public key or certificate");
  }
  return Checked(std::move(key));
}

Result<RsaPublicKey> RsaPublicKey::FromJwk(std::string_view n, std::string_view e) {
  BignumHandle modulus = BignumFromBase64Url(n);
  BignumHandle exponent = BignumFromBase64Url(e);
  if (!modulus || !exponent) return Error::BadRequest("the key's n or e is not base64url");
  PkeyHandle key = PublicKeyFromParams(modulus.get(), exponent.get());
  if (!key) {
    ERR_clear_error();
    return Error::BadRequest("the key's n and e do not form an RSA key");
  }
  return Checked(std::move(key));
}

Result<RsaPublicKey> RsaPublicKey::Checked(PkeyHandle key) {
  // RSA-PSS keys are a different type; RS256 is PKCS#1 v1.5 only.
  if (!EVP_PKEY_is_a(key.get(), "RSA")) return Error::BadRequest("the key is not an RSA key");
  if (EVP_PKEY_get_bits(key.get()) < kMinBits) {
    return Error::BadRequest("the RSA key is shorter than 2048 bits");
  }
  return RsaPublicKey(std::move(key));
}

bool RsaPublicKey::VerifySha256(std::string_view data, std::string_view signature) const {
  MdCtxHandle ctx(EVP_MD_CTX_new());
  const bool valid =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key_.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) == 1;
  // A refused signature leaves entries in this thread's OpenSSL error queue; an I/O thread
  // shares that queue with its TLS sessions, which must not see stale errors.
  if (!valid) ERR_clear_error();
  return valid;
}

}  // namespace confide::auth
