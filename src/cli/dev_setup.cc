#include "cli/dev_setup.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json/object.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "auth/token_signer.h"
#include "core/random.h"

namespace confide::cli {

namespace {

// Writes `text` to `path`, readable by the owner alone before its first byte is written.
Status WriteOwnerOnly(const std::string& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) return Error::Internal("cannot write " + path + ": " + std::strerror(errno));
  // An empty file left by an earlier attempt keeps its mode through O_CREAT: set it.
  bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
  while (ok && !text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) text.remove_prefix(static_cast<std::size_t>(n));
  }
  int error = ok ? 0 : errno;
  if (::close(fd) != 0 && ok) {
    ok = false;
    error = errno;
  }
  if (!ok) return Error::Internal("cannot write " + path + ": " + std::strerror(error));
  return Status::Ok();
}

}  // namespace

std::string DevSecretPath(const core::Config& config) {
  return (std::filesystem::path(core::DataFolder(config)) / "dev-jwt-secret").string();
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
  CONFIDE_RETURN_IF_ERROR(WriteOwnerOnly(path, secret + '\n'));
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
