#pragma once

// User management for administrators (the X-Admin-Key header, or a token whose user has the
// role "admin"): GET/PUT/DELETE /admin/users/:userId; and how any administrators' route is
// mounted and runs.

#include <boost/json/value.hpp>
#include <functional>
#include <optional>
#include <string_view>

#include "api/service_calls.h"
#include "domain/principal.h"
#include "http/router.h"

namespace confide::api {

void AddAdminRoutes(http::Router& router, const ServiceCalls& calls);

// An administrator as far as the headers tell: the configured key, or a verified token whose
// user must still be found to have the role "admin" (a question for the database, asked in
// the request's job).
struct AdminCaller {
  std::optional<domain::IdentityClaims> token;  // nullopt: the request carries the key
};

// An administrators' route; it runs only for a request with the key or a valid token.
using AdminRoute =
    std::function<void(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller)>;

// Mounts `route` at `pattern`. A request with neither the key nor a valid token is answered
// 401 before `route` runs, so before its body, query or path is read.
void AddAdminRoute(http::Router& router, const ServiceCalls& calls, http::Verb method,
                   std::string_view pattern, AdminRoute route);

using AdminWork = std::function<Result<boost::json::value>(store::Transaction&)>;
using AdminDone = std::function<void(Result<boost::json::value>)>;

// Runs `work` in a write job if `caller` is an administrator; answers `success` with the JSON
// it returns (no body for 204), or its error (a 403 for a token whose user is not an
// administrator).
void RunAsAdmin(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller,
                AdminWork work, http::HttpStatus success);

// The same, for routes that answer in their own way: `done` runs on the writer thread with
// the job's result once committed, or its error (work's own, or the 403), and must answer.
void RunAsAdminThen(const ServiceCalls& calls, AdminCaller caller, AdminWork work, AdminDone done);

// What an administrator's change answers, and the events it raised.
struct AdminChange {
  http::HttpStatus status = http::HttpStatus::ok;
  boost::json::value body;
  std::vector<domain::DomainEvent> events;
};

// Runs an administrator's change; once it is committed, the change listener hears of its
// events and the caller gets its status and body (none for 204).
void RunAdminChange(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminCaller caller,
                    std::function<Result<AdminChange>(store::Transaction&)> work);

}  // namespace confide::api
