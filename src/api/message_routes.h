#pragma once

// GET/POST /messaging/conversations/:conversationId/messages,
// PUT/DELETE /messaging/messages/:messageId, POST /messaging/messages/:messageId/read,
// POST/DELETE /messaging/messages/:messageId/reactions[/:emoji].

#include "api/service_calls.h"
#include "http/router.h"

namespace confide::api {

void AddMessageRoutes(http::Router& router, const ServiceCalls& calls);

}  // namespace confide::api
