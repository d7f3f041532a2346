#pragma once

// User management for administrators (the X-Admin-Key header, or a token whose user has the
// role "admin"): GET/PUT/DELETE /admin/users/:userId; and how any administrators' route runs.

#include <boost/json/value.hpp>

#include "api/service_calls.h"
#include "http/router.h"

namespace confide::api {

void AddAdminRoutes(http::Router& router, const ServiceCalls& calls);

using AdminWork = std::function<Result<boost::json::value>(store::Transaction&)>;
using AdminDone = std::function<void(Result<boost::json::value>)>;

// Runs `work` in a write job if the request is an administrator's; answers `success` with
// the JSON it returns (no body for 204), or its error.
void RunAsAdmin(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminWork work,
                http::HttpStatus success);

// The same, for routes that answer in their own way: `done` must answer `ex`. It runs on the
// writer thread with the job's result once committed (or its error: work's own, or a 403 for
// a token whose user is not an administrator), or at once, on the calling thread, with the
// 401 of a request that has no valid credential.
void RunAsAdminThen(const ServiceCalls& calls, const http::ExchangePtr& ex, AdminWork work,
                    AdminDone done);

// What an administrator's change answers, and the events it raised.
struct AdminChange {
  http::HttpStatus status = http::HttpStatus::ok;
  boost::json::value body;
  std::vector<domain::DomainEvent> events;
};

// Runs an administrator's change; once it is committed, the change listener hears of its
// events and the caller gets its status and body (none for 204).
void RunAdminChange(const ServiceCalls& calls, const http::ExchangePtr& ex,
                    std::function<Result<AdminChange>(store::Transaction&)> work);

}  // namespace confide::api
