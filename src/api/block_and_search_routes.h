#pragma once

// POST /messaging/block, DELETE /messaging/block/:blockedUserId, GET /messaging/block,
// GET /messaging/search.

#include "api/service_calls.h"
#include "http/router.h"

namespace confide::api {

void AddBlockRoutes(http::Router& router, const ServiceCalls& calls);
void AddSearchRoutes(http::Router& router, const ServiceCalls& calls);

}  // namespace confide::api
