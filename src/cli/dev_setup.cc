#include "cli/dev_setup.h"

#include <sys/stat.h>

#include <boost/json/object.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "auth/token_signer.h"
#include "core/random.h"

namespace confide::cli {

std::string DevSecretPath(const core::Config& config) {
  const auto folder = std::filesystem::path(config.db_path).parent_path();
  return (folder / "dev-jwt-secret").string();
}

Result<std::string> LoadDevSecret(const core::Config& config, bool create) {
  const std::string path = DevSecretPath(config);
  std::ifstream in(path);
  std::string secret;
  if (in && std::getline(in, secret) && !secret.empty()) return secret;
  if (!create) return Error::NotFound("no development secret at " + path);
  std::error_code ec;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  if (ec) return Error::Internal("cannot create " + folder.string() + ": " + ec.message());
  secret = core::RandomHex(32);
  {
    std::ofstream out(path, std::ios::trunc);
    out << secret << '\n';
    if (!out) return Error::Internal("cannot write " + path);
  }
  ::chmod(path.c_str(), S_IRUSR | S_IWUSR);
  return secret;
}

Status ApplyDevMode(core::Config& config) {
  if (!config.dev) return Status::Ok();
  config.auto_provision = true;
  if (!config.jwt_secret.empty() || !config.jwt_public_key.empty() || !config.jwks.empty()) {
    return Status::Ok();
  }
  CONFIDE_ASSIGN_OR_RETURN(config.jwt_secret, LoadDevSecret(config, true));
  return Status::Ok();
}

std::string MintToken(const TokenRequest& r, const std::string& secret) {
  using namespace std::chrono;
  const long now = duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
  boost::json::object claims{{"sub", r.user_id}, {"iat", now}, {"exp", now + r.ttl_seconds}};
  if (!r.first_name.empty()) claims["first_name"] = r.first_name;
  if (!r.last_name.empty()) claims["last_name"] = r.last_name;
  if (!r.role.empty()) claims["role"] = r.role;
  if (!r.image_url.empty()) claims["image_url"] = r.image_url;
  return auth::SignHs256(claims, secret);
}

}  // namespace confide::cli
