#include "api/authenticator.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cctype>

#include "domain/validation.h"

namespace confide::api {
namespace {

bool StartsWithBearer(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return false;
  return std::equal(kScheme.begin(), kScheme.end(), header.begin(), [](char a, char b) {
    return a == std::tolower(static_cast<unsigned char>(b));
  });
}

}  // namespace

std::string_view Authenticator::BearerToken(std::string_view header) {
  if (!StartsWithBearer(header)) return {};
  std::string_view token = header.substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

Result<domain::IdentityClaims> Authenticator::Identify(const http::Request& request) const {
  const auto it = request.find(boost::beast::http::field::authorization);
  if (it == request.end()) return Error::Unauthorized("Missing bearer token");
  const std::string_view token = BearerToken({it->value().data(), it->value().size()});
  if (token.empty()) return Error::Unauthorized("Missing bearer token");
  return IdentifyToken(token);
}

Result<domain::IdentityClaims> Authenticator::IdentifyToken(std::string_view token) const {
  CONFIDE_ASSIGN_OR_RETURN(auto claims, verifier_->Verify(token));
  // The subject becomes a user id, so it obeys the rule of the ids the admin API takes.
  domain::Problems problems;
  domain::CheckId(problems, "sub", claims.subject);
  if (!problems.empty()) return Error::Unauthorized("Invalid token: sub is not a valid user id");
  const std::int64_t valid_until_seconds = claims.expires_at + verifier_->leeway_seconds();
  return domain::IdentityClaims{std::move(claims.subject),   std::move(claims.first_name),
                                std::move(claims.last_name), std::move(claims.image_url),
                                std::move(claims.role),      claims.expires_at,
                                valid_until_seconds * 1000};
}

bool Authenticator::HasAdminKey(const http::Request& request) const {
  if (admin_key_.empty()) return false;
  const auto it = request.find("X-Admin-Key");
  if (it == request.end()) return false;
  const auto value = it->value();
  return value.size() == admin_key_.size() &&
         CRYPTO_memcmp(value.data(), admin_key_.data(), admin_key_.size()) == 0;
}

}  // namespace confide::api
