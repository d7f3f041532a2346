#pragma once

// Issues JWS compact tokens: HS256 for `confide token` and development, RS256 for tests and
// tooling that stand in for an identity provider.
// Thread-safety: pure functions, callable from any thread.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/result.h"

namespace confide::auth {

// Signs `claims` (the payload) as an HS256 token with `secret`'s raw bytes as the key.
std::string SignHs256(const boost::json::object& claims, std::string_view secret);

// Signs `claims` as an RS256 token with an RSA private key in PEM form; `kid`, when not
// empty, names the key in the header.
Result<std::string> SignRs256(const boost::json::object& claims, std::string_view private_key_pem,
                              std::string_view kid);

}  // namespace confide::auth
