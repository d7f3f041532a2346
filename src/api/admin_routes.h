#pragma once

// User management for administrators (the X-Admin-Key header, or a token whose user has the
// role "admin"): GET/PUT/DELETE /admin/users/:userId.

#include <boost/json/value.hpp>

#include "api/service_calls.h"
#include "http/router.h"

namespace confide::api {

void AddAdminRoutes(http::Router& router, const ServiceCalls& calls);

// Runs `work` in a write job if the request is an administrator's; answers with `render`.
void RunAsAdmin(const ServiceCalls& calls, const http::ExchangePtr& ex,
                std::function<Result<boost::json::value>(store::Transaction&)> work,
                http::HttpStatus success);

}  // namespace confide::api
