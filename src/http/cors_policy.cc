#include "http/cors_policy.h"

#include <algorithm>

#include "http/exchange.h"
#include "http/responses.h"

namespace confide::http {
namespace {

constexpr std::string_view kDefaultAllowedHeaders = "Authorization, Content-Type";
constexpr std::string_view kMaxAgeSeconds = "600";

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> origins)
    : origins_(std::move(origins)),
      any_(std::find(origins_.begin(), origins_.end(), "*") != origins_.end()) {}

bool CorsPolicy::Allows(std::string_view origin) const {
  if (origin.empty() || origins_.empty()) return false;
  return any_ || std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

bool CorsPolicy::IsPreflight(const Request& request) {
  return request.method() == Verb::options && request.count(Field::origin) != 0 &&
         request.count(Field::access_control_request_method) != 0;
}

void CorsPolicy::Decorate(std::string_view origin, Response& response) const {
  if (!Allows(origin)) return;
  response.set(Field::access_control_allow_origin, origin);
  response.set(Field::access_control_allow_credentials, "true");
  response.set(Field::access_control_expose_headers, kRequestIdHeader);
  const auto vary = response.find(Field::vary);
  if (vary == response.end()) {
    response.set(Field::vary, "Origin");
  } else if (vary->value().find("Origin") == std::string_view::npos) {
    response.set(Field::vary, std::string(vary->value()) + ", Origin");
  }
}

Response CorsPolicy::Preflight(const Request& request, std::string_view methods) const {
  Response response = EmptyResponse(HttpStatus::no_content);
  if (!Allows(request[Field::origin])) return response;
  response.set(Field::access_control_allow_methods, methods);
  const std::string_view requested = request[Field::access_control_request_headers];
  response.set(Field::access_control_allow_headers,
               requested.empty() ? kDefaultAllowedHeaders : requested);
  response.set(Field::access_control_max_age, kMaxAgeSeconds);
  return response;
}

}  // namespace confide::http
