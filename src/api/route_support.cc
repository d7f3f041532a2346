#include "api/route_support.h"

#include <boost/json/serialize.hpp>
#include <string>

namespace confide::api {

void AddMessagingRoute(http::Router& router, const ServiceCalls& calls, http::Verb method,
                       std::string_view path, ServiceRoute route) {
  http::Handler handler = [&calls, route](http::ExchangePtr ex) {
    auto caller = calls.authenticator().Identify(ex->request());
    if (!caller.ok()) return http::RespondError(*ex, caller.error());
    route(calls, ex, std::move(*caller));
  };
  router.Add(method, std::string("/messaging") + std::string(path), handler);
  router.Add(method, std::string("/api/messaging") + std::string(path), std::move(handler));
}

http::Response Json(http::HttpStatus status, const boost::json::value& body) {
  return http::JsonResponse(status, boost::json::serialize(body));
}

http::Response Success(http::HttpStatus status) {
  return http::JsonResponse(status, R"({"success":true})");
}

http::Response NoContent() { return http::EmptyResponse(http::HttpStatus::no_content); }

}  // namespace confide::api
