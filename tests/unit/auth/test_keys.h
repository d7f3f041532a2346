#pragma once

// Key material and hand-made tokens for the auth tests, built with OpenSSL directly so that
// the tests do not trust the code they check. Keys are generated once per test binary.

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/base64.h"

namespace confide::auth::fixtures {

// An RSA key pair in the forms the tests need.
struct TestRsaKey {
  std::string private_pem;
  std::string public_pem;
  std::string certificate_pem;  // self-signed, holding the public key
  std::string n;                // base64url, as in a JWK
  std::string e;
};

namespace detail {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free(p); }
};
struct X509Free {
  void operator()(X509* p) const { X509_free(p); }
};

template <class Write>
std::string ToPem(Write write) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) throw std::runtime_error("PEM export failed");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

inline std::string BignumParam(EVP_PKEY* key, const char* name) {
  BIGNUM* bn = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) throw std::runtime_error("no RSA param");
  std::string bytes(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(bytes.data()));
  BN_free(bn);
  return core::Base64UrlEncode(bytes);
}

inline std::string SelfSignedCertificate(EVP_PKEY* key) {
  std::unique_ptr<X509, X509Free> cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("confide test"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509_set_pubkey(cert.get(), key);
  if (X509_sign(cert.get(), key, EVP_sha256()) == 0) throw std::runtime_error("X509_sign failed");
  return ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, cert.get()); });
}

inline TestRsaKey GenerateRsaKey(int bits) {
  std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_RSA_gen(static_cast<unsigned>(bits)));
  if (!key) throw std::runtime_error("RSA key generation failed");
  TestRsaKey out;
  out.private_pem = ToPem([&](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  out.public_pem = ToPem([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key.get()); });
  out.certificate_pem = SelfSignedCertificate(key.get());
  out.n = BignumParam(key.get(), OSSL_PKEY_PARAM_RSA_N);
  out.e = BignumParam(key.get(), OSSL_PKEY_PARAM_RSA_E);
  return out;
}

}  // namespace detail

inline const TestRsaKey& RsaKeyA() {
  static const TestRsaKey key = detail::GenerateRsaKey(2048);
  return key;
}
inline const TestRsaKey& RsaKeyB() {
  static const TestRsaKey key = detail::GenerateRsaKey(2048);
  return key;
}
inline const TestRsaKey& RsaKeyC() {
  static const TestRsaKey key = detail::GenerateRsaKey(2048);
  return key;
}

// One JWK of a JWKS, as identity providers publish them.
inline boost::json::object Jwk(const TestRsaKey& key, std::string_view kid) {
  return {{"kty", "RSA"},   {"kid", kid}, {"use", "sig"},
          {"alg", "RS256"}, {"n", key.n}, {"e", key.e}};
}

inline std::string Jwks(std::vector<boost::json::object> keys) {
  boost::json::array array;
  for (auto& key : keys) array.emplace_back(std::move(key));
  return boost::json::serialize(boost::json::object{{"keys", std::move(array)}});
}

// HMAC-SHA256 straight from OpenSSL, independent of the library's helper.
inline std::string ReferenceHmacSha256(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &size);
  return std::string(reinterpret_cast<const char*>(mac), size);
}

inline std::string B64Url(std::string_view text) { return core::Base64UrlEncode(text); }

// A compact token from raw header and payload JSON text, HS256-signed with `secret`.
inline std::string HandMadeHs256(std::string_view header, std::string_view payload,
                                 std::string_view secret) {
  const std::string input = B64Url(header) + "." + B64Url(payload);
  return input + "." + B64Url(ReferenceHmacSha256(secret, input));
}

}  // namespace confide::auth::fixtures
