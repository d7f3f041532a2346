#pragma once

// What `--dev` sets up so that a first run needs no configuration: an HS256 secret kept in
// a file beside the database (created once, readable by its owner only), auto-provisioning,
// and a ready token to try the API with.

#include <string>

#include "core/config.h"
#include "core/result.h"

namespace confide::cli {

// Where the development secret lives: "dev-jwt-secret" in the database's folder.
std::string DevSecretPath(const core::Config& config);

// Reads the development secret, creating it if `create` and it does not exist yet.
Result<std::string> LoadDevSecret(const core::Config& config, bool create);

// With --dev: fills in the secret when no key is configured and turns on auto-provisioning.
Status ApplyDevMode(core::Config& config);

// An HS256 token for `user_id`, valid for `ttl_seconds`.
struct TokenRequest {
  std::string user_id;
  std::string first_name;
  std::string last_name;
  std::string role = "client";
  std::string image_url;
  long ttl_seconds = 24 * 3600;
};
std::string MintToken(const TokenRequest& request, const std::string& secret);

}  // namespace confide::cli
