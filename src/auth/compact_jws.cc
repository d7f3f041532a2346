#include "auth/compact_jws.h"

#include <boost/json/parse.hpp>
#include <system_error>

#include "core/base64.h"

namespace confide::auth {
namespace {

Error Malformed() { return Error::Unauthorized("Malformed token"); }

// Reads "alg" and "kid" from the decoded header into `jws`.
Status ReadHeader(std::string_view json, CompactJws& jws) {
  std::error_code ec;
  const boost::json::value header = boost::json::parse(json, ec);
  if (ec || !header.is_object()) return Malformed();
  const boost::json::object& object = header.get_object();
  const boost::json::value* alg = object.if_contains("alg");
  if (alg == nullptr || !alg->is_string()) return Malformed();
  jws.alg = alg->get_string();
  if (const boost::json::value* kid = object.if_contains("kid")) {
    if (!kid->is_string()) return Malformed();
    jws.kid = std::string(kid->get_string());
  }
  // Critical extensions must be understood to be honoured; none are.
  if (object.contains("crit")) return Error::Unauthorized("Unsupported token header");
  return Status::Ok();
}

}  // namespace

Result<CompactJws> CompactJws::Parse(std::string_view token) {
  if (token.size() > kMaxTokenBytes) return Malformed();
  const std::size_t first = token.find('.');
  if (first == std::string_view::npos) return Malformed();
  const std::size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos) return Malformed();
  if (token.find('.', second + 1) != std::string_view::npos) return Malformed();

  std::optional<std::string> header = core::Base64UrlDecode(token.substr(0, first));
  std::optional<std::string> payload =
      core::Base64UrlDecode(token.substr(first + 1, second - first - 1));
  std::optional<std::string> signature = core::Base64UrlDecode(token.substr(second + 1));
  if (!header || !payload || !signature) return Malformed();

  CompactJws jws;
  CONFIDE_RETURN_IF_ERROR(ReadHeader(*header, jws));
  jws.signing_input = token.substr(0, second);
  jws.payload = std::move(*payload);
  jws.signature = std::move(*signature);
  return jws;
}

}  // namespace confide::auth
