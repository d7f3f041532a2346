#pragma once

// Who is calling: a user verified by token and found (or provisioned) in the database.

#include <string>

#include "domain/model.h"

namespace confide::domain {

struct Principal {
  User user;

  const std::string& id() const { return user.id; }
  // Platform administrators (token role "admin") may post SYSTEM messages.
  bool is_platform_admin() const { return user.role == "admin"; }
};

// What a verified token says of its user; the profile fields are present when the token
// carries them.
struct IdentityClaims {
  std::string subject;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> image_url;
  std::optional<std::string> role;
  std::int64_t expires_at = 0;  // "exp", seconds since the epoch
  EpochMillis valid_until = 0;  // after this the token is refused: exp plus the leeway
};

}  // namespace confide::domain
