#pragma once

// What a verified token says: its subject, the profile fields an identity provider (Clerk)
// puts in its session token templates, and the registered claims that were checked.
// Thread-safety: a plain value.

#include <cstdint>
#include <optional>
#include <string>

namespace confide::auth {

struct Claims {
  std::string subject;                          // "sub", required, non-empty
  std::optional<std::string> first_name;        // "first_name"
  std::optional<std::string> last_name;         // "last_name"
  std::optional<std::string> image_url;         // "image_url"
  std::optional<std::string> role;              // "role", "public_metadata.role", "metadata.role"
  std::optional<std::string> email;             // "email"
  std::optional<std::string> issuer;            // "iss"
  std::optional<std::string> authorized_party;  // "azp"
  std::int64_t expires_at = 0;                  // "exp", seconds since the epoch
};

}  // namespace confide::auth
