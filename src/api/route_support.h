#pragma once

// Small pieces every route file uses: mounting under both prefixes, JSON answers.

#include <boost/json/value.hpp>
#include <string_view>

#include "api/service_calls.h"
#include "http/responses.h"
#include "http/router.h"

namespace confide::api {

// The REST API lives at /messaging and, identically, at /api/messaging.
void AddMessagingRoute(http::Router& router, http::Verb method, std::string_view path,
                       http::Handler handler);

// A route handler that calls the service layer.
using ServiceRoute = void (*)(const ServiceCalls& calls, const http::ExchangePtr& ex);
void AddMessagingRoute(http::Router& router, const ServiceCalls& calls, http::Verb method,
                       std::string_view path, ServiceRoute route);

http::Response Json(http::HttpStatus status, const boost::json::value& body);
// 200 {"success":true}; 201 likewise with `status`.
http::Response Success(http::HttpStatus status = http::HttpStatus::ok);
http::Response NoContent();

}  // namespace confide::api
