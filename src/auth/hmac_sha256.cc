#include "auth/hmac_sha256.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

namespace confide::auth {

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::string mac(EVP_MAX_MD_SIZE, '\0');
  unsigned int size = 0;
  // An empty key is valid HMAC input, but OpenSSL wants a non-null pointer for it.
  static const char kEmpty = '\0';
  const void* key_data = key.empty() ? &kEmpty : key.data();
  if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(),
           reinterpret_cast<unsigned char*>(mac.data()), &size) == nullptr) {
    // Only fails when the library itself is broken: an invariant, not bad input.
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  mac.resize(size);
  return mac;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace confide::auth
