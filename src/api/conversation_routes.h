#pragma once

// POST/GET /messaging/conversations, GET /messaging/conversations/:conversationId,
// POST/DELETE …/conversations/:conversationId/participants[/:userId],
// POST …/conversations/:conversationId/read.

#include "api/service_calls.h"
#include "http/router.h"

namespace confide::api {

void AddConversationRoutes(http::Router& router, const ServiceCalls& calls);

}  // namespace confide::api
