#pragma once

// Who is asking, as far as headers tell without the database: the verified claims of a
// bearer token, or the administrator key. (Whether the token's user exists is the
// UserDirectory's question, asked in the request's database job.)
// Thread-safety: immutable after construction; any thread.

#include <memory>
#include <string>

#include "auth/token_verifier.h"
#include "core/result.h"
#include "domain/principal.h"
#include "http/types.h"

namespace confide::api {

class Authenticator {
 public:
  Authenticator(std::shared_ptr<const auth::TokenVerifier> verifier, std::string admin_key)
      : verifier_(std::move(verifier)), admin_key_(std::move(admin_key)) {}

  // The claims of the request's `Authorization: Bearer` token, or a 401.
  Result<domain::IdentityClaims> Identify(const http::Request& request) const;
  // The claims of a bare token (a Socket.IO CONNECT's `auth.token`), or a 401; also for a
  // token whose subject is not a valid user id (domain::CheckId), which no user may have.
  Result<domain::IdentityClaims> IdentifyToken(std::string_view token) const;
  // The token of an `Authorization: Bearer …` header value, or "" if it holds none.
  static std::string_view BearerToken(std::string_view header);

  // True when the request carries the configured administrator key in X-Admin-Key.
  bool HasAdminKey(const http::Request& request) const;

 private:
  std::shared_ptr<const auth::TokenVerifier> verifier_;
  std::string admin_key_;
};

}  // namespace confide::api
