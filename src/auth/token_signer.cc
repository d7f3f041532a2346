#include "auth/token_signer.h"

#include <openssl/err.h>
#include <openssl/pem.h>

#include <boost/json/serialize.hpp>

#include "auth/hmac_sha256.h"
#include "auth/openssl_handles.h"
#include "core/base64.h"

namespace confide::auth {
namespace {

std::string SigningInput(const boost::json::object& header, const boost::json::object& claims) {
  return core::Base64UrlEncode(boost::json::serialize(header)) + "." +
         core::Base64UrlEncode(boost::json::serialize(claims));
}

PkeyHandle ReadPrivateKey(std::string_view pem) {
  BioHandle bio = MemoryBio(pem);
  if (!bio) return nullptr;
  return PkeyHandle(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

// The RSASSA-PKCS1-v1_5 SHA-256 signature of `data`, or nullopt.
std::optional<std::string> SignSha256(EVP_PKEY* key, std::string_view data) {
  MdCtxHandle ctx(EVP_MD_CTX_new());
  std::size_t size = 0;
  auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &size, bytes, data.size()) != 1) {
    return std::nullopt;
  }
  std::string signature(size, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, bytes,
                     data.size()) != 1) {
    return std::nullopt;
  }
  signature.resize(size);
  return signature;
}

}  // namespace

std::string SignHs256(const boost::json::object& claims, std::string_view secret) {
  const std::string input = SigningInput({{"alg", "HS256"}, {"typ", "JWT"}}, claims);
  return input + "." + core::Base64UrlEncode(HmacSha256(secret, input));
}

Result<std::string> SignRs256(const boost::json::object& claims, std::string_view private_key_pem,
                              std::string_view kid) {
  PkeyHandle key = ReadPrivateKey(private_key_pem);
  if (!key || !EVP_PKEY_is_a(key.get(), "RSA")) {
    ERR_clear_error();
    return Error::BadRequest("not a PEM RSA private key");
  }
  boost::json::object header{{"alg", "RS256"}, {"typ", "JWT"}};
  if (!kid.empty()) header["kid"] = kid;
  const std::string input = SigningInput(header, claims);
  std::optional<std::string> signature = SignSha256(key.get(), input);
  if (!signature) {
    ERR_clear_error();
    return Error::Internal("RS256 signing failed");
  }
  return input + "." + core::Base64UrlEncode(*signature);
}

}  // namespace confide::auth
