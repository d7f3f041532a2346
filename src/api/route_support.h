#pragma once

// Small pieces every route file uses: mounting an authenticated route under both prefixes,
// JSON answers.

#include <boost/json/value.hpp>
#include <string_view>

#include "api/service_calls.h"
#include "domain/principal.h"
#include "http/error_reply.h"
#include "http/responses.h"
#include "http/router.h"

namespace confide::api {

// A route of the REST API. It runs only for a request whose bearer token verified, and gets
// the token's claims: nothing of the request (body, query, path) is read before that.
using ServiceRoute = void (*)(const ServiceCalls& calls, const http::ExchangePtr& ex,
                              domain::IdentityClaims caller);

// Mounts `route` at /messaging`path` and, identically, at /api/messaging`path`. A request
// without a valid token is answered 401 before `route` runs.
void AddMessagingRoute(http::Router& router, const ServiceCalls& calls, http::Verb method,
                       std::string_view path, ServiceRoute route);

http::Response Json(http::HttpStatus status, const boost::json::value& body);
// 200 {"success":true}; 201 likewise with `status`.
http::Response Success(http::HttpStatus status = http::HttpStatus::ok);
http::Response NoContent();

}  // namespace confide::api
