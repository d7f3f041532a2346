#pragma once

// The RS256 signing keys of a JWKS document (RFC 7517), found by key id.
// Thread-safety: immutable once parsed; shared between threads as shared_ptr<const KeySet>.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "auth/rsa_public_key.h"
#include "core/result.h"

namespace confide::auth {

class KeySet {
 public:
  // Reads `{"keys":[...]}`, keeping RSA keys meant for signatures (a "use" other than "sig"
  // or an "alg" other than RS256 is skipped). Fails when no usable key remains.
  static Result<KeySet> ParseJwks(std::string_view json);

  // The key named `kid`, or nullptr.
  const RsaPublicKey* Find(std::string_view kid) const;
  // The one key of a set holding exactly one, for tokens that name no key; else nullptr.
  const RsaPublicKey* OnlyKey() const;
  std::size_t size() const { return keys_.size(); }

 private:
  struct Entry {
    std::optional<std::string> kid;
    RsaPublicKey key;
  };

  std::vector<Entry> keys_;
};

}  // namespace confide::auth
