#include "auth/jwt_payload.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cmath>
#include <limits>
#include <system_error>

namespace confide::auth {
namespace {

std::optional<std::string> StringClaim(const boost::json::object& object, std::string_view name) {
  const boost::json::value* value = object.if_contains(name);
  if (value == nullptr || !value->is_string()) return std::nullopt;
  return std::string(value->get_string());
}

// `role` in a metadata object (Clerk's session token templates nest it there).
std::optional<std::string> NestedRole(const boost::json::object& payload, std::string_view name) {
  const boost::json::value* metadata = payload.if_contains(name);
  if (metadata == nullptr || !metadata->is_object()) return std::nullopt;
  return StringClaim(metadata->get_object(), "role");
}

std::optional<std::string> RoleClaim(const boost::json::object& payload) {
  if (auto role = StringClaim(payload, "role")) return role;
  if (auto role = NestedRole(payload, "public_metadata")) return role;
  return NestedRole(payload, "metadata");
}

std::int64_t SecondsFromDouble(double value) {
  constexpr auto kLimit = static_cast<double>(kMaxNumericDate);
  if (std::isnan(value)) return 0;
  return static_cast<std::int64_t>(std::floor(std::clamp(value, -kLimit, kLimit)));
}

}  // namespace

Result<boost::json::object> ParsePayload(std::string_view json) {
  std::error_code ec;
  boost::json::value value = boost::json::parse(json, ec);
  if (ec || !value.is_object()) return Error::Unauthorized("Malformed token");
  return std::move(value.get_object());
}

Result<std::optional<std::int64_t>> NumericDate(const boost::json::object& payload,
                                                std::string_view name) {
  const boost::json::value* value = payload.if_contains(name);
  if (value == nullptr) return std::optional<std::int64_t>();
  if (const std::int64_t* i = value->if_int64()) {
    return std::optional<std::int64_t>(std::clamp(*i, -kMaxNumericDate, kMaxNumericDate));
  }
  // Boost.JSON stores an integer as uint64 only when int64 cannot hold it.
  if (value->is_uint64()) return std::optional<std::int64_t>(kMaxNumericDate);
  if (const double* d = value->if_double()) return std::optional(SecondsFromDouble(*d));
  return Error::Unauthorized("Malformed token");
}

Result<Claims> ClaimsFromPayload(const boost::json::object& payload) {
  Claims claims;
  std::optional<std::string> subject = StringClaim(payload, "sub");
  if (!subject || subject->empty()) return Error::Unauthorized("Token has no subject");
  claims.subject = std::move(*subject);
  claims.first_name = StringClaim(payload, "first_name");
  claims.last_name = StringClaim(payload, "last_name");
  claims.image_url = StringClaim(payload, "image_url");
  claims.role = RoleClaim(payload);
  claims.email = StringClaim(payload, "email");
  claims.issuer = StringClaim(payload, "iss");
  claims.authorized_party = StringClaim(payload, "azp");
  CONFIDE_ASSIGN_OR_RETURN(std::optional<std::int64_t> exp, NumericDate(payload, "exp"));
  claims.expires_at = exp.value_or(0);
  return claims;
}

}  // namespace confide::auth
